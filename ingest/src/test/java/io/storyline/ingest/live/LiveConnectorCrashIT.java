package io.storyline.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storyline.common.model.Post;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.connect.EmbeddedConnectStandalone;
import io.storyline.ingest.live.reddit.RedditConfig;
import io.storyline.ingest.live.reddit.RedditSourceConnector;
import io.storyline.ingest.normalize.NormalizerConfig;
import io.storyline.ingest.normalize.NormalizerMetrics;
import io.storyline.ingest.normalize.NormalizerTopology;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash test of a live connector in a real Kafka Connect worker (in-process standalone, offsets in a
 * file) on a real KRaft broker, against a local server that serves Reddit {@code /new} listings of
 * the real recorded shape. The worker is "killed" mid-sweep: the offsets file is snapshotted while the
 * sweep runs, the worker goes on producing, then stops, and the snapshot is put back, which is what a
 * process dying at the snapshot would leave behind (records produced, offsets not yet committed).
 * The restarted worker must deliver every post at least once, and the Normalizer must count each once.
 *
 * <p>At-least-once only: exactly-once source delivery (KIP-618) needs a distributed worker, which the
 * standalone herder does not provide; the connectors declare {@code ExactlyOnceSupport.SUPPORTED}.
 */
@Tag("integration")
@Timeout(300)
class LiveConnectorCrashIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();

  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final String TOKEN = "crash-it-token-0b1c2d3e4f";
  private static final int POSTS = 600;
  private static final long NOW_S = Instant.now().getEpochSecond();

  @TempDir Path tmp;

  private List<ConsumerRecord<String, byte[]>> raw(String topic) {
    return KAFKA.cluster().consumeAll(topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Duration.ofSeconds(30));
  }

  private EmbeddedConnectStandalone startWorker(Path offsets, String baseUrl) {
    EmbeddedConnectStandalone connect = EmbeddedConnectStandalone.start(
        EmbeddedConnectStandalone.workerProperties(KAFKA.cluster().bootstrapServers(), offsets, 100));
    Map<String, String> props = new LinkedHashMap<>();
    props.put("connector.class", RedditSourceConnector.class.getName());
    props.put("tasks.max", "1");
    props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    props.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.put(RedditConfig.SUBREDDITS_CONFIG, "LocalLLaMA");
    props.put(RedditConfig.TOKEN_CONFIG, TOKEN);
    props.put(RedditConfig.BASE_URL_CONFIG, baseUrl);
    props.put(RedditConfig.PAGE_SIZE_CONFIG, "25");
    props.put(LiveConnectorConfig.LOOKBACK_HOURS_CONFIG, "24");
    props.put(LiveConnectorConfig.POLL_INTERVAL_MS_CONFIG, "500");
    // one page every 300 ms: a sweep of 24 pages takes about 7 s, long enough to crash in the middle
    props.put(LiveConnectorConfig.RATE_LIMIT_REQUESTS_CONFIG, "1");
    props.put(LiveConnectorConfig.RATE_LIMIT_PERIOD_MS_CONFIG, "300");
    connect.addConnector("reddit-live", props);
    return connect;
  }

  /** Copies the offsets file once a copy deserialises (the worker rewrites it in place every flush). */
  private static boolean snapshot(Path offsets, Path copy) {
    try {
      byte[] bytes = Files.readAllBytes(offsets);
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
        if (!(in.readObject() instanceof Map<?, ?> map) || map.isEmpty()) {
          return false;
        }
      }
      Files.write(copy, bytes);
      return true;
    } catch (IOException | ClassNotFoundException e) {
      return false;
    }
  }

  @Test
  void shouldDeliverEveryPostAtLeastOnceAfterACrashMidSweepAndCountEachOnceDownstream() throws Exception {
    KAFKA.cluster().createTopics(Topics.rawTopics().toArray(TopicSpec[]::new));
    Path offsets = tmp.resolve("connect.offsets");
    Path crashed = tmp.resolve("connect.offsets.at-crash");
    RedditListingSim sim = new RedditListingSim(1000, n -> NOW_S - 3600 + n).add(1, POSTS);
    String reddit = Topics.RAW_REDDIT.name();

    try (LocalApi api = new LocalApi(); LogCapture logs = new LogCapture()) {
      api.handler(sim);
      int atCrash;
      try (EmbeddedConnectStandalone connect = startWorker(offsets, api.baseUrl())) {
        await("a third of the sweep on " + reddit).atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
            .until(() -> raw(reddit).size(), n -> n >= POSTS / 3);
        await("a consistent snapshot of the committed offsets").atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
            .until(() -> snapshot(offsets, crashed));
        atCrash = raw(reddit).size();
        // the worker keeps producing past the snapshot: these records are in Kafka but not in the offsets at the crash
        await("records produced after the crash point").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
            .until(() -> raw(reddit).size(), n -> n >= atCrash + 50);
        assertThat(connect.states("reddit-live")).containsOnly("RUNNING");
      }
      assertThat(atCrash).as("posts on the topic at the crash point: mid-sweep").isLessThan(POSTS);
      Files.copy(crashed, offsets, StandardCopyOption.REPLACE_EXISTING);

      sim.add(POSTS + 1, POSTS + 20); // new posts while the worker was down
      try (EmbeddedConnectStandalone connect = startWorker(offsets, api.baseUrl())) {
        await("every post on " + reddit + " after the restart").atMost(DEADLINE).pollInterval(Duration.ofMillis(250))
            .until(() -> raw(reddit).stream().map(ConsumerRecord::key).collect(Collectors.toSet()).size(), n -> n >= POSTS + 20);
        assertThat(connect.states("reddit-live")).containsOnly("RUNNING");
      }
      assertThat(logs.lines()).as("log lines of the run").isNotEmpty().noneMatch(l -> l.contains(TOKEN));
    }

    List<ConsumerRecord<String, byte[]>> records = raw(reddit);
    Set<String> expected = LongStream.rangeClosed(1, POSTS + 20).mapToObj(RedditPages::fullname).collect(Collectors.toSet());
    Map<String, Long> copies = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(records.size()).as("at-least-once: the pages produced after the crash point came again").isGreaterThan(POSTS + 20);

    // downstream: the Normalizer's dedupe counts each post once
    Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", "unused:9092",
        "state.dir", tmp.resolve("streams").toString(), "kafka.max.task.idle.ms", "-1")); // one input topic: nothing to wait for
    NormalizerConfig config = new NormalizerConfig(settings);
    Properties props = NormalizerTopology.streamsProperties(config);
    try (TopologyTestDriver driver = new TopologyTestDriver(NormalizerTopology.build(config), props)) {
      TestInputTopic<String, byte[]> in = driver.createInputTopic(reddit, Serdes.String().serializer(), Serdes.ByteArray().serializer());
      for (ConsumerRecord<String, byte[]> r : records) {
        in.pipeInput(new TestRecord<>(r.key(), r.value(), new org.apache.kafka.common.header.internals.RecordHeaders(r.headers().toArray()), r.timestamp()));
      }
      TestOutputTopic<String, Post> posts = driver.createOutputTopic(Topics.POSTS.name(), Serdes.String().deserializer(),
          StorylineSerdes.post().deserializer());
      List<String> ids = posts.readRecordsToList().stream().map(TestRecord::key).toList();
      TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(Topics.POSTS_DLQ.name(), Serdes.ByteArray().deserializer(),
          Serdes.ByteArray().deserializer());
      List<String> reasons = dlq.readRecordsToList().stream()
          .map(r -> new String(r.headers().lastHeader(io.storyline.common.topic.DeadLetterHeaders.REASON).value())).distinct().toList();
      assertThat(reasons).as("dead-letter reasons").isEmpty();
      assertThat(ids).as("posts out of the Normalizer; its counts: %s", NormalizerMetrics.from(driver.metrics())).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(expected.stream().map(f -> "reddit:" + f).toList());
      NormalizerMetrics m = NormalizerMetrics.from(driver.metrics());
      assertThat(m.duplicates()).isEqualTo(records.size() - expected.size());
      assertThat(m.deadLettered()).isZero();
      assertThat(m.updated()).isZero();
    }
  }
}
