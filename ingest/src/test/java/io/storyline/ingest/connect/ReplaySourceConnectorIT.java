package io.storyline.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.topic.RawHeaders;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.format.RawItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay connector in a real Kafka Connect standalone worker (in-process, offsets in a file)
 * against a real KRaft broker: every item arrives once on its raw topic with its headers, and a
 * restarted worker on the same offsets file emits only what is new.
 */
@Tag("integration")
@Timeout(300)
class ReplaySourceConnectorIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final String CONNECTOR = "replay-it";

  @TempDir Path tmp;

  private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    return KAFKA.cluster().consumeAll(topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), DEADLINE);
  }

  private int total() {
    return Topics.rawTopics().stream().mapToInt(t -> readAll(t.name()).size()).sum();
  }

  private static String header(ConsumerRecord<?, ?> record, String key) {
    Header h = record.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private EmbeddedConnectStandalone startConnect(Path offsets, Path replayDir) {
    EmbeddedConnectStandalone connect = EmbeddedConnectStandalone.start(
        EmbeddedConnectStandalone.workerProperties(KAFKA.cluster().bootstrapServers(), offsets, 200));
    connect.addConnector(CONNECTOR, ReplayConnectorConfig.connectorProperties(List.of(replayDir)));
    return connect;
  }

  @Test
  void shouldReplayEveryItemOnceOnItsRawTopicAndResumeAfterRestartWithoutRepeats() throws IOException {
    KAFKA.cluster().createTopics(Topics.rawTopics().toArray(TopicSpec[]::new));
    Path replayDir = tmp.resolve("replay");
    copyTree(ReplayPlanTest.replayDir(), replayDir);
    Path offsets = tmp.resolve("connect.offsets");
    ReplayPlan plan = ReplayPlan.plan(List.of(replayDir));
    Map<String, Long> expected = plan.countsByTopic();
    assertThat(expected).hasSizeGreaterThanOrEqualTo(3);

    try (EmbeddedConnectStandalone connect = startConnect(offsets, replayDir)) {
      // Connect replays asynchronously: wait until every planned record is on the raw topics
      await("all " + plan.items().size() + " planned records on the raw topics").atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(500)).until(this::total, n -> n >= plan.items().size());
      assertThat(connect.states(CONNECTOR)).containsOnly("RUNNING");
    }

    for (Map.Entry<String, Long> topic : expected.entrySet()) {
      List<RawItem> items = plan.items().stream()
          .filter(i -> ReplayConnectorConfig.topicFor(i.format(), "posts.raw.").equals(topic.getKey())).toList();
      List<ConsumerRecord<String, byte[]>> records = readAll(topic.getKey());
      assertThat(records).as("records on %s", topic.getKey()).hasSize(topic.getValue().intValue());
      for (int i = 0; i < records.size(); i++) {
        ConsumerRecord<String, byte[]> record = records.get(i);
        RawItem item = items.get(i);
        assertThat(record.key()).isEqualTo(item.nativeId());
        assertThat(record.value()).isEqualTo(item.payload());
        assertThat(header(record, RawHeaders.FORMAT)).isEqualTo(item.format().id());
        assertThat(header(record, RawHeaders.FILE)).isEqualTo(item.file());
        assertThat(header(record, RawHeaders.SOURCE))
            .isEqualTo(item.format().source() == null ? null : item.format().source().id());
        if (item.createdAt() != null) {
          assertThat(record.timestamp()).isEqualTo(item.createdAt().toEpochMilli());
        }
      }
    }

    // a post newer than all others appears in the directory: it sorts last, so a correct restart
    // emits exactly this one record and repeats none of the others
    String late = Files.readString(Path.of(ReplayPlanTest.replayDir().getParent().toString(), "normalize", "reddit-t3_48fbao.json"))
        .replace("t3_48fbao", "t3_zzlate").replace("\"id\": \"48fbao\"", "\"id\": \"zzlate\"")
        .replace("1456821242.0", "1700000000.0");
    Files.writeString(replayDir.resolve("zz-late.json"), late);
    ReplayPlan replanned = ReplayPlan.plan(List.of(replayDir));
    assertThat(replanned.items()).hasSize(plan.items().size() + 1);
    assertThat(replanned.items().getLast().nativeId()).isEqualTo("t3_zzlate");

    try (EmbeddedConnectStandalone connect = startConnect(offsets, replayDir)) {
      await("the one new record on posts.raw.reddit").atMost(DEADLINE).pollInterval(Duration.ofMillis(500))
          .until(() -> readAll(Topics.RAW_REDDIT.name()).size(), n -> n > expected.get(Topics.RAW_REDDIT.name()));
    }

    List<String> redditKeys = new ArrayList<>(readAll(Topics.RAW_REDDIT.name()).stream().map(ConsumerRecord::key).toList());
    assertThat(redditKeys).hasSize(expected.get(Topics.RAW_REDDIT.name()).intValue() + 1).doesNotHaveDuplicates();
    assertThat(redditKeys.getLast()).isEqualTo("t3_zzlate");
    for (Map.Entry<String, Long> topic : expected.entrySet()) {
      if (!topic.getKey().equals(Topics.RAW_REDDIT.name())) {
        assertThat(readAll(topic.getKey())).as("records on %s after restart", topic.getKey()).hasSize(topic.getValue().intValue());
      }
    }
  }
}
