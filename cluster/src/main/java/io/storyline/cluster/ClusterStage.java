package io.storyline.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.Topology;

/**
 * Picks the cluster stage's topology by {@link ClusterConfig#PARTITIONS_CONFIG}: 1 runs {@link
 * ClusterTopology} (one global clusterer, exactly as before), more runs {@link
 * PartitionedClusterTopology}. Stateless.
 */
public final class ClusterStage {
  private ClusterStage() {}

  /**
   * @param config the stage config; may not be null
   * @param registry where the meters go; may not be null
   * @return the topology of the configured mode
   */
  public static Topology topology(ClusterConfig config, MeterRegistry registry) {
    return config.partitions() > 1 ? PartitionedClusterTopology.build(config, registry) : ClusterTopology.build(config, registry);
  }

  /**
   * @param config the stage config; may not be null
   * @return the topics the stage reads and writes, {@code posts} with {@code cluster.partitions}
   *     partitions, and {@code posts.dlq}, where its deserialization handler sends unreadable posts
   */
  public static List<TopicSpec<?, ?>> topics(ClusterConfig config) {
    return List.of(PartitionedClusterTopology.postsTopic(config.partitions()), Topics.STORY_ASSIGNMENTS, Topics.STORIES,
        Topics.POSTS_DLQ);
  }

  /**
   * @param config the stage config; may not be null
   * @return {@link ClusterTopology#streamsProperties}; in the partitioned mode {@code
   *     num.stream.threads} defaults to {@code cluster.partitions} (a {@code kafka.num.stream.threads}
   *     setting wins)
   */
  public static Properties streamsProperties(ClusterConfig config) {
    Properties p = ClusterTopology.streamsProperties(config);
    if (config.partitions() > 1 && !config.kafkaClientOverrides().containsKey(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG)) {
      p.put(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.partitions()));
    }
    return p;
  }
}
