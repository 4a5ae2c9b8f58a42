package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.ClusterTopology;
import io.storyline.common.model.Post;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster stage on a real broker, stopped halfway with its local state wiped: the restarted
 * task restores its stores from the changelogs, rebuilds the Lucene story index from them, and takes
 * every later decision exactly as an uninterrupted run of the clustering core does.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterRestartIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();

  @Test
  void shouldDecideEveryPostAsAnUninterruptedRunAfterRestoringFromTheChangelogsAlone(@TempDir Path tmp) throws Exception {
    Path dump = RedditDump.dumpDir();
    assumeTrue(dump != null, "../shared/data/reddit-localllama is absent; skipping the restart check on real posts");
    List<Post> posts = RedditDump.posts(dump, Instant.parse("2025-07-08T00:00:00Z"), Instant.parse("2025-07-11T00:00:00Z"));
    assertThat(posts).hasSizeGreaterThan(100);
    int half = posts.size() / 2;

    // the reference: the clustering core, in memory, without interruption
    ClusterConfig config = config(tmp.resolve("state"));
    Map<String, String> expected = new LinkedHashMap<>();
    try (StoryClusterer reference = new StoryClusterer(config.params(), new InMemoryClusterState())) {
      posts.forEach(p -> expected.put(p.id(), reference.assign(p).assignment().storyId()));
    }

    KAFKA.cluster().createTopics(Topics.POSTS, Topics.STORY_ASSIGNMENTS, Topics.STORIES);

    // given: the first half clustered by the stage
    KAFKA.cluster().produce(Topics.POSTS, posts.subList(0, half).stream().map(p -> KeyValue.pair(p.id(), p)).toList());
    try (KafkaStreams first = start(config)) {
      awaitAssignments(half);
    }
    // when: the local state is lost (a new machine), and the stage starts again for the second half
    deleteRecursively(tmp.resolve("state"));
    KAFKA.cluster().produce(Topics.POSTS, posts.subList(half, posts.size()).stream().map(p -> KeyValue.pair(p.id(), p)).toList());
    try (KafkaStreams second = start(config)) {
      awaitAssignments(posts.size());
    }

    // then: every post has exactly one assignment, and it is the uninterrupted run's
    Map<String, String> actual = new LinkedHashMap<>();
    for (ConsumerRecord<String, StoryAssignment> r : KAFKA.cluster().consumeAll(Topics.STORY_ASSIGNMENTS.name(),
        Topics.STORY_ASSIGNMENTS.keySerde().deserializer(), Topics.STORY_ASSIGNMENTS.valueSerde().deserializer(),
        Duration.ofSeconds(30))) {
      assertThat(actual.put(r.key(), r.value().storyId())).as("second assignment of %s", r.key()).isNull();
    }
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
  }

  private static ClusterConfig config(Path stateDir) {
    return new ClusterConfig(Map.of(
        "bootstrap.servers", KAFKA.cluster().bootstrapServers(),
        "state.dir", stateDir.toString(),
        "cluster.application.id", "cluster-restart-it"));
  }

  private static KafkaStreams start(ClusterConfig config) {
    KafkaStreams streams = new KafkaStreams(ClusterTopology.build(config), ClusterTopology.streamsProperties(config));
    streams.start();
    return streams;
  }

  private static void awaitAssignments(int count) {
    await("the stage has assigned " + count + " posts").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
        .until(() -> KAFKA.cluster().consumeAll(Topics.STORY_ASSIGNMENTS.name(),
            Topics.STORY_ASSIGNMENTS.keySerde().deserializer(), Topics.STORY_ASSIGNMENTS.valueSerde().deserializer(),
            Duration.ofSeconds(10)).size() >= count);
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
