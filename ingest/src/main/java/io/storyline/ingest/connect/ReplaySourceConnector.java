package io.storyline.ingest.connect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Kafka Connect source connector that replays native dump files (X/Twitter, Reddit, Discord, arXiv)
 * to the raw topics {@code posts.raw.<source>} in event-time order. Configuration: {@link
 * ReplayConnectorConfig}; what the records look like and how offsets work: {@link ReplaySourceTask}
 * and {@link ReplayPlan}. Always runs one task, because event-time order is a single sequence.
 */
public final class ReplaySourceConnector extends SourceConnector {
  /** The connector and task version. */
  public static final String VERSION = "0.1.0";

  private Map<String, String> props;

  @Override
  public String version() {
    return VERSION;
  }

  /**
   * @param props connector configuration, see {@link ReplayConnectorConfig}
   * @throws ConnectException naming the key, value and rule if the configuration is invalid
   */
  @Override
  public void start(Map<String, String> props) {
    try {
      new ReplayConnectorConfig(props);
    } catch (RuntimeException e) {
      throw new ConnectException("invalid replay connector configuration: " + e.getMessage(), e);
    }
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ReplaySourceTask.class;
  }

  /** @return exactly one task configuration (a copy of the connector's), whatever {@code maxTasks} is */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(props);
  }

  @Override
  public void stop() {
    // nothing to release: the task owns the files it reads
  }

  @Override
  public ConfigDef config() {
    return ReplayConnectorConfig.definition();
  }

  /** Positions are deterministic and committed with the records, so exactly-once source mode works. */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /**
   * Accepts offset changes whose position is a non-negative integer (or a reset to null).
   *
   * @throws ConnectException naming the offset if it is not
   */
  @Override
  public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
    for (Map<String, ?> offset : offsets.values()) {
      if (offset == null) {
        continue;
      }
      Object position = offset.get(ReplayPlan.POSITION_KEY);
      if (!(position instanceof Number n) || n.longValue() < 0 || position instanceof Double || position instanceof Float) {
        throw new ConnectException("replay offset " + offset + " is invalid: '" + ReplayPlan.POSITION_KEY
            + "' must be a non-negative integer");
      }
    }
    return true;
  }
}
