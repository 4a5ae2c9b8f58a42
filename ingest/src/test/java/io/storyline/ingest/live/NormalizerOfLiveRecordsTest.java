package io.storyline.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Post;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.live.reddit.RedditConfig;
import io.storyline.ingest.live.reddit.RedditSourceTask;
import io.storyline.ingest.normalize.NormalizerConfig;
import io.storyline.ingest.normalize.NormalizerTopology;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records a live task emits parse in the Normalizer unchanged, like the replay connector's. */
class NormalizerOfLiveRecordsTest {
  @TempDir Path stateDir;

  @Test
  void shouldTurnEveryLiveRedditRecordIntoAPostKeyedByItsId() throws Exception {
    long now = Instant.now().getEpochSecond();
    List<SourceRecord> records;
    try (LocalApi api = new LocalApi()) {
      api.handler(new RedditListingSim(1000, n -> now - 3600 + n).add(1, 30));
      RedditSourceTask task = new RedditSourceTask();
      task.start(Map.of(RedditConfig.SUBREDDITS_CONFIG, "LocalLLaMA", RedditConfig.TOKEN_CONFIG, "t",
          RedditConfig.BASE_URL_CONFIG, api.baseUrl()));
      records = task.poll();
      task.stop();
    }
    NormalizerConfig config = new NormalizerConfig(Map.of("bootstrap.servers", "unused:9092", "state.dir", stateDir.toString(),
        // one input topic here: no other raw partition to wait for (max.task.idle.ms, KIP-695)
        "kafka.max.task.idle.ms", "-1"));
    try (TopologyTestDriver driver = new TopologyTestDriver(NormalizerTopology.build(config), NormalizerTopology.streamsProperties(config))) {
      TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.RAW_REDDIT.name(), Serdes.String().serializer(),
          Serdes.ByteArray().serializer());
      for (SourceRecord r : records) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
          headers.add(h.key(), ((String) h.value()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        in.pipeInput(new TestRecord<>((String) r.key(), (byte[]) r.value(), headers, r.timestamp()));
      }
      List<TestRecord<String, Post>> posts = driver.createOutputTopic(Topics.POSTS.name(), Serdes.String().deserializer(),
          StorylineSerdes.post().deserializer()).readRecordsToList();
      assertThat(posts).hasSize(30);
      assertThat(posts.get(0).key()).isEqualTo(RedditPages.postId(30));
      assertThat(posts.get(0).value().title()).isEqualTo("Post number 30 about local models");
      assertThat(posts.get(0).value().fetchedAt()).isAfter(posts.get(0).value().createdAt());
    }
  }
}
