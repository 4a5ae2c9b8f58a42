package io.storyline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storyline.cluster.core.StoryState;
import io.storyline.cluster.internal.DeadLetterDeserializationHandler;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.topic.DeadLetterHeaders;
import io.storyline.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7, bad input at the cluster stage: every {@code posts} record it cannot use is dead-lettered
 * with a reason or handled (skipped and counted, repaired, assigned once), and the stage goes on: a
 * good post after it is still assigned.
 */
class ClusterBadInputTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");

  @TempDir Path tmp;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, Post> posts;
  private TestInputTopic<String, byte[]> rawPosts;
  private TestOutputTopic<String, StoryAssignment> assignments;
  private TestOutputTopic<String, Story> stories;
  private TestOutputTopic<byte[], byte[]> dlq;
  private int good;

  @BeforeEach
  void start() {
    ClusterConfig config = new ClusterConfig(Map.of("bootstrap.servers", "unused:9092", "state.dir", tmp.toString(),
        "cluster.application.id", "cluster-bad-input-test"));
    driver = new TopologyTestDriver(ClusterTopology.build(config, registry), ClusterTopology.streamsProperties(config), T0);
    posts = driver.createInputTopic(Topics.POSTS.name(), Serdes.String().serializer(), StorylineSerdes.post().serializer());
    rawPosts = driver.createInputTopic(Topics.POSTS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    assignments = driver.createOutputTopic(Topics.STORY_ASSIGNMENTS.name(), Serdes.String().deserializer(),
        StorylineSerdes.assignment().deserializer());
    stories = driver.createOutputTopic(Topics.STORIES.name(), Serdes.String().deserializer(), StorylineSerdes.story().deserializer());
    dlq = driver.createOutputTopic(Topics.POSTS_DLQ.name(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private static Post post(String id, String title, String text) {
    return Post.builder(Source.REDDIT, "t3_" + id).author("u-" + id).title(title).text(text).createdAt(T0).build();
  }

  /** Pipes a good post and checks it is assigned: the stage is still running. */
  private void assertStillAssigning() {
    good++;
    Post p = post("good" + good, "Kimi K2 released with open weights " + good, "");
    posts.pipeInput(p.id(), p, T0);
    assertThat(assignments.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(p.id());
    publishSnapshots();
    stories.readKeyValuesToList();
  }

  /** Lets one snapshot interval of wall-clock time pass: the changed stories are published. */
  private void publishSnapshots() {
    driver.advanceWallClockTime(java.time.Duration.ofMillis(100));
  }

  /** @return the stage in the partitioned mode with {@code partitions} local partitions, state under tmp/{@code name} */
  private TopologyTestDriver partitionedDriver(String name, int partitions) {
    Map<String, Object> partitioned = new java.util.HashMap<>(Map.of("bootstrap.servers", "unused:9092",
        "state.dir", tmp.resolve(name).toString(), "cluster.application.id", "cluster-bad-input-test-" + name));
    partitioned.put(ClusterConfig.PARTITIONS_CONFIG, Integer.toString(partitions));
    ClusterConfig pc = new ClusterConfig(partitioned);
    return new TopologyTestDriver(ClusterStage.topology(pc, new SimpleMeterRegistry()), ClusterStage.streamsProperties(pc),
        T0);
  }

  private double droppedRecords() {
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
      if (e.getKey().name().equals("dropped-records-total") && e.getValue().metricValue() instanceof Number n) {
        sum += n.doubleValue();
      }
    }
    return sum;
  }

  private static String header(Headers headers, String key) {
    Header h = headers.lastHeader(key);
    assertThat(h).as("header %s", key).isNotNull();
    return new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldSkipAndCountATombstoneOnPosts() {
    posts.pipeInput("reddit:t3_gone", null, T0);

    assertThat(assignments.isEmpty()).isTrue();
    assertThat(stories.isEmpty()).isTrue();
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(registry.get("storyline.cluster.posts.skipped").tag("reason", "tombstone").counter().count()).isEqualTo(1.0);
    assertStillAssigning();
  }

  @Test
  void shouldDeadLetterUnreadablePostRecordsWithTheReasonAndKeepAssigning() {
    String valid = new String(StorylineSerdes.post().serializer().serialize(Topics.POSTS.name(),
        post("x", "A title", "text")), StandardCharsets.UTF_8);
    List<String> bad = List.of(
        valid.substring(0, valid.length() / 2), // truncated
        "not json at all",
        valid.replaceFirst("\"createdAt\":\"[^\"]*\",?", ""), // a post must have createdAt
        valid.replaceFirst("\"createdAt\":\"[^\"]*\"", "\"createdAt\":\"yesterday\""), // wrong type
        valid.replaceFirst("\"source\":\"[^\"]*\"", "\"source\":\"myspace\""), // unknown enum
        "[1,2,3]");
    for (String b : bad) {
      rawPosts.pipeInput(new TestRecord<>("reddit:t3_x", b.getBytes(StandardCharsets.UTF_8), T0));
    }
    assertThat(droppedRecords()).as("Streams' dropped-records-total counts each").isEqualTo(bad.size());
    assertThat(assignments.isEmpty()).isTrue();
    assertStillAssigning();
    // TopologyTestDriver does not pass a deserialisation handler's dead letters to its output topics:
    // what the handler sends is checked below and on a real broker in ClusterDeadLetterIT
    for (int i = 0; i < bad.size(); i++) {
      byte[] value = bad.get(i).getBytes(StandardCharsets.UTF_8);
      Exception error;
      try {
        StorylineSerdes.post().deserializer().deserialize(Topics.POSTS.name(), value);
        throw new AssertionError("should not deserialize: " + bad.get(i));
      } catch (org.apache.kafka.common.errors.SerializationException e) {
        error = e;
      }
      var record = new org.apache.kafka.clients.consumer.ConsumerRecord<>(Topics.POSTS.name(), 0, i,
          "reddit:t3_x".getBytes(StandardCharsets.UTF_8), value);
      var response = new DeadLetterDeserializationHandler().handleError(null, record, error);
      assertThat(response.result()).isEqualTo(org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result.RESUME);
      assertThat(response.deadLetterQueueRecords()).hasSize(1);
      var d = response.deadLetterQueueRecords().get(0);
      assertThat(d.topic()).isEqualTo(Topics.POSTS_DLQ.name());
      assertThat(d.value()).isEqualTo(value);
      assertThat(d.key()).isEqualTo("reddit:t3_x".getBytes(StandardCharsets.UTF_8));
      assertThat(header(d.headers(), DeadLetterHeaders.STAGE)).isEqualTo("cluster");
      assertThat(header(d.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("posts");
      assertThat(header(d.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(Integer.toString(i));
      assertThat(header(d.headers(), DeadLetterHeaders.ERROR_CLASS)).isEqualTo(
          "org.apache.kafka.common.errors.SerializationException");
      assertThat(header(d.headers(), DeadLetterHeaders.REASON)).as(bad.get(i)).startsWith("record posts-0@" + i)
          .contains("can't be read").contains("Unable to deserialize Post from topic posts");
    }
    assertThat(DeadLetterDeserializationHandler.STAGE).isEqualTo("cluster");
  }

  @Test
  void shouldIgnoreUnknownFieldsOfAPostRecord() {
    Post p = post("u1", "Grok 4 benchmarks", "");
    String json = new String(StorylineSerdes.post().serializer().serialize(Topics.POSTS.name(), p), StandardCharsets.UTF_8);
    String extended = "{\"addedNextYear\":{\"nested\":[1,\"x\"]}," + json.substring(1);

    rawPosts.pipeInput(new TestRecord<>(p.id(), extended.getBytes(StandardCharsets.UTF_8), T0));

    assertThat(assignments.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(p.id());
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldAssignAnEditedCopyOfAPostOnceAndCountItAsADuplicate() {
    Post first = post("e1", "Kimi K2 released", "first version");
    Post edit = first.toBuilder().text("EDIT: benchmark numbers were wrong").build();

    posts.pipeInput(first.id(), first, T0);
    posts.pipeInput(edit.id(), edit, T0.plusSeconds(60));
    posts.pipeInput(first.id(), first, T0.plusSeconds(120));

    List<StoryAssignment> out = assignments.readValuesToList();
    assertThat(out).hasSize(3).extracting(StoryAssignment::storyId).containsOnly(out.get(0).storyId());
    publishSnapshots();
    assertThat(stories.readValuesToList()).as("only the first copy changes a story").hasSize(1)
        .allMatch(s -> s.postCount() == 1);
    assertThat(registry.get("storyline.cluster.posts").tag("decision", "duplicate").counter().count()).isEqualTo(2.0);
  }

  @Test
  void shouldClusterPostsOfOnlyEmojiInvisibleCharactersOrRtlTextWithoutFailing() {
    List<Post> odd = List.of(
        post("emoji", "\uD83D\uDE80\uD83D\uDD25\uD83E\uDD16", "\uD83D\uDC68\u200D\uD83D\uDCBB \uD83C\uDDFA\uD83C\uDDE6"),
        post("invisible", "\u200B\u200C\u200D\u2060\uFEFF", "\u202E\u2066\u2069\u200F"),
        post("rtl", "\u0646\u0645\u0648\u0630\u062C \u0643\u064A\u0645\u064A K2 \u0645\u0641\u062A\u0648\u062D", "\u05E2\u05D1\u05E8\u05D9\u05EA"),
        post("empty", null, ""),
        post("surrogate", "broken \uD83D half", "and \uDE80 the other half https://github.com/moonshot/kimi-k2\uD83D"));

    for (Post p : odd) {
      posts.pipeInput(p.id(), p, T0);
    }

    assertThat(assignments.readKeyValuesToList()).extracting(kv -> kv.key).containsExactlyElementsOf(odd.stream().map(Post::id).toList());
    publishSnapshots();
    List<Story> out = stories.readValuesToList();
    assertThat(out).hasSize(odd.size());
    for (Story s : out) {
      assertThat(StorylineSerdes.story().serializer().serialize(Topics.STORIES.name(), s)).hasSizeLessThan(1 << 20);
    }
    assertThat(registry.get("storyline.cluster.posts.repaired").tag("fix", "surrogates").counter().count()).isEqualTo(1.0);
    // the stored state of every story is read back through the store's serde
    KeyValueStore<String, StoryState> state = driver.getKeyValueStore(ClusterTopology.STORY_STATE_STORE);
    for (Story s : out) {
      assertThat(state.get(s.id())).as(s.id()).isNotNull();
    }
    assertThat(dlq.isEmpty()).isTrue();
    assertStillAssigning();
  }

  @Test
  void shouldClusterAPostWithFiveMegabytesOfTextIntoAStoryRecordUnderOneMebibyte() {
    // straight onto posts, past the Normalizer's limits (a 5 MB record needs max.message.bytes raised)
    Post huge = post("huge", "Kimi K2 ".repeat(700_000), "Kimi K2 local inference notes. ".repeat(170_000));

    posts.pipeInput(huge.id(), huge, T0);

    assertThat(assignments.readKeyValuesToList()).hasSize(1);
    publishSnapshots();
    Story s = stories.readValue();
    assertThat(StorylineSerdes.story().serializer().serialize(Topics.STORIES.name(), s).length).isLessThan(1 << 20);
    assertThat(s.headline()).startsWith("Kimi K2 Kimi K2").hasSizeLessThanOrEqualTo(io.storyline.cluster.internal.PostText.TITLE_MAX_CHARS);
    assertThat(registry.get("storyline.cluster.posts.repaired").tag("fix", "bounded").counter().count()).isEqualTo(1.0);
    assertStillAssigning();
  }
  /**
   * Times a Post record can carry in JSON but no Kafka timestamp can: the years before 1970 and after
   * 9999 (ISO-8601 allows {@code +1000000000}). Before, such a post reached the clustering core and a
   * {@code DateTimeException} (StoryClusterer.closeIdle) or {@code ArithmeticException} stopped the
   * stage; found by {@code PostsTopicInputPropertyTest} (partitioned mode, seed 5329189662036262044).
   */
  @Test
  void shouldDeadLetterAPostWhoseTimesAreOutsideTheYears1970To9999NamingFieldValueAndRuleInBothModes() {
    String valid = new String(StorylineSerdes.post().serializer().serialize(Topics.POSTS.name(),
        post("t", "Kimi K2 released", "text")), StandardCharsets.UTF_8);
    List<String> bad = List.of(
        valid.replaceFirst("\"createdAt\":\"[^\"]*\"", "\"createdAt\":\"-1000000000-01-01T00:00:00Z\""),
        valid.replaceFirst("\"createdAt\":\"[^\"]*\"", "\"createdAt\":\"+1000000000-12-31T23:59:59.999999999Z\""),
        valid.replaceFirst("\"createdAt\":\"[^\"]*\"", "\"createdAt\":\"1969-12-31T23:59:59Z\""),
        valid.replaceFirst("\"fetchedAt\":\"[^\"]*\"", "\"fetchedAt\":\"+10000-01-01T00:00:00Z\""));
    for (String b : bad) {
      assertThat(b).as("the test changed a time").isNotEqualTo(valid);
    }
    try (TopologyTestDriver p = partitionedDriver("partitioned", 3)) {
      var pIn = p.createInputTopic(Topics.POSTS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
      var pOut = p.createOutputTopic(Topics.STORY_ASSIGNMENTS.name(), Serdes.String().deserializer(),
          StorylineSerdes.assignment().deserializer());
      for (String b : bad) {
        rawPosts.pipeInput(new TestRecord<>("reddit:t3_t", b.getBytes(StandardCharsets.UTF_8), T0));
        pIn.pipeInput(new TestRecord<>("reddit:t3_t", b.getBytes(StandardCharsets.UTF_8), T0));
      }
      assertThat(assignments.isEmpty()).isTrue();
      assertThat(pOut.isEmpty()).isTrue();
      assertThat(droppedRecords()).isEqualTo(bad.size());
      Post good = post("after", "Grok 4 benchmarks", "");
      pIn.pipeInput(new TestRecord<>(good.id(), StorylineSerdes.post().serializer().serialize(Topics.POSTS.name(), good), T0));
      assertThat(pOut.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(good.id());
    }
    assertStillAssigning();
    for (String b : bad) {
      assertThatThrownBy(() -> StorylineSerdes.post().deserializer().deserialize(Topics.POSTS.name(),
          b.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
          .hasMessageContaining("reddit:t3_t").hasMessageMatching("(?s).*(createdAt|fetchedAt) '[-+0-9:.TZ]+'.*")
          .hasMessageContaining("the years 1970 to 9999");
    }
  }

  /**
   * A post created in the future, written to {@code posts} by another producer (the normalizer refuses
   * it): before, it moved the stage's event-time watermark to 9999 and every open story was closed as idle,
   * so the next post on the same story opened a new one. Now it is not read, in both modes: it goes to
   * {@code posts.dlq} (via the deserialization handler) with a reason naming post, field, value and rule.
   */
  @Test
  void shouldDeadLetterAPostCreatedMoreThanAnHourInTheFutureAndKeepItsStoriesOpenInBothModes() {
    Post first = Post.builder(Source.REDDIT, "t3_first").author("a").title("Kimi K2 released with open weights")
        .createdAt(T0).build();
    Post future = Post.builder(Source.REDDIT, "t3_future").author("b").title("Grok 4 benchmarks")
        .createdAt(Instant.parse("9999-12-31T00:00:00Z")).build();
    Post second = Post.builder(Source.REDDIT, "t3_second").author("c").title("Kimi K2 released with open weights")
        .createdAt(T0.plusSeconds(60)).build();
    posts.pipeInput(first.id(), first, T0);
    posts.pipeInput(future.id(), future, T0);
    posts.pipeInput(second.id(), second, T0);

    List<StoryAssignment> single = assignments.readValuesToList();
    assertThat(single).extracting(StoryAssignment::postId).containsExactly(first.id(), second.id());
    assertThat(single.get(1).storyId()).as("the story stayed open").isEqualTo(single.get(0).storyId());
    assertThat(droppedRecords()).isEqualTo(1.0);

    try (TopologyTestDriver p = partitionedDriver("partitioned-future", 1)) {
      var pIn = p.createInputTopic(Topics.POSTS.name(), Serdes.String().serializer(), StorylineSerdes.post().serializer());
      var pOut = p.createOutputTopic(Topics.STORY_ASSIGNMENTS.name(), Serdes.String().deserializer(),
          StorylineSerdes.assignment().deserializer());
      pIn.pipeInput(first.id(), first, T0);
      pIn.pipeInput(future.id(), future, T0);
      pIn.pipeInput(second.id(), second, T0);
      List<StoryAssignment> out = pOut.readValuesToList();
      assertThat(out).extracting(StoryAssignment::postId).containsExactly(first.id(), second.id());
      assertThat(out.get(1).storyId()).as("partitioned: the story stayed open").isEqualTo(out.get(0).storyId());
    }

    byte[] bytes = StorylineSerdes.post().serializer().serialize(Topics.POSTS.name(), future);
    long wall = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    assertThatThrownBy(() -> new io.storyline.cluster.internal.PostsInputDeserializer(() -> wall)
        .deserialize(Topics.POSTS.name(), bytes))
        .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
        .hasMessageContaining("post reddit:t3_future createdAt '9999-12-31T00:00:00Z'")
        .hasMessageContaining("at most 60 min ahead");
    Post skewed = Post.builder(Source.REDDIT, "t3_skewed").title("x").createdAt(Instant.ofEpochMilli(wall).plusSeconds(1800))
        .build();
    assertThat(new io.storyline.cluster.internal.PostsInputDeserializer(() -> wall).deserialize(Topics.POSTS.name(),
        StorylineSerdes.post().serializer().serialize(Topics.POSTS.name(), skewed))).as("30 min of skew passes")
        .isEqualTo(skewed);
  }
}
