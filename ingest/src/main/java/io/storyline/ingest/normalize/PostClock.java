package io.storyline.ingest.normalize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Normalizer's <em>post clock</em>: the newest {@code createdAt} among the posts seen, capped at
 * the wall clock plus {@link io.storyline.common.model.EventTimes#MAX_FUTURE}, from which its stores' retention is counted.
 *
 * <p>Why not Kafka's stream time: a raw record's timestamp is whatever its producer set (a record of
 * a broken file carries the time it was replayed, years after the posts around it), and one such
 * record would otherwise purge every id at once. Why the cap: one post dated in the far future (a
 * wrong clock at the source) would do the same; the parse step dead-letters such posts, and the cap
 * stays as a second guard. Not thread-safe; one per processor instance.
 */
final class PostClock {
  private long nowMs = Long.MIN_VALUE;

  /**
   * Moves the clock to a post seen now, if it is newer.
   *
   * @param createdMs the post's {@code createdAt}, epoch ms
   * @param wallClockMs the processor's wall clock, epoch ms
   */
  void advance(long createdMs, long wallClockMs) {
    nowMs = Math.max(nowMs, Math.min(createdMs, wallClockMs + io.storyline.common.model.EventTimes.MAX_FUTURE.toMillis()));
  }

  /**
   * Moves the clock to a post restored from a store (already capped when it was first seen).
   *
   * @param createdMs the post's {@code createdAt}, epoch ms
   */
  void restore(long createdMs) {
    nowMs = Math.max(nowMs, createdMs);
  }

  /**
   * @param retention how long a post is kept, &ge; 0
   * @return the epoch ms before which posts are past the retention, or empty before any post was seen
   */
  OptionalLong horizon(Duration retention) {
    return nowMs == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(nowMs - retention.toMillis());
  }

  /**
   * The keys of a store whose posts are past the retention (a full scan; the caller deletes them).
   *
   * @param store a store keyed by post id; may not be null
   * @param createdMs reads a value's post {@code createdAt}, epoch ms
   * @param retention how long a post is kept, &ge; 0
   * @return the expired post ids, in key order; empty before any post was seen; never null
   */
  <V> List<String> expired(KeyValueStore<String, V> store, ToLongFunction<V> createdMs, Duration retention) {
    OptionalLong horizon = horizon(retention);
    List<String> expired = new ArrayList<>();
    if (horizon.isEmpty()) {
      return expired;
    }
    try (KeyValueIterator<String, V> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, V> entry = all.next();
        if (createdMs.applyAsLong(entry.value) < horizon.getAsLong()) {
          expired.add(entry.key);
        }
      }
    }
    return expired;
  }
}
