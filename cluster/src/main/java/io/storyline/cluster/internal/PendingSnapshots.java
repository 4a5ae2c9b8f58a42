package io.storyline.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stories changed since their snapshot was last published, over a state store with a changelog
 * (story id to the record timestamp, epoch ms, of the latest post that changed it). Kept in a store,
 * not in memory, so that under exactly-once the set commits in the same transaction as the story
 * state and the records written: a restarted or moved task publishes exactly the snapshots the
 * failed one had not committed. Not thread-safe; one per stream task.
 */
public final class PendingSnapshots {
  private final KeyValueStore<String, Long> store;

  /** @param store the task's store; may not be null */
  public PendingSnapshots(KeyValueStore<String, Long> store) {
    this.store = Objects.requireNonNull(store, "store can't be null");
  }

  /**
   * Marks a story as changed.
   *
   * @param storyId the story; may not be null
   * @param timestamp the record timestamp of the change, epoch ms; the latest mark wins
   */
  public void mark(String storyId, long timestamp) {
    store.put(Objects.requireNonNull(storyId, "storyId can't be null"), timestamp);
  }

  /** @return true if the story changed since its snapshot was last published */
  public boolean contains(String storyId) {
    return store.get(storyId) != null;
  }

  /**
   * Unmarks a story (its snapshot was published another way: closed or merged away).
   *
   * @param storyId the story; may not be null
   * @return the timestamp of its latest change, epoch ms, or null if it was not marked
   */
  public Long remove(String storyId) {
    return store.delete(Objects.requireNonNull(storyId, "storyId can't be null"));
  }

  /**
   * Unmarks every story.
   *
   * @return the stories that were marked, in story id order, with their latest change's timestamp;
   *     never null
   */
  public List<KeyValue<String, Long>> drain() {
    List<KeyValue<String, Long>> out = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = store.all()) {
      it.forEachRemaining(out::add);
    }
    out.forEach(kv -> store.delete(kv.key));
    return out;
  }
}
