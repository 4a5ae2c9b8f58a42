package io.storyline.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.topic.Topics;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.RawLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7: a replayed post too large for a raw record (over {@link RawLimits#MAX_PAYLOAD_BYTES}) does
 * not fail the Connect task on Kafka's size check: it leaves cut to its first {@link RawLimits#KEPT_BYTES}
 * bytes with {@link RawLimits#OVERSIZE_HEADER}, for the Normalizer to dead-letter; a 5 MB post under
 * the limit leaves whole; the posts around them are untouched.
 */
class OversizeRawRecordTest {
  @TempDir Path tmp;

  private record Context(Map<String, String> configs) implements SourceTaskContext {
    @Override
    public OffsetStorageReader offsetStorageReader() {
      return new OffsetStorageReader() {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
          return null;
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
          return Map.of();
        }
      };
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }

  private static String thing(String id, long created, String selftext) {
    var data = JsonSupport.object().put("name", "t3_" + id).put("id", id).put("created_utc", created)
        .put("subreddit", "LocalLLaMA").put("title", "post " + id).put("selftext", selftext);
    return JsonSupport.object().put("kind", "t3").set("data", data).toString();
  }

  @Test
  void shouldWriteAFiveMegabytePostWholeAndCutOnlyOneOverTheRawLimit() throws Exception {
    String fiveMb = "x".repeat(5 * 1024 * 1024);
    String nineMb = "y".repeat(9 * 1024 * 1024);
    Path dir = Files.createDirectories(tmp.resolve("replay"));
    Files.writeString(dir.resolve("posts.jsonl"), String.join("\n",
        thing("small1", 1_750_000_000L, "hello"), thing("five", 1_750_000_060L, fiveMb),
        thing("nine", 1_750_000_120L, nineMb), thing("small2", 1_750_000_180L, "bye")) + "\n", StandardCharsets.UTF_8);
    Map<String, String> props = new HashMap<>(ReplayConnectorConfig.connectorProperties(List.of(dir)));
    props.put(ReplayConnectorConfig.IDLE_POLL_MS_CONFIG, "10");
    ReplaySourceTask task = new ReplaySourceTask();
    task.initialize(new Context(props));
    task.start(props);
    List<SourceRecord> records = new ArrayList<>();
    for (int i = 0; i < 5 && records.size() < 4; i++) {
      List<SourceRecord> batch = task.poll();
      if (batch != null) {
        records.addAll(batch);
      }
    }
    task.stop();

    assertThat(records).extracting(SourceRecord::key).containsExactly("t3_small1", "t3_five", "t3_nine", "t3_small2");
    assertThat(records).extracting(SourceRecord::topic).containsOnly(Topics.RAW_REDDIT.name());
    SourceRecord five = records.get(1);
    assertThat(((byte[]) five.value()).length).isGreaterThan(5 * 1024 * 1024).isLessThanOrEqualTo(RawLimits.MAX_PAYLOAD_BYTES);
    assertThat(five.headers().lastWithName(RawLimits.OVERSIZE_HEADER)).isNull();
    SourceRecord nine = records.get(2);
    assertThat((byte[]) nine.value()).hasSize(RawLimits.KEPT_BYTES);
    Header size = nine.headers().lastWithName(RawLimits.OVERSIZE_HEADER);
    assertThat(size).isNotNull();
    assertThat(Integer.parseInt((String) size.value())).isGreaterThan(9 * 1024 * 1024);
    assertThat(new String((byte[]) records.get(3).value(), StandardCharsets.UTF_8)).contains("\"bye\"");
  }
}
