package io.storyline.cluster.core;

import static io.storyline.cluster.core.Posts.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Post;
import io.storyline.common.model.Story;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link StoryClusterer#decide} and {@link StoryClusterer#snapshot} against {@link
 * StoryClusterer#assign}: deciding without the snapshot and building it on demand must publish what
 * one snapshot per post published.
 */
class StoryClustererSnapshotTest {

  @Test
  void shouldDecideAsAssignDoesAndBuildTheSameSnapshotOnDemandOnTheLocalLlamaWeek() {
    Path dir = RedditDump.dumpDir();
    Assumptions.assumeTrue(dir != null, "shared r/LocalLLaMA dump not found (../shared/data/reddit-localllama)");
    List<Post> posts = RedditDump.posts(dir, Instant.parse("2025-07-07T00:00:00Z"), Instant.parse("2025-07-16T00:00:00Z"));
    assertThat(posts).hasSizeGreaterThan(300);
    int merges = 0;
    try (StoryClusterer perPost = new StoryClusterer(ClusterParams.DEFAULTS, new InMemoryClusterState());
        StoryClusterer onDemand = new StoryClusterer(ClusterParams.DEFAULTS, new InMemoryClusterState())) {
      for (Post p : posts) {
        Decision expected = perPost.assign(p);
        Decision actual = onDemand.decide(p, id -> true);
        assertThat(actual.story()).as("decide builds no snapshot").isNull();
        assertThat(actual.assignment()).isEqualTo(expected.assignment());
        assertThat(actual.kind()).isEqualTo(expected.kind());
        assertThat(actual.candidates()).isEqualTo(expected.candidates());
        assertThat(actual.closedStories()).isEqualTo(expected.closedStories());
        assertThat(actual.mergedStories()).as("merged stories' final snapshots are still built").isEqualTo(expected.mergedStories());
        merges += actual.mergedStories().size();
        if (expected.story() != null) {
          assertThat(onDemand.snapshot(actual.assignment().storyId())).as("snapshot of %s after %s", actual.assignment().storyId(), p.id())
              .isEqualTo(expected.story());
        }
        for (Story gone : actual.mergedStories()) {
          assertThat(onDemand.snapshot(gone.id())).as("a merged-away story has no snapshot to build").isNull();
        }
      }
    }
    assertThat(merges).as("the week exercises merging").isPositive();
  }

  @Test
  void shouldCarryTheLatestSnapshotOfAClosedStoryOnlyWhenAskedFor() {
    ClusterParams params = ClusterParams.DEFAULTS.withIdleHorizonHours(2);
    try (StoryClusterer perPost = new StoryClusterer(params, new InMemoryClusterState());
        StoryClusterer onDemand = new StoryClusterer(params, new InMemoryClusterState())) {
      List<Post> early = List.of(
          Posts.reddit("a", "Kimi K2 released: 1T MoE with 32B active", "Moonshot open weights.", hours(0)),
          Posts.reddit("b", "Kimi K2 is a 1T MoE, impressive", "", hours(0.5)),
          Posts.reddit("c", "Grok 4 system prompt leaked", "", hours(0.6)));
      Story lastOfKimi = null;
      Story lastOfGrok = null;
      for (int i = 0; i < early.size(); i++) {
        Post p = early.get(i);
        Story s = perPost.assign(p).story();
        onDemand.decide(p, id -> true);
        if (i == 2) {
          lastOfGrok = s;
        } else {
          lastOfKimi = s;
        }
      }
      Set<String> asked = new HashSet<>();
      Post late = Posts.reddit("d", "Cheapest DDR5 RAM for inference", "", hours(5));
      Decision expected = perPost.assign(late);
      String kimi = lastOfKimi.id();
      assertThat(lastOfGrok.id()).as("two stories").isNotEqualTo(kimi);
      Decision d = onDemand.decide(late, id -> asked.add(id) && id.equals(kimi));

      assertThat(d.closedStories()).as("both early stories aged out").hasSize(2).isEqualTo(expected.closedStories());
      assertThat(asked).as("asked once per closed story").containsExactlyInAnyOrderElementsOf(d.closedStories());
      assertThat(d.closedSnapshots()).as("only the accepted closed story's snapshot").containsExactly(lastOfKimi);
      assertThat(expected.closedSnapshots()).as("assign published every snapshot with its post").isEmpty();
      assertThat(lastOfKimi.postCount()).as("the latest of the closed story").isEqualTo(2);
      assertThat(onDemand.snapshot(kimi)).as("a closed story has no snapshot to build").isNull();
    }
  }

  @Test
  void shouldRejectNullArgumentsByName() {
    try (StoryClusterer c = new StoryClusterer(ClusterParams.DEFAULTS, new InMemoryClusterState())) {
      Post p = Posts.reddit("a", "Kimi K2 released", "", hours(0));
      assertThatThrownBy(() -> c.decide(p, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("snapshotOnClose");
      assertThatThrownBy(() -> c.snapshot(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("storyId");
      assertThat(c.snapshot("s-000001")).as("nothing opened yet").isNull();
    }
  }
}
