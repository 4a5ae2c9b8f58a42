package io.storyline.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Brings the metrics that Kafka's clients and Kafka Streams report (bound through Micrometer's
 * {@code KafkaClientMetrics}/{@code KafkaStreamsMetrics}) into the Prometheus naming conventions
 * (https://prometheus.io/docs/practices/naming/), so that {@code promtool check metrics} accepts a
 * storyline scrape:
 *
 * <ul>
 *   <li>meters whose name carries an abbreviated, non-base unit ({@code .ns}, {@code .ms}, {@code
 *       .us}, e.g. {@code kafka.producer.txn.commit.time.ns.total}) are dropped: Micrometer's filters
 *       rename but cannot rescale a function meter to seconds, and the same facts are reported as
 *       ratios ({@code io.ratio}, {@code io.wait.ratio}, {@code blocked}/{@code process.ratio});
 *   <li>gauges named {@code ….count} (Kafka's {@code connection.count}, {@code active.buffer.count})
 *       become plurals ({@code connections}, {@code active.buffers}): in Prometheus a {@code _count}
 *       suffix belongs to histograms and summaries;
 *   <li>meters without a description get one naming their Kafka source, since Prometheus wants HELP
 *       text on every family.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class PrometheusConventions {
  private static final Pattern ABBREVIATED_UNIT = Pattern.compile("(^|\\.)(ns|ms|us)(\\.|$)");

  private PrometheusConventions() {}

  /** @return the filters, in the order they must be applied */
  public static List<MeterFilter> filters() {
    return List.of(
        new MeterFilter() {
          @Override
          public MeterFilterReply accept(Meter.Id id) {
            return ABBREVIATED_UNIT.matcher(id.getName()).find() ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
          }
        },
        new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            String name = id.getName();
            String description = id.getDescription();
            if (name.endsWith(".count") && id.getType() == Meter.Type.GAUGE) {
              name = name.substring(0, name.length() - ".count".length()) + "s";
            }
            if (description == null || description.isBlank()) {
              description = "Kafka client metric " + id.getName() + " (no description given by Kafka)";
            }
            if (name.equals(id.getName()) && description.equals(id.getDescription())) {
              return id;
            }
            return new Meter.Id(name, io.micrometer.core.instrument.Tags.of(id.getTags()), id.getBaseUnit(), description,
                id.getType());
          }
        });
  }

  /** @return a new Prometheus registry with {@link #filters()} applied */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    filters().forEach(registry.config()::meterFilter);
    return registry;
  }
}
