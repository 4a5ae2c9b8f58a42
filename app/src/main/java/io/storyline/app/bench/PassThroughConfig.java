package io.storyline.app.bench;

import io.storyline.common.config.CommonConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the {@link PassThroughTopology} (the benchmark's physical floor): the shared keys of
 * {@link CommonConfig} plus its application id; {@code kafka.*} keys pass to the Streams client.
 * Immutable.
 */
public final class PassThroughConfig extends CommonConfig {
  public static final String APPLICATION_ID_CONFIG = "floor.application.id";
  public static final String DEFAULT_APPLICATION_ID = "storyline-bench-floor";
  private static final String APPLICATION_ID_DOC = "Kafka Streams application id of the pass-through floor topology.";

  /**
   * @param originals the settings
   * @throws org.apache.kafka.common.config.ConfigException naming the key, the value and the rule
   */
  public PassThroughConfig(Map<?, ?> originals) {
    super(definition().define(APPLICATION_ID_CONFIG, Type.STRING, DEFAULT_APPLICATION_ID,
        new ConfigDef.NonEmptyString(), Importance.HIGH, APPLICATION_ID_DOC), originals);
  }

  /** @return the application id */
  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }
}
