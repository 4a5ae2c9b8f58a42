package io.storyline.publish.streams;

import io.storyline.common.model.StoryAssignment;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers, per story, the fetch time of the oldest post assigned to it that no published list has
 * shown yet (from {@code story-assignments}), so that {@link TopStoriesProcessor} can measure the
 * end-to-end latency from a post's {@code fetchedAt} to the first list that includes its story. A
 * duplicate assignment changes nothing; a null assignment (tombstone) is skipped, logged and counted in
 * {@code storyline_publish_assignments_skipped_total{reason="tombstone"}}. Forwards nothing. Not
 * thread-safe; one instance per task.
 */
public final class PostFetchTracker implements Processor<String, StoryAssignment, Void, Void> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostFetchTracker.class);
  private final String storeName;
  private final io.micrometer.core.instrument.Counter tombstones;
  private KeyValueStore<String, Long> pending;

  /**
   * @param storeName the store of story id → oldest pending fetch time (epoch ms); may not be null
   */
  public PostFetchTracker(String storeName) {
    this(storeName, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /**
   * @param storeName the store of story id → oldest pending fetch time (epoch ms); may not be null
   * @param registry where the skipped-tombstone counter goes; may not be null
   */
  public PostFetchTracker(String storeName, io.micrometer.core.instrument.MeterRegistry registry) {
    this.storeName = Objects.requireNonNull(storeName, "store name can't be null");
    this.tombstones = io.micrometer.core.instrument.Counter.builder("storyline.publish.assignments.skipped")
        .description("story-assignments records skipped without effect").tag("reason", "tombstone")
        .register(Objects.requireNonNull(registry, "registry can't be null"));
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    pending = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, StoryAssignment> record) {
    StoryAssignment a = record.value();
    if (a == null) {
      tombstones.increment();
      LOG.warn("skipping story-assignments record with key {}: a null assignment (tombstone) names no story", record.key());
      return;
    }
    long fetched = a.postFetchedAt().toEpochMilli();
    Long oldest = pending.get(a.storyId());
    if (oldest == null || fetched < oldest) {
      pending.put(a.storyId(), fetched);
    }
  }
}
