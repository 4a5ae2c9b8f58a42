package io.storyline.cluster.partitioned.internal;

import io.storyline.common.model.Story;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The linker's global snapshots not yet published, over a state store with a changelog (global
 * story id to its latest snapshot and the record timestamp, epoch ms, of the update that built it).
 * Kept in a store so that under exactly-once it commits with the linker's state and the records
 * written: a restarted or moved linking task publishes exactly what the failed one had not committed.
 * Not thread-safe; one per stream task.
 */
public final class PendingGlobalSnapshots {
  private final TimestampedKeyValueStore<String, Story> store;

  /** @param store the task's store; may not be null */
  public PendingGlobalSnapshots(TimestampedKeyValueStore<String, Story> store) {
    this.store = Objects.requireNonNull(store, "store can't be null");
  }

  /**
   * Keeps a story's latest snapshot until the next publication; a later one replaces it.
   *
   * @param story the snapshot; may not be null
   * @param timestamp the record timestamp of the update that built it, epoch ms
   */
  public void put(Story story, long timestamp) {
    Objects.requireNonNull(story, "story can't be null");
    store.put(story.id(), ValueAndTimestamp.make(story, timestamp));
  }

  /** Drops a story's pending snapshot (its final one, {@code mergedInto} set, is published at once). */
  public void remove(String storyId) {
    store.delete(Objects.requireNonNull(storyId, "storyId can't be null"));
  }

  /**
   * Removes every pending snapshot.
   *
   * @return them in story id order, each with its timestamp; never null
   */
  public List<KeyValue<Story, Long>> drain() {
    List<KeyValue<Story, Long>> out = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    try (KeyValueIterator<String, ValueAndTimestamp<Story>> it = store.all()) {
      it.forEachRemaining(kv -> {
        ids.add(kv.key);
        out.add(KeyValue.pair(kv.value.value(), kv.value.timestamp()));
      });
    }
    ids.forEach(store::delete);
    return out;
  }
}
