package io.storyline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partitioned topology on {@link TopologyTestDriver}, which gives every topic one partition: one
 * local task and the linking task. Linking across partitions is {@code StoryLinkerTest}'s and, on a
 * real broker with 4 partitions, {@code PartitionedDemoIT}'s.
 */
class PartitionedClusterTopologyTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");

  @TempDir Path tmp;

  private static Post post(String id, String title, int minutes) {
    return Post.builder(Source.REDDIT, "t3_" + id).author("u-" + id).title(title).createdAt(T0.plusSeconds(60L * minutes)).build();
  }

  /** The snapshot interval of these tests' linker (the default, 0, publishes per update). */
  private static final long INTERVAL_MS = 100;

  private static final List<Post> POSTS = List.of(
      post("a", "Kimi K2 released: 1T MoE with 32B active", 0),
      post("b", "Cheapest DDR5 RAM for a 4090 inference rig", 1),
      post("c", "Kimi K2 released, a 1T MoE with 32B active params", 2),
      post("d", "DDR5 RAM prices for a 4090 inference rig", 3));

  private ClusterConfig config(int partitions) {
    Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", "unused:9092", "state.dir", tmp.resolve("state").toString(),
        "cluster.application.id", "cluster-test"));
    m.put(ClusterConfig.PARTITIONS_CONFIG, Integer.toString(partitions));
    m.put(ClusterConfig.SNAPSHOT_INTERVAL_MS_CONFIG, Long.toString(INTERVAL_MS));
    return new ClusterConfig(m);
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
  }

  private TopologyTestDriver driver(ClusterConfig config, SimpleMeterRegistry registry) {
    Topology t = ClusterStage.topology(config, registry);
    Properties p = ClusterStage.streamsProperties(config);
    return new TopologyTestDriver(t, p, T0);
  }

  @Test
  void shouldWriteOneAssignmentPerPostWithGlobalStoryIdsAndTheGlobalSnapshotOfEachStory() {
    try (TopologyTestDriver d = driver(config(4), new SimpleMeterRegistry())) {
      Io io = Io.of(d);
      POSTS.forEach(p -> io.in().pipeInput(p.id(), p, p.createdAt()));

      List<KeyValue<String, StoryAssignment>> assignments = io.assignments().readKeyValuesToList();
      assertThat(assignments).extracting(kv -> kv.key).containsExactly("reddit:t3_a", "reddit:t3_b", "reddit:t3_c", "reddit:t3_d");
      assertThat(assignments).allSatisfy(kv -> assertThat(kv.value.storyId()).matches("g-\\d{6}"));
      assertThat(assignments.get(2).value.storyId()).isEqualTo(assignments.get(0).value.storyId());
      assertThat(assignments.get(3).value.storyId()).isEqualTo(assignments.get(1).value.storyId())
          .isNotEqualTo(assignments.get(0).value.storyId());
      assertThat(assignments).extracting(kv -> kv.value.newStory()).containsExactly(true, true, false, false);

      assertThat(io.stories().isEmpty()).as("global snapshots wait for the interval").isTrue();
      d.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
      List<KeyValue<String, Story>> published = io.stories().readKeyValuesToList();
      assertThat(published).as("one snapshot per changed global story").hasSize(2);
      Map<String, Story> latest = new HashMap<>();
      published.forEach(kv -> latest.put(kv.key, kv.value));
      assertThat(latest).containsOnlyKeys(assignments.get(0).value.storyId(), assignments.get(1).value.storyId());
      Story kimi = latest.get(assignments.get(0).value.storyId());
      assertThat(kimi.postCount()).isEqualTo(2);
      assertThat(kimi.version()).as("the linker's version after its second update").isEqualTo(2);
      assertThat(kimi.headline()).contains("Kimi K2");
    }
  }

  @Test
  void shouldRepeatTheGlobalAssignmentOfADuplicatePostAndPublishNoSnapshot() {
    try (TopologyTestDriver d = driver(config(4), new SimpleMeterRegistry())) {
      Io io = Io.of(d);
      POSTS.forEach(p -> io.in().pipeInput(p.id(), p, p.createdAt()));
      io.assignments().readKeyValuesToList();
      d.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
      io.stories().readKeyValuesToList();
      io.in().pipeInput(POSTS.get(0).id(), POSTS.get(0), POSTS.get(0).createdAt());
      StoryAssignment again = io.assignments().readValue();
      assertThat(again.storyId()).matches("g-\\d{6}");
      assertThat(again.newStory()).isFalse();
      d.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
      assertThat(io.stories().isEmpty()).isTrue();
    }
  }

  @Test
  void shouldRepairALoneSurrogateBeforeTheLocalCoreSoItsStoredStoryStaysReadable() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TopologyTestDriver d = driver(config(4), registry)) {
      Io io = Io.of(d);
      Post broken = Post.builder(Source.REDDIT, "t3_broken").author("u-broken").title("broken \uD83D half of Kimi K2")
          .text("and \uDE80 the other half https://github.com/moonshot/kimi-k2\uD83D").createdAt(T0).build();
      io.in().pipeInput(broken.id(), broken, broken.createdAt());

      assertThat(io.assignments().readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(broken.id());
      assertThat(registry.get("storyline.cluster.posts.repaired").tag("fix", "surrogates").counter().count())
          .as("posts repaired before the local core").isEqualTo(1.0);
      org.apache.kafka.streams.state.KeyValueStore<String, ?> local =
          d.getKeyValueStore(PartitionedClusterTopology.LOCAL_STORY_STATE_STORE);
      try (var all = local.all()) {
        assertThat(all.hasNext()).as("the local story state, read back through the store's serde").isTrue();
        assertThat(all.next().value).isNotNull();
      }
    }
  }

  @Test
  void shouldCountLinkDecisionsAndOpenGlobalStoriesInItsMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TopologyTestDriver d = driver(config(4), registry)) {
      Io io = Io.of(d);
      POSTS.forEach(p -> io.in().pipeInput(p.id(), p, p.createdAt()));
      assertThat(registry.get("storyline.cluster.link.decisions").tag("kind", "new_global").counter().count()).isEqualTo(2.0);
      assertThat(registry.get("storyline.cluster.link.decisions").tag("kind", "followed_local").counter().count()).isEqualTo(2.0);
      assertThat(registry.get("storyline.cluster.global.stories.active").gauge().value()).isEqualTo(2.0);
      assertThat(registry.get("storyline.cluster.posts").tag("decision", "new_story").counter().count()).isEqualTo(2.0);
    }
  }

  @Test
  void shouldNameBothLevelsTheirStoresAndTheLinksTopicAndLogEveryStore() {
    ClusterConfig config = config(4);
    Topology t = ClusterStage.topology(config, new SimpleMeterRegistry());
    TopologyDescription desc = t.describe();
    assertThat(desc.subtopologies()).hasSize(2);
    String text = desc.toString();
    assertThat(text).contains(PartitionedClusterTopology.SOURCE_NAME, PartitionedClusterTopology.LOCAL_PROCESSOR_NAME,
        PartitionedClusterTopology.LINK_PROCESSOR_NAME, PartitionedClusterTopology.ASSIGNMENTS_SINK_NAME,
        PartitionedClusterTopology.STORIES_SINK_NAME, "cluster-links-repartition");
    try (TopologyTestDriver d = driver(config, new SimpleMeterRegistry())) {
      Io io = Io.of(d);
      POSTS.forEach(p -> io.in().pipeInput(p.id(), p, p.createdAt()));
      assertThat(d.producedTopicNames()).contains("cluster-test-cluster-links-repartition",
          "cluster-test-cluster-local-story-state-changelog", "cluster-test-cluster-local-doc-freq-changelog",
          "cluster-test-cluster-local-post-story-changelog", "cluster-test-cluster-local-post-ring-changelog",
          "cluster-test-cluster-local-meta-changelog", "cluster-test-cluster-link-local-changelog",
          "cluster-test-cluster-link-global-of-changelog", "cluster-test-cluster-link-global-changelog",
          "cluster-test-cluster-link-meta-changelog");
      d.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
      assertThat(d.producedTopicNames()).as("waiting global snapshots commit with the linker's state")
          .contains("cluster-test-cluster-link-snapshot-pending-changelog");
    }
  }

  @Test
  void shouldPublishEachChangedGlobalStoryOncePerIntervalAndEveryUpdatesSnapshotWithIntervalZero() {
    List<Post> kimi = List.of(post("k1", "Kimi K2 released: 1T MoE with 32B active", 0),
        post("k2", "Kimi K2 released, a 1T MoE with 32B active params", 1),
        post("k3", "Kimi K2 released with 32B active params, 1T MoE", 2));
    SimpleMeterRegistry batched = new SimpleMeterRegistry();
    try (TopologyTestDriver d = driver(config(4), batched)) {
      Io io = Io.of(d);
      kimi.forEach(p -> io.in().pipeInput(p.id(), p, p.createdAt()));
      d.advanceWallClockTime(Duration.ofMillis(INTERVAL_MS));
      List<Story> out = io.stories().readValuesToList();
      assertThat(out).as("one snapshot, with every post").hasSize(1);
      assertThat(out.get(0).postCount()).isEqualTo(3);
      assertThat(batched.get("storyline.cluster.snapshots").tag("trigger", "interval").counter().count()).isEqualTo(1.0);
    }
    Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", "unused:9092", "state.dir", tmp.resolve("state0").toString(),
        "cluster.application.id", "cluster-test", ClusterConfig.PARTITIONS_CONFIG, "4", ClusterConfig.SNAPSHOT_INTERVAL_MS_CONFIG, "0"));
    try (TopologyTestDriver d = driver(new ClusterConfig(m), new SimpleMeterRegistry())) {
      Io io = Io.of(d);
      kimi.forEach(p -> io.in().pipeInput(p.id(), p, p.createdAt()));
      assertThat(io.stories().readValuesToList()).as("interval 0: one snapshot per post").extracting(Story::postCount)
          .containsExactly(1, 2, 3);
    }
  }

  @Test
  void shouldRunTheSinglePartitionTopologyUnchangedWhenPartitionsIsOne() {
    ClusterConfig single = config(1);
    assertThat(ClusterStage.topology(single, new SimpleMeterRegistry()).describe().toString())
        .isEqualTo(ClusterTopology.build(single).describe().toString());
    assertThat(ClusterStage.streamsProperties(single)).isEqualTo(ClusterTopology.streamsProperties(single));
    assertThat(ClusterStage.topics(single).get(0).partitions()).isEqualTo(1);
  }

  @Test
  void shouldRunOneStreamThreadPerPartitionAndCreatePostsWithThatManyPartitions() {
    ClusterConfig four = config(4);
    assertThat(ClusterStage.streamsProperties(four).get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("4");
    assertThat(ClusterStage.topics(four)).extracting(s -> s.name() + ":" + s.partitions())
        .containsExactly("posts:4", "story-assignments:1", "stories:1", "posts.dlq:1");
  }

  @Test
  void shouldRejectAPartitionCountBelowOneNamingTheKey() {
    assertThatThrownBy(() -> config(0)).isInstanceOf(ConfigException.class).hasMessageContaining("cluster.partitions")
        .hasMessageContaining("0");
  }
}
