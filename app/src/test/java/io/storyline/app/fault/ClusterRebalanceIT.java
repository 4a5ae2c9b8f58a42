package io.storyline.app.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storyline.cluster.ClusterConfig;
import io.storyline.common.model.Post;
import io.storyline.common.stage.StreamsStage;
import io.storyline.common.testkit.EmbeddedKafkaCluster;
import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code storyline run cluster} instances (child JVMs, one application id, separate state
 * directories) with rebalances in the middle: A runs; B joins; A stops (Ctrl-C) and B takes the task
 * over, restoring the stores from the changelogs into its own state directory; A starts again and
 * joins. The committed output must be the uninterrupted run's, record for record.
 *
 * <p>With the default, one snapshot per post, every topic is compared in offset order. With {@code
 * -Dstoryline.fault.snapshot.interval.ms=100} ({@link Rig#snapshotIntervalMs()}) the stage publishes
 * once per story per interval of wall-clock time, so intermediate versions depend on timing; then:
 * {@code story-assignments} equal in offset order; {@code stories} equal latest per id, every story's
 * versions strictly increasing in offset order (none repeated, none going back); the same lists, each
 * item showing its story's latest committed snapshot.
 */
@Tag("integration")
@Tag("fault")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterRebalanceIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();
  @RegisterExtension static final Reference REFERENCE = new Reference();

  @Test
  void shouldCommitExactlyTheUninterruptedRunsOutputWhenInstancesLeaveAndJoinMidway(@TempDir Path tmp) throws Exception {
    Outcome expected = REFERENCE.run().outcome();
    EmbeddedKafkaCluster kafka = KAFKA.cluster();
    kafka.createTopics(Topics.all().toArray(TopicSpec[]::new));
    Random random = Faults.random("ClusterRebalanceIT");
    List<KeyValue<String, Post>> posts = expected.posts();
    Path logs = tmp.resolve("logs");
    int rebalances = 0;

    try (StreamsStage publish = Rig.publish(kafka, tmp.resolve("publish-state"))) {
      CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < posts.size(); i += 50) {
          kafka.produce(Topics.POSTS, posts.subList(i, Math.min(posts.size(), i + 50)));
        }
      });
      ChildStage a = ChildStage.start("cluster-a", logs, Rig.runArgs("cluster", kafka, tmp.resolve("state-a")));
      ChildStage b = null;
      try {
        // when: B joins at a random point
        awaitProgress(kafka, Faults.point(random, posts.size(), 0, 3), a);
        b = ChildStage.start("cluster-b", logs, Rig.runArgs("cluster", kafka, tmp.resolve("state-b")));
        b.awaitReady(Duration.ofMinutes(2));
        rebalances++;
        // and A stops at a later random point, so B takes the task over
        awaitProgress(kafka, Faults.point(random, posts.size(), 1, 3), a, b);
        a.stop();
        rebalances++;
        System.out.printf("ClusterRebalanceIT: A stopped after %d committed posts%n",
            Rig.committed(kafka, ClusterConfig.DEFAULT_APPLICATION_ID, Topics.POSTS.name()));
        // and A starts again at a later random point
        awaitProgress(kafka, Faults.point(random, posts.size(), 2, 3), b);
        a = ChildStage.start("cluster-a", logs, Rig.runArgs("cluster", kafka, tmp.resolve("state-a")));
        a.awaitReady(Duration.ofMinutes(2));
        rebalances++;
        feed.get(2, TimeUnit.MINUTES);
        ChildStage lastA = a;
        ChildStage lastB = b;
        await("the cluster instances have read every post").atMost(Rig.DRAIN).pollInterval(Duration.ofMillis(200))
            .failFast("a cluster instance exited: " + lastA.tail() + "\n" + lastB.tail(), () -> !lastA.isAlive() || !lastB.isAlive())
            .until(() -> Rig.caughtUp(kafka, ClusterConfig.DEFAULT_APPLICATION_ID, List.of(Topics.POSTS.name()), true));
        // the last interval's snapshots are published by the running stage, not at its stop
        Rig.awaitStoriesSteady(kafka);
      } finally {
        a.close();
        if (b != null) {
          b.close();
        }
      }
      Rig.awaitPublishDrained(kafka);
    }

    Outcome actual = Outcome.read(kafka);
    long[] lostDup = Faults.assertExactlyOnce(posts.stream().map(kv -> kv.key).toList(), actual.assignments());
    assertThat(actual.assignments()).as("story-assignments, record for record in offset order").isEqualTo(expected.assignments());
    Faults.assertSnapshotVersionsIncrease(actual.stories());
    assertThat(actual.latestStories()).as("stories, latest per id (the compacted topic)").isEqualTo(expected.latestStories());
    if (Rig.snapshotIntervalMs() == 0) {
      // one snapshot per post: the output is a function of the posts' order, record for record
      assertThat(actual.stories()).as("stories, every snapshot in offset order").isEqualTo(expected.stories());
      assertThat(actual.rankedLists()).as("top lists, ranked content").isEqualTo(expected.rankedLists());
    } else {
      // once per story per interval: timing-dependent intermediate versions (see ClusterKillIT)
      assertThat(actual.rankedLists().keySet()).as("top lists").isEqualTo(expected.rankedLists().keySet());
      Faults.assertItemsShowCommittedSnapshots(actual.rankedLists(), actual.stories(), true);
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("faults", rebalances);
    figures.put("posts", posts.size());
    figures.put("assignments", actual.assignments().size());
    figures.put("stories", actual.latestStories().size());
    figures.put("lost", lostDup[0]);
    figures.put("duplicated", lostDup[1]);
    Faults.report("ClusterRebalanceIT", figures);
  }

  private static void awaitProgress(EmbeddedKafkaCluster kafka, long point, ChildStage... running) {
    await("the cluster stage has committed " + point + " posts").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
        .failFast("a cluster instance exited", () -> java.util.Arrays.stream(running).anyMatch(c -> !c.isAlive()))
        .until(() -> Rig.committed(kafka, ClusterConfig.DEFAULT_APPLICATION_ID, Topics.POSTS.name()) >= point);
  }
}
