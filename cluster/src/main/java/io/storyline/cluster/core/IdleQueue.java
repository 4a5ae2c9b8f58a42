package io.storyline.cluster.core;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * The open stories ordered by (last seen, id), for ageing: which story has been idle longest. Derived
 * state of {@link StoryClusterer}, rebuilt from the cluster state on start.
 *
 * <p>A binary min-heap with lazy deletion: {@link #touch} pushes a story's new key and records it as
 * the story's current one; the key it replaces, and the key of a story {@link #forget forgotten}, stay
 * in the heap until they reach its top, where {@link #pollIdleBefore} drops them (an entry is live
 * only while it is its story's current key, compared by identity). So a story that grows costs one
 * hash-map put and one heap push, usually O(1) (a new key is normally the newest, which stays at the
 * bottom), instead of a removal and an insertion in a balanced tree of every open story (two
 * O(log n) descents, each step a cache miss at 100k stories). The heap is rebuilt from the current keys
 * when stale entries outnumber live ones (plus {@link #SLACK}), so it holds at most about twice as
 * many entries as there are open stories.
 *
 * <p>{@link #pollIdleBefore} hands out stories in exactly the order of a sorted set of the current keys
 * (last seen ascending, then id ascending), so ageing decisions do not depend on this structure's
 * history. Not thread-safe; one instance per clusterer.
 */
final class IdleQueue {
  /** Stale entries tolerated beyond the number of live ones before the heap is rebuilt. */
  static final int SLACK = 1024;

  /** A story's key: last seen, then id. */
  private record Key(Instant lastSeen, String id) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = lastSeen.compareTo(o.lastSeen);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  private PriorityQueue<Key> heap = new PriorityQueue<>();
  private final Map<String, Key> current = new HashMap<>();

  /**
   * Records a story's last-seen time (a story opened, grown or surviving a merge); replaces its
   * previous one.
   *
   * @param id the story id; may not be null
   * @param lastSeen the story's last event time; may not be null
   */
  void touch(String id, Instant lastSeen) {
    Key k = new Key(Objects.requireNonNull(lastSeen, "lastSeen can't be null"), Objects.requireNonNull(id, "id can't be null"));
    current.put(id, k);
    heap.add(k);
    if (heap.size() > 2 * current.size() + SLACK) {
      heap = new PriorityQueue<>(current.values());
    }
  }

  /**
   * Forgets a story (merged away or closed elsewhere); nothing if it is not here.
   *
   * @param id the story id; may not be null
   */
  void forget(String id) {
    current.remove(id);
  }

  /**
   * Takes out the story idle longest, if it was last seen before the cutoff.
   *
   * @param cutoff the instant a story's last-seen time must be before; may not be null
   * @return the story's id, now forgotten, or null if no open story was last seen before {@code cutoff}
   */
  String pollIdleBefore(Instant cutoff) {
    Key k;
    while ((k = heap.peek()) != null) {
      if (current.get(k.id()) != k) {
        heap.poll(); // stale: the story grew, merged away or closed since this key was pushed
      } else if (k.lastSeen().isBefore(cutoff)) {
        heap.poll();
        current.remove(k.id());
        return k.id();
      } else {
        return null;
      }
    }
    return null;
  }

  /** @return the number of stories here (open stories) */
  int size() {
    return current.size();
  }

  /** @return the number of heap entries, live and stale, for tests */
  int entries() {
    return heap.size();
  }
}
