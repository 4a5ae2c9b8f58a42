package io.storyline.ingest.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;

/**
 * The shared part of the four live connectors: validates the configuration on start (errors name the
 * key, value and rule; secrets are Connect {@code PASSWORD}s, shown as {@code [hidden]}) and spreads
 * the streams over at most {@code tasks.max} tasks. Subclasses name their config and task.
 */
public abstract class LiveSourceConnector extends SourceConnector {
  /** The connectors' and tasks' version. */
  public static final String VERSION = "0.1.0";

  /** The key in a {@link ConfigException}'s message: "Invalid value V for configuration KEY: rule". */
  private static final java.util.regex.Pattern CONFIGURATION_KEY = java.util.regex.Pattern.compile("for configuration (\\S+?):");

  private Map<String, String> props;
  private List<String> streams;

  /** @throws org.apache.kafka.common.config.ConfigException if invalid */
  protected abstract LiveConnectorConfig parseConfig(Map<String, String> props);

  /** @return the most tasks the platform allows (arXiv: 1, one connection at a time) */
  protected int maxTasksAllowed() {
    return Integer.MAX_VALUE;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    try {
      streams = parseConfig(props).streams();
    } catch (RuntimeException e) {
      throw new ConnectException("invalid " + getClass().getSimpleName() + " configuration: " + e.getMessage(), e);
    }
    this.props = Map.copyOf(props);
  }

  /**
   * Connect's validation ({@code PUT /connector-plugins/<class>/config/validate}, and the check before a
   * connector is created): every key's own rule, as {@link SourceConnector#validate} does, plus the rules that
   * span several keys and that {@link #start} applies (e.g. {@code http.backoff.base.ms} not above {@code
   * http.backoff.max.ms}, a blank token, nothing to poll), all in one answer, so that a user fixing a
   * configuration sees every broken rule at once. The spanning rules are checked with each key that broke its
   * own rule at its default; a spanning error that names such a key is left out (it may be an artefact of the
   * default, and the key already carries its own error). Does no network I/O.
   *
   * @param connectorConfigs the connector configuration; not null
   * @return one {@link ConfigValue} per defined key; each spanning error is attached to the key its message is
   *     about ({@code ... for configuration <key>: ...}, as {@link ConfigException} words it), else to the longest
   *     key it names, else to the first key
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config validated = super.validate(connectorConfigs);
    List<String> invalid = validated.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
        .map(ConfigValue::name).toList();
    Map<String, String> valid = new java.util.HashMap<>(connectorConfigs);
    valid.keySet().removeAll(invalid);
    List<ConfigException> violations;
    try {
      parseConfig(valid);
      violations = List.of();
    } catch (ConfigViolations e) {
      violations = e.violations();
    } catch (ConfigException e) {
      violations = List.of(e);
    }
    for (ConfigException violation : violations) {
      String message = violation.getMessage() == null ? violation.toString() : violation.getMessage();
      if (invalid.stream().noneMatch(message::contains)) {
        keyOf(validated, message).addErrorMessage(message);
      }
    }
    return validated;
  }

  private static ConfigValue keyOf(Config validated, String message) {
    java.util.regex.Matcher named = CONFIGURATION_KEY.matcher(message);
    String key = named.find() ? named.group(1) : null;
    return validated.configValues().stream()
        .filter(v -> key != null ? v.name().equals(key) : message.contains(v.name()))
        .max(java.util.Comparator.comparingInt(v -> v.name().length()))
        .orElse(validated.configValues().get(0));
  }

  /** @return one config per task, each with {@value LiveConnectorConfig#TASK_STREAMS_CONFIG} set to its streams */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    int n = Math.max(1, Math.min(Math.min(maxTasks, maxTasksAllowed()), streams.size()));
    List<Map<String, String>> configs = new ArrayList<>();
    for (List<String> group : ConnectorUtils.groupPartitions(streams, n)) {
      Map<String, String> task = new java.util.HashMap<>(props);
      task.put(LiveConnectorConfig.TASK_STREAMS_CONFIG, String.join(",", group));
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {
    // tasks own their HTTP clients
  }

  /**
   * Cursors are committed with the records they follow, so a worker with exactly-once source support
   * (distributed mode, KIP-618) writes records and cursors in one transaction.
   */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /** Cursors may be reset (null) or set by hand; they are plain string maps. */
  @Override
  public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
    return true;
  }

  @Override
  public abstract ConfigDef config();
}
