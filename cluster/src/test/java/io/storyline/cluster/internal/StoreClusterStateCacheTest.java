package io.storyline.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.ClusterTopology;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.common.model.Post;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.topic.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster stage with its story-state cache decides every post as the clustering core does over
 * plain in-memory state: same story for every post and the same story snapshots, on two weeks of real
 * r/LocalLLaMA posts.
 */
class StoreClusterStateCacheTest {
  @Test
  void shouldDecideEveryPostAndSnapshotEveryStoryAsTheCoreDoesInMemory(@TempDir Path state) throws Exception {
    Path dir = RedditDumpPosts.dump();
    assumeTrue(dir != null, "../shared/data/reddit-localllama is absent; skipping the comparison on real posts");
    List<Post> posts = RedditDumpPosts.posts(dir, Instant.parse("2025-07-01T00:00:00Z"), Instant.parse("2025-07-15T00:00:00Z"));
    assertThat(posts).hasSizeGreaterThan(300);
    ClusterConfig config = new ClusterConfig(Map.of("bootstrap.servers", "unused:9092", "state.dir", state.toString(),
        "cluster.application.id", "cluster-cache-test"));

    Map<String, String> expected = new LinkedHashMap<>();
    Map<String, Story> expectedStories = new LinkedHashMap<>();
    try (StoryClusterer core = new StoryClusterer(config.params(), new InMemoryClusterState())) {
      for (Post p : posts) {
        var d = core.assign(p);
        expected.put(p.id(), d.assignment().storyId());
        d.mergedStories().forEach(s -> expectedStories.put(s.id(), s));
        if (d.story() != null) {
          expectedStories.put(d.story().id(), d.story());
        }
      }
    }

    Map<String, String> actual = new LinkedHashMap<>();
    Map<String, Story> actualStories = new LinkedHashMap<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(ClusterTopology.build(config),
        ClusterTopology.streamsProperties(config), posts.get(0).createdAt())) {
      var in = driver.createInputTopic(Topics.POSTS.name(), Topics.POSTS.keySerde().serializer(),
          Topics.POSTS.valueSerde().serializer());
      var assignments = driver.createOutputTopic(Topics.STORY_ASSIGNMENTS.name(),
          Topics.STORY_ASSIGNMENTS.keySerde().deserializer(), Topics.STORY_ASSIGNMENTS.valueSerde().deserializer());
      var stories = driver.createOutputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().deserializer(),
          Topics.STORIES.valueSerde().deserializer());
      posts.forEach(p -> in.pipeInput(p.id(), p, p.createdAt()));
      // the last interval's snapshots (closed and merged stories were published as they left)
      driver.advanceWallClockTime(config.snapshotInterval());
      for (var kv : assignments.readKeyValuesToList()) {
        StoryAssignment a = kv.value;
        actual.put(a.postId(), a.storyId());
      }
      stories.readKeyValuesToList().forEach(kv -> actualStories.put(kv.key, kv.value));
    }

    assertThat(actual).containsExactlyEntriesOf(expected);
    assertThat(actualStories).isEqualTo(expectedStories);
  }
}
