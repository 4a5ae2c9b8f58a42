package io.storyline.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code storyline demo} was asked to do.
 *
 * @param inputs native files or directories to replay; empty = the bundled sample
 * @param from keep posts created at or after this date/instant; nullable
 * @param to keep posts created up to this date/instant; nullable
 * @param bootstrapServers an external Kafka cluster; null = start the embedded broker
 * @param dataDir where broker logs, Connect offsets and state live; null = a temporary directory
 * @param httpPort HTTP port ({@code --http-port}), 0 = any free port; null = the {@code http.port} setting if
 *     {@code settings} has one, else {@link #DEFAULT_HTTP_PORT}
 * @param lists list ids to print when drained, e.g. {@code all/24h}
 * @param exitWhenDone exit after printing instead of serving until Ctrl-C
 * @param timeout how long to wait for the input to drain
 * @param clusterPartitions partitions of {@code posts} the cluster stage runs over, &ge; 1; 1 is the
 *     single (global) mode, more the two-level partitioned mode; the demo creates {@code posts} with them and gives
 *     them to the cluster stage as {@code cluster.partitions}, over that key in {@code settings}
 * @param settings stage settings given with {@code --set KEY=VALUE}, passed to every stage and winning
 *     over the demo's own; {@code kafka.}-prefixed keys also go to the demo's admin client, Connect
 *     worker and list view (e.g. SASL_SSL for an external cluster); never null
 */
record DemoSettings(
    List<Path> inputs,
    String from,
    String to,
    String bootstrapServers,
    Path dataDir,
    Integer httpPort,
    List<String> lists,
    boolean exitWhenDone,
    Duration timeout,
    int clusterPartitions,
    Map<String, String> settings) {

  /** The demo's HTTP port when neither {@code --http-port} nor an {@code http.port} setting gives one. */
  static final int DEFAULT_HTTP_PORT = 8080;

  DemoSettings {
    settings = Map.copyOf(settings);
  }

  /** The settings without {@code --set} values. */
  DemoSettings(List<Path> inputs, String from, String to, String bootstrapServers, Path dataDir, Integer httpPort,
      List<String> lists, boolean exitWhenDone, Duration timeout, int clusterPartitions) {
    this(inputs, from, to, bootstrapServers, dataDir, httpPort, lists, exitWhenDone, timeout, clusterPartitions, Map.of());
  }

  /** The settings with the single-partition cluster stage. */
  DemoSettings(List<Path> inputs, String from, String to, String bootstrapServers, Path dataDir, Integer httpPort,
      List<String> lists, boolean exitWhenDone, Duration timeout) {
    this(inputs, from, to, bootstrapServers, dataDir, httpPort, lists, exitWhenDone, timeout, 1);
  }
}
