package io.storyline.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Post;
import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.topic.DeadLetterHeaders;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.connect.EmbeddedConnectStandalone;
import io.storyline.ingest.connect.ReplayConnectorConfig;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.PostLimits;
import io.storyline.ingest.format.RawLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7, a 5 MB post end to end on a real KRaft broker: the replay connector in a real Connect
 * worker writes a 5 MB raw post whole (the raw topics accept 8 MiB), a 9 MB one cut with its size in a
 * header, and a 5 MB line of broken JSON; the Normalizer emits the 5 MB post with its text cut to
 * {@link PostLimits#TEXT_MAX_CHARS}, dead-letters the broken line with its original 5 MB and the 9 MB
 * post with reason oversize, and emits the small posts around them. Nothing stops either stage.
 */
@Tag("integration")
@Timeout(300)
class OversizePostIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @TempDir Path tmp;

  private static String thing(String id, long created, String selftext) {
    var data = JsonSupport.object().put("name", "t3_" + id).put("id", id).put("created_utc", created)
        .put("subreddit", "LocalLLaMA").put("title", "post " + id).put("selftext", selftext);
    return JsonSupport.object().put("kind", "t3").set("data", data).toString();
  }

  private static String header(ConsumerRecord<?, ?> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldCarryAFiveMegabytePostThroughConnectAndTheNormalizerAndDeadLetterWhatCannotBeAPost() throws Exception {
    List<TopicSpec<?, ?>> topics = new ArrayList<>(Topics.rawTopics());
    topics.add(Topics.POSTS);
    topics.add(Topics.POSTS_DLQ);
    KAFKA.cluster().createTopics(topics.toArray(TopicSpec[]::new));
    String fiveMb = "Kimi K2 local inference notes. ".repeat(5 * 1024 * 1024 / 31 + 1);
    String brokenFiveMb = "{\"kind\":\"t3\",\"data\":{\"name\":\"t3_broken\",\"selftext\":\"" + "z".repeat(5 * 1024 * 1024);
    Path dir = Files.createDirectories(tmp.resolve("replay"));
    Files.writeString(dir.resolve("posts.jsonl"), String.join("\n",
        thing("small1", 1_750_000_000L, "hello"), thing("five", 1_750_000_060L, fiveMb),
        thing("nine", 1_750_000_120L, "y".repeat(9 * 1024 * 1024)), brokenFiveMb,
        thing("small2", 1_750_000_180L, "bye")) + "\n", StandardCharsets.UTF_8);

    NormalizerConfig config = new NormalizerConfig(Map.of("bootstrap.servers", KAFKA.cluster().bootstrapServers(),
        "state.dir", tmp.resolve("state").toString(), "kafka.commit.interval.ms", "200"));
    Properties props = NormalizerTopology.streamsProperties(config);
    try (EmbeddedConnectStandalone connect = EmbeddedConnectStandalone.start(EmbeddedConnectStandalone.workerProperties(
            KAFKA.cluster().bootstrapServers(), tmp.resolve("offsets"), 200));
        KafkaStreams normalizer = new KafkaStreams(NormalizerTopology.build(config), props)) {
      connect.addConnector("oversize-it", ReplayConnectorConfig.connectorProperties(List.of(dir)));
      normalizer.start();

      List<ConsumerRecord<String, Post>> posts = KAFKA.cluster().consume(Topics.POSTS, 3, DEADLINE);
      List<ConsumerRecord<byte[], byte[]>> dead = KAFKA.cluster().consume(Topics.POSTS_DLQ, 2, DEADLINE);

      assertThat(posts).extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder("reddit:t3_small1", "reddit:t3_five", "reddit:t3_small2");
      Post five = posts.stream().filter(r -> r.key().equals("reddit:t3_five")).findFirst().orElseThrow().value();
      assertThat(five.text()).hasSize(PostLimits.TEXT_MAX_CHARS);
      ConsumerRecord<byte[], byte[]> broken = dead.stream()
          .filter(r -> header(r, DeadLetterHeaders.REASON).contains("not valid JSON")).findFirst().orElseThrow();
      assertThat(new String(broken.value(), StandardCharsets.UTF_8)).as("the original 5 MB, whole").isEqualTo(brokenFiveMb);
      ConsumerRecord<byte[], byte[]> nine = dead.stream()
          .filter(r -> header(r, DeadLetterHeaders.REASON).contains("over the raw record limit")).findFirst().orElseThrow();
      assertThat(nine.value()).hasSize(RawLimits.KEPT_BYTES);
      assertThat(normalizer.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }
}
