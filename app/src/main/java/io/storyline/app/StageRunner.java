package io.storyline.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.common.config.CommonConfig;
import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.metrics.PrometheusConventions;
import io.storyline.common.stage.CloseableStack;
import io.storyline.common.stage.StreamsStage;
import io.storyline.common.topic.TopicAdmin;
import io.storyline.common.topic.TopicSpec;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams stage as a service: creates its topics if missing, starts it with its own
 * Prometheus registry and ops HTTP server, reports readiness (stage {@code RUNNING} and every required
 * topic present), and stops everything on Ctrl-C. Not thread-safe; one stage per instance.
 */
final class StageRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StageRunner.class);
  private static final long ADMIN_TIMEOUT_MS = BootstrapCheck.ADMIN_TIMEOUT_MS;
  /** How often required topics are checked for readiness. */
  static final java.time.Duration TOPIC_CHECK_INTERVAL = java.time.Duration.ofSeconds(5);

  private final CloseableStack open = new CloseableStack();
  private final PrometheusMeterRegistry registry = PrometheusConventions.newRegistry();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Admin admin;
  private final List<String> requiredTopics;
  private volatile String missingTopics;
  private StreamsStage stage;
  private OpsHttpServer http;

  /**
   * @param config the stage's config (bootstrap servers, replication factor, HTTP address)
   * @param topics the topics the stage reads and writes; created when missing
   */
  StageRunner(CommonConfig config, Collection<? extends TopicSpec<?, ?>> topics) {
    this.admin = Admin.create(BootstrapCheck.adminConfig(config.kafkaClientOverrides(), config.bootstrapServers()));
    open.push(admin);
    this.requiredTopics = topics.stream().map(TopicSpec::name).toList();
    log.info("Connecting to Kafka at {} to check the stage's topics (waiting up to {} s for a listener, then up to {} ms "
        + "for answers)", config.bootstrapServers(), BootstrapCheck.LISTEN_WAIT.toSeconds(), ADMIN_TIMEOUT_MS);
    try {
      BootstrapCheck.awaitListener("--bootstrap-servers", config.bootstrapServers(), BootstrapCheck.LISTEN_WAIT);
      TopicAdmin.ensureTopics(admin, topics, config.replicationFactor(), ADMIN_TIMEOUT_MS);
    } catch (IllegalStateException e) {
      // e.g. wrong credentials or no broker: do not leave the admin client retrying in the background
      open.close();
      if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
        throw new IllegalArgumentException("no answer from Kafka at bootstrap.servers=" + config.bootstrapServers()
            + " within " + ADMIN_TIMEOUT_MS + " ms (" + e.getMessage() + "): is a broker running there, and are the "
            + "address and the kafka.security.protocol settings right?", e);
      }
      throw e;
    } catch (RuntimeException e) {
      open.close();
      throw e;
    }
  }

  /** @return the registry the stage's meters go to */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Starts the stage and the HTTP server.
   *
   * @param name stage name
   * @param topology the stage's topology
   * @param properties its Streams properties
   * @param config for the HTTP address
   * @param extraReadiness a further readiness check (null when ready), e.g. a view caught up; may be null
   * @param routes registers further HTTP routes; may be null
   * @throws Exception if the HTTP port cannot be bound
   */
  void start(String name, Topology topology, Properties properties, CommonConfig config,
      Supplier<String> extraReadiness, Function<OpsHttpServer, OpsHttpServer> routes) throws Exception {
    stage = new StreamsStage(name, topology, properties, registry);
    open.push(stage);
    http = new OpsHttpServer(config.httpHost(), config.httpPort(), config.httpMaxConnections(), registry,
        () -> notReady(extraReadiness));
    if (routes != null) {
      routes.apply(http);
    }
    open.push(http);
    http.start();
    stage.start();
    ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("storyline-" + name + "-topic-check").daemon(true).factory());
    checker.scheduleWithFixedDelay(this::checkTopics, 0, TOPIC_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    open.push((AutoCloseable) checker::shutdownNow);
  }

  /** @return the bound HTTP port */
  int httpPort() {
    return http.port();
  }

  /** Ends {@link #serve}, as Ctrl-C does. */
  void stop() {
    stopped.countDown();
  }

  /** Pushes a further resource to close with the stage (closed before the stage). */
  void closeWithStage(AutoCloseable resource) {
    open.push(resource);
  }

  private String notReady(Supplier<String> extra) {
    // a missing topic is named first: it is usually why the stage itself is not running
    String missing = missingTopics;
    if (missing != null) {
      return missing;
    }
    String reason = stage.notReadyReason();
    if (reason != null) {
      return reason;
    }
    return extra == null ? null : extra.get();
  }

  /**
   * Serves until Ctrl-C ({@link #stop()}) or until the stage fails. Meanwhile required topics are
   * re-checked every {@link #TOPIC_CHECK_INTERVAL}, so readiness names a topic deleted under the
   * running stage within that time.
   *
   * @param out where to print the endpoints
   * @return 0 after Ctrl-C, 1 if the stage failed
   * @throws InterruptedException if interrupted
   */
  int serve(PrintWriter out) throws InterruptedException {
    Thread hook = new Thread(() -> {
      stopped.countDown();
      close();
    }, "storyline-run-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.printf("%s running; metrics and health on port %d: /metrics, /health/ready (Ctrl-C to stop)%n",
        stage.name(), http.port());
    out.flush();
    try {
      while (!stopped.await(1, TimeUnit.SECONDS)) {
        if (stage.failure() != null) {
          log.error("Stage {} failed; exiting", stage.name(), stage.failure());
          return 1;
        }
      }
      return 0;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already and closes the stage itself
      }
    }
  }

  private void checkTopics() {
    try {
      Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      List<String> missing = requiredTopics.stream().filter(t -> !existing.contains(t)).toList();
      missingTopics = missing.isEmpty() ? null : "required topics missing: " + missing;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      missingTopics = "could not list topics: " + e.getMessage();
    }
  }

  @Override
  public synchronized void close() {
    open.close();
    registry.close();
  }
}
