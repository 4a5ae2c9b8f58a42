package io.storyline.publish.streams;

import static io.storyline.publish.testing.StoryBuilder.story;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storyline.common.model.Category;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import io.storyline.common.topic.Topics;
import io.storyline.publish.PublishConfig;
import io.storyline.publish.PublishTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishTopologyTest {
  private static final Instant T0 = Instant.parse("2026-01-15T12:00:00Z");

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, Story> stories;
  private TestOutputTopic<String, TopList> top;

  @AfterEach
  void closeDriver() {
    if (driver != null) {
      driver.close();
    }
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private void start(String clock, int topN, Instant wallClock) {
    start(clock, topN, wallClock, 0L);
  }

  private void start(String clock, int topN, Instant wallClock, long recomputeIntervalMs) {
    PublishConfig config = new PublishConfig(Map.of(
        PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
        PublishConfig.STATE_DIR_CONFIG, stateDir.toString(),
        PublishConfig.CLOCK_CONFIG, clock,
        PublishConfig.TOP_N_CONFIG, topN,
        PublishConfig.EMIT_INTERVAL_MS_CONFIG, 5_000L,
        PublishConfig.RECOMPUTE_INTERVAL_MS_CONFIG, recomputeIntervalMs));
    Properties props = PublishTopology.streamsProperties(config);
    driver = new TopologyTestDriver(PublishTopology.build(config, registry), props, wallClock);
    stories = driver.createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
        Topics.STORIES.valueSerde().serializer());
    top = driver.createOutputTopic(Topics.TOP_STORIES.name(), Topics.TOP_STORIES.keySerde().deserializer(),
        Topics.TOP_STORIES.valueSerde().deserializer());
  }

  private void pipe(Story s) {
    stories.pipeInput(s.id(), s, s.lastSeen());
  }

  private List<String> candidateIds() {
    KeyValueStore<String, Story> store = driver.getKeyValueStore(PublishTopology.CANDIDATES_STORE);
    List<String> ids = new java.util.ArrayList<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> ids.add(kv.key));
    }
    return ids;
  }

  private static List<String> ids(TopList list) {
    return list.items().stream().map(TopList.Item::storyId).toList();
  }

  @Test
  void shouldTimeFromAPostsFetchToTheFirstListThatShowsItsStoryOnce() {
    start(PublishConfig.CLOCK_WALL, 10, T0);
    var assignments = driver.createInputTopic(Topics.STORY_ASSIGNMENTS.name(),
        Topics.STORY_ASSIGNMENTS.keySerde().serializer(), Topics.STORY_ASSIGNMENTS.valueSerde().serializer());
    // given: a post fetched 30 s before the wall clock, assigned to story s-1
    assignments.pipeInput("reddit:t3_a", new io.storyline.common.model.StoryAssignment("reddit:t3_a", "s-1", 0.0, true,
        T0.minusSeconds(60), T0.minusSeconds(30)), T0);

    // when: s-1 reaches the lists, and again later
    pipe(story("s-1").authors(3).posts(3).lastSeen(T0).build());
    pipe(story("s-1").authors(4).posts(4).lastSeen(T0).version(2).build());

    // then: one latency per post, at the first list that showed it, not at every re-emission
    var timer = registry.get("storyline.publish.post.to.list").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.max(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(30.0);
  }

  @Test
  void shouldUseExactlyOnceAndNameEveryNode() {
    PublishConfig config = new PublishConfig(Map.of(PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092"));
    Properties props = PublishTopology.streamsProperties(config);
    assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "storyline-publish");

    String described = PublishTopology.build(config).describe().toString();
    assertThat(described).contains("Source: stories-source (topics: [stories])",
        "Processor: rank-top-stories (stores: [", "Sink: top-stories-sink (topic: top-stories)");
    assertThat(described).doesNotContain("KSTREAM-");
    TopologyDescription.Subtopology sub =
        PublishTopology.build(config).describe().subtopologies().iterator().next();
    TopologyDescription.Processor processor = sub.nodes().stream()
        .filter(n -> n instanceof TopologyDescription.Processor p && p.name().equals(PublishTopology.PROCESSOR_NAME))
        .map(n -> (TopologyDescription.Processor) n).findFirst().orElseThrow();
    assertThat(processor.stores()).containsExactlyInAnyOrder(
        PublishTopology.CANDIDATES_STORE, PublishTopology.CLOCK_STORE, PublishTopology.EMITTED_STORE,
        PublishTopology.ACTIVITY_STORE, PublishTopology.NORMS_STORE, PublishTopology.PENDING_FETCH_STORE);
    assertThat(described).contains("Sink: digests-sink (topic: digests)",
        "Source: story-assignments-source (topics: [story-assignments])",
        "Processor: track-post-fetch-times (stores: [publish-pending-fetch])",
        "Sink: stories-dlq-sink (topic: stories.dlq)");
    assertThat(sub.nodes()).hasSize(7);
    assertThat(props).as("unreadable stories go to stories.dlq, not only a log line")
        .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterDeserializationHandler.class.getName());
  }

  @Test
  void shouldPublishOneDailyEditionPerDigestListAtTheConfiguredUtcHour() {
    // given: editions at 06:00 UTC, event clock
    PublishConfig config = new PublishConfig(Map.of(
        PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
        PublishConfig.STATE_DIR_CONFIG, stateDir.toString(),
        PublishConfig.CLOCK_CONFIG, "event",
        PublishConfig.DIGEST_HOUR_UTC_CONFIG, 6));
    // an event-clock replay runs after the fact: the wall clock lies after every story's lastSeen
    driver = new TopologyTestDriver(PublishTopology.build(config, registry), PublishTopology.streamsProperties(config),
        Instant.parse("2026-01-17T00:00:00Z"));
    stories = driver.createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
        Topics.STORIES.valueSerde().serializer());
    TestOutputTopic<String, TopList> digests = driver.createOutputTopic(Topics.DIGESTS.name(),
        Topics.DIGESTS.keySerde().deserializer(), Topics.DIGESTS.valueSerde().deserializer());
    Instant day1 = Instant.parse("2026-01-15T05:00:00Z");

    // when: stories arrive before and after 06:00 of the next day
    pipe(story("s-tool").category(Category.TOOL).lastSeen(day1).build());
    pipe(story("s-news").category(Category.NEWS).lastSeen(day1.plus(Duration.ofHours(2))).build());
    pipe(story("s-news2").category(Category.NEWS).lastSeen(day1.plus(Duration.ofHours(3))).build());
    pipe(story("s-late").category(Category.NEWS).lastSeen(Instant.parse("2026-01-16T07:00:00Z")).build());

    // then: the 14th's edition came from the first story, the 15th's and 16th's once 06:00 passed, each once
    List<KeyValue<String, TopList>> records = digests.readKeyValuesToList();
    assertThat(records).extracting(kv -> kv.key).containsExactly(
        "news/24h@2026-01-14", "tools/24h@2026-01-14", "papers/24h@2026-01-14",
        "news/24h@2026-01-15", "tools/24h@2026-01-15", "papers/24h@2026-01-15",
        "news/24h@2026-01-16", "tools/24h@2026-01-16", "papers/24h@2026-01-16");
    Map<String, TopList> editions = new java.util.HashMap<>();
    records.forEach(kv -> editions.put(kv.key, kv.value));
    TopList news15 = editions.get("news/24h@2026-01-15");
    assertThat(news15.generatedAt()).as("ranked when the clock passed 06:00").isEqualTo(day1.plus(Duration.ofHours(2)));
    assertThat(ids(news15)).as("no story after the edition leaks in").containsExactly("s-news");
    assertThat(ids(editions.get("tools/24h@2026-01-15"))).containsExactly("s-tool");
    assertThat(ids(editions.get("news/24h@2026-01-16"))).containsExactly("s-late", "s-news2", "s-news");
  }

  @Test
  void shouldEmitListsKeyedByListIdWithEventTimeNowFromNewestLastSeen() {
    start(PublishConfig.CLOCK_EVENT, 10, T0);

    pipe(story("s-1").authors(3).posts(3).lastSeen(T0).build());
    pipe(story("s-2").authors(9).posts(9).lastSeen(T0.minus(Duration.ofHours(2))).build());

    Map<String, TopList> latest = top.readKeyValuesToMap();
    assertThat(latest).containsKeys("all/1h", "all/24h", "all/7d", "news/24h", "tools/24h", "papers/24h");
    assertThat(latest.get("all/24h").list()).isEqualTo("all/24h");
    assertThat(latest.get("all/24h").generatedAt()).as("newest lastSeen, not the older second story").isEqualTo(T0);
    assertThat(ids(latest.get("all/24h"))).containsExactlyInAnyOrder("s-1", "s-2");
    assertThat(ids(latest.get("all/7d"))).containsExactlyInAnyOrder("s-1", "s-2");
    assertThat(ids(latest.get("all/1h"))).containsExactly("s-1");
    assertThat(latest.get("tools/24h").items()).isEmpty();
  }

  @Test
  void shouldNotEmitWhenNothingChanged() {
    start(PublishConfig.CLOCK_EVENT, 10, T0);
    Story s = story("s-1").authors(3).posts(3).lastSeen(T0).build();
    pipe(s);
    top.readKeyValuesToList();

    pipe(s);
    driver.advanceWallClockTime(Duration.ofMinutes(1));

    assertThat(top.isEmpty()).as("same story again and a quiet punctuation change no list").isTrue();
    assertThat(registry.get("storyline.publish.lists.emitted").tag("list", "all/24h").counter().count())
        .as("emitted once, for the first version").isEqualTo(1.0);
    assertThat(registry.get("storyline.publish.ranking").timer().count())
        .as("two story updates and one punctuation were ranked").isEqualTo(3);
  }

  @Test
  void shouldRecomputeOnlyAffectedListsWhenNowDoesNotMove() {
    start(PublishConfig.CLOCK_EVENT, 10, T0);
    pipe(story("s-news").lastSeen(T0).build());
    top.readKeyValuesToList();

    pipe(story("s-tool").category(Category.TOOL).lastSeen(T0.minus(Duration.ofMinutes(5))).build());

    List<KeyValue<String, TopList>> out = top.readKeyValuesToList();
    assertThat(out).extracting(kv -> kv.key).containsExactlyInAnyOrder("all/1h", "all/24h", "all/7d", "tools/24h");
    assertThat(ids(out.stream().filter(kv -> kv.key.equals("tools/24h")).findFirst().orElseThrow().value))
        .containsExactly("s-tool");
  }

  @Test
  void shouldLetAStoryDropOutOfTopNAndClimbBack() {
    start(PublishConfig.CLOCK_EVENT, 2, T0);
    pipe(story("s-a").authors(5).posts(5).lastSeen(T0).build());
    pipe(story("s-b").authors(4).posts(4).lastSeen(T0).build());
    pipe(story("s-c").authors(3).posts(3).lastSeen(T0).build());
    assertThat(ids(top.readKeyValuesToMap().get("all/24h"))).containsExactly("s-a", "s-b");

    pipe(story("s-c").authors(12).posts(12).lastSeen(T0).version(2).build());

    TopList list = top.readKeyValuesToMap().get("all/24h");
    assertThat(ids(list)).containsExactly("s-c", "s-a");
    assertThat(list.items()).extracting(TopList.Item::movement).containsExactly(null, -1);
    assertThat(candidateIds()).as("candidates are never cut to N").containsExactlyInAnyOrder("s-a", "s-b", "s-c");
  }

  @Test
  void shouldDropMergedAndDeletedStories() {
    start(PublishConfig.CLOCK_EVENT, 10, T0);
    pipe(story("s-a").authors(5).posts(5).lastSeen(T0).build());
    pipe(story("s-b").authors(4).posts(4).lastSeen(T0).build());
    top.readKeyValuesToList();

    pipe(story("s-b").authors(4).posts(4).lastSeen(T0).mergedInto("s-a").version(2).build());
    assertThat(ids(top.readKeyValuesToMap().get("all/24h"))).containsExactly("s-a");

    stories.pipeInput("s-a", null, T0);
    assertThat(top.readKeyValuesToMap().get("all/24h").items()).isEmpty();
    assertThat(candidateIds()).isEmpty();
  }

  @Test
  void shouldRepublishEveryListAsOfTheWallClockOnPunctuationAndDropStoriesThatLeftTheWindow() {
    start(PublishConfig.CLOCK_WALL, 10, T0);
    pipe(story("s-1").authors(3).posts(3).lastSeen(T0.minus(Duration.ofMinutes(30))).build());
    Map<String, TopList> first = top.readKeyValuesToMap();
    assertThat(ids(first.get("all/1h"))).containsExactly("s-1");
    assertThat(first.get("all/1h").generatedAt()).as("wall clock now").isEqualTo(T0);

    // a punctuation with no new input: same ranking, but every list is re-stamped with the new now
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    Map<String, TopList> refreshed = top.readKeyValuesToMap();
    assertThat(refreshed.keySet()).containsExactlyInAnyOrderElementsOf(first.keySet());
    assertThat(refreshed.get("all/1h").generatedAt()).isEqualTo(T0.plus(Duration.ofSeconds(5)));
    assertThat(ids(refreshed.get("all/1h"))).containsExactly("s-1");

    driver.advanceWallClockTime(Duration.ofMinutes(31));

    Map<String, TopList> out = top.readKeyValuesToMap();
    assertThat(out.get("all/1h").items()).as("s-1 left the 1 h window").isEmpty();
    assertThat(out.get("all/1h").generatedAt()).isAfter(T0.plus(Duration.ofMinutes(30)));
    assertThat(ids(out.get("all/24h"))).containsExactly("s-1");
  }

  @Test
  void shouldPruneCandidatesOlderThanTheWidestWindowOnPunctuation() {
    start(PublishConfig.CLOCK_WALL, 10, T0);
    pipe(story("s-1").lastSeen(T0).build());

    driver.advanceWallClockTime(Duration.ofDays(7).plusMinutes(1));

    assertThat(driver.<String, Story>getKeyValueStore(PublishTopology.CANDIDATES_STORE).get("s-1")).isNull();
    assertThat(top.readKeyValuesToMap().get("all/7d").items()).isEmpty();
  }

  @Test
  void shouldCoalesceStoryUpdatesIntoOneRankingPerRecomputeIntervalAndEmitThemAllByThePunctuation() {
    start(PublishConfig.CLOCK_EVENT, 10, T0, 1_000L);

    // given: the first update is ranked at once, the next two within the same second wait
    pipe(story("s-1").authors(3).posts(3).lastSeen(T0).build());
    var first = top.readKeyValuesToMap();
    pipe(story("s-2").authors(5).posts(5).lastSeen(T0.plusSeconds(1)).build());
    pipe(story("s-3").authors(2).posts(2).lastSeen(T0.plusSeconds(2)).build());
    var waiting = top.readKeyValuesToMap();

    // when: the recompute interval passes on the wall clock
    driver.advanceWallClockTime(java.time.Duration.ofMillis(1_000));
    var flushed = top.readKeyValuesToMap();

    // then: one list with s-1, nothing while waiting, then one list with all three in rank order
    assertThat(ids(first.get("all/7d"))).containsExactly("s-1");
    assertThat(waiting).isEmpty();
    assertThat(registry.get("storyline.publish.lists.pending").gauge().value()).isZero();
    assertThat(ids(flushed.get("all/7d"))).containsExactly("s-2", "s-1", "s-3");
  }

  @Test
  void shouldCoalesceReRankingForTwoHundredMillisecondsByDefault() {
    // given: the default publish settings
    PublishConfig config = new PublishConfig(Map.of(
        PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
        PublishConfig.STATE_DIR_CONFIG, stateDir.toString(),
        PublishConfig.CLOCK_CONFIG, PublishConfig.CLOCK_EVENT));
    driver = new TopologyTestDriver(PublishTopology.build(config, registry), PublishTopology.streamsProperties(config), T0);
    stories = driver.createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
        Topics.STORIES.valueSerde().serializer());
    top = driver.createOutputTopic(Topics.TOP_STORIES.name(), Topics.TOP_STORIES.keySerde().deserializer(),
        Topics.TOP_STORIES.valueSerde().deserializer());
    pipe(story("s-1").authors(3).posts(3).lastSeen(T0).build());
    top.readKeyValuesToMap();

    // when: a second update arrives within the interval, then 199 ms and 200 ms pass on the wall clock
    pipe(story("s-2").authors(5).posts(5).lastSeen(T0.plusSeconds(1)).build());
    driver.advanceWallClockTime(Duration.ofMillis(199));
    var before = top.readKeyValuesToMap();
    driver.advanceWallClockTime(Duration.ofMillis(1));
    var after = top.readKeyValuesToMap();

    // then: the update waits for the interval, then shows
    assertThat(config.recomputeInterval()).isEqualTo(Duration.ofMillis(PublishConfig.DEFAULT_RECOMPUTE_INTERVAL_MS)).isEqualTo(Duration.ofMillis(200));
    assertThat(before).as("lists within 199 ms of the first ranking").isEmpty();
    assertThat(ids(after.get("all/7d"))).containsExactly("s-2", "s-1");
  }

  @Test
  void shouldEndWithTheSameListsWhicheverUpdatesTheWallClockBatchedTogether(@TempDir Path otherStateDir) {
    // given: the same story updates, among them a change of score alone (more authors, same posts)
    List<Story> updates = List.of(
        story("s-1").authors(8).posts(9).lastSeen(T0).build(),
        story("s-2").authors(5).posts(5).lastSeen(T0.plusSeconds(1)).build(),
        story("s-3").authors(2).posts(2).lastSeen(T0.plusSeconds(1)).build(),
        story("s-1").authors(9).posts(9).lastSeen(T0.plusSeconds(1)).version(2).build());

    // when: one run re-ranks after every update, the other only once at the end (default settings)
    Map<String, List<TopList.Item>> eachUpdate = lastLists(stateDir, updates, true);
    Map<String, List<TopList.Item>> atTheEnd = lastLists(otherStateDir, updates, false);

    // then: the last list per id is the same, scores included (movement aside, which depends on the emissions)
    assertThat(atTheEnd).isEqualTo(eachUpdate);
    assertThat(atTheEnd.get("all/7d")).extracting(TopList.Item::storyId).containsExactly("s-1", "s-2", "s-3");
  }

  /** Pipes {@code updates} into a fresh default-configured publish stage and returns its last list per id. */
  private Map<String, List<TopList.Item>> lastLists(Path dir, List<Story> updates, boolean flushEachUpdate) {
    PublishConfig config = new PublishConfig(Map.of(
        PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
        PublishConfig.STATE_DIR_CONFIG, dir.toString(),
        PublishConfig.CLOCK_CONFIG, PublishConfig.CLOCK_EVENT));
    try (TopologyTestDriver d = new TopologyTestDriver(PublishTopology.build(config, new SimpleMeterRegistry()),
        PublishTopology.streamsProperties(config), T0)) {
      var in = d.createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
          Topics.STORIES.valueSerde().serializer());
      var out = d.createOutputTopic(Topics.TOP_STORIES.name(), Topics.TOP_STORIES.keySerde().deserializer(),
          Topics.TOP_STORIES.valueSerde().deserializer());
      for (Story s : updates) {
        in.pipeInput(s.id(), s, s.lastSeen());
        if (flushEachUpdate) {
          d.advanceWallClockTime(Duration.ofMillis(200));
        }
      }
      d.advanceWallClockTime(Duration.ofMillis(200));
      Map<String, List<TopList.Item>> last = new java.util.TreeMap<>();
      out.readKeyValuesToMap().forEach((id, list) -> last.put(id, list.items().stream()
          .map(i -> new TopList.Item(i.rank(), i.storyId(), i.headline(), i.summary(), i.category(), i.score(),
              i.scoreParts(), i.postCount(), i.sources(), i.links(), null))
          .toList()));
      return last;
    }
  }

  @Test
  void shouldRejectANegativeRecomputeInterval() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PublishConfig(Map.of(
            PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092", PublishConfig.RECOMPUTE_INTERVAL_MS_CONFIG, -1L)))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining(PublishConfig.RECOMPUTE_INTERVAL_MS_CONFIG)
        .hasMessageContaining("-1");
  }

  @Test
  void shouldForgetThePendingFetchTimesOfAStoryMergedIntoAnother() {
    start(PublishConfig.CLOCK_EVENT, 1, T0);
    var assignments = driver.createInputTopic(Topics.STORY_ASSIGNMENTS.name(),
        Topics.STORY_ASSIGNMENTS.keySerde().serializer(), Topics.STORY_ASSIGNMENTS.valueSerde().serializer());
    KeyValueStore<String, Long> pendingFetch = driver.getKeyValueStore(PublishTopology.PENDING_FETCH_STORE);
    // given: s-2 below the top 1, with a post whose fetch time waits for a list
    pipe(story("s-1").authors(9).posts(9).lastSeen(T0).build());
    assignments.pipeInput("reddit:t3_b", new io.storyline.common.model.StoryAssignment("reddit:t3_b", "s-2", 0.0, true,
        T0, T0), T0);
    pipe(story("s-2").authors(1).posts(1).lastSeen(T0).build());
    assertThat(pendingFetch.get("s-2")).isNotNull();

    // when: s-2 is merged into s-1
    pipe(story("s-2").authors(1).posts(1).lastSeen(T0).mergedInto("s-1").version(2).build());

    // then: nothing of s-2 stays behind
    assertThat(pendingFetch.get("s-2")).isNull();
    assertThat(candidateIds()).containsExactly("s-1");
  }
}
