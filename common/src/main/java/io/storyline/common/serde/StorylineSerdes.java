package io.storyline.common.serde;

import io.storyline.common.model.Post;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.model.TopList;

/** Factory of the serdes for storyline's records. Every serde returned is thread-safe. */
public final class StorylineSerdes {
  private static final JsonSerde<Post> POST = new JsonSerde<>(Post.class);
  private static final JsonSerde<Story> STORY = new JsonSerde<>(Story.class);
  private static final JsonSerde<TopList> TOP_LIST = new JsonSerde<>(TopList.class);
  private static final JsonSerde<StoryAssignment> ASSIGNMENT = new JsonSerde<>(StoryAssignment.class);

  private StorylineSerdes() {}

  /** @return the JSON serde of {@link Post} */
  public static JsonSerde<Post> post() {
    return POST;
  }

  /** @return the JSON serde of {@link Story} */
  public static JsonSerde<Story> story() {
    return STORY;
  }

  /** @return the JSON serde of {@link TopList} */
  public static JsonSerde<TopList> topList() {
    return TOP_LIST;
  }

  /** @return the JSON serde of {@link StoryAssignment} */
  public static JsonSerde<StoryAssignment> assignment() {
    return ASSIGNMENT;
  }
}
