package io.storyline.publish.streams;

import static io.storyline.publish.testing.StoryBuilder.story;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.model.TopList;
import io.storyline.common.topic.Topics;
import io.storyline.publish.PublishConfig;
import io.storyline.publish.PublishTopology;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import io.storyline.common.topic.DeadLetterHeaders;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7, bad input at the publish stage: tombstones on {@code story-assignments} and {@code stories}
 * are skipped or applied and counted; records the stage can't use go to {@code stories.dlq} with their
 * reason; and the stage keeps publishing.
 */
class PublishBadInputTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");

  @TempDir Path stateDir;

  /** The publish stage on a test driver whose wall clock starts at T0, with its topics and meters. */
  private record Stage(TopologyTestDriver driver, SimpleMeterRegistry registry,
      org.apache.kafka.streams.TestInputTopic<String, io.storyline.common.model.Story> stories,
      org.apache.kafka.streams.TestOutputTopic<String, TopList> top,
      org.apache.kafka.streams.TestOutputTopic<String, io.storyline.common.model.Story> dlq) implements AutoCloseable {
    static Stage open(String clock, Path stateDir) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      PublishConfig config = new PublishConfig(Map.of(PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
          PublishConfig.STATE_DIR_CONFIG, stateDir.toString(), PublishConfig.CLOCK_CONFIG, clock));
      TopologyTestDriver driver = new TopologyTestDriver(PublishTopology.build(config, registry),
          PublishTopology.streamsProperties(config), T0);
      return new Stage(driver, registry,
          driver.createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
              Topics.STORIES.valueSerde().serializer()),
          driver.createOutputTopic(Topics.TOP_STORIES.name(), Topics.TOP_STORIES.keySerde().deserializer(),
              Topics.TOP_STORIES.valueSerde().deserializer()),
          driver.createOutputTopic(Topics.STORIES_DLQ.name(), Topics.STORIES.keySerde().deserializer(),
              Topics.STORIES.valueSerde().deserializer()));
    }

    /** @return the story ids of the latest all/24h list */
    java.util.List<String> allDay() {
      return top.readKeyValuesToMap().get("all/24h").items().stream().map(TopList.Item::storyId).toList();
    }

    double counter(String name, String reason) {
      return registry.get(name).tag("reason", reason).counter().count();
    }

    @Override
    public void close() {
      driver.close();
    }
  }

  @Test
  void shouldSkipAndCountATombstoneOnStoryAssignmentsAndKeepPublishing() {
    try (Stage stage = Stage.open(PublishConfig.CLOCK_EVENT, stateDir)) {
      var assignments = stage.driver().createInputTopic(Topics.STORY_ASSIGNMENTS.name(),
          Topics.STORY_ASSIGNMENTS.keySerde().serializer(), Topics.STORY_ASSIGNMENTS.valueSerde().serializer());

      assignments.pipeInput("reddit:t3_gone", (StoryAssignment) null, T0);
      stage.stories().pipeInput("s-gone", null, T0);
      stage.stories().pipeInput("s-1", story("s-1").authors(3).posts(3).lastSeen(T0).build(), T0);

      assertThat(stage.allDay()).containsExactly("s-1");
      assertThat(stage.counter("storyline.publish.assignments.skipped", "tombstone")).isEqualTo(1.0);
    }
  }
  /**
   * Times a Story record can carry in JSON but no Kafka timestamp can (before 1970, after 9999):
   * before, a lastSeen of {@code +1000000000-12-31T23:59:59.999999999Z} reached the processor and
   * {@code toEpochMilli()} threw ArithmeticException, which stopped the stage; now the record is not
   * read: it goes to {@code stories.dlq} with the serde's reason naming field, value and rule
   * (Streams also counts it in {@code dropped-records-total}).
   */
  @Test
  void shouldDeadLetterAStoryWhoseTimesAreOutsideTheYears1970To9999NamingFieldValueAndRuleAndKeepPublishing() {
    String valid = new String(Topics.STORIES.valueSerde().serializer().serialize(Topics.STORIES.name(),
        story("s-bad").authors(3).posts(3).lastSeen(T0).topPost("reddit:t3_b", io.storyline.common.model.Source.REDDIT,
            "https://reddit.com/b").build()), java.nio.charset.StandardCharsets.UTF_8);
    java.util.List<String> bad = java.util.List.of(
        valid.replaceFirst("\"lastSeen\":\"[^\"]*\"", "\"lastSeen\":\"+1000000000-12-31T23:59:59.999999999Z\""),
        valid.replaceFirst("\"firstSeen\":\"[^\"]*\"", "\"firstSeen\":\"-1000000000-01-01T00:00:00Z\""),
        valid.replaceFirst("\"lastSeen\":\"[^\"]*\"", "\"lastSeen\":\"1969-12-31T23:59:59Z\""),
        valid.replaceFirst("(\"topPosts\":\\[\\{[^]]*\"createdAt\":)\"[^\"]*\"", "$1\"+10000-01-01T00:00:00Z\""));
    for (String b : bad) {
      assertThat(b).as("the test changed a time").isNotEqualTo(valid);
    }
    Piped piped = pipeBadStoriesThenAGoodOneAndReadItsList(bad);

    assertThat(piped.dropped()).isEqualTo(bad.size());
    assertThat(piped.deadLetters()).extracting(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
        .as("the original bytes, in order").containsExactlyElementsOf(bad);
    assertThat(piped.deadLetters()).allSatisfy(r -> assertThat(header(r, DeadLetterHeaders.REASON))
        .matches("(?s).*(firstSeen|lastSeen|createdAt) '[-+0-9:.TZ]+'.*").contains("the years 1970 to 9999"));
    for (String b : bad) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Topics.STORIES.valueSerde().deserializer()
              .deserialize(Topics.STORIES.name(), b.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
          .hasMessageMatching("(?s).*(firstSeen|lastSeen|createdAt) '[-+0-9:.TZ]+'.*")
          .hasMessageContaining("the years 1970 to 9999");
    }
  }
  /**
   * A {@code sourceCounts} entry without a count ({@code {"REDDIT":null}}) or with a negative one:
   * before, the null was kept (EnumMap allows it) and unboxing it in the ranker's source count threw
   * NullPointerException, which stopped the stage; now the record is not read, goes to {@code
   * stories.dlq}, and the serde names the story, the field, the value and the rule.
   */
  @Test
  void shouldDeadLetterAStoryWithANullOrNegativeSourceCountNamingStoryFieldValueAndRuleAndKeepPublishing() {
    String valid = new String(Topics.STORIES.valueSerde().serializer().serialize(Topics.STORIES.name(),
        story("s-bad").authors(3).posts(3).lastSeen(T0).build()), java.nio.charset.StandardCharsets.UTF_8);
    java.util.List<String> bad = java.util.List.of(
        valid.replaceFirst("\"sourceCounts\":\\{[^}]*\\}", "\"sourceCounts\":{\"REDDIT\":null}"),
        valid.replaceFirst("\"sourceCounts\":\\{[^}]*\\}", "\"sourceCounts\":{\"REDDIT\":3,\"TWITTER\":-2}"));
    for (String b : bad) {
      assertThat(b).as("the test changed the counts").isNotEqualTo(valid);
    }
    Piped piped = pipeBadStoriesThenAGoodOneAndReadItsList(bad);
    assertThat(piped.dropped()).as("records not read").isEqualTo(bad.size());
    assertThat(piped.deadLetters()).hasSize(bad.size()).allSatisfy(r -> {
      assertThat(header(r, DeadLetterHeaders.REASON)).contains("story s-bad sourceCounts");
      assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("publish");
      assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topics.STORIES.name());
      assertThat(r.topic()).isEqualTo(Topics.STORIES_DLQ.name());
    });

    for (String b : bad) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Topics.STORIES.valueSerde().deserializer()
              .deserialize(Topics.STORIES.name(), b.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
          .hasMessageContaining("story s-bad sourceCounts").hasMessageMatching("(?s).*(REDDIT=null|TWITTER=-2).*")
          .hasMessageContaining("a count of 0 or more");
    }
  }

  /**
   * Pipes each of {@code bad} as raw bytes on {@code stories} (key s-bad), then a good story s-1, and asserts that
   * all/24h lists exactly s-1: the stage kept publishing.
   *
   * @return Streams' {@code dropped-records-total}, summed over its tasks, and the records on {@code stories.dlq}
   */
  private Piped pipeBadStoriesThenAGoodOneAndReadItsList(java.util.List<String> bad) {
    try (Stage stage = Stage.open(PublishConfig.CLOCK_WALL, stateDir)) {
      var raw = stage.driver().createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
          org.apache.kafka.common.serialization.Serdes.ByteArray().serializer());
      for (String b : bad) {
        raw.pipeInput("s-bad", b.getBytes(java.nio.charset.StandardCharsets.UTF_8), T0);
      }
      stage.stories().pipeInput("s-1", story("s-1").authors(3).posts(3).lastSeen(T0).build(), T0);
      stage.driver().advanceWallClockTime(java.time.Duration.ofMinutes(10));

      assertThat(stage.allDay()).containsExactly("s-1");
      double dropped = stage.driver().metrics().entrySet().stream()
          .filter(e -> e.getKey().name().equals("dropped-records-total"))
          .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
      return new Piped(dropped, deadLettersOf(bad));
    }
  }

  /**
   * What the stage's deserialisation handler sends to {@code stories.dlq} for each of {@code bad} (read at
   * offsets 0, 1, ...): TopologyTestDriver does not pass a handler's dead letters to its output topics, so they
   * are taken from the handler itself; the same base handler is checked on a real broker by ClusterDeadLetterIT.
   */
  private static java.util.List<ProducerRecord<byte[], byte[]>> deadLettersOf(java.util.List<String> bad) {
    java.util.List<ProducerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
    for (int i = 0; i < bad.size(); i++) {
      byte[] value = bad.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Exception error = org.assertj.core.api.Assertions.catchException(
          () -> Topics.STORIES.valueSerde().deserializer().deserialize(Topics.STORIES.name(), value));
      assertThat(error).as("not readable: " + bad.get(i)).isNotNull();
      var response = new DeadLetterDeserializationHandler().handleError(null,
          new ConsumerRecord<>(Topics.STORIES.name(), 0, i, "s-bad".getBytes(java.nio.charset.StandardCharsets.UTF_8),
              value), error);
      assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
      out.addAll(response.deadLetterQueueRecords());
    }
    return out;
  }

  private record Piped(double dropped, java.util.List<ProducerRecord<byte[], byte[]>> deadLetters) {}

  private static String header(ProducerRecord<?, ?> record, String key) {
    var h = record.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String header(TestRecord<?, ?> record, String key) {
    var h = record.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * A story last seen far in the future (a wrong clock, a forged record): before, with the event clock
   * it moved the ranking "now" to 9999 for good, so every real story looked thousands of years old and
   * was pruned; with the wall clock it would top every list. Now it goes to {@code stories.dlq} with a
   * reason naming the story, the field, the value and the rule, and the lists stay those of the real
   * stories, in both clocks.
   */
  @Test
  void shouldDeadLetterAStoryLastSeenMoreThanAnHourAfterTheWallClockAndKeepTheClockAndListsInBothClocks() {
    for (String clock : java.util.List.of(PublishConfig.CLOCK_EVENT, PublishConfig.CLOCK_WALL)) {
      try (Stage stage = Stage.open(clock, stateDir.resolve(clock))) {
        stage.stories().pipeInput("s-1", story("s-1").authors(3).posts(3).lastSeen(T0.minusSeconds(60)).build(), T0);
        Instant future = Instant.parse("9999-12-31T00:00:00Z");
        stage.stories().pipeInput("s-future", story("s-future").authors(50).posts(50).lastSeen(future).build(), T0);
        Instant skewed = T0.plus(java.time.Duration.ofMinutes(30));
        stage.stories().pipeInput("s-skewed", story("s-skewed").authors(2).posts(2).lastSeen(skewed).build(), T0);
        stage.driver().advanceWallClockTime(java.time.Duration.ofMinutes(10));

        TopList all = stage.top().readKeyValuesToMap().get("all/24h");
        assertThat(all.items()).as(clock + ": the future story is not ranked; 30 min of skew is allowed")
            .extracting(TopList.Item::storyId).containsExactlyInAnyOrder("s-1", "s-skewed");
        assertThat(stage.dlq().readRecordsToList()).as(clock).singleElement().satisfies(r -> {
          assertThat(r.key()).isEqualTo("s-future");
          assertThat(r.value().lastSeen()).isEqualTo(future);
          assertThat(header(r, DeadLetterHeaders.REASON)).contains("story s-future lastSeen '" + future + "'")
              .contains("at most 60 min ahead");
          assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("publish");
        });
        assertThat(stage.counter("storyline.publish.stories.dead.letters", "future-last-seen")).isEqualTo(1.0);
        if (clock.equals(PublishConfig.CLOCK_EVENT)) {
          assertThat(all.generatedAt()).as("the event clock is the newest accepted lastSeen").isEqualTo(skewed);
        }
      }
    }
  }

  @Test
  void shouldDeadLetterAStoriesRecordWithNeitherKeyNorValueAndKeepPublishing() {
    try (Stage stage = Stage.open(PublishConfig.CLOCK_WALL, stateDir)) {
      stage.stories().pipeInput((String) null, null, T0);
      stage.stories().pipeInput("s-1", story("s-1").authors(3).posts(3).lastSeen(T0).build(), T0);

      assertThat(stage.allDay()).containsExactly("s-1");
      assertThat(stage.dlq().readRecordsToList()).singleElement().satisfies(r ->
          assertThat(header(r, DeadLetterHeaders.REASON)).contains("neither key nor value"));
      assertThat(stage.counter("storyline.publish.stories.dead.letters", "no-id")).isEqualTo(1.0);
    }
  }
}
