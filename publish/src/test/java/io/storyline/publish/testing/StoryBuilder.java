package io.storyline.publish.testing;

import io.storyline.common.model.Category;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.PostRef;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Test builder of {@link Story} records with neutral defaults: 1 author, 1 post on Reddit, no engagement. */
public final class StoryBuilder {
  private final String id;
  private String headline;
  private Category category = Category.NEWS;
  private Instant lastSeen = Instant.parse("2026-01-15T12:00:00Z");
  private int postCount = 1;
  private int authorCount = 1;
  private final Map<Source, Integer> sourceCounts = new EnumMap<>(Source.class);
  private Engagement engagement = Engagement.UNKNOWN;
  private final List<PostRef> topPosts = new ArrayList<>();
  private String mergedInto;
  private long version = 1;

  private StoryBuilder(String id) {
    this.id = id;
    this.headline = "Headline of " + id;
  }

  /** @return a builder of a story with this id */
  public static StoryBuilder story(String id) {
    return new StoryBuilder(id);
  }

  public StoryBuilder headline(String headline) {
    this.headline = headline;
    return this;
  }

  public StoryBuilder category(Category category) {
    this.category = category;
    return this;
  }

  public StoryBuilder lastSeen(Instant lastSeen) {
    this.lastSeen = lastSeen;
    return this;
  }

  /** Sets the post count and puts all posts on Reddit unless sources are given. */
  public StoryBuilder posts(int postCount) {
    this.postCount = postCount;
    return this;
  }

  public StoryBuilder authors(int authorCount) {
    this.authorCount = authorCount;
    return this;
  }

  public StoryBuilder source(Source source, int posts) {
    sourceCounts.put(source, posts);
    return this;
  }

  public StoryBuilder engagement(Engagement engagement) {
    this.engagement = engagement;
    return this;
  }

  public StoryBuilder topPost(String postId, Source source, String url) {
    topPosts.add(new PostRef(postId, source, url, "someone", "title of " + postId, lastSeen, 1.0));
    return this;
  }

  public StoryBuilder mergedInto(String target) {
    this.mergedInto = target;
    return this;
  }

  public StoryBuilder version(long version) {
    this.version = version;
    return this;
  }

  public Story build() {
    Map<Source, Integer> sources = sourceCounts.isEmpty() ? Map.of(Source.REDDIT, postCount) : sourceCounts;
    return new Story(id, "label " + id, headline, "Summary of " + id, category, List.of(), List.of(),
        lastSeen.minusSeconds(600), lastSeen, postCount, authorCount, sources, engagement, topPosts,
        mergedInto, List.of(), version, Story.SCHEMA_VERSION);
  }
}
