package io.storyline.common.topic;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * An immutable description of one topic: its name, the serdes of its keys and values, its default
 * partition count and its cleanup policy.
 *
 * @param name topic name; valid Kafka topic name, never null
 * @param keySerde serde of keys; never null
 * @param valueSerde serde of values; never null
 * @param partitions default partition count, at least 1
 * @param cleanupPolicy {@link TopicConfig#CLEANUP_POLICY_DELETE} or {@link
 *     TopicConfig#CLEANUP_POLICY_COMPACT}
 * @param configs further topic configs (e.g. {@code retention.ms}); never null
 * @param <K> key type
 * @param <V> value type
 */
public record TopicSpec<K, V>(
    String name,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    int partitions,
    String cleanupPolicy,
    Map<String, String> configs) {

  public TopicSpec {
    Objects.requireNonNull(name, "topic name can't be null");
    Objects.requireNonNull(keySerde, () -> "key serde of topic " + name + " can't be null");
    Objects.requireNonNull(valueSerde, () -> "value serde of topic " + name + " can't be null");
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "illegal partition count " + partitions + " for topic " + name + ", must be at least 1");
    }
    if (!TopicConfig.CLEANUP_POLICY_DELETE.equals(cleanupPolicy)
        && !TopicConfig.CLEANUP_POLICY_COMPACT.equals(cleanupPolicy)) {
      throw new IllegalArgumentException(
          "illegal cleanup.policy '" + cleanupPolicy + "' for topic " + name + ", must be delete or compact");
    }
    configs = configs == null ? Map.of() : Map.copyOf(configs);
  }

  /** @return true if the topic is compacted (one latest value per key) */
  public boolean compacted() {
    return TopicConfig.CLEANUP_POLICY_COMPACT.equals(cleanupPolicy);
  }

  /**
   * @param replicationFactor replication factor, at least 1
   * @return the admin request to create this topic
   */
  public NewTopic toNewTopic(short replicationFactor) {
    Map<String, String> all = new java.util.HashMap<>(configs);
    all.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
    return new NewTopic(name, partitions, replicationFactor).configs(all);
  }
}
