package io.storyline.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Source;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.format.NativeFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class ReplayConnectorConfigTest {
  private static List<String> errors(Config validated, String key) {
    return validated.configValues().stream().filter(v -> v.name().equals(key))
        .map(ConfigValue::errorMessages).findFirst().orElseThrow();
  }

  @Test
  void shouldRejectAMissingPathInValidateNamingIt() {
    Map<String, String> props = new HashMap<>(ReplayConnectorConfig.connectorProperties(
        List.of(ReplayPlanTest.replayDir())));
    props.put(ReplayConnectorConfig.PATHS_CONFIG, ReplayPlanTest.replayDir() + ",/no/such/dump.ndjson");

    Config validated = new ReplaySourceConnector().validate(props);

    assertThat(errors(validated, ReplayConnectorConfig.PATHS_CONFIG))
        .singleElement().asString().contains("/no/such/dump.ndjson").contains("does not exist");
  }

  @Test
  void shouldAcceptExistingPathsWithDefaults() {
    Config validated = new ReplaySourceConnector().validate(
        ReplayConnectorConfig.connectorProperties(List.of(ReplayPlanTest.replayDir())));

    assertThat(validated.configValues()).allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    ReplayConnectorConfig config = new ReplayConnectorConfig(
        ReplayConnectorConfig.connectorProperties(List.of(ReplayPlanTest.replayDir())));
    assertThat(config.topicPrefix()).isEqualTo("posts.raw.");
    assertThat(config.batchSize()).isEqualTo(ReplayConnectorConfig.DEFAULT_BATCH_SIZE);
  }

  @Test
  void shouldRequirePaths() {
    assertThatThrownBy(() -> new ReplayConnectorConfig(Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ReplayConnectorConfig.PATHS_CONFIG);
  }

  @Test
  void shouldRejectLiveModesForNow() {
    Map<String, String> props = new HashMap<>(ReplayConnectorConfig.connectorProperties(List.of(ReplayPlanTest.replayDir())));
    props.put(ReplayConnectorConfig.MODE_CONFIG, "live");

    assertThatThrownBy(() -> new ReplayConnectorConfig(props))
        .isInstanceOf(ConfigException.class).hasMessageContaining("mode").hasMessageContaining("live");
  }

  @Test
  void shouldRejectABatchSizeBelowOne() {
    Map<String, String> props = new HashMap<>(ReplayConnectorConfig.connectorProperties(List.of(ReplayPlanTest.replayDir())));
    props.put(ReplayConnectorConfig.BATCH_SIZE_CONFIG, "0");

    assertThatThrownBy(() -> new ReplayConnectorConfig(props))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ReplayConnectorConfig.BATCH_SIZE_CONFIG);
  }

  @Test
  void shouldRouteFormatsToTheCommonRawTopicsWithTheDefaultPrefix() {
    for (NativeFormat format : NativeFormat.values()) {
      String expected = format.source() == null ? Topics.RAW_UNKNOWN.name() : Topics.raw(format.source()).name();
      assertThat(ReplayConnectorConfig.topicFor(format, ReplayConnectorConfig.DEFAULT_TOPIC_PREFIX)).isEqualTo(expected);
    }
    assertThat(ReplayConnectorConfig.topicFor(NativeFormat.ARXIV_ATOM_ENTRY, "test.")).isEqualTo("test." + Source.ARXIV.id());
  }

  @Test
  void shouldAlwaysPlanOneTask() {
    ReplaySourceConnector connector = new ReplaySourceConnector();
    connector.start(ReplayConnectorConfig.connectorProperties(List.of(ReplayPlanTest.replayDir())));

    assertThat(connector.taskConfigs(4)).hasSize(1);
    assertThat(connector.version()).isEqualTo(ReplaySourceConnector.VERSION);
  }
}
