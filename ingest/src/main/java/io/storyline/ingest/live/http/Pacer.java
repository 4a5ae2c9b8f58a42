package io.storyline.ingest.live.http;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The clock and the waits of the live HTTP layer: waits end early when {@link #stop()} is called, so a
 * Connect task stops promptly even while it is backing off or waiting out a rate limit. Thread-safe.
 */
public final class Pacer {
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final LongSupplier nanoTime;
  private final LongSupplier epochMillis;

  /**
   * @param nanoTime monotonic time in ns (e.g. {@code System::nanoTime}); not null
   * @param epochMillis wall-clock time in epoch ms (e.g. {@code System::currentTimeMillis}), for epoch
   *     rate-limit resets; not null
   */
  public Pacer(LongSupplier nanoTime, LongSupplier epochMillis) {
    this.nanoTime = nanoTime;
    this.epochMillis = epochMillis;
  }

  /** @return a pacer on the system clocks */
  public static Pacer system() {
    return new Pacer(System::nanoTime, System::currentTimeMillis);
  }

  /** @return monotonic time in ns */
  public long nanoTime() {
    return nanoTime.getAsLong();
  }

  /** @return wall-clock time in epoch ms */
  public long epochMillis() {
    return epochMillis.getAsLong();
  }

  /**
   * Waits {@code wait}, or less if {@link #stop()} is called.
   *
   * @param wait how long; zero or negative returns at once
   * @return true if the full wait passed, false if the pacer was stopped
   * @throws InterruptedException if the thread is interrupted
   */
  public boolean sleep(Duration wait) throws InterruptedException {
    if (wait.isNegative() || wait.isZero()) {
      return !isStopped();
    }
    return !stopped.await(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Ends current and future waits at once. Idempotent. */
  public void stop() {
    stopped.countDown();
  }

  /** @return true once {@link #stop()} was called */
  public boolean isStopped() {
    return stopped.getCount() == 0;
  }
}
