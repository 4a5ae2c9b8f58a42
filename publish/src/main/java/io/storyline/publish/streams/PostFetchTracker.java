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
 * duplicate assignment changes nothing. Forwards nothing. Not thread-safe; one instance per task.
 */
public final class PostFetchTracker implements Processor<String, StoryAssignment, Void, Void> {
  private final String storeName;
  private KeyValueStore<String, Long> pending;

  /**
   * @param storeName the store of story id → oldest pending fetch time (epoch ms); may not be null
   */
  public PostFetchTracker(String storeName) {
    this.storeName = Objects.requireNonNull(storeName, "store name can't be null");
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    pending = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, StoryAssignment> record) {
    StoryAssignment a = record.value();
    if (a == null) {
      return;
    }
    long fetched = a.postFetchedAt().toEpochMilli();
    Long oldest = pending.get(a.storyId());
    if (oldest == null || fetched < oldest) {
      pending.put(a.storyId(), fetched);
    }
  }
}
