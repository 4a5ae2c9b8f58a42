package io.storyline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTopologyTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");

  @TempDir Path tmp;

  private static Post post(String id, String title, int minutes) {
    Instant at = T0.plusSeconds(60L * minutes);
    return Post.builder(Source.REDDIT, "t3_" + id).author("u-" + id).title(title).createdAt(at).build();
  }

  private static final List<Post> FIRST = List.of(
      post("a", "Kimi K2 released: 1T MoE with 32B active", 0),
      post("b", "Cheapest DDR5 RAM for a 4090 inference rig", 1),
      post("c", "Kimi K2 is a 1T MoE, impressive", 2),
      post("d", "DDR5 RAM prices for an inference rig", 3));
  private static final List<Post> SECOND = List.of(
      post("e", "Kimi K2 GGUF quants are out, 1T MoE", 10),
      post("f", "Grok 4 benchmarks leaked", 11),
      post("g", "DDR5 RAM rig for inference, prices?", 12));

  private ClusterConfig config(Path stateDir) {
    return new ClusterConfig(Map.of("bootstrap.servers", "unused:9092", "state.dir", stateDir.toString(),
        "cluster.application.id", "cluster-test"));
  }

  /** One snapshot per post ({@code cluster.snapshot.interval.ms=0}). */
  private ClusterConfig perPostConfig(Path stateDir) {
    return new ClusterConfig(Map.of("bootstrap.servers", "unused:9092", "state.dir", stateDir.toString(),
        "cluster.application.id", "cluster-test", ClusterConfig.SNAPSHOT_INTERVAL_MS_CONFIG, "0"));
  }

  /** With an interval: snapshots once per story per {@link #INTERVAL_MS}. */
  private ClusterConfig intervalConfig(Path stateDir) {
    return new ClusterConfig(Map.of("bootstrap.servers", "unused:9092", "state.dir", stateDir.toString(),
        "cluster.application.id", "cluster-test", ClusterConfig.SNAPSHOT_INTERVAL_MS_CONFIG, Long.toString(INTERVAL_MS)));
  }

  private static final long INTERVAL_MS = 100;

  /** Lets one {@link #INTERVAL_MS} of wall-clock time pass, which publishes the changed stories (with an interval). */
  private static void oneInterval(TopologyTestDriver d) {
    d.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
  }

  private static TopologyTestDriver driver(ClusterConfig config) {
    Topology t = ClusterTopology.build(config);
    Properties p = ClusterTopology.streamsProperties(config);
    return new TopologyTestDriver(t, p, T0);
  }

  private record Io(TestInputTopic<String, Post> in, TestOutputTopic<String, StoryAssignment> assignments,
      TestOutputTopic<String, Story> stories) {
    static Io of(TopologyTestDriver d) {
      return new Io(
          d.createInputTopic(Topics.POSTS.name(), Topics.POSTS.keySerde().serializer(), Topics.POSTS.valueSerde().serializer()),
          d.createOutputTopic(Topics.STORY_ASSIGNMENTS.name(), Topics.STORY_ASSIGNMENTS.keySerde().deserializer(),
              Topics.STORY_ASSIGNMENTS.valueSerde().deserializer()),
          d.createOutputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().deserializer(), Topics.STORIES.valueSerde().deserializer()));
    }

    void pipe(List<Post> posts) {
      posts.forEach(p -> in.pipeInput(p.id(), p, p.createdAt()));
    }
  }

  @Test
  void shouldPublishAMergedStoryOnceMoreWithMergedIntoBeforeTheSurvivorWhenPublishingPerPost() {
    List<Post> converging = List.of(
        post("a1", "Kimi K2 weights released", 0),
        post("a2", "Kimi K2 weights are out", 1),
        post("b1", "Moonshot trillion parameter MoE open", 2),
        post("b2", "Moonshot trillion parameter MoE, open source", 3),
        post("x", "Kimi K2 weights: Moonshot trillion parameter MoE open", 4),
        post("y", "Kimi K2 from Moonshot: trillion parameter MoE weights", 5));
    try (TopologyTestDriver d = driver(perPostConfig(tmp.resolve("state")))) {
      Io io = Io.of(d);
      io.pipe(converging);
      List<KeyValue<String, Story>> out = io.stories.readKeyValuesToList();
      int mergedAt = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).value.mergedInto() != null) {
          mergedAt = i;
        }
      }
      assertThat(mergedAt).as("a snapshot with mergedInto among %s", out).isGreaterThanOrEqualTo(0);
      Story gone = out.get(mergedAt).value;
      Story survivor = out.get(mergedAt + 1).value;
      assertThat(survivor.id()).isEqualTo(gone.mergedInto());
      assertThat(survivor.mergedFrom()).contains(gone.id());
      // one snapshot per post before the merge, all in the two stories: the survivor holds them all
      assertThat(survivor.postCount()).isEqualTo(mergedAt + 1);
      assertThat(io.stories.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldEmitOneAssignmentPerPostAndTheTouchedStory() {
    try (TopologyTestDriver d = driver(intervalConfig(tmp.resolve("state")))) {
      Io io = Io.of(d);
      io.pipe(FIRST);
      List<KeyValue<String, StoryAssignment>> assignments = io.assignments.readKeyValuesToList();
      assertThat(assignments).extracting(kv -> kv.key).containsExactly("reddit:t3_a", "reddit:t3_b", "reddit:t3_c", "reddit:t3_d");
      assertThat(assignments).extracting(kv -> kv.value.storyId()).containsExactly("s-000001", "s-000002", "s-000001", "s-000002");
      oneInterval(d);
      Map<String, Story> stories = io.stories.readKeyValuesToMap();
      assertThat(stories).containsOnlyKeys("s-000001", "s-000002");
      assertThat(stories.get("s-000001").postCount()).isEqualTo(2);
      assertThat(stories.get("s-000001").label()).containsIgnoringCase("kimi");
    }
  }

  @Test
  void shouldCountDecisionsAndActiveStoriesAndTimeEveryAssignmentInItsMeters() {
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    ClusterConfig config = config(tmp.resolve("state"));
    try (TopologyTestDriver d = new TopologyTestDriver(ClusterTopology.build(config, registry),
        ClusterTopology.streamsProperties(config), T0)) {
      Io io = Io.of(d);
      io.pipe(FIRST);
      io.pipe(List.of(FIRST.get(0)));

      assertThat(registry.get("storyline.cluster.posts").tag("decision", "new_story").counter().count()).isEqualTo(2.0);
      assertThat(registry.get("storyline.cluster.posts").tag("decision", "joined").counter().count()).isEqualTo(2.0);
      assertThat(registry.get("storyline.cluster.posts").tag("decision", "duplicate").counter().count()).isEqualTo(1.0);
      assertThat(registry.get("storyline.cluster.stories.active").gauge().value()).isEqualTo(2.0);
      assertThat(registry.get("storyline.cluster.assignment").timer().count()).isEqualTo(5);
    }
  }

  @Test
  void shouldCountDuplicatePostOnceAndRepeatItsAssignment() {
    try (TopologyTestDriver d = driver(intervalConfig(tmp.resolve("state")))) {
      Io io = Io.of(d);
      io.pipe(FIRST);
      oneInterval(d);
      io.assignments.readKeyValuesToList();
      io.stories.readKeyValuesToList();
      io.pipe(List.of(FIRST.get(2)));
      List<KeyValue<String, StoryAssignment>> again = io.assignments.readKeyValuesToList();
      assertThat(again).hasSize(1);
      assertThat(again.get(0).value.storyId()).isEqualTo("s-000001");
      oneInterval(d);
      assertThat(io.stories.isEmpty()).as("a duplicate changes no story").isTrue();
      io.pipe(List.of(SECOND.get(0)));
      oneInterval(d);
      Story kimi = io.stories.readValue();
      assertThat(kimi.id()).isEqualTo("s-000001");
      assertThat(kimi.postCount()).as("2 posts + 1 new, the duplicate not counted").isEqualTo(3);
    }
  }

  @Test
  void shouldLogEveryStoreToAChangelogSoARestartRestoresTheDecisions() {
    // A restart rebuilds the Lucene index from the restored story-state store (the rebuild itself is
    // checked in StoryClustererTest#shouldGiveSameAssignmentsForSamePostsAndWhenRebuiltFromState).
    // TopologyTestDriver deletes its state dir on close and cannot replay changelogs, so here we check
    // what a real restore needs: every store writes its changelog.
    try (TopologyTestDriver d = driver(intervalConfig(tmp.resolve("state")))) {
      Io io = Io.of(d);
      io.pipe(FIRST);
      assertThat(d.producedTopicNames()).contains(
          "cluster-test-cluster-story-state-changelog", "cluster-test-cluster-doc-freq-changelog",
          "cluster-test-cluster-post-story-changelog", "cluster-test-cluster-post-ring-changelog",
          "cluster-test-cluster-meta-changelog");
      oneInterval(d);
      assertThat(d.producedTopicNames()).as("the set of changed stories commits with the state")
          .contains("cluster-test-cluster-snapshot-pending-changelog");
    }
  }
}
