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
 * {@code kill -9} of the cluster stage ({@code storyline run cluster} in a child JVM) at random points
 * while posts stream in, restarted each time (every other time with its local state wiped, as on a
 * new machine): the committed output must be the uninterrupted run's, record for record.
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
class ClusterKillIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();
  @RegisterExtension static final Reference REFERENCE = new Reference();

  @Test
  void shouldCommitExactlyTheUninterruptedRunsAssignmentsStoriesAndListsWhenTheClusterStageIsKilledRepeatedly(@TempDir Path tmp)
      throws Exception {
    Outcome expected = REFERENCE.run().outcome();
    EmbeddedKafkaCluster kafka = KAFKA.cluster();
    kafka.createTopics(Topics.all().toArray(TopicSpec[]::new));
    int rounds = Faults.rounds();
    Random random = Faults.random("ClusterKillIT");
    List<KeyValue<String, Post>> posts = expected.posts();
    Path state = tmp.resolve("cluster-state");
    int kills = 0;

    try (StreamsStage publish = Rig.publish(kafka, tmp.resolve("publish-state"))) {
      // given: the reference run's posts streaming into posts, in its order, 50 per transaction
      CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < posts.size(); i += 50) {
          kafka.produce(Topics.POSTS, posts.subList(i, Math.min(posts.size(), i + 50)));
        }
      });
      ChildStage child = ChildStage.start("cluster", tmp.resolve("logs"), Rig.runArgs("cluster", kafka, state));
      try {
        // when: the stage is killed with SIGKILL at random points of its progress, and restarted
        for (int round = 0; round < rounds; round++) {
          long point = Faults.point(random, posts.size(), round, rounds);
          ChildStage running = child;
          await("the cluster stage has committed " + point + " posts").atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(20))
              .failFast("the cluster stage exited: " + running.tail(), () -> !running.isAlive())
              .until(() -> Rig.committed(kafka, ClusterConfig.DEFAULT_APPLICATION_ID, Topics.POSTS.name()) >= point);
          child.kill();
          kills++;
          boolean wipe = round % 2 == 1;
          if (wipe) {
            Faults.wipe(state);
          }
          System.out.printf("ClusterKillIT: round %d killed the cluster stage after %d committed posts%s%n", round, point,
              wipe ? " and wiped its local state" : "");
          child = ChildStage.start("cluster", tmp.resolve("logs"), Rig.runArgs("cluster", kafka, state));
        }
        feed.get(2, TimeUnit.MINUTES);
        ChildStage last = child;
        await("the restarted cluster stage has read every post").atMost(Rig.DRAIN).pollInterval(Duration.ofMillis(200))
            .failFast("the cluster stage exited: " + last.tail(), () -> !last.isAlive())
            .until(() -> Rig.caughtUp(kafka, ClusterConfig.DEFAULT_APPLICATION_ID, List.of(Topics.POSTS.name()), true));
        // the last interval's snapshots are published by the running stage, not at its stop
        Rig.awaitStoriesSteady(kafka);
        child.stop();
      } finally {
        child.close();
      }
      Rig.awaitPublishDrained(kafka);
    }

    // then: read_committed, the topics hold exactly what the uninterrupted run wrote
    Outcome actual = Outcome.read(kafka);
    assertThat(actual.posts()).as("the input fed").isEqualTo(posts);
    long[] lostDup = Faults.assertExactlyOnce(posts.stream().map(kv -> kv.key).toList(), actual.assignments());
    assertThat(actual.assignments()).as("story-assignments, record for record in offset order").isEqualTo(expected.assignments());
    Faults.assertSnapshotVersionsIncrease(actual.stories());
    assertThat(actual.latestStories()).as("stories, latest per id (the compacted topic)").isEqualTo(expected.latestStories());
    if (Rig.snapshotIntervalMs() == 0) {
      // one snapshot per post: the output is a function of the posts' order, record for record
      assertThat(actual.stories()).as("stories, every snapshot in offset order").isEqualTo(expected.stories());
      assertThat(actual.rankedLists()).as("top lists, ranked content").isEqualTo(expected.rankedLists());
      assertThat(actual.rankedDigests()).as("digest editions, ranked content").isEqualTo(expected.rankedDigests());
    } else {
      // once per story per interval of wall-clock time: which intermediate versions appear depends on
      // timing, and so do publish's velocity (per snapshot) and event clock; what the lists show must be
      // the stories' latest committed snapshots, every digest item one committed snapshot
      assertThat(actual.rankedLists().keySet()).as("top lists").isEqualTo(expected.rankedLists().keySet());
      Faults.assertItemsShowCommittedSnapshots(actual.rankedLists(), actual.stories(), true);
      Faults.assertItemsShowCommittedSnapshots(actual.rankedDigests(), actual.stories(), false);
    }
    long aborted = Faults.uncommittedCount(kafka, Topics.STORY_ASSIGNMENTS.name()) - actual.assignments().size();

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("faults", kills);
    figures.put("posts", posts.size());
    figures.put("assignments", actual.assignments().size());
    figures.put("stories", actual.latestStories().size());
    figures.put("lists", actual.rankedLists().size());
    figures.put("abortedAssignmentRecords", aborted);
    figures.put("lost", lostDup[0]);
    figures.put("duplicated", lostDup[1]);
    Faults.report("ClusterKillIT", figures);
  }
}
