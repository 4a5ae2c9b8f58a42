package io.storyline.app.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storyline.common.model.Post;
import io.storyline.common.stage.StreamsStage;
import io.storyline.common.testkit.EmbeddedKafkaCluster;
import io.storyline.common.testkit.KRaftEmbeddedKafkaCluster;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.normalize.NormalizerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storyline.ingest.normalize.NormalizerTopology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the ingest stage ({@code storyline run ingest} with the replay connector, in a
 * child JVM) at random points of the replay, restarted each time; then every post of the
 * uninterrupted run is in {@code posts} exactly once, with the same content, and nothing else.
 *
 * <ul>
 *   <li>{@code --exactly-once} (a Connect distributed worker with exactly-once source support): each
 *       batch and its source offsets commit in one transaction, so the raw topics hold every source
 *       record exactly once (read_committed) and the normalizer runs with its default settings.
 *   <li>Standalone (the default): delivery is at least once (records written after the last offset
 *       flush are written again after a restart) and the normalizer's de-duplication turns that into
 *       exactly once in {@code posts} <em>while the redelivered copy is within the de-duplication
 *       retention</em> ({@code normalizer.dedupe.retention.hours}, event time before the newest post
 *       seen). The sample spans 2016 to 2025 and a replay batch spans weeks of event time, so this
 *       test sets the retention to cover the whole sample; with the default 7 days a redelivered batch
 *       straddling a purge is emitted twice (see docs/RELIABILITY.md).
 * </ul>
 *
 * <p>The replay's producer is slowed by a broker-side client quota ({@code producer_byte_rate}), so
 * that the kills land while records are being written (unthrottled, the sample is written in well
 * under a second).
 */
@Tag("integration")
@Tag("fault")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IngestKillIT {
  @RegisterExtension static final Reference REFERENCE = new Reference();

  /** Bytes per second the replay's producer may write (the sample is about 2 MB of native payloads). */
  private static final double REPLAY_BYTES_PER_SECOND = 256 * 1024;

  /** Event-time hours the standalone variant's normalizer remembers post ids: the maximum, 10 years, more than the sample's 9.3. */
  private static final int RETENTION_COVERING_THE_SAMPLE_HOURS = 87_600;

  @Test
  void shouldWriteEverySourceRecordExactlyOnceWhenTheExactlyOnceIngestStageIsKilledRepeatedly(@TempDir Path tmp) throws Exception {
    killRepeatedly(tmp, true);
  }

  @Test
  void shouldEmitEverySourceRecordToPostsExactlyOnceWhenTheStandaloneIngestStageIsKilledRepeatedly(@TempDir Path tmp)
      throws Exception {
    killRepeatedly(tmp, false);
  }

  private void killRepeatedly(Path tmp, boolean exactlyOnce) throws Exception {
    String test = exactlyOnce ? "IngestKillIT(exactly-once)" : "IngestKillIT(standalone)";
    Reference.Run reference = REFERENCE.run();
    Map<String, Post> expected = reference.outcome().posts().stream()
        .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value, (a, b) -> b, LinkedHashMap::new));
    try (KRaftEmbeddedKafkaCluster kafka = KRaftEmbeddedKafkaCluster.start()) {
      killRepeatedly(tmp, exactlyOnce, test, reference, expected, kafka);
    }
  }

  private void killRepeatedly(Path tmp, boolean exactlyOnce, String test, Reference.Run reference, Map<String, Post> expected,
      EmbeddedKafkaCluster kafka) throws Exception {
    kafka.createTopics(Topics.all().toArray(TopicSpec[]::new));
    throttleReplayProducer(kafka);
    int rounds = Faults.rounds();
    Random random = Faults.random(test);
    Path connector = Rig.replayConnectorFile(tmp, Rig.extractInput(tmp));
    List<String> args = new ArrayList<>(List.of("run", "ingest", "--bootstrap-servers", kafka.bootstrapServers(),
        "-c", connector.toString(), "--offsets-file", tmp.resolve("connect.offsets").toString(), "--offset-flush-interval-ms", "200",
        "--http-host", "127.0.0.1"));
    if (exactlyOnce) {
      // a new Connect group per test, so the two variants do not share offsets
      args.addAll(List.of("--exactly-once", "--connect-group", "storyline-connect-" + tmp.getFileName(),
          // a killed worker sends no leave-group: expire its session after 6 s (default 10 s), and hand its connector and
          // task to the restarted worker at once instead of holding them for a returning worker (default up to 5 minutes)
          "-W", "session.timeout.ms=6000", "-W", "heartbeat.interval.ms=1000", "-W", "scheduled.rebalance.max.delay.ms=0"));
    }
    Map<String, Object> normalizerSettings = Rig.settings(kafka, tmp.resolve("normalizer-state"));
    normalizerSettings.put(NormalizerConfig.APPLICATION_ID_CONFIG, "normalizer-" + tmp.getFileName());
    if (!exactlyOnce) {
      normalizerSettings.put(NormalizerConfig.DEDUPE_RETENTION_HOURS_CONFIG, RETENTION_COVERING_THE_SAMPLE_HOURS);
    }
    NormalizerConfig normalizerConfig = new NormalizerConfig(normalizerSettings);
    int items = reference.items();
    int kills = 0;

    try (StreamsStage normalizer = new StreamsStage("normalizer", NormalizerTopology.build(normalizerConfig),
        NormalizerTopology.streamsProperties(normalizerConfig), new SimpleMeterRegistry())) {
      normalizer.start();
      ChildStage child = ChildStage.start("ingest", tmp.resolve("logs"), args);
      try {
        // when: killed with SIGKILL at random points of the replay, and restarted on the same offsets file
        for (int round = 0; round < rounds; round++) {
          // a random number of records written by this instance (each restart resumes from its last committed offset)
          long point = rawWritten(kafka) + 1 + random.nextInt(Math.max(1, items / (rounds + 1)));
          ChildStage running = child;
          await("the replay has written " + point + " raw records").atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(20))
              .failFast("the ingest stage exited: " + running.tail(), () -> !running.isAlive())
              .until(() -> rawWritten(kafka) >= point);
          child.kill();
          kills++;
          System.out.printf("%s: round %d killed the ingest stage after %d raw records%n", test, round, rawWritten(kafka));
          child = ChildStage.start("ingest", tmp.resolve("logs"), args);
        }
        ChildStage last = child;
        await("posts holds every post of the reference run").atMost(Rig.DRAIN).pollInterval(Duration.ofMillis(500))
            .failFast("the ingest stage exited: " + last.tail(), () -> !last.isAlive())
            .until(() -> Outcome.read(kafka, Topics.POSTS).stream().map(kv -> kv.key).distinct().count() >= expected.size());
        Rig.awaitDrained("the normalizer has read every raw record",
            () -> Rig.caughtUp(kafka, normalizerConfig.applicationId(), Rig.rawTopics(), exactlyOnce));
        child.stop();
      } finally {
        child.close();
      }
    }

    // then: every source record reached posts exactly once, with the uninterrupted run's content
    List<KeyValue<String, Post>> posts = Outcome.read(kafka, Topics.POSTS);
    Map<String, Integer> copies = new HashMap<>();
    posts.forEach(kv -> copies.merge(kv.key, 1, Integer::sum));
    Map<String, Integer> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    long lost = expected.keySet().stream().filter(id -> !copies.containsKey(id)).count();
    assertThat(duplicated).as("posts emitted more than once").isEmpty();
    assertThat(copies.keySet()).as("post ids in posts").isEqualTo(expected.keySet());
    Map<String, Post> actual = new HashMap<>();
    posts.forEach(kv -> actual.put(kv.key, kv.value));
    assertThat(actual).as("post contents").isEqualTo(expected);
    long raw = rawWritten(kafka);
    long rawCommitted = Outcome.read(kafka).rawRecords();
    if (exactlyOnce) {
      assertThat(rawCommitted).as("committed raw records: each source record exactly once").isEqualTo(items);
    } else {
      assertThat(rawCommitted).as("raw records (at least once)").isGreaterThanOrEqualTo(items);
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("faults", kills);
    figures.put("sourceRecords", items);
    figures.put("rawRecordsCommitted", rawCommitted);
    figures.put("rawRedelivered", rawCommitted - items);
    figures.put("rawOffsetsUsed", raw);
    figures.put("posts", posts.size());
    figures.put("lost", lost);
    figures.put("duplicated", duplicated.size());
    Faults.report(test, figures);
  }

  private static long rawWritten(EmbeddedKafkaCluster kafka) {
    return Rig.rawTopics().stream().mapToLong(t -> Math.max(0, Rig.written(kafka, t))).sum();
  }

  /** A broker-side quota on the replay task's producer ({@code connector-producer-<connector>-<task>}). */
  private static void throttleReplayProducer(EmbeddedKafkaCluster kafka) throws Exception {
    try (Admin admin = kafka.admin()) {
      ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "connector-producer-storyline-replay-0"));
      admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
          List.of(new ClientQuotaAlteration.Op("producer_byte_rate", REPLAY_BYTES_PER_SECOND))))).all().get(30, TimeUnit.SECONDS);
    }
  }
}
