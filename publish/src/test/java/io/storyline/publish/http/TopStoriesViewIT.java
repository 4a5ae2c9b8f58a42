package io.storyline.publish.http;

import static io.storyline.publish.testing.StoryBuilder.story;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storyline.common.model.Category;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.topic.Topics;
import io.storyline.publish.PublishConfig;
import io.storyline.publish.PublishTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(180)
class TopStoriesViewIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();

  private static final Instant T0 = Instant.parse("2026-01-15T12:00:00Z");

  private static TopList list(String id, String... storyIds) {
    List<TopList.Item> items = new java.util.ArrayList<>();
    for (int i = 0; i < storyIds.length; i++) {
      items.add(new TopList.Item(i + 1, storyIds[i], "h", "s", Category.NEWS, 1.0, Map.of(), 1, List.of(), List.of(), null));
    }
    return new TopList(id, T0, items, TopList.SCHEMA_VERSION);
  }

  @Test
  void shouldCatchUpWithCommittedListsAndFollowNewOnes() throws Exception {
    String topic = "top-stories-view-it";
    KAFKA.cluster().createTopic(topic, 2);
    KAFKA.cluster().produce(topic, Topics.TOP_STORIES.keySerde().serializer(), Topics.TOP_STORIES.valueSerde().serializer(),
        List.of(KeyValue.pair("all/24h", list("all/24h", "s-1")),
            KeyValue.pair("news/24h", list("news/24h", "s-9")),
            KeyValue.pair("all/24h", list("all/24h", "s-2", "s-1"))));

    try (TopStoriesView view = new TopStoriesView(KAFKA.cluster().bootstrapServers(), Map.of(), topic)) {
      assertThat(view.notReadyReason()).contains("still reading");
      view.start();

      assertThat(view.awaitReady(Duration.ofSeconds(60))).as("caught up with the end offsets").isTrue();
      assertThat(view.get("all/24h")).get().extracting(l -> l.items().size()).isEqualTo(2);
      assertThat(view.all()).extracting(TopList::list).containsExactlyInAnyOrder("all/24h", "news/24h");

      KAFKA.cluster().produce(topic, Topics.TOP_STORIES.keySerde().serializer(), Topics.TOP_STORIES.valueSerde().serializer(),
          java.util.Arrays.asList(KeyValue.pair("news/24h", (TopList) null), KeyValue.pair("tools/24h", list("tools/24h", "s-5"))));

      await("the view applies the tombstone and the new list")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(view.all()).extracting(TopList::list)
              .containsExactlyInAnyOrder("all/24h", "tools/24h"));
      assertThat(view.isReady()).isTrue();
    }
  }

  @Test
  void shouldServeListsRankedByTheRealTopologyOnARealBroker(@TempDir Path stateDir) throws Exception {
    KAFKA.cluster().createTopics(Topics.STORIES, Topics.STORY_ASSIGNMENTS, Topics.TOP_STORIES, Topics.DIGESTS);
    Map<String, Object> settings = new HashMap<>();
    settings.put(PublishConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.cluster().bootstrapServers());
    settings.put(PublishConfig.STATE_DIR_CONFIG, stateDir.toString());
    settings.put(PublishConfig.CLOCK_CONFIG, PublishConfig.CLOCK_EVENT);
    settings.put(PublishConfig.APPLICATION_ID_CONFIG, "publish-view-it");
    PublishConfig config = new PublishConfig(settings);
    Properties props = PublishTopology.streamsProperties(config);

    Story a = story("s-a").authors(2).posts(2).lastSeen(T0).build();
    Story b = story("s-b").authors(9).posts(9).lastSeen(T0.minusSeconds(60)).build();
    KAFKA.cluster().produce(Topics.STORIES, List.of(KeyValue.pair(a.id(), a), KeyValue.pair(b.id(), b)));

    try (KafkaStreams streams = new KafkaStreams(PublishTopology.build(config), props);
        TopStoriesView view = new TopStoriesView(KAFKA.cluster().bootstrapServers(), Map.of())) {
      streams.start();
      view.start();

      await("the topology publishes all/24h with both stories, most authors first")
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(() -> assertThat(view.get("all/24h")).get()
              .extracting(l -> l.items().stream().map(TopList.Item::storyId).toList())
              .isEqualTo(List.of("s-b", "s-a")));
      assertThat(view.get("all/24h").orElseThrow().generatedAt()).isEqualTo(T0);
      streams.close(Duration.ofSeconds(30));
    }
  }
}
