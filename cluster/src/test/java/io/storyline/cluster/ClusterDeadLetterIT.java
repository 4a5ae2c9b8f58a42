package io.storyline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.topic.DeadLetterHeaders;
import io.storyline.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 on a real broker: records on {@code posts} the cluster stage cannot read (truncated JSON, a
 * post without {@code createdAt}) land on {@code posts.dlq} with their original bytes and the {@link
 * DeadLetterHeaders}, while the posts around them are assigned and the stage keeps running.
 * (TopologyTestDriver does not pass a deserialisation handler's dead letters on, hence a broker.)
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterDeadLetterIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");

  private static String header(ConsumerRecord<?, ?> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldDeadLetterUnreadablePostsAndAssignTheOthers(@TempDir Path tmp) {
    KAFKA.cluster().createTopics(Topics.POSTS, Topics.POSTS_DLQ, Topics.STORY_ASSIGNMENTS, Topics.STORIES);
    Post first = Post.builder(Source.REDDIT, "t3_ok1").title("Kimi K2 released with open weights").createdAt(T0).build();
    Post second = Post.builder(Source.REDDIT, "t3_ok2").title("Grok 4 benchmarks").createdAt(T0.plusSeconds(60)).build();
    String json = new String(Topics.POSTS.valueSerde().serializer().serialize(Topics.POSTS.name(), second), StandardCharsets.UTF_8);
    byte[] truncated = json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
    byte[] noCreatedAt = json.replaceFirst("\"createdAt\":\"[^\"]*\",?", "").getBytes(StandardCharsets.UTF_8);
    KAFKA.cluster().produce(Topics.POSTS, List.of(KeyValue.pair(first.id(), first)));
    KAFKA.cluster().produce(Topics.POSTS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer(),
        List.of(KeyValue.pair("reddit:t3_bad1", truncated), KeyValue.pair("reddit:t3_bad2", noCreatedAt)));
    KAFKA.cluster().produce(Topics.POSTS, List.of(KeyValue.pair(second.id(), second)));

    ClusterConfig config = new ClusterConfig(Map.of("bootstrap.servers", KAFKA.cluster().bootstrapServers(),
        "state.dir", tmp.toString(), "cluster.application.id", "cluster-dlq-it", "kafka.commit.interval.ms", "200"));
    try (KafkaStreams streams = new KafkaStreams(ClusterTopology.build(config), ClusterTopology.streamsProperties(config))) {
      streams.start();
      List<ConsumerRecord<String, StoryAssignment>> assigned = KAFKA.cluster().consume(Topics.STORY_ASSIGNMENTS, 2,
          Duration.ofSeconds(120));
      List<ConsumerRecord<byte[], byte[]>> dead = KAFKA.cluster().consume(Topics.POSTS_DLQ, 2, Duration.ofSeconds(60));

      assertThat(assigned).extracting(ConsumerRecord::key).containsExactly(first.id(), second.id());
      assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("reddit:t3_bad1", "reddit:t3_bad2");
      assertThat(dead.get(0).value()).isEqualTo(truncated);
      assertThat(dead.get(1).value()).isEqualTo(noCreatedAt);
      for (ConsumerRecord<byte[], byte[]> d : dead) {
        assertThat(header(d, DeadLetterHeaders.STAGE)).isEqualTo("cluster");
        assertThat(header(d, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("posts");
        assertThat(header(d, DeadLetterHeaders.REASON)).contains("can't be read").contains("Unable to deserialize Post");
      }
      assertThat(header(dead.get(1), DeadLetterHeaders.REASON)).contains("createdAt");
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
      double dropped = streams.metrics().entrySet().stream().filter(e -> e.getKey().name().equals("dropped-records-total"))
          .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
      assertThat(dropped).isEqualTo(2.0);
    }
  }
}
