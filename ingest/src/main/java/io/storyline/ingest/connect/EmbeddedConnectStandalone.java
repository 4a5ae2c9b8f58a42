package io.storyline.ingest.connect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.Worker;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.isolation.LoaderSwap;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Connect in standalone mode, in this JVM, without the REST server: the same parts {@code
 * org.apache.kafka.connect.cli.ConnectStandalone} wires ({@link Plugins}, {@link Worker}, {@link
 * StandaloneHerder}, {@link FileOffsetBackingStore}), minus Jetty and its port. Source offsets live in
 * the file named by {@code offset.storage.file.filename}, so a new instance on the same file resumes
 * where the last one stopped. Used by {@code storyline demo} and the integration tests.
 *
 * <p>Lifecycle: {@link #start(Map)} → {@link #addConnector(String, Map)} (any number) → {@link
 * #close()}. Closing stops every connector and task (tasks commit their offsets on the way out) and
 * the worker. Methods are thread-safe (the herder synchronises); {@code close} is idempotent.
 */
public final class EmbeddedConnectStandalone implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedConnectStandalone.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final Plugins plugins;
  private final StandaloneHerder herder;
  private final Worker worker;
  private boolean closed;

  private EmbeddedConnectStandalone(Plugins plugins, StandaloneHerder herder, Worker worker) {
    this.worker = worker;
    this.plugins = plugins;
    this.herder = herder;
  }

  /**
   * Worker properties for storyline's connectors: string keys, byte-array values, string headers, no
   * internal-converter schemas, plugins found through {@code ServiceLoader} manifests on the class path.
   *
   * @param bootstrapServers Kafka brokers, {@code host:port,...}; may not be null
   * @param offsetsFile the file where source offsets are stored (created when missing); may not be null
   * @param offsetFlushIntervalMs how often task offsets are committed, in ms, at least 1
   * @return a new mutable map; callers may add or override keys
   */
  public static Map<String, String> workerProperties(String bootstrapServers, Path offsetsFile, long offsetFlushIntervalMs) {
    Objects.requireNonNull(bootstrapServers, "bootstrap servers can't be null");
    Objects.requireNonNull(offsetsFile, "offsets file can't be null");
    if (offsetFlushIntervalMs < 1) {
      throw new IllegalArgumentException("offset flush interval " + offsetFlushIntervalMs + " ms must be at least 1 ms");
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG, offsetsFile.toAbsolutePath().toString());
    props.put(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG, Long.toString(offsetFlushIntervalMs));
    props.put(WorkerConfig.KEY_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.storage.StringConverter");
    props.put(WorkerConfig.VALUE_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.converters.ByteArrayConverter");
    props.put(WorkerConfig.HEADER_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.storage.StringConverter");
    // our connector ships a META-INF/services manifest, so no reflective class-path scan is needed
    props.put(WorkerConfig.PLUGIN_DISCOVERY_CONFIG, "service_load");
    // raw records up to the raw topics' max.message.bytes (a 5 MB post); Kafka's default is about 1 MB
    props.put("producer." + org.apache.kafka.clients.producer.ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Integer.toString(io.storyline.common.topic.Topics.RAW_MAX_MESSAGE_BYTES));
    return props;
  }

  /**
   * Starts a standalone worker and its herder. Needs a reachable broker (the worker looks up the
   * cluster id).
   *
   * @param workerProps worker configuration (see {@link #workerProperties}); must include {@code
   *     bootstrap.servers} and {@code offset.storage.file.filename}
   * @return the running instance; close it
   * @throws org.apache.kafka.common.config.ConfigException if the worker configuration is invalid
   * @throws org.apache.kafka.connect.errors.ConnectException if the broker can't be reached
   */
  public static EmbeddedConnectStandalone start(Map<String, String> workerProps) {
    Map<String, String> props = Map.copyOf(workerProps);
    log.info("starting embedded Connect standalone worker against {}", props.get(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG));
    Plugins plugins = new Plugins(props);
    try (LoaderSwap swap = plugins.withClassLoader(plugins.delegatingLoader())) {
      StandaloneConfig config = new StandaloneConfig(props);
      ConnectorClientConfigOverridePolicy policy = newPolicy(config);
      FileOffsetBackingStore offsets = new FileOffsetBackingStore(
          plugins.newInternalConverter(true, JsonConverter.class.getName(), Map.of("schemas.enable", "false")));
      offsets.configure(config);
      String kafkaClusterId = config.kafkaClusterId();
      Worker worker = new Worker("embedded-standalone", Time.SYSTEM, plugins, config, offsets, policy);
      StandaloneHerder herder = new StandaloneHerder(worker, kafkaClusterId, policy);
      herder.start();
      herder.ready();
      log.info("embedded Connect standalone worker started (Kafka cluster {})", kafkaClusterId);
      return new EmbeddedConnectStandalone(plugins, herder, worker);
    }
  }

  private static ConnectorClientConfigOverridePolicy newPolicy(StandaloneConfig config) {
    String className = config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG);
    try {
      ConnectorClientConfigOverridePolicy policy = Utils.newInstance(className, ConnectorClientConfigOverridePolicy.class);
      policy.configure(config.originals());
      return policy;
    } catch (ClassNotFoundException e) {
      throw new ConfigException(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG, className, "class not found on the class path");
    }
  }

  /**
   * @return the worker's Kafka metrics (worker, connector and task metrics, and the plugin metrics
   *     storyline's tasks register), live: read it again to see metrics of tasks started since; for
   *     {@code io.storyline.common.metrics.KafkaMetricsBinder}
   */
  public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics() {
    return worker.metrics().metrics().metrics();
  }

  /**
   * Creates (or replaces) a connector and waits until the herder accepted it.
   *
   * @param name connector name, unique in this worker; may not be null
   * @param connectorProps connector configuration incl. {@code connector.class}; {@code name} is set here
   * @throws IllegalStateException with the herder's reason if the configuration is rejected or the
   *     herder does not answer in 60 s
   */
  public void addConnector(String name, Map<String, String> connectorProps) {
    Objects.requireNonNull(name, "connector name can't be null");
    Map<String, String> props = new LinkedHashMap<>(connectorProps);
    props.put("name", name);
    FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
    herder.putConnectorConfig(name, props, true, created);
    try {
      Herder.Created<ConnectorInfo> info = created.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      log.info("connector {} {} with {} task(s)", name, info.created() ? "created" : "updated", info.result().tasks().size());
    } catch (ExecutionException e) {
      throw new IllegalStateException("connector " + name + " was rejected: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("connector " + name + " was not created within " + REQUEST_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating connector " + name, e);
    }
  }

  /**
   * @param name a connector name; may not be null
   * @return its committed source offsets by source partition, as Connect's {@code GET /connectors/{name}/offsets}
   *     (KIP-875) answers them: what the worker has flushed, so records written before; empty if none
   * @throws IllegalStateException with the herder's reason if there is no such connector or the herder does not answer
   *     in 60 s
   */
  public Map<Map<String, ?>, Map<String, ?>> committedOffsets(String name) {
    Objects.requireNonNull(name, "connector name can't be null");
    FutureCallback<org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets> offsets = new FutureCallback<>();
    herder.connectorOffsets(name, offsets);
    try {
      return offsets.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).toMap();
    } catch (ExecutionException e) {
      throw new IllegalStateException("offsets of connector " + name + " could not be read: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("offsets of connector " + name + " were not read within " + REQUEST_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the offsets of connector " + name, e);
    }
  }

  /**
   * @param name a connector name
   * @return the states of the connector and its tasks, e.g. {@code [RUNNING, RUNNING]} (connector first,
   *     then tasks by id); empty if no connector of that name exists
   */
  public List<String> states(String name) {
    try {
      ConnectorStateInfo info = herder.connectorStatus(name);
      List<String> states = new java.util.ArrayList<>();
      states.add(info.connector().state());
      info.tasks().forEach(t -> states.add(t.state()));
      return states;
    } catch (NotFoundException e) {
      return List.of();
    }
  }

  /** @return the plugins this worker found (e.g. to check a connector class is visible) */
  public Plugins plugins() {
    return plugins;
  }

  /** Stops all connectors and tasks (committing their offsets) and the worker. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("stopping embedded Connect standalone worker");
    herder.stop();
  }
}
