package io.storyline.common.testkit;

import io.storyline.common.kafka.KRaftBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * {@link EmbeddedKafkaCluster} backed by one in-process {@link KRaftBroker}. It owns a temp data
 * directory that survives {@link #stopBroker()} / {@link #startBroker()} (so fault tests can crash and
 * restart the broker with topics and committed data intact, on the same port) and is deleted by
 * {@link #close()}.
 *
 * <p>Thread-safety: the lifecycle methods are synchronized; {@link #bootstrapServers()} stays the same
 * across restarts.
 */
public final class KRaftEmbeddedKafkaCluster implements EmbeddedKafkaCluster {
  private final Path dataDir;
  private final Map<String, String> brokerProperties;
  private final int port;
  private KRaftBroker broker;
  private boolean closed;

  private KRaftEmbeddedKafkaCluster(Path dataDir, Map<String, String> brokerProperties, KRaftBroker broker) {
    this.dataDir = dataDir;
    this.brokerProperties = brokerProperties;
    this.broker = broker;
    this.port = broker.port();
  }

  /**
   * @return a started cluster with {@link KRaftBroker#defaultProperties default broker properties}
   * @throws IllegalStateException if the broker cannot start
   */
  public static KRaftEmbeddedKafkaCluster start() {
    return start(Map.of());
  }

  /**
   * @param brokerProperties broker properties overriding the defaults, kept for restarts; may not be null
   * @return a started cluster
   * @throws IllegalStateException if the broker cannot start
   * @throws UncheckedIOException if the temp directory cannot be created
   */
  public static KRaftEmbeddedKafkaCluster start(Map<String, String> brokerProperties) {
    Path dir;
    try {
      dir = Files.createTempDirectory("storyline-testkit-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temp directory for the embedded broker", e);
    }
    Map<String, String> props = Map.copyOf(brokerProperties);
    try {
      KRaftBroker broker = KRaftBroker.builder().dataDir(dir).properties(props).start();
      return new KRaftEmbeddedKafkaCluster(dir, props, broker);
    } catch (RuntimeException e) {
      deleteQuietly(dir, e);
      throw e;
    }
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** @return the running broker, or null while stopped */
  public synchronized KRaftBroker broker() {
    return broker;
  }

  /** @return the data directory the broker keeps across restarts */
  public Path dataDir() {
    return dataDir;
  }

  /** @return true while the broker runs */
  public synchronized boolean isRunning() {
    return broker != null;
  }

  /** Stops the broker (clean shutdown), keeping its data. No-op if stopped. */
  public synchronized void stopBroker() {
    if (broker != null) {
      KRaftBroker b = broker;
      broker = null;
      b.close();
    }
  }

  /**
   * Starts the broker again on the same data directory and port. No-op if running.
   *
   * @throws IllegalStateException if closed, or if the broker cannot start
   */
  public synchronized void startBroker() {
    if (closed) {
      throw new IllegalStateException("cluster on " + bootstrapServers() + " is closed");
    }
    if (broker == null) {
      broker = KRaftBroker.builder().dataDir(dataDir).port(port).properties(brokerProperties).start();
    }
  }

  /** Stops and starts the broker on the same data directory and port. */
  public synchronized void restartBroker() {
    stopBroker();
    startBroker();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stopBroker();
    } finally {
      try {
        Utils.delete(dataDir.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete embedded broker data " + dataDir, e);
      }
    }
  }

  @Override
  public String toString() {
    return "KRaftEmbeddedKafkaCluster[" + bootstrapServers() + ", dataDir=" + dataDir + "]";
  }

  private static void deleteQuietly(Path dir, RuntimeException cause) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
