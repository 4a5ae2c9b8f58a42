package io.storyline.publish.streams;

import static io.storyline.publish.testing.StoryBuilder.story;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.model.TopList;
import io.storyline.common.topic.Topics;
import io.storyline.publish.PublishConfig;
import io.storyline.publish.PublishTopology;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7, bad input at the publish stage: tombstones on {@code story-assignments} and {@code stories}
 * are skipped or applied, counted, and the stage keeps publishing.
 */
class PublishBadInputTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");

  @TempDir Path stateDir;

  @Test
  void shouldSkipAndCountATombstoneOnStoryAssignmentsAndKeepPublishing() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PublishConfig config = new PublishConfig(Map.of(PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
        PublishConfig.STATE_DIR_CONFIG, stateDir.toString(), PublishConfig.CLOCK_CONFIG, PublishConfig.CLOCK_EVENT));
    try (TopologyTestDriver driver = new TopologyTestDriver(PublishTopology.build(config, registry),
        PublishTopology.streamsProperties(config), T0)) {
      var assignments = driver.createInputTopic(Topics.STORY_ASSIGNMENTS.name(),
          Topics.STORY_ASSIGNMENTS.keySerde().serializer(), Topics.STORY_ASSIGNMENTS.valueSerde().serializer());
      var stories = driver.createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
          Topics.STORIES.valueSerde().serializer());
      var top = driver.createOutputTopic(Topics.TOP_STORIES.name(), Topics.TOP_STORIES.keySerde().deserializer(),
          Topics.TOP_STORIES.valueSerde().deserializer());

      assignments.pipeInput("reddit:t3_gone", (StoryAssignment) null, T0);
      stories.pipeInput("s-gone", null, T0);
      stories.pipeInput("s-1", story("s-1").authors(3).posts(3).lastSeen(T0).build(), T0);

      TopList all = top.readKeyValuesToMap().get("all/24h");
      assertThat(all.items()).extracting(TopList.Item::storyId).containsExactly("s-1");
      assertThat(registry.get("storyline.publish.assignments.skipped").tag("reason", "tombstone").counter().count())
          .isEqualTo(1.0);
    }
  }
}
