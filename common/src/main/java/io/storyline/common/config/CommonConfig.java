package io.storyline.common.config;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings every stage shares: where Kafka is and how topics are created. Stage configs ({@code
 * ClusterConfig}, {@code PublishConfig}, ...) start from {@link #definition()} and add their own keys.
 * Immutable after construction.
 */
public class CommonConfig extends AbstractConfig {
  public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
  private static final String BOOTSTRAP_SERVERS_DOC =
      "Kafka brokers to connect to, host:port pairs separated by commas.";

  public static final String REPLICATION_FACTOR_CONFIG = "topic.replication.factor";
  public static final short DEFAULT_REPLICATION_FACTOR = 1;
  private static final String REPLICATION_FACTOR_DOC =
      "Replication factor of topics storyline creates; 3 in production, 1 on the embedded broker.";

  public static final String STATE_DIR_CONFIG = "state.dir";
  private static final String STATE_DIR_DOC =
      "Directory for Kafka Streams state stores; defaults to a folder under java.io.tmpdir.";

  public static final String HTTP_HOST_CONFIG = "http.host";
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  private static final String HTTP_HOST_DOC = "Interface the stage's HTTP endpoints bind to. The default shown (127.0.0.1, this"
      + " machine only) is the demo's and the library's; 'storyline run' binds 0.0.0.0 (every interface) unless this"
      + " setting or --http-host says otherwise.";

  public static final String HTTP_PORT_CONFIG = "http.port";
  private static final String HTTP_PORT_DOC =
      "TCP port of the stage's HTTP endpoints (/metrics, /health/*); 0 picks a free port.";

  public static final String HTTP_MAX_CONNECTIONS_CONFIG = "http.max.connections";
  /** Default of {@value #HTTP_MAX_CONNECTIONS_CONFIG}. */
  public static final int DEFAULT_HTTP_MAX_CONNECTIONS = 1024;
  private static final String HTTP_MAX_CONNECTIONS_DOC =
      "Most HTTP connections the stage's server holds open at once (each subscriber of a list's event stream, "
          + "/api/v1/top/<list>/events, holds one); further clients wait in the accept queue until one closes. "
          + "Keeps a flood of connections from taking the file descriptors the stage's Kafka clients and RocksDB "
          + "need.";

  public static final String ROCKSDB_MEMORY_BYTES_CONFIG = "rocksdb.memory.bytes";
  private static final String ROCKSDB_MEMORY_BYTES_DOC =
      "Native memory, in bytes, that all RocksDB state stores of one stage share: block cache, index and filter "
          + "blocks, and memtables (a quarter of it). At least 8 MiB. Kafka Streams' own default would give each "
          + "store a 50 MiB cache and up to 48 MiB of memtables.";

  /**
   * @return a fresh copy of the shared definition, to which a stage adds its keys
   */
  public static ConfigDef definition() {
    return new ConfigDef()
        .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
            new ConfigDef.NonEmptyString(), Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
        .define(REPLICATION_FACTOR_CONFIG, Type.SHORT, DEFAULT_REPLICATION_FACTOR, Range.between(1, 32767),
            Importance.MEDIUM, REPLICATION_FACTOR_DOC)
        .define(STATE_DIR_CONFIG, Type.STRING, System.getProperty("java.io.tmpdir") + "/storyline-state",
            new ConfigDef.NonEmptyString(), Importance.MEDIUM, STATE_DIR_DOC)
        .define(HTTP_HOST_CONFIG, Type.STRING, DEFAULT_HTTP_HOST, new ConfigDef.NonEmptyString(),
            Importance.LOW, HTTP_HOST_DOC)
        .define(HTTP_PORT_CONFIG, Type.INT, 0, Range.between(0, 65535), Importance.LOW, HTTP_PORT_DOC)
        .define(HTTP_MAX_CONNECTIONS_CONFIG, Type.INT, DEFAULT_HTTP_MAX_CONNECTIONS, Range.between(8, 65536),
            Importance.LOW, HTTP_MAX_CONNECTIONS_DOC)
        .define(ROCKSDB_MEMORY_BYTES_CONFIG, Type.LONG, io.storyline.common.stage.RocksDbMemory.DEFAULT_BYTES,
            Range.atLeast(io.storyline.common.stage.RocksDbMemory.MIN_BYTES), Importance.LOW, ROCKSDB_MEMORY_BYTES_DOC);
  }

  /**
   * @param definition the stage's definition (from {@link #definition()} plus its keys)
   * @param originals the settings; unknown keys are kept and passed through to Kafka clients
   * @throws org.apache.kafka.common.config.ConfigException naming the key, the value and the rule
   */
  protected CommonConfig(ConfigDef definition, Map<?, ?> originals) {
    super(definition, originals, false);
  }

  /**
   * @param originals the settings
   * @throws org.apache.kafka.common.config.ConfigException naming the key, the value and the rule
   */
  public CommonConfig(Map<?, ?> originals) {
    this(definition(), originals);
  }

  /** @return the bootstrap servers */
  public String bootstrapServers() {
    return getString(BOOTSTRAP_SERVERS_CONFIG);
  }

  /** @return the replication factor for topics storyline creates */
  public short replicationFactor() {
    return getShort(REPLICATION_FACTOR_CONFIG);
  }

  /** @return the Streams state directory */
  public String stateDir() {
    return getString(STATE_DIR_CONFIG);
  }

  /** @return the HTTP bind host */
  public String httpHost() {
    return getString(HTTP_HOST_CONFIG);
  }

  /** @return the HTTP port, 0 = any free port */
  public int httpPort() {
    return getInt(HTTP_PORT_CONFIG);
  }

  /** @return the most HTTP connections open at once, 8 to 65536 */
  public int httpMaxConnections() {
    return getInt(HTTP_MAX_CONNECTIONS_CONFIG);
  }

  /** @return the RocksDB native memory budget of the stage, bytes (at least 8 MiB) */
  public long rocksDbMemoryBytes() {
    return getLong(ROCKSDB_MEMORY_BYTES_CONFIG);
  }

  /**
   * @return settings whose keys start with {@code kafka.}, with the prefix removed: passed unchanged
   *     to every Kafka client (e.g. {@code kafka.security.protocol})
   */
  public Map<String, Object> kafkaClientOverrides() {
    return originalsWithPrefix("kafka.");
  }
}
