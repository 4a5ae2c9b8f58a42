package io.storyline.cluster.partitioned;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition Kafka's default producer partitioner gives a record with a non-null String key:
 * {@code toPositive(murmur2(utf8(key))) % partitions} (as {@code BuiltInPartitioner.partitionForKey}
 * computes it). The normalizer writes {@code posts} keyed by post id, so this tells the eval harness
 * which partition of the cluster stage sees which post. Stateless and thread-safe.
 */
public final class KeyPartitioner {
  private KeyPartitioner() {}

  /**
   * @param key the record key; may not be null
   * @param partitions the topic's partition count, &ge; 1
   * @return the partition in [0, partitions)
   * @throws IllegalArgumentException if {@code partitions} is below 1
   */
  public static int partition(String key, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("illegal partition count " + partitions + " for key " + key + ", must be >= 1");
    }
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
