package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.ClusterTopology;
import io.storyline.common.config.CommonConfig;
import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code storyline run <stage>}'s runner on a real broker: readiness, metrics, a topic deleted under it. */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StageRunnerIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();

  @Test
  void shouldBeReadyWhenRunningAndNameTheMissingTopicWithinThirtySecondsOfItsDeletion(@TempDir Path state) throws Exception {
    // given: the cluster stage running as `storyline run cluster` runs it
    ClusterConfig config = new ClusterConfig(Map.of(
        CommonConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.cluster().bootstrapServers(),
        CommonConfig.STATE_DIR_CONFIG, state.toString(),
        CommonConfig.HTTP_PORT_CONFIG, "0"));
    try (StageRunner runner = new StageRunner(config, List.of(Topics.POSTS, Topics.STORY_ASSIGNMENTS, Topics.STORIES))) {
      runner.start("cluster", ClusterTopology.build(config), ClusterTopology.streamsProperties(config), config, null, null);

      // then: ready once Streams runs, with the Streams client metrics on /metrics
      await("the cluster stage reports ready").atMost(Duration.ofSeconds(60))
          .until(() -> get(runner.httpPort(), "/health/ready").statusCode() == 200);
      assertThat(get(runner.httpPort(), "/metrics").body()).contains("kafka_stream_client_state");

      // when: a required topic is deleted under the running stage
      try (Admin admin = KAFKA.cluster().admin()) {
        admin.deleteTopics(List.of(Topics.STORIES.name())).all().get(30, TimeUnit.SECONDS);
      }

      // then: readiness turns DOWN and names the topic within 30 s
      await("readiness names the deleted topic").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        HttpResponse<String> ready = get(runner.httpPort(), "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("stories");
      });
    }
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
