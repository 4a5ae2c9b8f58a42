package io.storyline.cluster.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When a cluster-stage processor publishes story snapshots ({@code cluster.snapshot.interval.ms},
 * {@link io.storyline.cluster.ClusterConfig#SNAPSHOT_INTERVAL_MS_CONFIG}), shared by the
 * single-partition stage and the partitioned stage's linker:
 *
 * <ul>
 *   <li>interval &gt; 0: the processor keeps changed stories pending in a changelogged store and a
 *       wall-clock punctuation every interval publishes them ({@link Trigger#INTERVAL});
 *   <li>interval 0: one snapshot per post ({@link Trigger#POST}); what an earlier run with an
 *       interval left pending is published once, before the first post's snapshots ({@link
 *       #beforePost()}) or by a one-time punctuation after 1 s if no post comes.
 * </ul>
 *
 * <p>Counts {@code storyline_cluster_snapshots_total{trigger}} (Prometheus name), tagged with the
 * stream task. Not thread-safe; one per stream task.
 */
public final class SnapshotSchedule {
  /** Why a snapshot was written: the {@code trigger} tag of {@code storyline_cluster_snapshots_total}. */
  public enum Trigger {
    /** The interval's punctuation published a pending story. */
    INTERVAL,
    /** Interval 0: the post that changed the story. */
    POST,
    /** A pending story closed (idle horizon) and was published before leaving the state. */
    CLOSED,
    /** A merged-away story's final snapshot ({@code mergedInto} set), published at once. */
    MERGED
  }

  private final Duration interval;
  private final Map<Trigger, Counter> counters = new EnumMap<>(Trigger.class);
  private Runnable publishPending;
  private boolean leftovers;
  private Cancellable leftoverPunctuation;

  /**
   * @param interval how often pending snapshots are published, &ge; 0; zero publishes one per post;
   *     may not be null
   * @throws IllegalArgumentException if {@code interval} is negative
   */
  public SnapshotSchedule(Duration interval) {
    this.interval = Objects.requireNonNull(interval, "snapshot interval can't be null");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("illegal snapshot interval " + interval + ", must be >= 0");
    }
  }

  /** @return true with interval 0: every post's snapshots are published at once */
  public boolean perPost() {
    return interval.isZero();
  }

  /**
   * Registers the counters and schedules the punctuation; call from {@code Processor.init}.
   *
   * @param context the processor's context; may not be null
   * @param registry where the counters go; may not be null
   * @param task the stream task's tag; may not be null
   * @param publishPending publishes every pending snapshot (and counts each with {@link #count}); may
   *     not be null
   */
  public void start(ProcessorContext<?, ?> context, MeterRegistry registry, Tags task, Runnable publishPending) {
    this.publishPending = Objects.requireNonNull(publishPending, "publishPending can't be null");
    for (Trigger trigger : Trigger.values()) {
      counters.put(trigger, Counter.builder("storyline.cluster.snapshots")
          .description("Story snapshots written, by trigger")
          .tags(task).tag("trigger", trigger.name().toLowerCase(Locale.ROOT)).register(registry));
    }
    if (perPost()) {
      leftovers = true;
      leftoverPunctuation =
          context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> beforePost());
    } else {
      context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> publishPending.run());
    }
  }

  /** Interval 0: publishes, once, what an earlier run with an interval left pending; else nothing. */
  public void beforePost() {
    if (leftovers) {
      leftovers = false;
      leftoverPunctuation.cancel();
      publishPending.run();
    }
  }

  /** Counts one snapshot written. @param trigger why; may not be null */
  public void count(Trigger trigger) {
    counters.get(trigger).increment();
  }

  /** @return e.g. "per post" or "every 100 ms", for log lines */
  @Override
  public String toString() {
    return perPost() ? "per post" : "every " + interval.toMillis() + " ms";
  }
}
