package io.storyline.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.topic.RawHeaders;
import io.storyline.ingest.format.RawItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the task against Connect's real file offset store (the one standalone mode uses): offsets
 * written through {@link OffsetStorageWriter} as the worker does after the producer acknowledged
 * the records, read back by a new task through {@link OffsetStorageReaderImpl}.
 */
class ReplaySourceTaskTest {
  private static final String NAMESPACE = "replay-test";

  @TempDir Path tmp;

  /** The task's view of its worker: configs and the offset reader; no metrics. */
  private record Context(Map<String, String> configs, OffsetStorageReader offsetStorageReader) implements SourceTaskContext {
    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }

  private static JsonConverter converter(boolean isKey) {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), isKey);
    return converter;
  }

  private FileOffsetBackingStore openStore() {
    FileOffsetBackingStore store = new FileOffsetBackingStore(converter(true));
    store.configure(new StandaloneConfig(
        EmbeddedConnectStandalone.workerProperties("127.0.0.1:9", tmp.resolve("offsets"), 1000)));
    store.start();
    return store;
  }

  private static Map<String, String> taskProps(int batchSize) {
    Map<String, String> props = new HashMap<>(ReplayConnectorConfig.connectorProperties(List.of(ReplayPlanTest.replayDir())));
    props.put(ReplayConnectorConfig.BATCH_SIZE_CONFIG, Integer.toString(batchSize));
    props.put(ReplayConnectorConfig.IDLE_POLL_MS_CONFIG, "10");
    return props;
  }

  /** Starts a task on a fresh store over the offsets file, polls {@code polls} times, commits what it got, stops. */
  private List<SourceRecord> runTask(int batchSize, int polls) throws Exception {
    FileOffsetBackingStore store = openStore();
    try (OffsetStorageReaderImpl reader = new OffsetStorageReaderImpl(store, NAMESPACE, converter(true), converter(false))) {
      ReplaySourceTask task = new ReplaySourceTask();
      task.initialize(new Context(taskProps(batchSize), reader));
      task.start(taskProps(batchSize));
      List<SourceRecord> got = new ArrayList<>();
      for (int i = 0; i < polls; i++) {
        List<SourceRecord> batch = task.poll();
        if (batch != null) {
          got.addAll(batch);
        }
      }
      OffsetStorageWriter writer = new OffsetStorageWriter(store, NAMESPACE, converter(true), converter(false));
      got.forEach(r -> writer.offset(r.sourcePartition(), r.sourceOffset()));
      if (writer.beginFlush()) {
        writer.doFlush((error, ignored) -> { }).get(10, TimeUnit.SECONDS);
      }
      task.stop();
      return got;
    } finally {
      store.stop();
    }
  }

  private static List<String> payloads(List<?> records) {
    return records.stream().map(r -> r instanceof SourceRecord s ? (byte[]) s.value() : ((RawItem) r).payload())
        .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void shouldResumeAfterTheCommittedPositionWithoutLosingOrRepeating() throws Exception {
    ReplayPlan plan = ReplayPlan.plan(List.of(ReplayPlanTest.replayDir()));
    assertThat(plan.items()).hasSizeGreaterThan(6);

    List<SourceRecord> first = runTask(4, 1);
    List<SourceRecord> second = runTask(4, 100);

    assertThat(first).hasSize(4);
    assertThat(first.getLast().sourceOffset()).isEqualTo(Map.of(ReplayPlan.POSITION_KEY, 3L));
    assertThat(payloads(second)).isEqualTo(payloads(plan.remainingAfter(3)));
    List<SourceRecord> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(payloads(all)).isEqualTo(payloads(plan.items()));
  }

  /** Commits {@code position} as the replay's offset, as an operator's {@code PATCH .../offsets} or a corrupt store would. */
  private void commitPosition(Object position) throws Exception {
    FileOffsetBackingStore store = openStore();
    try {
      OffsetStorageWriter writer = new OffsetStorageWriter(store, NAMESPACE, converter(true), converter(false));
      Map<String, Object> offset = new HashMap<>();
      offset.put(ReplayPlan.POSITION_KEY, position);
      writer.offset(ReplayPlan.plan(List.of(ReplayPlanTest.replayDir())).sourcePartition(), offset);
      assertThat(writer.beginFlush()).isTrue();
      writer.doFlush((error, ignored) -> { }).get(10, TimeUnit.SECONDS);
    } finally {
      store.stop();
    }
  }

  @Test
  void shouldRefuseToStartOnACommittedPositionItCannotHonourNamingReplayKeyValueRuleAndTheReset() throws Exception {
    // before: a position past the last item was logged and the task emitted nothing, skipping every item on a guess
    ReplayPlan plan = ReplayPlan.plan(List.of(ReplayPlanTest.replayDir()));
    int total = plan.items().size();
    for (Object bad : List.of((long) total, -1L, 2.5, "3")) {
      commitPosition(bad);

      assertThatThrownBy(() -> runTask(1000, 1)).as("position %s", bad).isInstanceOf(UnusableOffsetException.class)
          .hasMessageContaining(plan.replayId()).hasMessageContaining(ReplayPlan.POSITION_KEY)
          .hasMessageContaining("'" + (bad instanceof Long l ? Long.toString(l) : bad) + "'")
          .hasMessageContaining(bad.equals((long) total) ? "past the last of the " + total + " items" : "not a non-negative whole number")
          .hasMessageContaining("DELETE /connectors/<name>/offsets");
    }
    commitPosition((long) total - 1);
    assertThat(runTask(1000, 3)).as("the last position: all emitted, nothing left").isEmpty();
  }

  @Test
  void shouldEmitNothingOnceEverythingWasCommitted() throws Exception {
    int total = ReplayPlan.plan(List.of(ReplayPlanTest.replayDir())).items().size();

    assertThat(runTask(1000, 3)).hasSize(total);
    assertThat(runTask(1000, 3)).isEmpty();
  }

  @Test
  void shouldRouteKeyAndHeadersAndTimestampFromTheItem() throws Exception {
    ReplayPlan plan = ReplayPlan.plan(List.of(ReplayPlanTest.replayDir()));

    List<SourceRecord> records = runTask(1000, 1);

    assertThat(records).hasSameSizeAs(plan.items());
    for (int i = 0; i < records.size(); i++) {
      SourceRecord record = records.get(i);
      RawItem item = plan.items().get(i);
      assertThat(record.topic()).isEqualTo(ReplayConnectorConfig.topicFor(item.format(), "posts.raw."));
      assertThat(record.key()).isEqualTo(item.nativeId());
      assertThat(record.timestamp()).as("event time of item %d, never the replay's own time", i)
          .isEqualTo(plan.eventTimes().get(i).toEpochMilli());
      if (item.createdAt() != null) {
        assertThat(record.timestamp()).isEqualTo(item.createdAt().toEpochMilli());
      }
      assertThat(record.headers().lastWithName(RawHeaders.FORMAT).value()).isEqualTo(item.format().id());
      assertThat(record.headers().lastWithName(RawHeaders.FILE).value()).isEqualTo(item.file());
      assertThat(record.sourcePartition()).isEqualTo(plan.sourcePartition());
      if (item.format().source() == null) {
        assertThat(record.headers().lastWithName(RawHeaders.SOURCE)).isNull();
      } else {
        assertThat(record.headers().lastWithName(RawHeaders.SOURCE).value()).isEqualTo(item.format().source().id());
      }
    }
  }
}
