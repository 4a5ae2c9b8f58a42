package io.storyline.app;

import io.storyline.ingest.connect.EmbeddedConnectStandalone;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Kafka Connect worker {@code storyline run ingest} runs in process: standalone (offsets in a
 * file, at-least-once delivery) or distributed with exactly-once source support ({@code
 * --exactly-once}). Implementations are thread-safe.
 */
interface ConnectWorker extends AutoCloseable {
  /** @see EmbeddedConnectStandalone#addConnector(String, Map) */
  void addConnector(String name, Map<String, String> config);

  /** @return connector state then task states; empty if unknown */
  List<String> states(String name);

  /** @return the worker's Kafka metrics, live; empty where the worker does not expose them */
  Map<MetricName, ? extends Metric> metrics();

  @Override
  void close();

  /** @return {@code connect} as a worker */
  static ConnectWorker of(EmbeddedConnectStandalone connect) {
    return new ConnectWorker() {
      @Override
      public void addConnector(String name, Map<String, String> config) {
        connect.addConnector(name, config);
      }

      @Override
      public List<String> states(String name) {
        return connect.states(name);
      }

      @Override
      public Map<MetricName, ? extends Metric> metrics() {
        return connect.metrics();
      }

      @Override
      public void close() {
        connect.close();
      }
    };
  }
}
