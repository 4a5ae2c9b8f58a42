package io.storyline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.publish.rank.ListDefinition;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PublishConfigTest {
  private static final Map<String, Object> MINIMAL = Map.of(PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092");

  @Test
  void shouldApplyDocumentedDefaults() {
    PublishConfig config = new PublishConfig(MINIMAL);

    assertThat(config.applicationId()).isEqualTo("storyline-publish");
    assertThat(config.topN()).isEqualTo(10);
    assertThat(config.lists()).extracting(ListDefinition::id)
        .containsExactly("all/1h", "all/24h", "all/7d", "news/24h", "tools/24h", "papers/24h");
    assertThat(config.eventClock()).isFalse();
    assertThat(config.emitInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldDocumentEveryKey() {
    PublishConfig.configDef().configKeys().values()
        .forEach(key -> assertThat(key.documentation).as("doc of %s", key.name).isNotBlank());
  }

  @Test
  void shouldRejectBadValuesNamingKeyValueAndRule() {
    assertThatThrownBy(() -> new PublishConfig(with(PublishConfig.LISTS_CONFIG, "all/24h,memes/1d")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("publish.lists").hasMessageContaining("unknown scope 'memes'");
    assertThatThrownBy(() -> new PublishConfig(with(PublishConfig.LISTS_CONFIG, "all/24h,all/999999d")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("publish.lists").hasMessageContaining("all/999999d").hasMessageContaining("30 days");
    assertThatThrownBy(() -> new PublishConfig(with(PublishConfig.DIGEST_LISTS_CONFIG, "papers/1000d")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("publish.digest.lists").hasMessageContaining("papers/1000d").hasMessageContaining("30 days");
    assertThatThrownBy(() -> new PublishConfig(with(PublishConfig.LISTS_CONFIG, "all/24h,all/24h")))
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> new PublishConfig(with(PublishConfig.CLOCK_CONFIG, "sundial")))
        .hasMessageContaining("publish.clock");
    assertThatThrownBy(() -> new PublishConfig(with(PublishConfig.TOP_N_CONFIG, 0)))
        .hasMessageContaining("publish.top.n");
  }

  private static Map<String, Object> with(String key, Object value) {
    return Map.of(PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092", key, value);
  }
}
