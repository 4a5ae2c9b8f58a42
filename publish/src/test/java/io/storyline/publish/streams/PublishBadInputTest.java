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
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7, bad input at the publish stage: tombstones on {@code story-assignments} and {@code stories}
 * are skipped or applied, counted, and the stage keeps publishing.
 */
class PublishBadInputTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");

  @TempDir Path stateDir;

  @Test
  void shouldSkipAndCountATombstoneOnStoryAssignmentsAndKeepPublishing() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PublishConfig config = new PublishConfig(Map.of(PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
        PublishConfig.STATE_DIR_CONFIG, stateDir.toString(), PublishConfig.CLOCK_CONFIG, PublishConfig.CLOCK_EVENT));
    try (TopologyTestDriver driver = new TopologyTestDriver(PublishTopology.build(config, registry),
        PublishTopology.streamsProperties(config), T0)) {
      var assignments = driver.createInputTopic(Topics.STORY_ASSIGNMENTS.name(),
          Topics.STORY_ASSIGNMENTS.keySerde().serializer(), Topics.STORY_ASSIGNMENTS.valueSerde().serializer());
      var stories = driver.createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
          Topics.STORIES.valueSerde().serializer());
      var top = driver.createOutputTopic(Topics.TOP_STORIES.name(), Topics.TOP_STORIES.keySerde().deserializer(),
          Topics.TOP_STORIES.valueSerde().deserializer());

      assignments.pipeInput("reddit:t3_gone", (StoryAssignment) null, T0);
      stories.pipeInput("s-gone", null, T0);
      stories.pipeInput("s-1", story("s-1").authors(3).posts(3).lastSeen(T0).build(), T0);

      TopList all = top.readKeyValuesToMap().get("all/24h");
      assertThat(all.items()).extracting(TopList.Item::storyId).containsExactly("s-1");
      assertThat(registry.get("storyline.publish.assignments.skipped").tag("reason", "tombstone").counter().count())
          .isEqualTo(1.0);
    }
  }
  /**
   * Times a Story record can carry in JSON but no Kafka timestamp can (before 1970, after 9999):
   * before, a lastSeen of {@code +1000000000-12-31T23:59:59.999999999Z} reached the processor and
   * {@code toEpochMilli()} threw ArithmeticException, which stopped the stage; now the record is not
   * read (log and continue, Streams' {@code dropped-records-total}) and the serde names field, value
   * and rule.
   */
  @Test
  void shouldSkipAStoryWhoseTimesAreOutsideTheYears1970To9999NamingFieldValueAndRuleAndKeepPublishing() {
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
    double dropped = pipeBadStoriesThenAGoodOneAndReadItsList(bad);

    assertThat(dropped).isEqualTo(bad.size());
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
   * NullPointerException, which stopped the stage; now the record is not read and the serde names
   * the story, the field, the value and the rule.
   */
  @Test
  void shouldSkipAStoryWithANullOrNegativeSourceCountNamingStoryFieldValueAndRuleAndKeepPublishing() {
    String valid = new String(Topics.STORIES.valueSerde().serializer().serialize(Topics.STORIES.name(),
        story("s-bad").authors(3).posts(3).lastSeen(T0).build()), java.nio.charset.StandardCharsets.UTF_8);
    java.util.List<String> bad = java.util.List.of(
        valid.replaceFirst("\"sourceCounts\":\\{[^}]*\\}", "\"sourceCounts\":{\"REDDIT\":null}"),
        valid.replaceFirst("\"sourceCounts\":\\{[^}]*\\}", "\"sourceCounts\":{\"REDDIT\":3,\"TWITTER\":-2}"));
    for (String b : bad) {
      assertThat(b).as("the test changed the counts").isNotEqualTo(valid);
    }
    assertThat(pipeBadStoriesThenAGoodOneAndReadItsList(bad)).as("records not read").isEqualTo(bad.size());

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
   * @return Streams' {@code dropped-records-total}, summed over its tasks
   */
  private double pipeBadStoriesThenAGoodOneAndReadItsList(java.util.List<String> bad) {
    PublishConfig config = new PublishConfig(Map.of(PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
        PublishConfig.STATE_DIR_CONFIG, stateDir.toString()));
    try (TopologyTestDriver driver = new TopologyTestDriver(PublishTopology.build(config, new SimpleMeterRegistry()),
        PublishTopology.streamsProperties(config), T0)) {
      var raw = driver.createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
          org.apache.kafka.common.serialization.Serdes.ByteArray().serializer());
      var stories = driver.createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
          Topics.STORIES.valueSerde().serializer());
      var top = driver.createOutputTopic(Topics.TOP_STORIES.name(), Topics.TOP_STORIES.keySerde().deserializer(),
          Topics.TOP_STORIES.valueSerde().deserializer());
      for (String b : bad) {
        raw.pipeInput("s-bad", b.getBytes(java.nio.charset.StandardCharsets.UTF_8), T0);
      }
      stories.pipeInput("s-1", story("s-1").authors(3).posts(3).lastSeen(T0).build(), T0);
      driver.advanceWallClockTime(java.time.Duration.ofMinutes(10));

      TopList all = top.readKeyValuesToMap().get("all/24h");
      assertThat(all.items()).extracting(TopList.Item::storyId).containsExactly("s-1");
      return driver.metrics().entrySet().stream().filter(e -> e.getKey().name().equals("dropped-records-total"))
          .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }
  }
}
