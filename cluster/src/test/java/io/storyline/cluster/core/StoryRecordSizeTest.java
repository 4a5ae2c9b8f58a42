package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.cluster.internal.PostText;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.serde.JsonSerde;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #7: a story's stored records stay under 1 MiB whatever it absorbs. The worst case is not many
 * posts but posts at every field limit (the Normalizer's PostLimits, which the cluster stage enforces
 * again in {@link PostText}): 1 000-char titles, 256-char authors, 100 links of 2 048 chars each, all
 * distinct. Every bounded part of a {@link StoryState} (authors, keys, links, top posts, centroid)
 * saturates within the first {@code maxAuthors} posts, so 2 000 such posts through the real clusterer
 * reach the largest record there is; {@code StoryClustererTest#shouldBoundStoryStateForFiftyThousandPosts}
 * shows the count itself (50 000 posts) adds nothing. Serialised with the serdes the stage uses: the
 * story-state store's {@code JsonSerde<StoryState>} and the {@code stories} topic's serde.
 */
class StoryRecordSizeTest {
  private static final int POSTS = 1_200;

  private static String filler(String seed, int chars) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < chars; i++) {
      b.append(seed).append(i).append(' ');
    }
    return b.substring(0, chars);
  }

  private static Post hostile(int i) {
    List<String> links = new ArrayList<>();
    links.add("https://github.com/moonshotai/Kimi-K2"); // shared: every post joins the one story
    // the first posts carry the most links a post may have; later ones fewer (a story keeps 50 anyway)
    for (int l = 1; l < (i < 5 ? PostText.LINKS_MAX : 4); l++) {
      String path = "/p" + i + "/l" + l + "/";
      links.add("https://example" + (l % 7) + ".com" + path + "x".repeat(PostText.URL_MAX_CHARS - 24 - path.length()));
    }
    return Post.builder(Source.REDDIT, "t3_size" + i)
        .author(("author" + i + "-").repeat(40).substring(0, PostText.NAME_MAX_CHARS))
        .title("Kimi K2 open weights release " + filler("t" + i + "w", PostText.TITLE_MAX_CHARS - 29))
        .text(filler(i < 5 ? "b" + i + "w" : "body", i < 5 ? PostText.TEXT_MAX_CHARS : 5_000)) // the core reads 4 000, keeps 600
        .url("https://www.reddit.com/r/LocalLLaMA/comments/" + "u".repeat(PostText.URL_MAX_CHARS - 60) + i)
        .links(links)
        .engagement(new Engagement(null, null, null, (long) i, 10L, null, null))
        .createdAt(Posts.hours(i / 100.0))
        .build();
  }

  @Test
  void shouldKeepTheStoryStateAndStoryRecordsUnderOneMebibyteForPostsAtEveryFieldLimit() {
    ClusterParams params = ClusterParams.DEFAULTS;
    InMemoryClusterState state = new InMemoryClusterState();
    Story last = null;
    try (StoryClusterer clusterer = new StoryClusterer(params, state)) {
      for (int i = 0; i < POSTS; i++) {
        Post p = hostile(i);
        assertThat(PostText.bound(p)).as("at the limits, not over them").isSameAs(p);
        Decision d = clusterer.assign(p);
        if (d.story() != null && (last == null || d.story().postCount() >= last.postCount())) {
          last = d.story();
        }
      }
    }
    assertThat(last).isNotNull();
    assertThat(last.postCount()).as("every post joined the one story").isEqualTo(POSTS);
    StoryState stored = state.story(last.id());
    assertThat(stored.authors()).hasSize(params.maxAuthors());

    JsonSerde<StoryState> storeSerde = new JsonSerde<>(StoryState.class);
    byte[] stateBytes = storeSerde.serializer().serialize("cluster-story-state-changelog", stored);
    byte[] storyBytes = StorylineSerdes.story().serializer().serialize(Topics.STORIES.name(), last);
    System.out.printf("story at every field limit after %d posts: StoryState %d bytes, Story %d bytes%n", POSTS,
        stateBytes.length, storyBytes.length);
    assertThat(stateBytes.length).as("StoryState bytes").isLessThan(1 << 20);
    assertThat(storyBytes.length).as("Story bytes").isLessThan(1 << 20);
    assertThat(storeSerde.deserializer().deserialize("cluster-story-state-changelog", stateBytes)).isEqualTo(stored);
  }
}
