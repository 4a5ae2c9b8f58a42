package io.storyline.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class KafkaClientOverridesTest {
  @Test
  void shouldGiveAConnectWorkerEverySettingAtTopLevelAndForItsProducersConsumersAndAdminClients() {
    Map<String, Object> overrides = new LinkedHashMap<>();
    overrides.put("security.protocol", "SASL_SSL");
    overrides.put("sasl.jaas.config", new Password("login-module required;"));

    Map<String, String> worker = KafkaClientOverrides.forConnectWorker(overrides);

    assertThat(worker).containsOnlyKeys("security.protocol", "producer.security.protocol", "consumer.security.protocol",
        "admin.security.protocol", "sasl.jaas.config", "producer.sasl.jaas.config", "consumer.sasl.jaas.config",
        "admin.sasl.jaas.config");
    assertThat(worker.get("admin.sasl.jaas.config")).as("a Password's value, not [hidden]").isEqualTo("login-module required;");
  }

  @Test
  void shouldDescribeSettingsWithEverySecretHidden() {
    Map<String, Object> settings = Map.of(
        "kafka.security.protocol", "SASL_SSL",
        "kafka.sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"p4ss\";",
        "kafka.ssl.truststore.password", "trust-me",
        "kafka.ssl.key.password", "key-pass",
        "x.bearer.token", "bearer-value",
        "reddit.client.secret", "secret-value");

    String shown = KafkaClientOverrides.describe(settings);

    assertThat(shown).contains("kafka.security.protocol=SASL_SSL", "kafka.sasl.jaas.config=[hidden]",
        "kafka.ssl.truststore.password=[hidden]", "x.bearer.token=[hidden]", "reddit.client.secret=[hidden]")
        .doesNotContain("p4ss", "trust-me", "key-pass", "bearer-value", "secret-value");
  }
}
