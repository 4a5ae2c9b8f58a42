package io.storyline.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.ClusterStage;
import io.storyline.cluster.PartitionedClusterTopology;
import io.storyline.common.config.CommonConfig;
import io.storyline.common.config.KafkaClientOverrides;
import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.kafka.KRaftBroker;
import io.storyline.common.metrics.KafkaMetricsBinder;
import io.storyline.common.stage.CloseableStack;
import io.storyline.common.stage.StreamsStage;
import io.storyline.common.topic.TopicAdmin;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.connect.EmbeddedConnectStandalone;
import io.storyline.ingest.connect.ReplayConnectorConfig;
import io.storyline.ingest.normalize.NormalizerConfig;
import io.storyline.ingest.normalize.NormalizerTopology;
import io.storyline.publish.PublishConfig;
import io.storyline.publish.PublishTopology;
import io.storyline.publish.http.PublishHttpApi;
import io.storyline.publish.http.TopStoriesView;
import io.storyline.publish.http.WebPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every part of storyline running in one process, started in data-flow order and stopped in reverse:
 * broker (optional), topics, the stages (normalizer, cluster, publish), the top-stories reader with the
 * HTTP API, and Kafka Connect standalone with the replay connector last, so that nothing is produced
 * before its readers exist. Not thread-safe; {@link #close()} may be called from a shutdown hook.
 */
final class Pipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
  static final String REPLAY_CONNECTOR_NAME = "storyline-replay";
  /** The Connect worker running the replay, once {@link #startReplay} has started it. */
  private volatile EmbeddedConnectStandalone replayWorker;

  private final CloseableStack open = new CloseableStack();
  private final PrometheusMeterRegistry registry;
  private final String bootstrapServers;
  private final Admin admin;
  /** {@code kafka.}-prefixed demo settings without the prefix, for the admin client, Connect and the view. */
  private final Map<String, Object> clientOverrides;
  private final StreamsStage normalizer;
  private final StreamsStage cluster;
  private final StreamsStage publish;
  private final TopStoriesView view;
  private final OpsHttpServer http;
  private final NormalizerConfig normalizerConfig;
  private final ClusterConfig clusterConfig;
  private final PublishConfig publishConfig;

  /**
   * Starts everything but the replay; call {@link #startReplay(List)} next.
   *
   * @param settings the demo settings; may not be null
   * @param dataDir an existing directory for broker logs, state stores and Connect offsets
   * @param http the demo's server, bound ({@link DemoHttp#bind}) and not started, with the registry every part
   *     registers its meters in; the pipeline adds the routes, starts it and from here on owns it (closes it in {@link
   *     #close()}, and also when this constructor fails)
   * @throws Exception if a part fails to start; what started is stopped again
   */
  Pipeline(DemoSettings settings, Path dataDir, DemoHttp http) throws Exception {
    this.registry = http.registry();
    try {
      if (settings.bootstrapServers() == null) {
        KRaftBroker broker = KRaftBroker.builder().dataDir(dataDir.resolve("broker")).start();
        open.push(broker);
        bootstrapServers = broker.bootstrapServers();
        log.info("Embedded KRaft broker listening on {}", bootstrapServers);
      } else {
        bootstrapServers = settings.bootstrapServers();
      }
      clientOverrides = new CommonConfig(withBootstrap(settings.settings())).kafkaClientOverrides();
      admin = Admin.create(BootstrapCheck.adminConfig(clientOverrides, bootstrapServers));
      open.push(admin);
      if (settings.bootstrapServers() != null) {
        BootstrapCheck.awaitListener("--bootstrap-servers", bootstrapServers, BootstrapCheck.LISTEN_WAIT);
      }
      if (settings.clusterPartitions() > 1) {
        // created first, with one partition per local clusterer (ensureTopics leaves existing topics alone)
        ensureTopics(admin, List.of(PartitionedClusterTopology.postsTopic(settings.clusterPartitions())), bootstrapServers);
      }
      ensureTopics(admin, Topics.all(), bootstrapServers);

      StageConfigs configs = stageConfigs(settings, bootstrapServers, dataDir);
      normalizerConfig = configs.normalizer();
      clusterConfig = configs.cluster();
      publishConfig = configs.publish();

      normalizer = stage("normalizer", NormalizerTopology.build(normalizerConfig, registry), NormalizerTopology.streamsProperties(normalizerConfig));
      cluster = stage("cluster", ClusterStage.topology(clusterConfig, registry), ClusterStage.streamsProperties(clusterConfig));
      publish = stage("publish", PublishTopology.build(publishConfig, registry), PublishTopology.streamsProperties(publishConfig));

      view = new TopStoriesView(bootstrapServers, clientOverrides);
      open.push(view);
      view.start();

      this.http = http.server();
      new PublishHttpApi(view, publishConfig.lists().stream().map(l -> l.id()).toList(), registry, java.time.Clock.systemUTC())
          .register(this.http);
      new WebPage().register(this.http);
      open.push(this.http);
      this.http.start();
    } catch (Exception | Error e) {
      close();
      http.close(); // releases the port also when the failure came before the server joined the open parts (twice is harmless)
      throw e;
    }
  }

  private StreamsStage stage(String name, org.apache.kafka.streams.Topology topology, java.util.Properties props) {
    StreamsStage stage = new StreamsStage(name, topology, props, registry);
    open.push(stage);
    stage.start();
    return stage;
  }

  /**
   * @param sourcePartition the replay's source partition ({@link io.storyline.ingest.connect.ReplayPlan#sourcePartition()})
   * @return the position of the last item the replay connector has committed as written (its source offset), or -1 if
   *     none or the replay has not started: the same number on a first run and on a run that resumes a replay under
   *     the same {@code --data-dir}
   */
  long replayCommittedPosition(Map<String, String> sourcePartition) {
    EmbeddedConnectStandalone connect = replayWorker;
    if (connect == null) {
      return -1;
    }
    Map<String, ?> offset = connect.committedOffsets(REPLAY_CONNECTOR_NAME).get(sourcePartition);
    Object position = offset == null ? null : offset.get(io.storyline.ingest.connect.ReplayPlan.POSITION_KEY);
    return position instanceof Number n ? n.longValue() : -1;
  }

  /**
   * Starts Kafka Connect standalone with the replay connector on {@code inputs}.
   *
   * @param inputs files and directories to replay; may not be empty
   * @param dataDir where Connect keeps its offsets file
   * @throws Exception if Connect or the connector fails to start
   */
  void startReplay(List<Path> inputs, Path dataDir) throws Exception {
    Files.createDirectories(dataDir.resolve("connect"));
    Map<String, String> worker =
        EmbeddedConnectStandalone.workerProperties(bootstrapServers, dataDir.resolve("connect/offsets"), 1_000);
    worker.putAll(KafkaClientOverrides.forConnectWorker(clientOverrides));
    EmbeddedConnectStandalone connect = EmbeddedConnectStandalone.start(worker);
    open.push(connect);
    replayWorker = connect;
    // the worker's and its tasks' metrics, on the same /metrics as the stages
    open.push(new KafkaMetricsBinder("kafka.connect", connect::metrics, java.time.Duration.ofSeconds(5)))
        .bindTo(registry);
    Map<String, String> connector = ReplayConnectorConfig.connectorProperties(inputs);
    connect.addConnector(REPLAY_CONNECTOR_NAME, connector);
  }

  /** @return null if every stage and the view are ready, else why not */
  String notReadyReason() {
    for (StreamsStage s : List.of(normalizer, cluster, publish)) {
      String reason = s == null ? "starting" : s.notReadyReason();
      if (reason != null) {
        return reason;
      }
    }
    return view == null ? "starting" : view.notReadyReason();
  }

  /**
   * @return the lists publish has marked changed and not yet re-ranked (gauge {@code
   *     storyline.publish.lists.pending}, summed over tasks; 0 when re-ranking is not coalesced)
   */
  double listsPending() {
    return registry.find("storyline.publish.lists.pending").gauges().stream().mapToDouble(g -> g.value()).sum();
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  Admin admin() {
    return admin;
  }

  TopStoriesView view() {
    return view;
  }

  int httpPort() {
    return http.port();
  }

  /** @return the HTTP server's address for a URL on this machine: its {@code http.host}, 127.0.0.1 for a wildcard */
  String httpHost() {
    String host = http.host().strip();
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1"
        : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** The three stages' configurations of a demo. */
  record StageConfigs(NormalizerConfig normalizer, ClusterConfig cluster, PublishConfig publish) {}

  /**
   * Builds the stages' configurations from the demo's settings; called with a placeholder broker
   * before anything starts, so that a bad setting fails at once ({@link DemoCommand}).
   *
   * @param settings the demo's settings; may not be null
   * @param bootstrapServers the broker; may not be null
   * @param dataDir the demo's data directory (state under {@code state/}); may not be null
   * @return the configurations
   * @throws org.apache.kafka.common.config.ConfigException naming the key, the value and the rule
   */
  static StageConfigs stageConfigs(DemoSettings settings, String bootstrapServers, Path dataDir) {
    Map<String, Object> common = new HashMap<>();
    common.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    common.put(CommonConfig.STATE_DIR_CONFIG, dataDir.resolve("state").toString());

    Map<String, Object> n = new HashMap<>(common);
    // a replay: the connector's tasks produce the sources side by side, so wait for a drained source
    // before merging past it, and the stories do not depend on which task ran ahead (-D overrides)
    n.put(NormalizerConfig.MERGE_WAIT_MS_CONFIG, NormalizerConfig.REPLAY_MERGE_WAIT_MS);
    if (settings.from() != null) {
      n.put(NormalizerConfig.CREATED_FROM_CONFIG, settings.from());
    }
    if (settings.to() != null) {
      n.put(NormalizerConfig.CREATED_TO_CONFIG, settings.to());
    }
    n.putAll(settings.settings());
    Map<String, Object> c = new HashMap<>(common);
    c.putAll(settings.settings());
    // the count the demo creates posts with (DemoCommand#clusterPartitions), over a cluster.partitions setting
    c.put(ClusterConfig.PARTITIONS_CONFIG, settings.clusterPartitions());
    Map<String, Object> p = new HashMap<>(common);
    p.put(PublishConfig.CLOCK_CONFIG, "event");
    p.putAll(settings.settings());
    return new StageConfigs(new NormalizerConfig(n), new ClusterConfig(c), new PublishConfig(p));
  }

  NormalizerConfig normalizerConfig() {
    return normalizerConfig;
  }

  ClusterConfig clusterConfig() {
    return clusterConfig;
  }

  PublishConfig publishConfig() {
    return publishConfig;
  }

  List<StreamsStage> stages() {
    return List.of(normalizer, cluster, publish);
  }

  /** Stops every part that started, newest first; errors are logged, not thrown. */
  @Override
  public void close() {
    open.close();
    registry.close();
  }

  /** How long the demo waits for a listening broker to confirm its topics. */
  private static final long ADMIN_TIMEOUT_MS = BootstrapCheck.ADMIN_TIMEOUT_MS;

  private static void ensureTopics(Admin admin, java.util.Collection<? extends io.storyline.common.topic.TopicSpec<?, ?>> topics,
      String bootstrapServers) {
    try {
      TopicAdmin.ensureTopics(admin, topics, CommonConfig.DEFAULT_REPLICATION_FACTOR, ADMIN_TIMEOUT_MS);
    } catch (IllegalStateException e) {
      throw unreachable(bootstrapServers, e);
    }
  }

  /**
   * @param bootstrapServers the brokers the demo tried
   * @param e what {@link TopicAdmin#ensureTopics} threw
   * @return for a timeout (nothing answered at {@code --bootstrap-servers}), an {@link IllegalArgumentException} that
   *     {@code storyline demo} prints as one line naming the option and its value; else {@code e} itself. Before, the
   *     demo printed the {@code IllegalStateException}'s 20-line stack trace (as {@code run <stage>} did not).
   */
  static RuntimeException unreachable(String bootstrapServers, IllegalStateException e) {
    if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
      return new IllegalArgumentException("no answer from Kafka at --bootstrap-servers " + bootstrapServers + " within "
          + ADMIN_TIMEOUT_MS + " ms (" + e.getMessage() + "): is a broker running there, and is the address right?", e);
    }
    return e;
  }

  static Path createTempDataDir() throws IOException {
    return Files.createTempDirectory("storyline-demo-");
  }

  private Map<String, Object> withBootstrap(Map<String, String> settings) {
    Map<String, Object> out = new HashMap<>(settings);
    out.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return out;
  }
}
