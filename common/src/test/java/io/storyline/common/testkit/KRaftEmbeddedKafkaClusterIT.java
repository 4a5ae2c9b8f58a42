package io.storyline.common.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class KRaftEmbeddedKafkaClusterIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static Post post(String nativeId) {
    return Post.builder(Source.REDDIT, nativeId).title("t " + nativeId).text("x").createdAt(Instant.parse("2025-07-01T10:00:00Z")).build();
  }

  @Test
  void shouldCreateTopicsFromSpecsWithTheirPartitionsAndCleanupPolicy() throws Exception {
    KAFKA.cluster().createTopics(Topics.STORIES, Topics.POSTS);

    try (Admin admin = KAFKA.cluster().admin()) {
      Set<String> names = admin.listTopics().names().get();
      assertThat(names).contains(Topics.STORIES.name(), Topics.POSTS.name());
      int partitions = admin.describeTopics(List.of(Topics.STORIES.name())).allTopicNames().get()
          .get(Topics.STORIES.name()).partitions().size();
      assertThat(partitions).isEqualTo(Topics.STORIES.partitions());
      ConfigResource stories = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STORIES.name());
      String policy = admin.describeConfigs(List.of(stories)).all().get().get(stories).get("cleanup.policy").value();
      assertThat(policy).isEqualTo("compact");
    }
  }

  @Test
  void shouldRoundTripPostsThroughTheSpecSerdesAndKeepThemAcrossABrokerRestart(KRaftEmbeddedKafkaCluster cluster) {
    cluster.createTopics(Topics.POSTS);
    Post a = post("t3_restart_a");
    Post b = post("t3_restart_b");
    cluster.produce(Topics.POSTS, List.of(KeyValue.pair(a.id(), a), KeyValue.pair(b.id(), b)));
    String before = cluster.bootstrapServers();

    cluster.restartBroker();

    assertThat(cluster.isRunning()).isTrue();
    assertThat(cluster.bootstrapServers()).isEqualTo(before);
    List<ConsumerRecord<String, Post>> got = cluster.consume(Topics.POSTS, 2, WAIT);
    assertThat(got).extracting(ConsumerRecord::value).contains(a, b);
  }
}
