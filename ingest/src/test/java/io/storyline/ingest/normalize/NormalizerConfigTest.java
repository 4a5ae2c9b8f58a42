package io.storyline.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class NormalizerConfigTest {
  @Test
  void shouldReadDatesAsWholeUtcDays() {
    NormalizerConfig config = new NormalizerConfig(Map.of("bootstrap.servers", "b:1",
        NormalizerConfig.CREATED_FROM_CONFIG, "2025-07-07", NormalizerConfig.CREATED_TO_CONFIG, "2025-07-07"));

    CreatedRange range = config.createdRange();
    assertThat(range.from()).isEqualTo(Instant.parse("2025-07-07T00:00:00Z"));
    assertThat(range.contains(Instant.parse("2025-07-07T23:59:59.999999999Z"))).isTrue();
    assertThat(range.contains(Instant.parse("2025-07-08T00:00:00Z"))).isFalse();
    assertThat(range.contains(Instant.parse("2025-07-06T23:59:59Z"))).isFalse();
  }

  @Test
  void shouldReadInstantsAsInclusiveBounds() {
    CreatedRange range = new NormalizerConfig(Map.of("bootstrap.servers", "b:1",
        NormalizerConfig.CREATED_TO_CONFIG, "2025-07-07T12:00:00Z")).createdRange();

    assertThat(range.from()).isNull();
    assertThat(range.contains(Instant.parse("2025-07-07T12:00:00Z"))).isTrue();
    assertThat(range.contains(Instant.parse("2025-07-07T12:00:00.001Z"))).isFalse();
  }

  @Test
  void shouldDefaultToNoRangeAndAWeekOfDedupe() {
    NormalizerConfig config = new NormalizerConfig(Map.of("bootstrap.servers", "b:1"));

    assertThat(config.createdRange()).isEqualTo(CreatedRange.ALL);
    assertThat(config.dedupeRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.applicationId()).isEqualTo("storyline-normalizer");
  }

  @Test
  void shouldRejectATimeThatIsNeitherInstantNorDateNamingKeyAndValue() {
    assertThatThrownBy(() -> new NormalizerConfig(Map.of("bootstrap.servers", "b:1",
        NormalizerConfig.CREATED_FROM_CONFIG, "yesterday")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(NormalizerConfig.CREATED_FROM_CONFIG)
        .hasMessageContaining("yesterday")
        .hasMessageContaining("ISO-8601");
  }

  @Test
  void shouldRejectARangeWhoseStartIsAfterItsEnd() {
    assertThatThrownBy(() -> new NormalizerConfig(Map.of("bootstrap.servers", "b:1",
        NormalizerConfig.CREATED_FROM_CONFIG, "2025-07-08", NormalizerConfig.CREATED_TO_CONFIG, "2025-07-07")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("2025-07-08")
        .hasMessageContaining("after its end");
  }

  @Test
  void shouldRejectZeroRetention() {
    assertThatThrownBy(() -> new NormalizerConfig(Map.of("bootstrap.servers", "b:1",
        NormalizerConfig.DEDUPE_RETENTION_HOURS_CONFIG, "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(NormalizerConfig.DEDUPE_RETENTION_HOURS_CONFIG);
  }

  @Test
  void shouldMergeWithoutWaitingForQuietSourcesByDefaultAndWaitAsLongAsTheMergeWaitSays() {
    NormalizerConfig live = new NormalizerConfig(Map.of("bootstrap.servers", "b:1"));
    NormalizerConfig replay = new NormalizerConfig(Map.of("bootstrap.servers", "b:1",
        NormalizerConfig.MERGE_WAIT_MS_CONFIG, Long.toString(NormalizerConfig.REPLAY_MERGE_WAIT_MS)));

    assertThat(NormalizerTopology.streamsProperties(live)).containsEntry("max.task.idle.ms", 0L);
    assertThat(NormalizerTopology.streamsProperties(replay)).containsEntry("max.task.idle.ms", 2_000L);
  }

  @Test
  void shouldLetAKafkaOverrideOfMaxTaskIdleWinOverTheMergeWait() {
    NormalizerConfig config = new NormalizerConfig(Map.of("bootstrap.servers", "b:1",
        NormalizerConfig.MERGE_WAIT_MS_CONFIG, "2000", "kafka.max.task.idle.ms", "-1"));

    assertThat(NormalizerTopology.streamsProperties(config)).containsEntry("max.task.idle.ms", "-1");
  }

  @Test
  void shouldRejectANegativeMergeWaitNamingKeyAndValue() {
    assertThatThrownBy(() -> new NormalizerConfig(Map.of("bootstrap.servers", "b:1",
        NormalizerConfig.MERGE_WAIT_MS_CONFIG, "-5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(NormalizerConfig.MERGE_WAIT_MS_CONFIG)
        .hasMessageContaining("-5");
  }
}
