package io.storyline.ingest.live;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Counters of one live source task: HTTP requests, failed attempts, 429s, retries, posts emitted,
 * items skipped (e.g. Discord messages with empty content), truncated listings, and the cursor lag
 * (wall clock minus the event time of the newest post emitted, ms). {@link #register} exposes them as
 * Kafka metrics of the task (group {@code plugins}, JMX {@code kafka.connect:type=plugins,...}), named
 * {@code storyline-live-<counter>}. Thread-safe.
 */
public final class LiveMetrics {
  /** Metric names (without the {@code storyline-live-} prefix) and descriptions. */
  public static final Map<String, String> DESCRIPTIONS = Map.of(
      "requests", "HTTP requests sent (every attempt)",
      "errors", "HTTP attempts that failed (status >= 400 other than 429, I/O errors, timeouts, bodies that are not the expected document)",
      "rate-limited", "HTTP 429 responses",
      "retries", "attempts repeated after a failure",
      "posts-emitted", "raw post records handed to Connect",
      "skipped", "items not emitted as posts and why was logged (e.g. Discord messages with empty content, Discord system messages)",
      "truncated-listings", "sweeps that ended before reaching the last seen post (Reddit's ~1000-item listing limit, dead cursors)",
      "poll-failures", "polls whose poller failed unexpectedly (a bug, logged at ERROR with the stream and cursor); the stream "
          + "is fetched again after poll.interval.ms and the task keeps running",
      "cursor-lag-ms", "wall clock minus the created time of the newest post emitted, in ms (-1 before the first post)");

  private final Map<String, AtomicLong> counters = new LinkedHashMap<>();
  private final AtomicLong newestCreatedMs = new AtomicLong(Long.MIN_VALUE);

  public LiveMetrics() {
    for (String name : DESCRIPTIONS.keySet()) {
      if (!name.equals("cursor-lag-ms")) {
        counters.put(name, new AtomicLong());
      }
    }
  }

  public void request() { counters.get("requests").incrementAndGet(); }

  public void error() { counters.get("errors").incrementAndGet(); }

  public void rateLimited() { counters.get("rate-limited").incrementAndGet(); }

  public void retry() { counters.get("retries").incrementAndGet(); }

  public void skipped(long n) { counters.get("skipped").addAndGet(n); }

  public void truncatedListing() { counters.get("truncated-listings").incrementAndGet(); }

  public void pollFailure() { counters.get("poll-failures").incrementAndGet(); }

  /** @param createdEpochMs event time of an emitted post, epoch ms, or null when unknown */
  public void emitted(Long createdEpochMs) {
    counters.get("posts-emitted").incrementAndGet();
    if (createdEpochMs != null) {
      newestCreatedMs.accumulateAndGet(createdEpochMs, Math::max);
    }
  }

  /**
   * @param name a counter name from {@link #DESCRIPTIONS} other than {@code cursor-lag-ms}
   * @return its value
   * @throws IllegalArgumentException if the name is unknown
   */
  public long count(String name) {
    AtomicLong c = counters.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no live metric named '" + name + "' (known: " + counters.keySet() + ")");
    }
    return c.get();
  }

  /** @param nowEpochMs the wall clock @return lag in ms, or -1 before the first post with a known time */
  public long cursorLagMs(long nowEpochMs) {
    long newest = newestCreatedMs.get();
    return newest == Long.MIN_VALUE ? -1 : Math.max(0, nowEpochMs - newest);
  }

  /**
   * Adds every counter and the lag as gauges to the task's plugin metrics.
   *
   * @param metrics the task's metrics ({@code SourceTaskContext.pluginMetrics()}); null does nothing
   * @param platform the platform id, added as tag {@code platform}
   */
  public void register(PluginMetrics metrics, String platform) {
    if (metrics == null) {
      return;
    }
    LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    tags.put("platform", platform);
    counters.forEach((name, counter) -> {
      MetricName metricName = metrics.metricName("storyline-live-" + name, DESCRIPTIONS.get(name), tags);
      metrics.addMetric(metricName, (Gauge<Long>) (config, now) -> counter.get());
    });
    MetricName lag = metrics.metricName("storyline-live-cursor-lag-ms", DESCRIPTIONS.get("cursor-lag-ms"), tags);
    metrics.addMetric(lag, (Gauge<Long>) (config, now) -> cursorLagMs(now));
  }
}
