package io.storyline.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.common.config.CommonConfig;
import io.storyline.common.config.KafkaClientOverrides;
import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.metrics.KafkaMetricsBinder;
import io.storyline.common.metrics.PrometheusConventions;
import io.storyline.common.topic.TopicAdmin;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.connect.ConnectorFiles;
import io.storyline.ingest.connect.EmbeddedConnectStandalone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code storyline run ingest}: Kafka Connect standalone in this process with the connectors of one or
 * more {@code .properties}/{@code .json} files (the live connectors of {@code io.storyline.ingest.live}
 * or the replay connector), plus the ops HTTP server: {@code /metrics}, {@code /health/live}, {@code
 * /health/ready} (ready when every connector and task is RUNNING; else names the ones that are not) and
 * {@code /connectors} (states as JSON). Source offsets (the cursors) live in {@code --offsets-file}, so
 * a restart resumes where the last run stopped. Runs until Ctrl-C; secrets in the files are Connect
 * PASSWORD settings and are not logged.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Runs Kafka Connect (standalone, in process) with the given connector files: live APIs or dump files -> posts.raw.*")
final class RunIngestCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunIngestCommand.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]", description = "Kafka brokers to connect to.")
  String bootstrapServers;

  @Option(names = {"-c", "--connector"}, required = true, paramLabel = "FILE",
      description = "A connector configuration, .properties or .json (flat, or Connect's {\"name\":..,\"config\":{..}}); repeatable.")
  List<Path> connectorFiles = new ArrayList<>();

  @Option(names = "--offsets-file", paramLabel = "FILE", defaultValue = "storyline-connect.offsets",
      description = "Where Connect keeps source offsets (cursors) between runs (default: ${DEFAULT-VALUE}).")
  Path offsetsFile;

  @Option(names = "--offset-flush-interval-ms", paramLabel = "MS", defaultValue = "10000",
      description = "How often source offsets are committed, in ms (default: ${DEFAULT-VALUE}).")
  long offsetFlushIntervalMs;

  @Option(names = {"-W", "--worker"}, paramLabel = "KEY=VALUE", preprocessor = KeyValueCheck.class,
      description = "A Connect worker setting (e.g. producer.override.*, offset.flush.timeout.ms); repeatable.")
  Map<String, String> workerSettings = new HashMap<>();

  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", preprocessor = KeyValueCheck.class,
      description = "A Kafka client setting for every client of this process (the worker, its producers, consumers and admin"
          + " clients, topic creation), e.g. kafka.security.protocol=SASL_SSL, or a setting of its HTTP server (http.host,"
          + " http.port, http.max.connections); repeatable; wins over --config.")
  Map<String, String> kafkaSettings = new HashMap<>();

  @Option(names = "--config", paramLabel = "FILE",
      description = "A .properties file of kafka.* client settings (e.g. SASL_SSL; see docs/OPERATIONS.md, \"Securing the Kafka"
          + " connection\") and http.* settings.")
  Path configFile;

  @Option(names = "--exactly-once",
      description = "Run a Connect distributed worker with exactly-once source support (KIP-618) instead of standalone:"
          + " records and their source offsets are committed in one transaction, so a crash redelivers nothing."
          + " Offsets live in the topic <connect-group>-offsets (--offsets-file is not used); see docs/RELIABILITY.md.")
  boolean exactlyOnce;

  @Option(names = "--connect-group", paramLabel = "ID", defaultValue = "storyline-connect",
      description = "With --exactly-once: the Connect group id and prefix of its config, offset and status topics (default: ${DEFAULT-VALUE}).")
  String connectGroup;

  @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "1",
      description = "Replication factor of raw topics created when missing (default: ${DEFAULT-VALUE}).")
  short replicationFactor;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port of /metrics, /health/* and /connectors; wins over an http.port setting (default: "
          + StageOptions.DEFAULT_HTTP_PORT + " = any free port).")
  Integer httpPort;

  @Option(names = "--http-host", paramLabel = "HOST",
      description = "Interface the HTTP endpoints bind to; wins over an http.host setting (default: "
          + StageOptions.DEFAULT_HTTP_HOST + ").")
  String httpHost;

  private final CountDownLatch stopped = new CountDownLatch(1);

  /**
   * Checks the standalone worker's offsets file before anything connects: its directory is made, and the file is
   * absent or a regular file this process can read and write. Before (session 11): a directory, or a path under a
   * file, failed only once Connect started, with a {@code ConnectException} stack trace; a missing directory passed
   * the start (an absent file is an empty store) and then every offset flush failed, so the cursors were never saved.
   *
   * @throws java.io.UncheckedIOException naming the option, the file and why it can't be used
   */
  static void requireUsableOffsetsFile(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        java.nio.file.Files.createDirectories(parent);
      }
      if (java.nio.file.Files.exists(file)) {
        if (!java.nio.file.Files.isRegularFile(file)) {
          throw new java.nio.file.FileSystemException(file.toString(), null, "exists and is not a regular file");
        }
        if (!java.nio.file.Files.isReadable(file) || !java.nio.file.Files.isWritable(file)) {
          throw new java.nio.file.AccessDeniedException(file.toString(), null, "not readable and writable");
        }
      } else if (parent != null && !java.nio.file.Files.isWritable(parent)) {
        throw new java.nio.file.AccessDeniedException(parent.toString(), null, "directory not writable");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not use --offsets-file " + file + ": " + Storyline.describe(e), e);
    }
  }

  /**
   * Runs the connector's own {@code validate}, as Connect does when the connector is added, before anything
   * connects. Before (session 11): a connector file with a setting outside its rule ({@code replay.paths} that does
   * not exist, a subreddit with a space) or a {@code connector.class} that is no connector started the worker, created
   * the topics and then ended with a 30-line stack trace around Connect's message. A name without a dot that does not
   * load is left to Connect, which also takes aliases (a connector's simple name).
   *
   * @throws IllegalArgumentException naming the file, the connector and every setting that breaks its rule
   */
  static void requireValidConnector(Path file, ConnectorFiles.Named named) {
    String className = named.config().get("connector.class").strip();
    Class<?> type;
    try {
      type = Class.forName(className, false, RunIngestCommand.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      if (className.indexOf('.') < 0) {
        return;
      }
      throw new IllegalArgumentException("connector file " + file + ": connector.class '" + className
          + "' is not on the class path (storyline's connectors: io.storyline.ingest.connect.ReplaySourceConnector and "
          + "io.storyline.ingest.live.<x|reddit|discord|arxiv>.<X|Reddit|Discord|Arxiv>SourceConnector)");
    }
    if (!org.apache.kafka.connect.connector.Connector.class.isAssignableFrom(type)
        || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException("connector file " + file + ": connector.class '" + className
          + "' is not a Kafka Connect connector");
    }
    org.apache.kafka.common.config.Config validated;
    try {
      org.apache.kafka.connect.connector.Connector connector =
          (org.apache.kafka.connect.connector.Connector) type.getDeclaredConstructor().newInstance();
      validated = connector.validate(new HashMap<>(named.config()));
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("connector file " + file + ": connector.class '" + className
          + "' can't be instantiated: " + e, e);
    }
    List<String> errors = new ArrayList<>();
    for (org.apache.kafka.common.config.ConfigValue v : validated.configValues()) {
      v.errorMessages().forEach(m -> errors.add(m.contains(v.name()) ? m : v.name() + ": " + m));
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("connector file " + file + " (connector " + named.name() + ") is invalid: "
          + String.join("; ", errors));
    }
  }

  @Override
  public Integer call() throws Exception {
    if (offsetFlushIntervalMs < 1) {
      throw new ParameterException(spec.commandLine(), "--offset-flush-interval-ms " + offsetFlushIntervalMs + " must be at least 1");
    }
    // checked before the admin client connects: these failed only after topics were created or Connect had started
    BootstrapCheck.requireAddresses("--bootstrap-servers", bootstrapServers);
    if (replicationFactor < 1) {
      throw new ParameterException(spec.commandLine(), "illegal --replication-factor: " + replicationFactor + ", must be at least 1");
    }
    if (httpHost != null && httpHost.isBlank()) {
      throw new ParameterException(spec.commandLine(), "illegal --http-host: '" + httpHost + "', must name an interface,"
          + " e.g. 127.0.0.1 or 0.0.0.0");
    }
    if (exactlyOnce && connectGroup.isBlank()) {
      throw new ParameterException(spec.commandLine(), "illegal --connect-group: '" + connectGroup + "', must not be blank");
    }
    if (!exactlyOnce) {
      requireUsableOffsetsFile(offsetsFile);
    }
    List<ConnectorFiles.Named> connectors = new ArrayList<>();
    for (Path file : connectorFiles) {
      try {
        ConnectorFiles.Named named = ConnectorFiles.read(file);
        requireValidConnector(file, named);
        connectors.add(named);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    Settings given = settings();
    Map<String, Object> clientOverrides = given.kafka();
    CommonConfig http = given.http();
    try (Admin admin = Admin.create(BootstrapCheck.adminConfig(clientOverrides, bootstrapServers))) {
      BootstrapCheck.awaitListener("--bootstrap-servers", bootstrapServers, BootstrapCheck.LISTEN_WAIT);
      TopicAdmin.ensureTopics(admin, Topics.rawTopics(), replicationFactor, BootstrapCheck.ADMIN_TIMEOUT_MS);
    }
    Map<String, String> worker = exactlyOnce
        ? EmbeddedConnectDistributed.workerProperties(bootstrapServers, connectGroup, replicationFactor)
        : EmbeddedConnectStandalone.workerProperties(bootstrapServers, offsetsFile, offsetFlushIntervalMs);
    worker.put("offset.flush.interval.ms", Long.toString(offsetFlushIntervalMs));
    // the worker's own clients read the top-level keys, its tasks' clients the producer./consumer./admin. ones
    worker.putAll(KafkaClientOverrides.forConnectWorker(clientOverrides));
    worker.putAll(workerSettings);
    PrometheusMeterRegistry registry = PrometheusConventions.newRegistry();
    try (ConnectWorker connect = exactlyOnce ? EmbeddedConnectDistributed.start(worker)
            : ConnectWorker.of(EmbeddedConnectStandalone.start(worker));
        KafkaMetricsBinder connectMetrics = new KafkaMetricsBinder("kafka.connect", connect::metrics, METRICS_REFRESH);
        OpsHttpServer server = httpServer(http, registry, () -> notReady(connect, connectors))) {
      // the worker's and the tasks' metrics (requests, errors, 429s, posts emitted, cursor lag per task)
      connectMetrics.bindTo(registry);
      for (ConnectorFiles.Named c : connectors) {
        Map<String, String> config = new HashMap<>(Map.of(
            "key.converter", "org.apache.kafka.connect.storage.StringConverter",
            "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
            "header.converter", "org.apache.kafka.connect.storage.StringConverter"));
        config.putAll(c.config());
        if (exactlyOnce) {
          config.putIfAbsent("exactly.once.support", "required");
        }
        connect.addConnector(c.name(), config);
      }
      server.route("/connectors", ex -> OpsHttpServer.respond(ex, 200, "application/json", statesJson(connect, connectors)));
      server.start();
      Thread hook = new Thread(stopped::countDown, "storyline-ingest-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      spec.commandLine().getOut().printf("ingest running %d connector(s) %s; offsets in %s; metrics and health on port %d: "
              + "/metrics, /health/ready, /connectors (Ctrl-C to stop)%n",
          connectors.size(), connectors.stream().map(ConnectorFiles.Named::name).toList(),
          exactlyOnce ? "topic " + connectGroup + "-offsets (exactly-once)" : offsetsFile.toAbsolutePath(), server.port());
      spec.commandLine().getOut().flush();
      String lastReason = null;
      while (!stopped.await(5, TimeUnit.SECONDS)) {
        String reason = notReady(connect, connectors);
        if (reason != null && !reason.equals(lastReason)) {
          log.warn("ingest not ready: {}", reason);
        }
        lastReason = reason;
      }
      return 0;
    } finally {
      registry.close();
    }
  }

  /**
   * The settings {@code run ingest} takes with {@code --config} and {@code -D}.
   *
   * @param kafka the {@code kafka.*} settings, prefix removed, for every Kafka client of the process; never null
   * @param http the {@code http.*} settings with {@code --http-port} and {@code --http-host} applied as every {@code
   *     run} command applies them ({@link StageOptions#applyHttpOptions}); never null
   */
  record Settings(Map<String, Object> kafka, CommonConfig http) {}

  /**
   * The {@code http.*} keys of every stage ({@code http.host}, {@code http.port}, {@code http.max.connections}), which
   * configure {@code run ingest}'s HTTP server as they configure a stage's. Before session 14 {@code run ingest}
   * refused them, so its connection cap could not be set.
   */
  static final Set<String> HTTP_KEYS = CommonConfig.definition().names().stream().filter(k -> k.startsWith("http."))
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /**
   * @return the {@code kafka.*} and {@code http.*} settings of {@code --config} and {@code -D} ({@code -D} wins), with
   *     the HTTP options applied and checked by their rules
   * @throws ParameterException naming a key that is neither (with the nearest {@code http.*} key if one is close)
   * @throws java.io.UncheckedIOException naming the {@code --config} file if it cannot be read
   * @throws org.apache.kafka.common.config.ConfigException naming an {@code http.*} setting outside its rule
   * @throws IllegalArgumentException naming {@code --http-port} outside 0..65535, or an HTTP host that does not resolve
   */
  Settings settings() {
    Map<String, Object> all = new java.util.LinkedHashMap<>();
    if (configFile != null) {
      all.putAll(StageOptions.readConfig(configFile)); // exit 1 naming the file, as for the other run commands
    }
    all.putAll(kafkaSettings);
    Map<String, Object> kafka = new java.util.LinkedHashMap<>();
    Map<String, Object> http = new HashMap<>();
    for (Map.Entry<String, Object> e : all.entrySet()) {
      if (HTTP_KEYS.contains(e.getKey())) {
        http.put(e.getKey(), e.getValue());
      } else if (e.getKey().startsWith("kafka.") && e.getKey().length() > "kafka.".length()) {
        kafka.put(e.getKey().substring("kafka.".length()), e.getValue());
      } else {
        throw new ParameterException(spec.commandLine(), "illegal setting '" + e.getKey() + "' for storyline run ingest"
            + SettingKeys.closest(e.getKey(), HTTP_KEYS).map(k -> " (did you mean '" + k + "'?)").orElse("")
            + ", must be a Kafka client setting with the kafka. prefix or one of " + String.join(", ", new java.util.TreeSet<>(HTTP_KEYS))
            + " (connector settings go in --connector files, worker settings in -W)");
      }
    }
    StageOptions.applyHttpOptions(http, httpPort, httpHost);
    http.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return new Settings(kafka, new CommonConfig(http));
  }

  /**
   * @param http {@link Settings#http()}; may not be null
   * @param registry scraped at {@code /metrics}; may not be null
   * @param readiness null when ready, else why not; may not be null
   * @return the command's server, bound (not started) on {@code http.host}:{@code http.port} with at most {@code
   *     http.max.connections} connections
   * @throws java.io.IOException if the address cannot be bound
   */
  static OpsHttpServer httpServer(CommonConfig http, PrometheusMeterRegistry registry,
      java.util.function.Supplier<String> readiness) throws java.io.IOException {
    return new OpsHttpServer(http.httpHost(), http.httpPort(), http.httpMaxConnections(), registry, readiness);
  }

  /** How often metrics of newly started connector tasks are bound. */
  private static final java.time.Duration METRICS_REFRESH = java.time.Duration.ofSeconds(5);

  /** Ends {@link #call()} as Ctrl-C does (for tests). */
  void stop() {
    stopped.countDown();
  }

  private static String notReady(ConnectWorker connect, List<ConnectorFiles.Named> connectors) {
    List<String> problems = new ArrayList<>();
    for (ConnectorFiles.Named c : connectors) {
      List<String> states = connect.states(c.name());
      if (states.isEmpty() || states.stream().anyMatch(s -> !s.equals("RUNNING"))) {
        problems.add(c.name() + " " + (states.isEmpty() ? "[not created]" : states));
      }
    }
    return problems.isEmpty() ? null : "connectors not running (connector state, then tasks): " + String.join(", ", problems);
  }

  private static String statesJson(ConnectWorker connect, List<ConnectorFiles.Named> connectors) {
    Map<String, List<String>> states = new java.util.LinkedHashMap<>();
    connectors.forEach(c -> states.put(c.name(), connect.states(c.name())));
    try {
      return JSON.writeValueAsString(states);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("connector states did not serialise: " + e.getMessage(), e);
    }
  }
}
