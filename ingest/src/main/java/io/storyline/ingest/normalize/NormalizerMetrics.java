package io.storyline.ingest.normalize;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Normalizer's counts, read from the Kafka Streams metrics its processors register. Each count
 * is a Kafka metric {@code <operation>-total} (with a matching {@code <operation>-rate}) in group
 * {@value #GROUP}, tagged with {@code thread-id}, {@code task-id} and {@code storyline-normalizer-id}
 * (the processor name); {@link #from(Map)} sums them over threads and tasks. Any metrics reporter or
 * Micrometer's {@code KafkaStreamsMetrics} binder sees the same metrics.
 */
public interface NormalizerMetrics {
  /** Metric group of the Normalizer's sensors. */
  String GROUP = "stream-storyline-normalizer-metrics";
  /** Scope passed to {@code StreamsMetrics.addRateTotalSensor}. */
  String SCOPE = "storyline-normalizer";
  /** Raw records read. */
  String PROCESSED = "processed";
  /** Posts written to {@code posts}. */
  String EMITTED = "emitted";
  /** Raw records written to {@code posts.dlq}. */
  String DEAD_LETTERED = "dead-lettered";
  /** Posts dropped because their id was already emitted. */
  String DUPLICATES = "duplicates";
  /** Posts emitted again because a newer fetch changed their content (an edit): same key, new value. */
  String UPDATED = "updated";
  /** Posts dropped because they were created outside {@code normalizer.created.from/to}. */
  String OUT_OF_RANGE = "out-of-range";
  /**
   * Posts given their thread's root from their parent's or named root's (a Discord reply to a reply,
   * a quote or repost of a reply, a reply to a quote), so they land in their thread's partition; see
   * {@code ThreadRootProcessor}.
   */
  String THREAD_ROOTS_RESOLVED = "thread-roots-resolved";

  /** @return raw records read, at least 0 */
  long processed();

  /** @return posts emitted, at least 0 */
  long emitted();

  /** @return records dead-lettered, at least 0 */
  long deadLettered();

  /** @return duplicate posts dropped, at least 0 */
  long duplicates();

  /** @return posts dropped as created out of range, at least 0 */
  long outOfRange();

  /** @return edited posts emitted again, at least 0 */
  long updated();

  /** @return posts given their thread's root from their parent's, at least 0 */
  long threadRootsResolved();

  /**
   * Reads the counts from a metrics map.
   *
   * @param metrics e.g. {@code KafkaStreams.metrics()} or {@code TopologyTestDriver.metrics()}; may not be null
   * @return an immutable snapshot; counts absent from {@code metrics} are 0
   */
  static NormalizerMetrics from(Map<MetricName, ? extends Metric> metrics) {
    return new Snapshot(
        total(metrics, PROCESSED), total(metrics, EMITTED), total(metrics, DEAD_LETTERED),
        total(metrics, DUPLICATES), total(metrics, OUT_OF_RANGE), total(metrics, UPDATED),
        total(metrics, THREAD_ROOTS_RESOLVED));
  }

  private static long total(Map<MetricName, ? extends Metric> metrics, String operation) {
    String name = operation + "-total";
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      if (GROUP.equals(e.getKey().group()) && name.equals(e.getKey().name())
          && e.getValue().metricValue() instanceof Number n) {
        sum += n.doubleValue();
      }
    }
    return (long) sum;
  }

  /**
   * An immutable snapshot of the counts.
   *
   * @param processed raw records read
   * @param emitted posts emitted
   * @param deadLettered records dead-lettered
   * @param duplicates duplicate posts dropped
   * @param outOfRange posts dropped as created out of range
   * @param updated edited posts emitted again (also counted in {@code emitted})
   * @param threadRootsResolved posts given their thread's root from their parent's
   */
  record Snapshot(long processed, long emitted, long deadLettered, long duplicates, long outOfRange, long updated,
      long threadRootsResolved) implements NormalizerMetrics {}
}
