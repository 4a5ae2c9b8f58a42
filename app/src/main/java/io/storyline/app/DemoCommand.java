package io.storyline.app;

import io.storyline.cluster.ClusterConfig;
import io.storyline.common.config.CommonConfig;
import io.storyline.ingest.normalize.CreatedRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code storyline demo}: the whole pipeline in one process. Replays native files through Kafka
 * Connect, normalizes, clusters and ranks them, prints the top ten when the input is drained, and
 * serves HTTP until Ctrl-C (or exits with {@code --exit-when-done}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Replays posts through the whole pipeline in one process and prints the top stories.",
    description =
      "Runs the whole pipeline in one process: an embedded KRaft broker (unless --bootstrap-servers), "
          + "Kafka Connect standalone with the replay connector, and the normalizer, cluster and publish stages. "
          + "Prints the ranked top ten when the input is drained, then serves HTTP until Ctrl-C.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--input", paramLabel = "PATH",
      description = "Native files or directories to replay (repeatable). Default: the sample shipped in the jar.")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--from", paramLabel = "DATE|INSTANT",
      description = "Keep only posts created at or after this date (UTC start of day) or ISO-8601 instant.")
  String from;

  @Option(names = "--to", paramLabel = "DATE|INSTANT",
      description = "Keep only posts created up to this date (UTC end of day) or ISO-8601 instant.")
  String to;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Use this Kafka cluster instead of starting an embedded broker.")
  String bootstrapServers;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the embedded broker, Connect offsets and state stores live. Default: a temporary directory, deleted on exit.")
  Path dataDir;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port of the HTTP API, /metrics and /health; wins over an http.port setting (default: "
          + DemoSettings.DEFAULT_HTTP_PORT + "; 0 = any free port).")
  Integer httpPort;

  @Option(names = "--list", paramLabel = "LIST", split = ",", defaultValue = "all/24h,all/7d",
      description = "Lists to print when drained (default: ${DEFAULT-VALUE}).")
  List<String> lists;

  @Option(names = "--exit-when-done", description = "Exit after printing the top ten instead of serving until Ctrl-C.")
  boolean exitWhenDone;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
      description = "Give up if the input is not drained within this ISO-8601 duration (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--cluster-partitions", paramLabel = "N",
      description = "Partitions of posts the cluster stage runs over; wins over a cluster.partitions setting (default: 1,"
          + " one global clusterer); N > 1 runs the two-level mode: N local clusterers, one stream thread each, linked"
          + " into global stories.")
  Integer clusterPartitions;

  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", preprocessor = KeyValueCheck.class,
      description = "A stage setting for every stage, repeatable, e.g. -D rocksdb.memory.bytes=33554432; kafka.* keys also "
          + "configure the demo's admin client, Connect worker and list view (security for --bootstrap-servers); "
          + "http.host and http.max.connections its HTTP server.")
  Map<String, String> stageSettings = new java.util.HashMap<>();

  @Override
  public Integer call() throws Exception {
    if (clusterPartitions != null) {
      SettingKeys.requireOptionValid("--cluster-partitions", clusterPartitions, ClusterConfig.definition(),
          ClusterConfig.PARTITIONS_CONFIG);
    }
    if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
      throw new ParameterException(spec.commandLine(),
          "illegal --http-port: " + httpPort + ", must be between 0 (any free port) and 65535");
    }
    if (Storyline.timeoutProblem(timeout) != null) {
      throw new ParameterException(spec.commandLine(), Storyline.timeoutProblem(timeout));
    }
    String rangeProblem = createdRangeProblem(from, to);
    if (rangeProblem != null) {
      throw new ParameterException(spec.commandLine(), rangeProblem);
    }
    for (Path input : inputs) {
      if (!java.nio.file.Files.exists(input)) {
        throw new ParameterException(spec.commandLine(), "illegal --input " + input + ": does not exist (working directory "
            + Path.of("").toAbsolutePath() + ")");
      }
    }
    if (bootstrapServers != null) {
      BootstrapCheck.requireAddresses("--bootstrap-servers", bootstrapServers);
    }
    SettingKeys.requireKnown(stageSettings, SettingKeys.allStages(), "storyline demo");
    if (stageSettings.containsKey(CommonConfig.HTTP_HOST_CONFIG)) {
      // the demo's server binds there: refused here, not after the broker has started
      StageOptions.requireResolvableHost(stageSettings.get(CommonConfig.HTTP_HOST_CONFIG), "the http.host setting");
    }
    DemoSettings settings = new DemoSettings(
        List.copyOf(inputs), from, to, bootstrapServers, dataDir, httpPort, List.copyOf(lists), exitWhenDone, timeout,
        clusterPartitions(), stageSettings);
    // every stage's settings are checked before the broker starts (a bad value fails here, not 10 s in)
    Pipeline.StageConfigs configs =
        Pipeline.stageConfigs(settings, bootstrapServers != null ? bootstrapServers : "localhost:9092", Path.of("unused"));
    List<String> published = configs.publish().lists().stream().map(l -> l.id()).toList();
    for (String list : lists) {
      if (!published.contains(list)) {
        throw new ParameterException(spec.commandLine(), "unknown --list '" + list + "': the demo publishes "
            + String.join(", ", published) + " (publish.lists)");
      }
    }
    return new Demo(settings, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
  }

  /**
   * The demo's one partition count, for the {@code posts} topic it creates and for the cluster stage alike: {@code
   * --cluster-partitions}, else the {@code cluster.partitions} setting of {@code -D}, else 1. Before session 14 {@code
   * -D cluster.partitions=4} reached only the cluster stage, which ran the two-level mode over the one partition the
   * demo had created (one local clusterer, not four), and it won over {@code --cluster-partitions}.
   *
   * @return the count, 1 to 1024
   * @throws org.apache.kafka.common.config.ConfigException naming the setting if its value breaks the rule
   */
  int clusterPartitions() {
    if (clusterPartitions != null) {
      return clusterPartitions;
    }
    String setting = stageSettings.get(ClusterConfig.PARTITIONS_CONFIG);
    return setting == null ? 1 : new ClusterConfig(Map.of(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
        ClusterConfig.PARTITIONS_CONFIG, setting)).partitions();
  }

  /**
   * Checks {@code --from} and {@code --to} as the normalizer will read them, naming the option: before, a bad value
   * was refused by the normalizer's settings as "Invalid value yesterday for configuration normalizer.created.from",
   * a key the user never typed.
   *
   * @param from the {@code --from} text; null = no lower bound
   * @param to the {@code --to} text; null = no upper bound
   * @return null if both parse and {@code from} is not after {@code to}, else the problem, naming the option(s), the
   *     value(s) and the rule
   */
  static String createdRangeProblem(String from, String to) {
    Instant lower;
    Instant upper;
    try {
      lower = CreatedRange.parseFrom(from);
    } catch (IllegalArgumentException e) {
      return "illegal --from: " + e.getMessage();
    }
    try {
      upper = CreatedRange.parseTo(to);
    } catch (IllegalArgumentException e) {
      return "illegal --to: " + e.getMessage();
    }
    if (lower != null && upper != null && lower.isAfter(upper)) {
      return "illegal --from " + from + " after --to " + to + ": the range holds no post (--to a date means up to the end"
          + " of that day)";
    }
    return null;
  }
}
