package io.storyline.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class CommonConfigTest {

  @Test
  void shouldNameTheKeyWhenBootstrapServersIsMissing() {
    assertThatThrownBy(() -> new CommonConfig(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(CommonConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  @Test
  void shouldNameKeyAndValueWhenAPortIsOutOfRange() {
    assertThatThrownBy(() -> new CommonConfig(Map.of("bootstrap.servers", "b:9092", "http.port", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(CommonConfig.HTTP_PORT_CONFIG)
        .hasMessageContaining("70000");
  }

  @Test
  void shouldDocumentEveryKey() {
    ConfigDef definition = CommonConfig.definition();

    assertThat(definition.configKeys()).isNotEmpty();
    assertThat(definition.configKeys().values())
        .allSatisfy(key -> assertThat(key.documentation).as("doc of %s", key.name).isNotBlank());
  }

  @Test
  void shouldApplyDefaultsAndPassKafkaPrefixedKeysThrough() {
    CommonConfig config = new CommonConfig(Map.of("bootstrap.servers", "b:9092", "kafka.security.protocol", "SSL"));

    assertThat(config.bootstrapServers()).isEqualTo("b:9092");
    assertThat(config.replicationFactor()).isEqualTo(CommonConfig.DEFAULT_REPLICATION_FACTOR);
    assertThat(config.httpHost()).isEqualTo(CommonConfig.DEFAULT_HTTP_HOST);
    assertThat(config.kafkaClientOverrides()).containsEntry("security.protocol", "SSL");
  }
}
