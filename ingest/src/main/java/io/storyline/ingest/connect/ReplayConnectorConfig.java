package io.storyline.ingest.connect;

import io.storyline.ingest.format.NativeFormat;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed configuration of the {@link ReplaySourceConnector} and its task. Immutable after
 * construction; thread-safe.
 *
 * <p>Keys: {@value #PATHS_CONFIG} (required list of files or directories), {@value
 * #BATCH_SIZE_CONFIG} (records per poll), {@value #IDLE_POLL_MS_CONFIG} (how long a drained task
 * waits in poll), {@value #TOPIC_PREFIX_CONFIG} (raw topic prefix) and {@value #MODE_CONFIG} (only
 * {@value #MODE_REPLAY} for now).
 */
public final class ReplayConnectorConfig extends AbstractConfig {
  public static final String PATHS_CONFIG = "replay.paths";
  private static final String PATHS_DOC =
      "Native dump files or directories to replay, separated by commas. Directories are read recursively; "
          + "all files are read in order of their path, and their posts are emitted in event-time order.";

  public static final String BATCH_SIZE_CONFIG = "replay.batch.size";
  public static final int DEFAULT_BATCH_SIZE = 500;
  private static final String BATCH_SIZE_DOC = "Most records returned by one poll of the task, at least 1.";

  public static final String IDLE_POLL_MS_CONFIG = "replay.idle.poll.ms";
  public static final long DEFAULT_IDLE_POLL_MS = 1_000L;
  private static final String IDLE_POLL_MS_DOC =
      "Milliseconds a poll waits, once every item has been emitted, before returning no records; "
          + "stopping the task ends the wait at once.";

  public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
  public static final String DEFAULT_TOPIC_PREFIX = "posts.raw.";
  private static final String TOPIC_PREFIX_DOC =
      "Prefix of the raw topics: a post of platform S goes to <prefix><S>, e.g. posts.raw.reddit; "
          + "payloads of unrecognised files go to <prefix>unknown.";

  public static final String MODE_CONFIG = "mode";
  public static final String MODE_REPLAY = "replay";
  private static final String MODE_DOC =
      "What the connector does: only 'replay' (read native dump files once, in event-time order). Live polling of the "
          + "platforms' APIs is done by the connectors of io.storyline.ingest.live (XSourceConnector, RedditSourceConnector, "
          + "DiscordSourceConnector, ArxivSourceConnector).";

  /** The topic suffix of payloads whose format is {@link NativeFormat#UNKNOWN}. */
  public static final String UNKNOWN_TOPIC_SUFFIX = "unknown";

  private static final ConfigDef CONFIG = new ConfigDef()
      .define(PATHS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ExistingPaths(), Importance.HIGH, PATHS_DOC)
      .define(MODE_CONFIG, Type.STRING, MODE_REPLAY, ConfigDef.ValidString.in(MODE_REPLAY), Importance.HIGH, MODE_DOC)
      .define(TOPIC_PREFIX_CONFIG, Type.STRING, DEFAULT_TOPIC_PREFIX, new ConfigDef.NonEmptyString(),
          Importance.MEDIUM, TOPIC_PREFIX_DOC)
      .define(BATCH_SIZE_CONFIG, Type.INT, DEFAULT_BATCH_SIZE, Range.atLeast(1), Importance.LOW, BATCH_SIZE_DOC)
      .define(IDLE_POLL_MS_CONFIG, Type.LONG, DEFAULT_IDLE_POLL_MS, Range.between(0, 60_000), Importance.LOW,
          IDLE_POLL_MS_DOC);

  /**
   * @param originals connector or task properties; unknown keys (e.g. {@code connector.class}) are ignored
   * @throws ConfigException naming the key, the value and the rule, e.g. for a path that does not exist
   */
  public ReplayConnectorConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
  }

  /** @return a fresh copy of the definition (for {@code Connector.config()} and generated docs) */
  public static ConfigDef definition() {
    return new ConfigDef(CONFIG);
  }

  /** @return the configured files and directories, as given, in configured order; never empty */
  public List<Path> paths() {
    return getList(PATHS_CONFIG).stream().map(String::trim).map(Path::of).toList();
  }

  /** @return records per poll, at least 1 */
  public int batchSize() {
    return getInt(BATCH_SIZE_CONFIG);
  }

  /** @return how long a drained poll waits, in ms, 0..60000 */
  public long idlePollMs() {
    return getLong(IDLE_POLL_MS_CONFIG);
  }

  /** @return the raw topic prefix, never empty */
  public String topicPrefix() {
    return getString(TOPIC_PREFIX_CONFIG);
  }

  /**
   * @param format a payload format; may not be null
   * @param topicPrefix the raw topic prefix, e.g. {@value #DEFAULT_TOPIC_PREFIX}
   * @return {@code topicPrefix + source id}, or {@code topicPrefix + "unknown"} for {@link
   *     NativeFormat#UNKNOWN}; with the default prefix this is the name of {@code Topics.raw(source)}
   *     resp. {@code Topics.RAW_UNKNOWN}
   */
  public static String topicFor(NativeFormat format, String topicPrefix) {
    Objects.requireNonNull(format, "format can't be null");
    return topicPrefix + (format.source() == null ? UNKNOWN_TOPIC_SUFFIX : format.source().id());
  }

  /**
   * Connector properties for replaying {@code paths} with one task and the converters the raw topics
   * need (string keys, byte-array values, string headers). Callers may add or override keys.
   *
   * @param paths files or directories; may not be null or empty
   * @return a new mutable map with {@code connector.class}, {@code tasks.max}, the converters and
   *     {@value #PATHS_CONFIG}
   */
  public static Map<String, String> connectorProperties(List<Path> paths) {
    if (paths == null || paths.isEmpty()) {
      throw new IllegalArgumentException("replay paths can't be null or empty");
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put("connector.class", ReplaySourceConnector.class.getName());
    props.put("tasks.max", "1");
    props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    props.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.put(PATHS_CONFIG, String.join(",", paths.stream().map(Path::toString).toList()));
    return props;
  }

  /** Accepts a non-empty list of paths that each exist and are readable files or directories. */
  static final class ExistingPaths implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (!(value instanceof List<?> list) || list.isEmpty()) {
        throw new ConfigException(name, value, "must list at least one file or directory");
      }
      for (Object element : list) {
        String text = String.valueOf(element).trim();
        if (text.isEmpty()) {
          throw new ConfigException(name, value, "must not contain an empty path");
        }
        Path path;
        try {
          path = Path.of(text);
        } catch (InvalidPathException e) {
          throw new ConfigException(name, text, "is not a valid path: " + e.getMessage());
        }
        if (!Files.exists(path)) {
          throw new ConfigException(name, text, "path does not exist (every replay path must be an existing file or directory)");
        }
        if (!Files.isReadable(path)) {
          throw new ConfigException(name, text, "path is not readable");
        }
      }
    }

    @Override
    public String toString() {
      return "non-empty list of existing, readable files or directories";
    }
  }
}
