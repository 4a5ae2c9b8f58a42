package io.storyline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster stage's snapshots once per story per {@code cluster.snapshot.interval.ms}: assignments
 * at once, snapshots when wall-clock time passes the interval (advanced by the test driver).
 */
class ClusterSnapshotIntervalTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");
  private static final Duration INTERVAL = Duration.ofMillis(500);

  @TempDir
  Path tmp;

  private static Post post(String id, String title, double hours) {
    return Post.builder(Source.REDDIT, "t3_" + id).author("u-" + id).title(title)
        .createdAt(T0.plusMillis((long) (hours * 3_600_000))).build();
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private TopologyTestDriver driver(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", "unused:9092", "state.dir",
        tmp.resolve("state").toString(), "cluster.application.id", "cluster-snap-test",
        ClusterConfig.SNAPSHOT_INTERVAL_MS_CONFIG, Long.toString(INTERVAL.toMillis())));
    settings.putAll(extra);
    ClusterConfig config = new ClusterConfig(settings);
    return new TopologyTestDriver(ClusterTopology.build(config, registry), ClusterTopology.streamsProperties(config), T0);
  }

  private record Io(TopologyTestDriver d, TestInputTopic<String, Post> in,
      TestOutputTopic<String, StoryAssignment> assignments, TestOutputTopic<String, Story> stories) {
    static Io of(TopologyTestDriver d) {
      return new Io(d,
          d.createInputTopic(Topics.POSTS.name(), Topics.POSTS.keySerde().serializer(), Topics.POSTS.valueSerde().serializer()),
          d.createOutputTopic(Topics.STORY_ASSIGNMENTS.name(), Topics.STORY_ASSIGNMENTS.keySerde().deserializer(),
              Topics.STORY_ASSIGNMENTS.valueSerde().deserializer()),
          d.createOutputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().deserializer(), Topics.STORIES.valueSerde().deserializer()));
    }

    void pipe(Post... posts) {
      for (Post p : posts) {
        in.pipeInput(p.id(), p, p.createdAt());
      }
    }

    void advance(Duration wallClock) {
      d.advanceWallClockTime(wallClock);
    }
  }

  private double snapshots(String trigger) {
    return registry.get("storyline.cluster.snapshots").tag("trigger", trigger).counter().count();
  }

  @Test
  void shouldAssignEveryPostAtOnceButPublishEachChangedStoryOncePerIntervalWithItsLatestState() {
    try (TopologyTestDriver d = driver(Map.of())) {
      Io io = Io.of(d);
      io.pipe(post("a", "Kimi K2 released: 1T MoE with 32B active", 0), post("b", "Cheapest DDR5 RAM for a 4090 inference rig", 0.1),
          post("c", "Kimi K2 is a 1T MoE, impressive", 0.2), post("d", "DDR5 RAM prices for an inference rig", 0.3),
          post("e", "Kimi K2 GGUF quants are out, 1T MoE", 0.4));
      assertThat(io.assignments.readValuesToList()).extracting(StoryAssignment::storyId)
          .containsExactly("s-000001", "s-000002", "s-000001", "s-000002", "s-000001");
      assertThat(io.stories.isEmpty()).as("no snapshot before the interval has passed").isTrue();

      io.advance(INTERVAL.minusMillis(1));
      assertThat(io.stories.isEmpty()).as("not yet: %s of %s", INTERVAL.minusMillis(1), INTERVAL).isTrue();
      io.advance(Duration.ofMillis(1));
      List<KeyValue<String, Story>> first = io.stories.readKeyValuesToList();
      assertThat(first).as("one snapshot per changed story, in story id order").extracting(kv -> kv.key)
          .containsExactly("s-000001", "s-000002");
      assertThat(first.get(0).value.postCount()).as("the latest state, all three posts").isEqualTo(3);
      assertThat(first.get(1).value.postCount()).isEqualTo(2);
      assertThat(snapshots("interval")).isEqualTo(2.0);

      io.advance(INTERVAL);
      assertThat(io.stories.isEmpty()).as("nothing changed in the second interval").isTrue();

      io.pipe(post("f", "Grok 4 benchmarks leaked", 0.5), post("g", "DDR5 RAM rig for inference, prices?", 0.6));
      io.advance(INTERVAL);
      Map<String, Story> second = io.stories.readKeyValuesToMap();
      assertThat(second).as("only the stories changed since").containsOnlyKeys("s-000002", "s-000003");
      assertThat(second.get("s-000002").version()).as("a newer version than the one published")
          .isGreaterThan(first.get(1).value.version());
    }
  }

  @Test
  void shouldGiveEachSnapshotTheRecordTimestampOfItsStorysLatestPost() {
    try (TopologyTestDriver d = driver(Map.of())) {
      Io io = Io.of(d);
      Post a = post("a", "Kimi K2 released: 1T MoE with 32B active", 0);
      Post c = post("c", "Kimi K2 is a 1T MoE, impressive", 0.2);
      io.pipe(a, c);
      io.advance(INTERVAL);
      TestRecord<String, Story> r = io.stories.readRecord();
      assertThat(r.getRecordTime()).isEqualTo(c.createdAt());
    }
  }

  @Test
  void shouldPublishAMergedStoryAtOnceWithMergedIntoAndTheSurvivorAtTheInterval() {
    try (TopologyTestDriver d = driver(Map.of())) {
      Io io = Io.of(d);
      io.pipe(post("a1", "Kimi K2 weights released", 0), post("a2", "Kimi K2 weights are out", 0.01),
          post("b1", "Moonshot trillion parameter MoE open", 0.02), post("b2", "Moonshot trillion parameter MoE, open source", 0.03),
          post("x", "Kimi K2 weights: Moonshot trillion parameter MoE open", 0.04),
          post("y", "Kimi K2 from Moonshot: trillion parameter MoE weights", 0.05));
      List<Story> atOnce = io.stories.readValuesToList();
      assertThat(atOnce).as("the merged-away story's final snapshot, before any interval").hasSize(1);
      Story gone = atOnce.get(0);
      assertThat(gone.mergedInto()).isNotNull();
      assertThat(snapshots("merged")).isEqualTo(1.0);

      io.advance(INTERVAL);
      Map<String, Story> later = io.stories.readKeyValuesToMap();
      assertThat(later).as("the survivor only: the merged-away story is no longer marked").containsOnlyKeys(gone.mergedInto());
      Story survivor = later.get(gone.mergedInto());
      assertThat(survivor.mergedFrom()).contains(gone.id());
      assertThat(survivor.postCount()).as("every post, in the survivor").isEqualTo(6);
    }
  }

  @Test
  void shouldPublishAChangedStoryThatClosesBeforeTheIntervalAtOnceWithItsLatestSnapshot() {
    try (TopologyTestDriver d = driver(Map.of(ClusterConfig.IDLE_HORIZON_HOURS_CONFIG, "1"))) {
      Io io = Io.of(d);
      io.pipe(post("a", "Kimi K2 released: 1T MoE with 32B active", 0), post("c", "Kimi K2 is a 1T MoE, impressive", 0.2));
      assertThat(io.stories.isEmpty()).isTrue();
      io.pipe(post("z", "Cheapest DDR5 RAM for a 4090 inference rig", 3));
      List<TestRecord<String, Story>> records = io.stories.readRecordsToList();
      assertThat(records).hasSize(1);
      assertThat(records.get(0).getRecordTime()).as("the timestamp of its latest post, not of the post that closed it")
          .isEqualTo(post("c", "", 0.2).createdAt());
      List<Story> atOnce = records.stream().map(TestRecord::getValue).toList();
      assertThat(atOnce).as("the closing story's latest snapshot, as it leaves the state").hasSize(1);
      assertThat(atOnce.get(0).id()).isEqualTo("s-000001");
      assertThat(atOnce.get(0).postCount()).isEqualTo(2);
      assertThat(atOnce.get(0).mergedInto()).as("closing is not merging").isNull();
      assertThat(snapshots("closed")).isEqualTo(1.0);

      io.advance(INTERVAL);
      assertThat(io.stories.readKeyValuesToMap()).as("only the new story: the closed one is unmarked").containsOnlyKeys("s-000002");
      assertThat(registry.get("storyline.cluster.snapshots.skipped").counter().count()).isZero();
    }
  }

  @Test
  void shouldNotPublishAClosedStoryAgainWhenItsLatestSnapshotWasAlreadyPublished() {
    try (TopologyTestDriver d = driver(Map.of(ClusterConfig.IDLE_HORIZON_HOURS_CONFIG, "1"))) {
      Io io = Io.of(d);
      io.pipe(post("a", "Kimi K2 released: 1T MoE with 32B active", 0));
      io.advance(INTERVAL);
      assertThat(io.stories.readValuesToList()).hasSize(1);
      io.pipe(post("z", "Cheapest DDR5 RAM for a 4090 inference rig", 3));
      assertThat(io.stories.isEmpty()).as("closed, but nothing new to say about it (as with one snapshot per post)").isTrue();
      assertThat(snapshots("closed")).isZero();
    }
  }

  @Test
  void shouldPublishOneSnapshotPerPostWithIntervalZero() {
    try (TopologyTestDriver d = driver(Map.of(ClusterConfig.SNAPSHOT_INTERVAL_MS_CONFIG, "0"))) {
      Io io = Io.of(d);
      io.pipe(post("a", "Kimi K2 released: 1T MoE with 32B active", 0), post("c", "Kimi K2 is a 1T MoE, impressive", 0.2));
      assertThat(io.stories.readValuesToList()).as("without any wall-clock time passing").extracting(Story::postCount)
          .containsExactly(1, 2);
      assertThat(snapshots("post")).isEqualTo(2.0);
      io.advance(Duration.ofSeconds(5));
      assertThat(io.stories.isEmpty()).as("no punctuation republishes them").isTrue();
    }
  }

  @Test
  void shouldRejectANegativeIntervalNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClusterConfig(Map.of("bootstrap.servers", "b:1",
            ClusterConfig.SNAPSHOT_INTERVAL_MS_CONFIG, "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ClusterConfig.SNAPSHOT_INTERVAL_MS_CONFIG).hasMessageContaining("-1");
  }
}
