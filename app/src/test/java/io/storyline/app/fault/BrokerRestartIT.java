package io.storyline.app.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.common.model.Post;
import io.storyline.common.stage.StreamsStage;
import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.testkit.KRaftEmbeddedKafkaCluster;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.connect.EmbeddedConnectStandalone;
import java.nio.file.Path;
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
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline (replay connector, normalizer, cluster, publish) running while the broker is
 * stopped and started again at random points: every client reconnects by itself, no stage fails, and
 * nothing is lost or doubled.
 *
 * <p>The order in which the normalizer interleaves the raw topics depends on fetch timing, so this
 * run's {@code posts} order may differ from the reference run's; the assignments are therefore
 * compared with the clustering core run in memory over <em>this</em> run's posts in offset order (the
 * decisions are a deterministic function of that order), and with the reference run record for record
 * when the order happens to be the same.
 */
@Tag("integration")
@Tag("fault")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BrokerRestartIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();
  @RegisterExtension static final Reference REFERENCE = new Reference();

  @Test
  void shouldLoseAndDoubleNothingWhenTheBrokerRestartsUnderLoad(@TempDir Path tmp) throws Exception {
    Reference.Run reference = REFERENCE.run();
    Map<String, Post> expectedPosts = reference.outcome().posts().stream()
        .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value, (a, b) -> b, LinkedHashMap::new));
    KRaftEmbeddedKafkaCluster kafka = (KRaftEmbeddedKafkaCluster) KAFKA.cluster();
    kafka.createTopics(Topics.all().toArray(TopicSpec[]::new));
    try (Admin admin = kafka.admin()) {
      // slow the replay's producer down (a broker-side quota) so that restarts also hit it while it writes
      admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
          new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "connector-producer-storyline-replay-0")),
          List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 256.0 * 1024))))).all().get(30, TimeUnit.SECONDS);
    }
    int rounds = Faults.rounds();
    Random random = Faults.random("BrokerRestartIT");
    Path state = tmp.resolve("state");
    int restarts = 0;

    try (StreamsStage normalizer = Rig.normalizer(kafka, state);
        StreamsStage cluster = Rig.cluster(kafka, state);
        StreamsStage publish = Rig.publish(kafka, state);
        EmbeddedConnectStandalone connect = Rig.replay(kafka, Rig.extractInput(tmp), tmp.resolve("connect.offsets"))) {
      List<StreamsStage> stages = List.of(normalizer, cluster, publish);
      // when: the broker is stopped and started again at random points of the cluster stage's progress
      for (int round = 0; round < rounds; round++) {
        long point = Faults.point(random, expectedPosts.size(), round, rounds);
        try {
          await("the cluster stage has committed " + point + " posts").atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(20))
              .until(() -> Rig.committed(kafka, ClusterConfig.DEFAULT_APPLICATION_ID, Topics.POSTS.name()) >= point);
        } catch (ConditionTimeoutException e) {
          // say where the pipeline stood, so that a stall can be told from a slow stage
          throw new AssertionError("round " + round + " after " + restarts + " restarts: " + e.getMessage()
              + "\n  stages " + stages.stream().map(s -> s.name() + "=" + s.state()
                  + (s.failure() == null ? "" : " failed: " + s.failure())).toList()
              + "\n  connector " + connect.states("storyline-replay")
              + "\n  " + Rig.progress(kafka), e);
        }
        kafka.restartBroker();
        restarts++;
        System.out.printf("BrokerRestartIT: round %d restarted the broker after %d committed posts%n", round, point);
      }
      Rig.awaitDrained("Connect has written all " + reference.items() + " raw records",
          () -> Rig.rawTopics().stream().mapToLong(t -> Math.max(0, Rig.written(kafka, t))).sum() >= reference.items());
      Rig.awaitStagesDrained(kafka);
      // then: every stage is still running (none died on the lost connection)
      stages.forEach(s -> assertThat(s.failure()).as("failure of stage %s", s.name()).isNull());
      assertThat(connect.states("storyline-replay")).as("replay connector and task states").containsOnly("RUNNING");
    }

    Outcome actual = Outcome.read(kafka);
    Map<String, Integer> copies = new HashMap<>();
    actual.posts().forEach(kv -> copies.merge(kv.key, 1, Integer::sum));
    long postsDuplicated = copies.values().stream().filter(n -> n > 1).count();
    assertThat(postsDuplicated).as("posts emitted more than once").isZero();
    assertThat(copies.keySet()).as("post ids in posts").isEqualTo(expectedPosts.keySet());
    Map<String, Post> byId = new HashMap<>();
    actual.posts().forEach(kv -> byId.put(kv.key, kv.value));
    assertThat(byId).as("post contents").isEqualTo(expectedPosts);
    List<String> postIds = actual.posts().stream().map(kv -> kv.key).toList();
    long[] lostDup = Faults.assertExactlyOnce(postIds, actual.assignments());

    Map<String, String> decided = new LinkedHashMap<>();
    try (StoryClusterer core = new StoryClusterer(new ClusterConfig(Rig.settings(kafka, state)).params(), new InMemoryClusterState())) {
      actual.posts().forEach(kv -> decided.put(kv.key, core.assign(kv.value).assignment().storyId()));
    }
    Map<String, String> assigned = new LinkedHashMap<>();
    actual.assignments().forEach(kv -> assigned.put(kv.key, kv.value.storyId()));
    assertThat(assigned).as("story of each post, against the clustering core over this run's posts").isEqualTo(decided);
    Faults.assertSnapshotVersionsIncrease(actual.stories());
    boolean sameOrder = actual.posts().equals(reference.outcome().posts());
    if (sameOrder) {
      assertThat(actual.assignments()).as("story-assignments as the reference run").isEqualTo(reference.outcome().assignments());
      assertThat(actual.latestStories()).as("stories as the reference run").isEqualTo(reference.outcome().latestStories());
      if (Rig.snapshotIntervalMs() == 0) {
        assertThat(actual.rankedLists()).as("top lists as the reference run").isEqualTo(reference.outcome().rankedLists());
      } else {
        // ranked from snapshots published once per interval (timing-dependent velocity): same lists,
        // each item showing its story's latest committed snapshot
        assertThat(actual.rankedLists().keySet()).as("top lists as the reference run").isEqualTo(reference.outcome().rankedLists().keySet());
        Faults.assertItemsShowCommittedSnapshots(actual.rankedLists(), actual.stories(), true);
      }
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("faults", restarts);
    figures.put("sourceRecords", reference.items());
    figures.put("rawRecords", actual.rawRecords());
    figures.put("posts", actual.posts().size());
    figures.put("assignments", actual.assignments().size());
    figures.put("stories", actual.latestStories().size());
    figures.put("sameOrderAsReference", sameOrder);
    figures.put("lost", lostDup[0]);
    figures.put("duplicated", lostDup[1] + postsDuplicated);
    Faults.report("BrokerRestartIT", figures);
  }
}
