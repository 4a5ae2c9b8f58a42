package io.storyline.cluster.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.StoryClusterer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The meters of a processor that clusters posts with {@link StoryClusterer} (the single-partition
 * stage's {@link ClusterProcessor} and the partitioned stage's first level), tagged with the stream
 * task, so both report the same names (Prometheus):
 *
 * <ul>
 *   <li>{@code storyline_cluster_posts_total{decision}}: posts by {@link Decision.Kind}, lower case;
 *   <li>{@code storyline_cluster_posts_skipped_total{reason="tombstone"}}: null posts;
 *   <li>{@code storyline_cluster_stories_closed_total}: stories aged out past the idle horizon;
 *   <li>{@code storyline_cluster_stories_active}: open stories, also the entries of the in-memory
 *       story index (a gauge reading the clusterer, removed by {@link #close()});
 *   <li>{@code storyline_cluster_assignment_seconds}: time per decision, a histogram.
 * </ul>
 *
 * Not thread-safe; one per stream task.
 */
public final class ClusterMeters {
  private final MeterRegistry registry;
  private final Tags task;
  private final Map<Decision.Kind, Counter> decisions = new EnumMap<>(Decision.Kind.class);
  private final Counter tombstones;
  private final Counter closed;
  private final Timer assignment;
  private long skippedNull;

  /**
   * Registers the meters.
   *
   * @param registry where they go; may not be null
   * @param task the stream task's tag ({@code task=<task id>}); may not be null
   * @param clusterer the task's clusterer, read by the open-stories gauge; may not be null
   */
  public ClusterMeters(MeterRegistry registry, Tags task, StoryClusterer clusterer) {
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
    this.task = Objects.requireNonNull(task, "task can't be null");
    Objects.requireNonNull(clusterer, "clusterer can't be null");
    for (Decision.Kind kind : Decision.Kind.values()) {
      decisions.put(kind, Counter.builder("storyline.cluster.posts").description("Posts clustered, by decision")
          .tags(task).tag("decision", kind.name().toLowerCase(Locale.ROOT)).register(registry));
    }
    tombstones = Counter.builder("storyline.cluster.posts.skipped").description("Records skipped without a decision")
        .tags(task).tag("reason", "tombstone").register(registry);
    closed = Counter.builder("storyline.cluster.stories.closed").description("Stories closed after the idle horizon")
        .tags(task).register(registry);
    assignment = Timer.builder("storyline.cluster.assignment").description("Time to decide one post's story")
        .tags(task).publishPercentileHistogram().register(registry);
    Gauge.builder("storyline.cluster.stories.active", clusterer, StoryClusterer::openStories)
        .description("Open stories, also the entries of the in-memory story index").tags(task).register(registry);
  }

  /**
   * Counts one decision.
   *
   * @param d the decision; may not be null
   * @param nanos how long it took, ns
   */
  public void decided(Decision d, long nanos) {
    assignment.record(nanos, TimeUnit.NANOSECONDS);
    decisions.get(d.kind()).increment();
    closed.increment(d.closedStories().size());
  }

  /**
   * Counts a null post (tombstone) skipped.
   *
   * @return the tombstones skipped by this task so far, for the log line
   */
  public long tombstone() {
    tombstones.increment();
    return ++skippedNull;
  }

  /** Removes the open-stories gauge, which reads the task's clusterer, so a reassigned task does not report twice. */
  public void close() {
    registry.find("storyline.cluster.stories.active").tags(task).meters().forEach(registry::remove);
  }
}
