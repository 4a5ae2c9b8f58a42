package io.storyline.app.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The wall-clock moment ({@link System#currentTimeMillis()}) at which the {@link Feeder} handed each
 * post of a run to its producer, by sequence number: the post's fetch time in a live system, from
 * which the {@link Probe} measures latency. Written by the feeder's thread, read by the probe's;
 * thread-safe.
 */
public final class SendTimes {
  private final AtomicLongArray millis;

  /** @param capacity the run's posts (sequence numbers 0 .. capacity-1); &gt; 0 */
  public SendTimes(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("send times capacity " + capacity + " must be > 0");
    }
    millis = new AtomicLongArray(capacity);
  }

  /**
   * @param seq a sequence number in [0, capacity)
   * @param epochMillis when post {@code seq} was sent
   */
  void record(long seq, long epochMillis) {
    if (seq >= 0 && seq < millis.length()) {
      millis.set((int) seq, epochMillis);
    }
  }

  /**
   * @param seq a sequence number
   * @return when post {@code seq} was sent (epoch ms), or 0 if unknown (not sent, or out of range)
   */
  public long of(long seq) {
    return seq >= 0 && seq < millis.length() ? millis.get((int) seq) : 0;
  }
}
