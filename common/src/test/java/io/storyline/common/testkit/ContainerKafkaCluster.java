package io.storyline.common.testkit;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link EmbeddedKafkaCluster} backed by a Testcontainers {@link KafkaContainer} running the official
 * {@value #IMAGE} image (a single KRaft node). Used only where a Docker engine answers; elsewhere
 * {@link #start()} aborts the calling test with a JUnit assumption, so a missing Docker never fails
 * a build.
 *
 * <p>Thread-safety: {@link #close()} is synchronized and idempotent.
 */
public final class ContainerKafkaCluster implements EmbeddedKafkaCluster {
  /** The Kafka image started. */
  public static final String IMAGE = "apache/kafka:4.1.0";

  private final KafkaContainer container;
  private boolean closed;

  private ContainerKafkaCluster(KafkaContainer container) {
    this.container = container;
  }

  /** @return true if Testcontainers can reach a Docker engine */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Starts the container and waits until Kafka is ready.
   *
   * @return the running cluster; close it
   * @throws org.opentest4j.TestAbortedException if no Docker engine answers (the test is skipped)
   * @throws org.testcontainers.containers.ContainerLaunchException if Docker answers but the
   *     container does not start
   */
  public static ContainerKafkaCluster start() {
    Assumptions.assumeTrue(dockerAvailable(), "no Docker engine answers: skipping the Testcontainers Kafka cluster");
    KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE))
        // one node: internal topics need replication factor 1 (the container sets offsets and
        // transaction-state topics already), and no delay before the first group rebalance
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
    container.start();
    return new ContainerKafkaCluster(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  /** @return the underlying container, e.g. to read its logs */
  public KafkaContainer container() {
    return container;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      container.stop();
    }
  }

  @Override
  public String toString() {
    return "ContainerKafkaCluster[" + IMAGE + "]";
  }
}
