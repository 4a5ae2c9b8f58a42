package io.storyline.common.stage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams application (a stage: normalizer, cluster, publish) with the lifecycle every
 * stage shares: Micrometer binding of the Streams client metrics, readiness from the state listener
 * (ready only while {@code RUNNING}), a fatal-error record, and a bounded close.
 *
 * <p>Thread-safe: state changes arrive on Streams threads and are published through atomics.
 */
public final class StreamsStage implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsStage.class);
  /** What Kafka Streams says when another process holds the lock of its state directory (StateDirectory). */
  private static final String STATE_DIR_LOCKED = "multiple instances of Kafka Streams are running in the same state directory";
  /** How long {@link #close()} waits for Streams to shut down. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** How often new Kafka Streams metrics (sensors added by processors at runtime) are bound. */
  public static final Duration METRICS_REFRESH = Duration.ofSeconds(5);

  private final String name;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics metrics;
  private final RocksDbMemory rocksDbMemory;
  private final MeterRegistry registry;
  private final List<Meter> rocksDbGauges;
  private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  /**
   * How many stream threads a stage replaces after {@link MissingSourceTopicException} before it gives
   * up: enough for the rebalances around a broker restart, few enough that a topic really deleted
   * still stops the stage.
   */
  static final int MAX_THREAD_REPLACEMENTS = 10;

  /**
   * Creates (does not start) the stage.
   *
   * @param name stage name for logs and metrics tags, e.g. {@code cluster}; may not be null
   * @param topology the stage's topology, from its factory; may not be null
   * @param properties Streams properties, from the stage's {@code streamsProperties}; may not be null.
   *     Unless they name their own {@code rocksdb.config.setter}, the stage's RocksDB stores share one
   *     native memory budget ({@link RocksDbMemory}, sized by {@link RocksDbMemory#BUDGET_PROPERTY},
   *     default 64 MiB) through {@link BoundedRocksDbConfigSetter}; the caller's object is not changed
   * @param registry the registry the Streams client metrics are bound to; may not be null
   * @throws org.apache.kafka.common.config.ConfigException if the RocksDB budget is not a whole number
   *     of at least 8 MiB
   * @throws UncheckedIOException naming the directory when another process holds the lock of the stage's state
   *     directory (a second instance with the same {@code state.dir} on this machine); before session 12 Kafka
   *     Streams' {@code StreamsException} stack trace
   */
  public StreamsStage(String name, Topology topology, Properties properties, MeterRegistry registry) {
    this.name = Objects.requireNonNull(name, "stage name can't be null");
    Properties props = new Properties();
    props.putAll(properties);
    if (props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG) == null) {
      this.rocksDbMemory = new RocksDbMemory(RocksDbMemory.budget(props));
      props.put(RocksDbMemory.INSTANCE_PROPERTY, rocksDbMemory);
      props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfigSetter.class);
    } else {
      this.rocksDbMemory = null;
    }
    try {
      this.streams = new KafkaStreams(topology, props);
    } catch (RuntimeException e) {
      if (rocksDbMemory != null) {
        rocksDbMemory.close();
      }
      if (e instanceof StreamsException && String.valueOf(e.getMessage()).contains(STATE_DIR_LOCKED)) {
        StreamsConfig streamsConfig = new StreamsConfig(props);
        Path dir = Path.of(streamsConfig.getString(StreamsConfig.STATE_DIR_CONFIG),
            streamsConfig.getString(StreamsConfig.APPLICATION_ID_CONFIG));
        FileSystemException locked = new FileSystemException(dir.toString(), null, "another process holds its lock");
        throw new UncheckedIOException("could not use state directory " + locked.getMessage() + " (another instance of "
            + "stage " + name + " on this machine with the same --state-dir or state.dir setting?); give each instance its "
            + "own state directory", locked);
      }
      throw e;
    }
    streams.setStateListener(
        (newState, oldState) -> {
          state.set(newState);
          log.info("Stage {} went from {} to {}", name, oldState, newState);
        });
    java.util.concurrent.atomic.AtomicInteger replaced = new java.util.concurrent.atomic.AtomicInteger();
    streams.setUncaughtExceptionHandler(
        e -> {
          StreamThreadExceptionResponse response = responseTo(e, replaced.get());
          if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
            log.warn("Stage {}: a stream thread stopped on stale topic metadata ({}); replacing it ({} of {} allowed)",
                name, e.getMessage(), replaced.incrementAndGet(), MAX_THREAD_REPLACEMENTS);
            return response;
          }
          failure.set(e);
          log.error("Stage {} failed; shutting this client down", name, e);
          return response;
        });
    // processors register their own sensors after start: look for new Kafka metrics every few seconds
    this.metrics = new KafkaStreamsMetrics(streams, java.util.List.of(io.micrometer.core.instrument.Tag.of("stage", name)),
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("storyline-" + name + "-metrics-binder").daemon(true).factory()),
        METRICS_REFRESH);
    metrics.bindTo(registry);
    this.registry = registry;
    this.rocksDbGauges = rocksDbMemory == null ? List.of() : List.of(
        Gauge.builder("storyline.rocksdb.memory.used", rocksDbMemory, RocksDbMemory::usageBytes)
            .description("Native memory in use by the stage's RocksDB stores: block cache, index/filter blocks, memtables")
            .baseUnit("bytes").tag("stage", name).register(registry),
        Gauge.builder("storyline.rocksdb.memory.limit", rocksDbMemory, RocksDbMemory::totalBytes)
            .description("The stage's RocksDB native memory budget (rocksdb.memory.bytes)")
            .baseUnit("bytes").tag("stage", name).register(registry));
  }

  /** Starts the Streams threads. */
  public void start() {
    streams.start();
  }

  /** @return the stage name */
  public String name() {
    return name;
  }

  /** @return the current Streams state */
  public State state() {
    return state.get();
  }

  /** @return the error that stopped the stage, or null */
  public Throwable failure() {
    return failure.get();
  }

  /**
   * @return null when the stage is ready (Streams {@code RUNNING}), else why not, e.g. {@code
   *     "cluster is REBALANCING"}
   */
  public String notReadyReason() {
    State s = state.get();
    if (s == State.RUNNING) {
      return null;
    }
    Throwable f = failure.get();
    return name + " is " + s + (f == null ? "" : " after error: " + f.getMessage());
  }

  /** @return the underlying client, for queries of its state stores */
  public KafkaStreams streams() {
    return streams;
  }

  /** @return the stage's shared RocksDB memory budget in bytes, or -1 if the user set their own setter */
  public long rocksDbMemoryBytes() {
    return rocksDbMemory == null ? -1 : rocksDbMemory.totalBytes();
  }

  /**
   * Closes Streams, waiting at most {@link #CLOSE_TIMEOUT}, and unbinds the metrics. The shared RocksDB
   * memory is released only if Streams shut down in time (its stores might still use it otherwise).
   */
  @Override
  public void close() {
    boolean closed = streams.close(CLOSE_TIMEOUT);
    if (!closed) {
      log.warn("Stage {} did not shut down within {}; keeping its RocksDB cache", name, CLOSE_TIMEOUT);
    }
    metrics.close();
    rocksDbGauges.forEach(registry::remove);
    if (closed && rocksDbMemory != null) {
      rocksDbMemory.close();
    }
  }

  /**
   * What a stage does when a stream thread dies. A {@link MissingSourceTopicException} (anywhere in
   * the cause chain) replaces the thread: Kafka Streams throws it when a rebalance runs on stale topic
   * metadata, e.g. right after a broker restart, although the topics exist (the stages create them and
   * never delete them); the next rebalance, with fresh metadata, assigns the tasks again (seen in
   * {@code BrokerRestartIT}: the publish stage stopped for good on one such rebalance). Anything else,
   * and a missing topic past {@link #MAX_THREAD_REPLACEMENTS} replacements, shuts the client down.
   *
   * @param e the exception that stopped the thread; may not be null
   * @param replacedSoFar threads this stage has replaced so far, &ge; 0
   * @return {@code REPLACE_THREAD} or {@code SHUTDOWN_CLIENT}
   */
  static StreamThreadExceptionResponse responseTo(Throwable e, int replacedSoFar) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof MissingSourceTopicException) {
        return replacedSoFar < MAX_THREAD_REPLACEMENTS
            ? StreamThreadExceptionResponse.REPLACE_THREAD : StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
    }
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }
}
