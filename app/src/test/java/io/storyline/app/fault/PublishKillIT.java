package io.storyline.app.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.testkit.EmbeddedKafkaCluster;
import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import io.storyline.publish.PublishConfig;
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
 * {@code kill -9} of the publish stage ({@code storyline run publish} in a child JVM) at random points
 * while the reference run's stories stream in, restarted each time (every other time with its local
 * state wiped): the final lists and digest editions must rank exactly as the uninterrupted run's.
 *
 * <p>Lists are compared by ranked content ({@link Outcome#rankedLists()}): every field of every item
 * but {@code movement}, the rank change since the previous emission, which depends on when the
 * wall-clock punctuator happened to emit in between; how many times a list was re-emitted is not
 * compared for the same reason. {@code publish.clock=event} makes "now" the newest story time, so the
 * scores themselves are deterministic and compared exactly.
 */
@Tag("integration")
@Tag("fault")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PublishKillIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();
  @RegisterExtension static final Reference REFERENCE = new Reference();

  @Test
  void shouldRankExactlyAsTheUninterruptedRunWhenThePublishStageIsKilledRepeatedly(@TempDir Path tmp) throws Exception {
    Outcome expected = REFERENCE.run().outcome();
    EmbeddedKafkaCluster kafka = KAFKA.cluster();
    kafka.createTopics(Topics.all().toArray(TopicSpec[]::new));
    int rounds = Faults.rounds();
    Random random = Faults.random("PublishKillIT");
    List<KeyValue<String, Story>> stories = expected.stories();
    List<KeyValue<String, StoryAssignment>> assignments = expected.assignments();
    Path state = tmp.resolve("publish-state");
    int kills = 0;

    // given: the reference run's stories and assignments streaming in, in its order, 50 per transaction
    CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < Math.max(stories.size(), assignments.size()); i += 50) {
        if (i < assignments.size()) {
          kafka.produce(Topics.STORY_ASSIGNMENTS, assignments.subList(i, Math.min(assignments.size(), i + 50)));
        }
        if (i < stories.size()) {
          kafka.produce(Topics.STORIES, stories.subList(i, Math.min(stories.size(), i + 50)));
        }
      }
    });
    ChildStage child = ChildStage.start("publish", tmp.resolve("logs"), Rig.runArgs("publish", kafka, state));
    try {
      // when: killed with SIGKILL at random points of its progress through stories, and restarted
      for (int round = 0; round < rounds; round++) {
        long point = Faults.point(random, stories.size(), round, rounds);
        ChildStage running = child;
        await("the publish stage has committed " + point + " stories").atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(20))
            .failFast("the publish stage exited: " + running.tail(), () -> !running.isAlive())
            .until(() -> Rig.committed(kafka, PublishConfig.DEFAULT_APPLICATION_ID, Topics.STORIES.name()) >= point);
        child.kill();
        kills++;
        boolean wipe = round % 2 == 1;
        if (wipe) {
          Faults.wipe(state);
        }
        System.out.printf("PublishKillIT: round %d killed the publish stage after %d committed stories%s%n", round, point,
            wipe ? " and wiped its local state" : "");
        child = ChildStage.start("publish", tmp.resolve("logs"), Rig.runArgs("publish", kafka, state));
      }
      feed.get(2, TimeUnit.MINUTES);
      ChildStage last = child;
      await("the restarted publish stage has read every story").atMost(Rig.DRAIN).pollInterval(Duration.ofMillis(200))
          .failFast("the publish stage exited: " + last.tail(), () -> !last.isAlive())
          .until(() -> Rig.caughtUp(kafka, PublishConfig.DEFAULT_APPLICATION_ID,
              List.of(Topics.STORIES.name(), Topics.STORY_ASSIGNMENTS.name()), true));
      Rig.awaitListsSteady(kafka);
      child.stop();
    } finally {
      child.close();
    }

    // then: read_committed, the newest list per id ranks as the uninterrupted run's
    Outcome actual = Outcome.read(kafka);
    assertThat(actual.stories()).as("the input fed").isEqualTo(stories);
    assertThat(actual.rankedLists()).as("top lists, ranked content").isEqualTo(expected.rankedLists());
    assertThat(actual.rankedDigests()).as("digest editions, ranked content").isEqualTo(expected.rankedDigests());
    long aborted = Faults.uncommittedCount(kafka, Topics.TOP_STORIES.name()) - actual.lists().size();

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("faults", kills);
    figures.put("storyRecords", stories.size());
    figures.put("lists", actual.rankedLists().size());
    figures.put("listItems", actual.rankedLists().values().stream().mapToInt(List::size).sum());
    figures.put("digests", actual.rankedDigests().size());
    figures.put("abortedListRecords", aborted);
    figures.put("listsDiffering", 0);
    Faults.report("PublishKillIT", figures);
  }
}
