package io.storyline.common.testkit;

import io.storyline.common.topic.TopicAdmin;
import io.storyline.common.topic.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;

/**
 * A real Kafka cluster for tests: either the in-process {@link KRaftEmbeddedKafkaCluster} (always
 * available, the default) or a Testcontainers {@link ContainerKafkaCluster} (only where Docker
 * answers; skipped by a JUnit assumption otherwise). Both speak to a real broker over TCP; nothing is
 * mocked.
 *
 * <p>Start one per test class, e.g. with {@link EmbeddedKafkaExtension}:
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();
 * ...
 * KAFKA.cluster().createTopics(Topics.POSTS);
 * KAFKA.cluster().produce(Topics.POSTS, List.of(KeyValue.pair(post.id(), post)));
 * List<ConsumerRecord<String, Post>> got = KAFKA.cluster().consume(Topics.POSTS, 1, Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>The helpers block with deadlines (client timeouts and poll loops), never with sleeps. Records
 * are produced in one committed transaction and read with {@code isolation.level=read_committed},
 * so a test sees exactly what an exactly-once pipeline would. Topics created here have replication
 * factor 1.
 *
 * <p>Thread-safety: the helpers open their own short-lived clients, so they may be called from any
 * thread; {@link #close()} must not race with them.
 */
public interface EmbeddedKafkaCluster extends AutoCloseable {

  /** Default deadline of {@link #createTopics(TopicSpec[])} and other admin calls. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * @return the in-process KRaft cluster with default settings, started; close it
   * @throws IllegalStateException if the broker cannot start
   */
  static EmbeddedKafkaCluster kraft() {
    return KRaftEmbeddedKafkaCluster.start();
  }

  /**
   * @return a Testcontainers cluster, started; close it
   * @throws org.opentest4j.TestAbortedException (a JUnit assumption failure: the test is skipped) if
   *     no Docker engine answers
   */
  static EmbeddedKafkaCluster container() {
    return ContainerKafkaCluster.start();
  }

  /** @return {@code host:port[,host:port]} of the cluster, for {@code bootstrap.servers}; never null */
  String bootstrapServers();

  /** Stops the cluster and releases what it owns (temp directories, containers). Idempotent. */
  @Override
  void close();

  /** @return a new mutable map with {@code bootstrap.servers} set, for any client */
  default Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return config;
  }

  /** @return a new Admin client on this cluster; the caller closes it */
  default Admin admin() {
    return Admin.create(clientConfig());
  }

  /**
   * Creates the topics that do not exist yet (replication factor 1), with the specs' partitions,
   * cleanup policy and configs; existing topics are left alone.
   *
   * @param specs the topics; may not be null
   * @throws IllegalStateException naming the topic if the broker refuses or does not answer within
   *     {@link #DEFAULT_TIMEOUT}
   */
  default void createTopics(TopicSpec<?, ?>... specs) {
    try (Admin admin = admin()) {
      TopicAdmin.ensureTopics(admin, Arrays.asList(specs), (short) 1, DEFAULT_TIMEOUT.toMillis());
    }
  }

  /**
   * Creates a plain topic (cleanup policy delete, replication factor 1) if it does not exist.
   *
   * @param name the topic name; may not be null
   * @param partitions partition count, at least 1
   * @throws IllegalArgumentException if {@code partitions} is less than 1
   * @throws IllegalStateException naming the topic if the broker refuses or does not answer
   */
  default void createTopic(String name, int partitions) {
    createTopics(new TopicSpec<>(name, org.apache.kafka.common.serialization.Serdes.ByteArray(),
        org.apache.kafka.common.serialization.Serdes.ByteArray(), partitions, "delete", Map.of()));
  }

  /**
   * Writes records to {@code topic} in one transaction and commits it; returns once committed.
   *
   * @param topic the topic, which should exist; may not be null
   * @param keySerializer serializer of keys; may not be null
   * @param valueSerializer serializer of values; may not be null
   * @param records key/value pairs, written in order (null values are tombstones); may not be null
   * @param <K> key type
   * @param <V> value type
   * @throws org.apache.kafka.common.KafkaException if the broker rejects the write or the
   *     transaction; the transaction is aborted first
   */
  default <K, V> void produce(
      String topic, Serializer<K> keySerializer, Serializer<V> valueSerializer, List<KeyValue<K, V>> records) {
    Objects.requireNonNull(topic, "topic can't be null");
    Map<String, Object> config = clientConfig();
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "testkit-" + UUID.randomUUID());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) DEFAULT_TIMEOUT.toMillis());
    try (KafkaProducer<K, V> producer = new KafkaProducer<>(config, keySerializer, valueSerializer)) {
      producer.initTransactions();
      producer.beginTransaction();
      try {
        for (KeyValue<K, V> kv : records) {
          producer.send(new ProducerRecord<>(topic, kv.key, kv.value));
        }
        producer.commitTransaction();
      } catch (RuntimeException e) {
        producer.abortTransaction();
        throw e;
      }
    }
  }

  /**
   * Writes records to the spec's topic with the spec's serdes, in one committed transaction.
   *
   * @param spec the topic; may not be null
   * @param records key/value pairs; may not be null
   * @param <K> key type
   * @param <V> value type
   * @see #produce(String, Serializer, Serializer, List)
   */
  default <K, V> void produce(TopicSpec<K, V> spec, List<KeyValue<K, V>> records) {
    produce(spec.name(), spec.keySerde().serializer(), spec.valueSerde().serializer(), records);
  }

  /**
   * Reads committed records of every partition of {@code topic} from the beginning until {@code
   * expected} records have arrived or the deadline passes. Uses no consumer group.
   *
   * @param topic the topic; may not be null
   * @param keyDeserializer deserializer of keys; may not be null
   * @param valueDeserializer deserializer of values; may not be null
   * @param expected how many records to wait for, at least 1
   * @param timeout the deadline, positive
   * @param <K> key type
   * @param <V> value type
   * @return at least {@code expected} records, in the order polled (offset order within each partition)
   * @throws AssertionError naming the topic, the expected and actual counts and the timeout, if
   *     fewer arrive in time
   */
  default <K, V> List<ConsumerRecord<K, V>> consume(
      String topic, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer, int expected, Duration timeout) {
    if (expected < 1) {
      throw new IllegalArgumentException("illegal expected record count " + expected + ", must be at least 1");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = readCommittedConsumer(keyDeserializer, valueDeserializer)) {
      List<TopicPartition> partitions = partitionsOf(consumer, topic, timeout);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (out.size() < expected && System.nanoTime() < deadline) {
        long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        consumer.poll(Duration.ofMillis(Math.min(leftMs, 500))).forEach(out::add);
      }
    }
    if (out.size() < expected) {
      throw new AssertionError(String.format(Locale.ROOT,
          "expected %d committed records in topic %s within %s, got %d: %s",
          expected, topic, timeout, out.size(), out));
    }
    return out;
  }

  /**
   * Reads committed records of the spec's topic with the spec's serdes.
   *
   * @param spec the topic; may not be null
   * @param expected how many records to wait for, at least 1
   * @param timeout the deadline, positive
   * @param <K> key type
   * @param <V> value type
   * @return the records read
   * @throws AssertionError if fewer than {@code expected} arrive in time
   * @see #consume(String, Deserializer, Deserializer, int, Duration)
   */
  default <K, V> List<ConsumerRecord<K, V>> consume(TopicSpec<K, V> spec, int expected, Duration timeout) {
    return consume(spec.name(), spec.keySerde().deserializer(), spec.valueSerde().deserializer(), expected, timeout);
  }

  /**
   * Reads every committed record of {@code topic} up to its current last stable offset, without
   * waiting for more: use it to assert that nothing else was written.
   *
   * @param topic the topic; may not be null
   * @param keyDeserializer deserializer of keys; may not be null
   * @param valueDeserializer deserializer of values; may not be null
   * @param timeout the deadline for reaching the end, positive
   * @param <K> key type
   * @param <V> value type
   * @return all committed records, possibly empty
   * @throws AssertionError naming the topic if the end is not reached in time
   */
  default <K, V> List<ConsumerRecord<K, V>> consumeAll(
      String topic, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = readCommittedConsumer(keyDeserializer, valueDeserializer)) {
      List<TopicPartition> partitions = partitionsOf(consumer, topic, timeout);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // for a read_committed consumer, endOffsets are the last stable offsets
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (!reached(consumer, end)) {
        if (System.nanoTime() >= deadline) {
          throw new AssertionError("did not reach the end offsets " + end + " of topic " + topic + " within "
              + timeout + "; read " + out.size() + " records");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private <K, V> KafkaConsumer<K, V> readCommittedConsumer(Deserializer<K> keys, Deserializer<V> values) {
    Map<String, Object> config = clientConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(config, keys, values);
  }

  private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      throw new AssertionError("topic " + topic + " does not exist (no partitions within " + timeout + ")");
    }
    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
