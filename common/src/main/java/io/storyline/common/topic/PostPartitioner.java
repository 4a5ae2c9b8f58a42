package io.storyline.common.topic;

import io.storyline.common.model.Post;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Where a post goes among the partitions of {@link Topics#POSTS}: by its {@link Post#threadKey()
 * thread key} (the thread's root, else its parent, else its own id), hashed as Kafka's default
 * producer partitioner hashes a String key ({@code toPositive(murmur2(utf8(key))) % partitions}, as
 * {@code BuiltInPartitioner.partitionForKey} computes it). A post without a parent therefore lands
 * exactly where the default partitioner puts its key, and a reply lands with its thread, so the
 * partition of the cluster stage that holds the thread's story sees the reply and its parent-following
 * rule applies (docs/ARCHITECTURE.md, "Clustering at scale"). Records stay keyed by post id, so
 * compaction and readers by key are unchanged: the same post id always has the same thread key.
 *
 * <p>The normalizer's posts sink uses it; the eval's simulation of the partitioned mode uses {@link
 * #partition(Post, int)} to send each post where the live topology would. Stateless and thread-safe.
 */
public final class PostPartitioner implements StreamPartitioner<String, Post> {

  /**
   * @param topic the topic written to (not read)
   * @param key the post id; may be null only with a non-null post
   * @param post the post; null for a tombstone, which goes where its key hashes
   * @param partitions the topic's partition count, &ge; 1
   * @return the one partition in [0, partitions)
   * @throws IllegalArgumentException if {@code partitions} is below 1, or key and post are both null
   */
  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, Post post, int partitions) {
    if (post == null && key == null) {
      throw new IllegalArgumentException("cannot partition a record of " + topic + " with neither a key nor a post");
    }
    return Optional.of(Set.of(post == null ? partition(key, partitions) : partition(post, partitions)));
  }

  /**
   * @param post the post; may not be null
   * @param partitions the partition count, &ge; 1
   * @return the partition of {@code post}'s thread key, in [0, partitions)
   * @throws IllegalArgumentException if {@code partitions} is below 1
   */
  public static int partition(Post post, int partitions) {
    return partition(post.threadKey(), partitions);
  }

  /**
   * @param key a record key; may not be null
   * @param partitions the partition count, &ge; 1
   * @return the partition Kafka's default producer partitioner gives {@code key}, in [0, partitions)
   * @throws IllegalArgumentException if {@code partitions} is below 1
   */
  public static int partition(String key, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("illegal partition count " + partitions + " for key " + key + ", must be >= 1");
    }
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
