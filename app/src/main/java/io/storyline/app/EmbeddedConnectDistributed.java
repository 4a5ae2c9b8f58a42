package io.storyline.app;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Connect <em>distributed</em> worker in this JVM, started as {@code connect-distributed.sh}
 * starts it ({@link ConnectDistributed#startConnect(Map)}, with its REST server on a loopback port),
 * with exactly-once source support enabled (KIP-618, {@code exactly.once.source.support=enabled}):
 * each batch a source task returns from {@code poll()} is written in one producer transaction
 * together with its source offsets (in the worker's offsets topic), so a crash between writing
 * records and committing their offsets cannot redeliver them. Standalone Connect cannot do this (its
 * offsets live in a file); see docs/RELIABILITY.md.
 *
 * <p>Connector configs, offsets and statuses live in the topics {@code <group>-configs}, {@code
 * <group>-offsets} and {@code <group>-status}, so a new worker with the same group id resumes where the
 * last one stopped, and several workers with one group id share the tasks. Methods are thread-safe
 * (the herder serialises requests); {@link #close()} is idempotent.
 */
final class EmbeddedConnectDistributed implements ConnectWorker {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedConnectDistributed.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

  private final Connect<DistributedHerder> connect;
  private boolean closed;

  private EmbeddedConnectDistributed(Connect<DistributedHerder> connect) {
    this.connect = connect;
  }

  /**
   * Worker properties for storyline's connectors in a distributed, exactly-once worker.
   *
   * @param bootstrapServers Kafka brokers, {@code host:port,...}; may not be null
   * @param groupId the Connect cluster's group id, also the prefix of its three internal topics; may not be null
   * @param replicationFactor replication factor of the internal topics, at least 1
   * @return a new mutable map; callers may add or override keys
   */
  static Map<String, String> workerProperties(String bootstrapServers, String groupId, short replicationFactor) {
    Objects.requireNonNull(bootstrapServers, "bootstrap servers can't be null");
    Objects.requireNonNull(groupId, "group id can't be null");
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replication factor " + replicationFactor + " must be at least 1");
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(DistributedConfig.GROUP_ID_CONFIG, groupId);
    p.put(DistributedConfig.CONFIG_TOPIC_CONFIG, groupId + "-configs");
    p.put(DistributedConfig.OFFSET_STORAGE_TOPIC_CONFIG, groupId + "-offsets");
    p.put(DistributedConfig.STATUS_STORAGE_TOPIC_CONFIG, groupId + "-status");
    p.put(DistributedConfig.CONFIG_STORAGE_REPLICATION_FACTOR_CONFIG, Short.toString(replicationFactor));
    p.put(DistributedConfig.OFFSET_STORAGE_REPLICATION_FACTOR_CONFIG, Short.toString(replicationFactor));
    p.put(DistributedConfig.STATUS_STORAGE_REPLICATION_FACTOR_CONFIG, Short.toString(replicationFactor));
    p.put(DistributedConfig.EXACTLY_ONCE_SOURCE_SUPPORT_CONFIG, "enabled");
    p.put(WorkerConfig.KEY_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.storage.StringConverter");
    p.put(WorkerConfig.VALUE_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.converters.ByteArrayConverter");
    p.put(WorkerConfig.HEADER_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.storage.StringConverter");
    p.put(WorkerConfig.PLUGIN_DISCOVERY_CONFIG, "service_load");
    // raw records up to the raw topics' max.message.bytes (a 5 MB post), as the standalone worker allows
    p.put("producer." + org.apache.kafka.clients.producer.ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Integer.toString(io.storyline.common.topic.Topics.RAW_MAX_MESSAGE_BYTES));
    // the REST server is required by the distributed herder (workers forward requests to the leader)
    p.put("listeners", "http://127.0.0.1:0");
    return p;
  }

  /**
   * Starts the worker and waits until it has joined its group.
   *
   * @param workerProps see {@link #workerProperties}
   * @return the running worker; close it
   * @throws org.apache.kafka.common.config.ConfigException if the configuration is invalid
   * @throws org.apache.kafka.connect.errors.ConnectException if the broker can't be reached
   */
  static EmbeddedConnectDistributed start(Map<String, String> workerProps) {
    log.info("starting embedded Connect distributed worker (group {}, exactly-once source support {}) against {}",
        workerProps.get(DistributedConfig.GROUP_ID_CONFIG), workerProps.get(DistributedConfig.EXACTLY_ONCE_SOURCE_SUPPORT_CONFIG),
        workerProps.get(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG));
    Connect<DistributedHerder> connect = new ConnectDistributed().startConnect(Map.copyOf(workerProps));
    return new EmbeddedConnectDistributed(connect);
  }

  /**
   * Creates (or replaces) a connector and waits until the herder accepted it.
   *
   * @param name connector name; may not be null
   * @param connectorProps connector configuration incl. {@code connector.class}; {@code name} is set here
   * @throws IllegalStateException with the herder's reason if rejected or not answered in time
   */
  @Override
  public void addConnector(String name, Map<String, String> connectorProps) {
    Objects.requireNonNull(name, "connector name can't be null");
    Map<String, String> props = new LinkedHashMap<>(connectorProps);
    props.put("name", name);
    FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
    connect.herder().putConnectorConfig(name, props, true, created);
    try {
      Herder.Created<ConnectorInfo> info = created.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      log.info("connector {} {}", name, info.created() ? "created" : "updated");
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
   * @param name a connector name
   * @return the states of the connector and its tasks (connector first, then tasks by id); empty if
   *     this worker does not know the connector (yet)
   */
  @Override
  public List<String> states(String name) {
    try {
      ConnectorStateInfo info = connect.herder().connectorStatus(name);
      List<String> states = new java.util.ArrayList<>();
      states.add(info.connector().state());
      info.tasks().forEach(t -> states.add(t.state()));
      return states;
    } catch (NotFoundException e) {
      return List.of();
    }
  }

  /** @return empty: this worker's metrics are in JMX ({@code kafka.connect:*}) only, not on {@code /metrics} */
  @Override
  public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics() {
    return Map.of();
  }

  /** Stops the worker (tasks stop, their open transactions are aborted or committed). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("stopping embedded Connect distributed worker");
    connect.stop();
  }
}
