package io.storyline.ingest.live.http;

import java.time.Duration;

/**
 * A token bucket (Turner 1986; see https://en.wikipedia.org/wiki/Token_bucket): holds up to {@code
 * capacity} tokens, refilled continuously at {@code capacity / period}; each request takes one token and
 * waits until one is available. One bucket per connector task caps its request rate however many
 * streams it polls. Thread-safe (synchronised).
 */
public final class TokenBucket {
  private final double capacity;
  private final double tokensPerNano;
  private final Pacer pacer;
  private double tokens;
  private long lastRefillNanos;

  /**
   * @param capacity most tokens held, i.e. the largest burst, at least 1
   * @param period time in which {@code capacity} tokens are refilled, positive
   * @param pacer clock and waits; not null
   * @throws IllegalArgumentException naming the value if capacity or period are out of range
   */
  public TokenBucket(int capacity, Duration period, Pacer pacer) {
    if (capacity < 1) {
      throw new IllegalArgumentException("token bucket capacity " + capacity + " must be at least 1");
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("token bucket period " + period + " must be positive");
    }
    this.capacity = capacity;
    this.tokensPerNano = capacity / (double) period.toNanos();
    this.pacer = pacer;
    this.tokens = capacity;
    this.lastRefillNanos = pacer.nanoTime();
  }

  /**
   * Takes one token, waiting for it if the bucket is empty.
   *
   * @return false if the pacer was stopped while waiting (no token taken), else true
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean acquire() throws InterruptedException {
    while (true) {
      Duration wait;
      synchronized (this) {
        refill();
        if (tokens >= 1) {
          tokens -= 1;
          return true;
        }
        wait = Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano));
      }
      if (!pacer.sleep(wait)) {
        return false;
      }
    }
  }

  /** @return the tokens available now (fractional), 0..capacity */
  public synchronized double available() {
    refill();
    return tokens;
  }

  private void refill() {
    long now = pacer.nanoTime();
    tokens = Math.min(capacity, tokens + (now - lastRefillNanos) * tokensPerNano);
    lastRefillNanos = now;
  }
}
