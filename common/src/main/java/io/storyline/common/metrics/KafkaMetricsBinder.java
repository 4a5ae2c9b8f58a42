package io.storyline.common.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Binds the metrics of a Kafka {@code Metrics} registry that Micrometer has no public binder for
 * (Micrometer binds producers, consumers, admin clients and Kafka Streams; a Connect worker and the
 * plugin metrics of its tasks are not covered) to a Micrometer registry: one gauge per numeric
 * Kafka metric, or a function counter for names ending in {@code -total}, named {@code
 * <prefix>.<group>.<name>} with the Kafka metric's tags. Metrics that appear later (tasks start after
 * the worker) are picked up every {@code refresh}. Thread-safe; {@link #close()} stops the refresh.
 */
public final class KafkaMetricsBinder implements MeterBinder, AutoCloseable {
  private final String prefix;
  private final Supplier<Map<MetricName, ? extends Metric>> metrics;
  private final Duration refresh;
  private final Set<MetricName> bound = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService scheduler;

  /**
   * @param prefix meter name prefix, e.g. {@code kafka.connect}; may not be null
   * @param metrics the Kafka metrics, read on every refresh; may not be null
   * @param refresh how often new metrics are looked for; positive
   */
  public KafkaMetricsBinder(String prefix, Supplier<Map<MetricName, ? extends Metric>> metrics, Duration refresh) {
    this.prefix = Objects.requireNonNull(prefix, "prefix can't be null");
    this.metrics = Objects.requireNonNull(metrics, "metrics can't be null");
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("illegal refresh " + refresh + ", must be positive");
    }
    this.refresh = refresh;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    bindNew(registry);
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("storyline-" + prefix + "-metrics-binder").daemon(true).factory());
      scheduler.scheduleWithFixedDelay(() -> bindNew(registry), refresh.toMillis(), refresh.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void bindNew(MeterRegistry registry) {
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
      MetricName name = e.getKey();
      Metric metric = e.getValue();
      if (bound.contains(name) || !(metric.metricValue() instanceof Number)) {
        continue;
      }
      String meterName = prefix + "." + sanitise(name.group()) + "." + sanitise(name.name());
      List<Tag> tags = new ArrayList<>();
      name.tags().forEach((k, v) -> tags.add(Tag.of(sanitise(k).replace('.', '_'), v)));
      String description = name.description() == null || name.description().isBlank()
          ? "Kafka metric " + name.group() + "/" + name.name() : name.description();
      if (name.name().endsWith("-total")) {
        FunctionCounter.builder(meterName.substring(0, meterName.length() - ".total".length()), metric,
                m -> value(m)).tags(tags).description(description).register(registry);
      } else {
        Gauge.builder(meterName, metric, KafkaMetricsBinder::value).tags(tags).description(description)
            .register(registry);
      }
      bound.add(name);
    }
  }

  private static double value(Metric m) {
    return m.metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String sanitise(String s) {
    return s.toLowerCase(Locale.ROOT).replace('-', '.');
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
