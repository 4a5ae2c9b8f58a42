package io.storyline.common.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker running in this JVM: one KRaft process in combined mode
 * ({@code process.roles=broker,controller}, node id {@value #NODE_ID}) listening on {@code 127.0.0.1}.
 * It is the embedded default of {@code storyline demo} and of storyline's integration tests; in
 * production storyline talks to an external cluster instead.
 *
 * <p>Starting: {@link #builder()}, optionally set {@link Builder#port(int) a client port}, {@link
 * Builder#dataDir(Path) a data directory} and {@link Builder#property(String, String) extra broker
 * properties}, then {@link Builder#start()}. Start formats the log directory when it holds no {@code
 * meta.properties} yet (the programmatic equivalent of {@code kafka-storage.sh format -t <random uuid>
 * -c server.properties} with a static quorum, {@code controller.quorum.voters}), starts {@link
 * KafkaRaftServer} and returns only once the broker answers an Admin {@code describeCluster} call.
 * Kafka 4.4.0 on JDK 25 does all this in about a second.
 *
 * <p>One node is enough for transactions and exactly-once Streams: the defaults set every internal
 * topic ({@code __consumer_offsets}, {@code __transaction_state}, {@code __share_group_state}) to
 * replication factor 1 and min ISR 1, with few partitions, and {@code
 * group.initial.rebalance.delay.ms=0}. See {@link #defaultProperties(int, int, Path)} for the full set;
 * any of them can be overridden.
 *
 * <p>Restarting: {@link #close()} stops the broker. A broker started again on the same data
 * directory and the same port finds its cluster id, topics, committed records and offsets where it
 * left them. The quorum is static, so the controller must come back on the same port: start
 * remembers it in {@code <dataDir>/storyline-broker.properties} and a restart reuses it.
 * {@link #close()} deletes the data directory only if this instance created it (no {@link
 * Builder#dataDir(Path)} given); a given directory is always kept.
 *
 * <p>Reference: Kafka's own {@code KafkaClusterTestKit}, {@code kafka.tools.StorageTool} and {@code
 * config/server.properties} (https://kafka.apache.org/documentation/#kraft).
 *
 * <p>Thread-safety: {@link #close()} may be called from any thread and more than once; the accessors
 * are safe to call concurrently. Kafka brokers keep some process-wide state (JMX beans, Yammer
 * metrics), so run one broker per JVM unless you know the overlap is harmless.
 */
public final class KRaftBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KRaftBroker.class);

  /** The node id of the one KRaft node, broker and controller at once. */
  public static final int NODE_ID = 1;
  /** Name of the listener clients connect to (PLAINTEXT). */
  public static final String BROKER_LISTENER = "PLAINTEXT";
  /** Name of the KRaft controller listener. */
  public static final String CONTROLLER_LISTENER = "CONTROLLER";
  /** Default time {@link Builder#start()} waits for the broker to answer. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private static final String HOST = "127.0.0.1";
  private static final String LOG_SUBDIR = "kraft-logs";
  private static final String STATE_FILE = "storyline-broker.properties";
  private static final String CONTROLLER_PORT_KEY = "controller.port";

  private final KafkaRaftServer server;
  private final int port;
  private final int controllerPort;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final String clusterId;
  private final Map<String, String> properties;
  private final Map<String, Integer> listenerPorts;
  private final Object lock = new Object();
  private boolean closed;

  private KRaftBroker(
      KafkaRaftServer server,
      int port,
      int controllerPort,
      Path dataDir,
      boolean ownsDataDir,
      String clusterId,
      Map<String, String> properties,
      Map<String, Integer> listenerPorts) {
    this.server = server;
    this.port = port;
    this.controllerPort = controllerPort;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.clusterId = clusterId;
    this.properties = properties;
    this.listenerPorts = listenerPorts;
  }

  /** @return a builder with defaults: free ports, a fresh temp data directory, no extra properties */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a broker with every default: free ports and a temp data directory deleted on {@link
   * #close()}.
   *
   * @return the running broker
   * @throws IllegalStateException if the broker cannot be formatted, started or reached in {@link
   *     #DEFAULT_STARTUP_TIMEOUT}
   */
  public static KRaftBroker start() {
    return builder().start();
  }

  /** @return {@code 127.0.0.1:<port>}, the {@code bootstrap.servers} of this broker; never null */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /**
   * @param listenerName a listener added with {@link Builder#listener(String, String, int)}, or {@link
   *     #BROKER_LISTENER}; case-insensitive
   * @return {@code 127.0.0.1:<port>} of that listener, the {@code bootstrap.servers} for clients using it
   * @throws IllegalArgumentException naming the known listeners if there is no such client listener
   */
  public String bootstrapServers(String listenerName) {
    return HOST + ":" + port(listenerName);
  }

  /**
   * @param listenerName a listener added with {@link Builder#listener(String, String, int)}, or {@link
   *     #BROKER_LISTENER}; case-insensitive
   * @return the TCP port of that listener, in [1, 65535]
   * @throws IllegalArgumentException naming the known listeners if there is no such client listener
   */
  public int port(String listenerName) {
    String key = Objects.requireNonNull(listenerName, "listener name can't be null").toUpperCase(java.util.Locale.ROOT);
    if (BROKER_LISTENER.equals(key)) {
      return port;
    }
    Integer p = listenerPorts.get(key);
    if (p == null) {
      throw new IllegalArgumentException("no client listener '" + listenerName + "' on " + this + ", listeners are "
          + BROKER_LISTENER + " and " + listenerPorts.keySet());
    }
    return p;
  }

  /** @return the TCP port clients connect to, in [1, 65535] */
  public int port() {
    return port;
  }

  /** @return the TCP port of the KRaft controller listener, in [1, 65535]; pass it again on restart */
  public int controllerPort() {
    return controllerPort;
  }

  /** @return the data directory (given or created); the log directory is its {@code kraft-logs} child */
  public Path dataDir() {
    return dataDir;
  }

  /** @return true if this instance created {@link #dataDir()} and deletes it on {@link #close()} */
  public boolean ownsDataDir() {
    return ownsDataDir;
  }

  /** @return the KRaft cluster id stored in the log directory (22-char base64 UUID); never null */
  public String clusterId() {
    return clusterId;
  }

  /** @return the effective broker properties (defaults plus overrides), unmodifiable; never null */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * Stops the broker and waits for it to finish, then deletes {@link #dataDir()} if this instance
   * created it. Idempotent; never throws for a broker that is already stopped.
   *
   * @throws UncheckedIOException if an owned data directory cannot be deleted
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    log.info("Stopping embedded KRaft broker on {}", bootstrapServers());
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      if (ownsDataDir) {
        try {
          Utils.delete(dataDir.toFile());
        } catch (IOException e) {
          throw new UncheckedIOException("could not delete broker data directory " + dataDir, e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "KRaftBroker[" + bootstrapServers() + ", dataDir=" + dataDir + "]";
  }

  /**
   * The broker properties {@link Builder#start()} begins with, before {@link
   * Builder#property(String, String) overrides}.
   *
   * @param port client port, in [1, 65535]
   * @param controllerPort controller port, in [1, 65535], different from {@code port}
   * @param logDir the log directory (also the metadata log directory)
   * @return a new mutable map, in a stable order
   */
  public static Map<String, String> defaultProperties(int port, int controllerPort, Path logDir) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    return p;
  }

  /**
   * Builder of a {@link KRaftBroker}. Not thread-safe; use it once.
   */
  public static final class Builder {
    private int port;
    private int controllerPort;
    private Path dataDir;
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final Map<String, Listener> listeners = new LinkedHashMap<>();
    private final java.util.List<String> scramCredentials = new java.util.ArrayList<>();

    private Builder() {}

    /**
     * Adds a further client listener on 127.0.0.1 beside {@link #BROKER_LISTENER} (which stays PLAINTEXT
     * and carries the broker's own traffic and {@link Builder#start()}'s readiness check), e.g. {@code
     * listener("SECURE", "SASL_SSL", 0)}. It is added to {@code listeners}, {@code advertised.listeners}
     * and {@code listener.security.protocol.map}; its security settings go in with {@link
     * #property(String, String)} under {@code listener.name.<name lower case>.} (e.g. {@code
     * listener.name.secure.ssl.keystore.location}, {@code
     * listener.name.secure.scram-sha-512.sasl.jaas.config}) or as broker-wide keys ({@code
     * sasl.enabled.mechanisms}). Clients reach it at {@link KRaftBroker#bootstrapServers(String)}. The
     * port is not remembered in the data directory: pass the same port again on restart if clients
     * must find it there. See https://kafka.apache.org/documentation/#security_configbroker.
     *
     * @param name listener name, letters, digits and '_', not {@code PLAINTEXT} or {@code CONTROLLER}
     * @param securityProtocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
     * @param port port on 127.0.0.1, in [0, 65535]; 0 picks a free port
     * @return this builder
     * @throws IllegalArgumentException naming the value and the rule if one is illegal
     */
    public Builder listener(String name, String securityProtocol, int port) {
      Objects.requireNonNull(name, "listener name can't be null");
      Objects.requireNonNull(securityProtocol, "listener security protocol can't be null");
      String key = name.toUpperCase(java.util.Locale.ROOT);
      if (!key.matches("[A-Z0-9_]{1,64}") || key.equals(BROKER_LISTENER) || key.equals(CONTROLLER_LISTENER)) {
        throw new IllegalArgumentException("illegal listener name '" + name + "', must be 1 to 64 letters, digits or '_'"
            + " and not " + BROKER_LISTENER + " or " + CONTROLLER_LISTENER);
      }
      String protocol = securityProtocol.toUpperCase(java.util.Locale.ROOT);
      if (!java.util.Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(protocol)) {
        throw new IllegalArgumentException("illegal security protocol '" + securityProtocol + "' of listener " + name
            + ", must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
      }
      listeners.put(key, new Listener(protocol, checkPort("port of listener " + name, port)));
      return this;
    }

    /**
     * Adds a SCRAM user to the cluster's bootstrap metadata when {@link #start()} formats the log
     * directory (as {@code kafka-storage.sh format --add-scram} does), so a SASL listener with that
     * mechanism accepts it from the first start. Ignored for an already formatted directory, which
     * keeps the users it has. The password is never logged.
     *
     * @param mechanism {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
     * @param user user name, letters, digits and {@code . _ -}
     * @param password the password, printable ASCII without {@code " , = [ ]} and spaces
     * @return this builder
     * @throws IllegalArgumentException naming the rule if one is illegal (the password itself is not named)
     */
    public Builder scramCredential(String mechanism, String user, String password) {
      Objects.requireNonNull(mechanism, "SCRAM mechanism can't be null");
      Objects.requireNonNull(user, "SCRAM user can't be null");
      Objects.requireNonNull(password, "SCRAM password can't be null");
      if (!mechanism.equals("SCRAM-SHA-256") && !mechanism.equals("SCRAM-SHA-512")) {
        throw new IllegalArgumentException("illegal SCRAM mechanism '" + mechanism + "', must be SCRAM-SHA-256 or SCRAM-SHA-512");
      }
      if (!user.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("illegal SCRAM user '" + user + "', must be 1 to 64 letters, digits, '.', '_' or '-'");
      }
      if (!password.matches("[\\x21\\x23-\\x2B\\x2D-\\x3C\\x3E-\\x5A\\x5C\\x5E-\\x7E]{1,128}")) {
        throw new IllegalArgumentException("illegal SCRAM password of user " + user
            + ", must be 1 to 128 printable ASCII characters other than space, '\"', ',', '=', '[' and ']'");
      }
      scramCredentials.add(mechanism + "=[name=" + user + ",password=" + password + "]");
      return this;
    }

    /**
     * @param port the client port on 127.0.0.1, in [0, 65535]; 0 (default) picks a free port
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder port(int port) {
      this.port = checkPort("port", port);
      return this;
    }

    /**
     * @param controllerPort the KRaft controller port on 127.0.0.1, in [0, 65535]; 0 (default) reuses
     *     the port remembered in the data directory (file {@code storyline-broker.properties}) when
     *     restarting, else picks a free port
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder controllerPort(int controllerPort) {
      this.controllerPort = checkPort("controller port", controllerPort);
      return this;
    }

    /**
     * @param dataDir the data directory, created if missing and kept on close; null (default)
     *     means a fresh temp directory deleted on close. An already formatted directory is reused
     *     as it is (restart).
     * @return this builder
     */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /**
     * Overrides or adds one broker property (see https://kafka.apache.org/documentation/#brokerconfigs).
     *
     * @param key the property name; may not be null
     * @param value the value; may not be null
     * @return this builder
     */
    public Builder property(String key, String value) {
      overrides.put(
          Objects.requireNonNull(key, "broker property key can't be null"),
          Objects.requireNonNull(value, () -> "value of broker property " + key + " can't be null"));
      return this;
    }

    /**
     * @param properties broker properties to override or add; may not be null
     * @return this builder
     */
    public Builder properties(Map<String, String> properties) {
      properties.forEach(this::property);
      return this;
    }

    /**
     * @param timeout how long {@link #start()} waits for the broker to answer; positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder startupTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("illegal broker startup timeout " + timeout + ", must be positive");
      }
      this.startupTimeout = timeout;
      return this;
    }

    /**
     * Formats the log directory if needed, starts the broker and waits until it answers.
     *
     * @return the running broker; close it
     * @throws IllegalStateException naming the address, the data directory and the cause if
     *     formatting, starting or reaching the broker fails (e.g. the port is taken, or the Kafka
     *     server jars are missing); a half-started broker is stopped first and an owned temp
     *     directory deleted
     * @throws UncheckedIOException if the data directory cannot be created
     */
    public KRaftBroker start() {
      boolean owns = dataDir == null;
      Path dir;
      try {
        dir = owns ? Files.createTempDirectory("storyline-kraft-") : Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException("could not create broker data directory " + (owns ? "in java.io.tmpdir" : dataDir), e);
      }
      int clientPort = port == 0 ? freePort() : port;
      int ctrlPort = controllerPort != 0 ? controllerPort : rememberedControllerPort(dir);
      if (ctrlPort == 0) {
        ctrlPort = freePortOtherThan(clientPort);
      }
      if (ctrlPort == clientPort) {
        throw new IllegalArgumentException("controller port " + ctrlPort + " must differ from the client port");
      }
      Path logDir = dir.resolve(LOG_SUBDIR);
      Map<String, String> effective = defaultProperties(clientPort, ctrlPort, logDir);
      Map<String, Integer> extraPorts = new LinkedHashMap<>();
      for (Map.Entry<String, Listener> l : listeners.entrySet()) {
        int p = l.getValue().port() != 0 ? l.getValue().port() : freePortOtherThan(clientPort, ctrlPort, extraPorts.values());
        extraPorts.put(l.getKey(), p);
        String address = l.getKey() + "://" + HOST + ":" + p;
        effective.merge("listeners", address, (a, b) -> a + "," + b);
        effective.merge("advertised.listeners", address, (a, b) -> a + "," + b);
        effective.merge("listener.security.protocol.map", l.getKey() + ":" + l.getValue().protocol(), (a, b) -> a + "," + b);
      }
      effective.putAll(overrides);
      Properties props = new Properties();
      props.putAll(effective);
      KafkaRaftServer server = null;
      try {
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        String clusterId = formatIfNeeded(config, logDir, scramCredentials);
        rememberControllerPort(dir, ctrlPort);
        log.info("Starting embedded KRaft broker on {}:{} (controller port {}), cluster {}, data {}",
            HOST, clientPort, ctrlPort, clusterId, dir);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        KRaftBroker broker = new KRaftBroker(server, clientPort, ctrlPort, dir, owns, clusterId, Map.copyOf(effective),
            Map.copyOf(extraPorts));
        awaitReady(broker.bootstrapServers(), startupTimeout);
        return broker;
      } catch (Exception | LinkageError e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        stopQuietly(server);
        if (owns) {
          deleteQuietly(dir);
        }
        String hint = e instanceof LinkageError
            ? " (the broker needs org.apache.kafka:kafka_2.13, kafka-server, kafka-storage and kafka-metadata on the classpath;"
                + " storyline-common declares them optional)"
            : "";
        throw new IllegalStateException(
            "could not start embedded KRaft broker on " + HOST + ":" + clientPort + " with data in " + dir + ": " + e + hint, e);
      }
    }

    private static int checkPort(String what, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("illegal broker " + what + " " + port + ", must be in [0, 65535]");
      }
      return port;
    }

    private record Listener(String protocol, int port) {}
  }

  /** Formats {@code logDir} unless it holds a {@code meta.properties}; returns the cluster id. */
  private static String formatIfNeeded(KafkaConfig config, Path logDir, java.util.List<String> scram) throws Exception {
    Path meta = logDir.resolve("meta.properties");
    if (Files.exists(meta)) {
      Properties existing = new Properties();
      try (var in = Files.newInputStream(meta)) {
        existing.load(in);
      }
      String id = existing.getProperty("cluster.id");
      if (id == null) {
        throw new IllegalStateException(meta + " has no cluster.id");
      }
      log.debug("Log directory {} already formatted for cluster {}", logDir, id);
      return id;
    }
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(print)
          .setNodeId(config.nodeId())
          .setClusterId(clusterId)
          .setWriteBootstrapSnapshot(true)
          .setUnstableFeatureVersionsEnabled(false)
          .setIgnoreFormatted(false)
          .setControllerListenerName(config.controllerListenerNames().get(0))
          .setMetadataLogDirectory(config.metadataLogDir())
          .setHasDynamicQuorum(false)
          .setDirectories(java.util.List.of(logDir.toAbsolutePath().toString()))
          .setScramArguments(scram)
          .run();
    }
    log.debug("Formatted {}: {}", logDir, out.toString(StandardCharsets.UTF_8).strip());
    return clusterId;
  }

  private static int rememberedControllerPort(Path dir) {
    Path file = dir.resolve(STATE_FILE);
    if (!Files.exists(file)) {
      return 0;
    }
    Properties state = new Properties();
    try (var in = Files.newInputStream(file)) {
      state.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
    String value = state.getProperty(CONTROLLER_PORT_KEY, "0");
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalStateException("illegal " + CONTROLLER_PORT_KEY + " '" + value + "' in " + file + ", must be a port number", e);
    }
  }

  private static void rememberControllerPort(Path dir, int controllerPort) throws IOException {
    Properties state = new Properties();
    state.setProperty(CONTROLLER_PORT_KEY, Integer.toString(controllerPort));
    try (var out = Files.newOutputStream(dir.resolve(STATE_FILE))) {
      state.store(out, "written by storyline's embedded KRaft broker; the static quorum needs the same controller port on restart");
    }
  }

  private static void awaitReady(String bootstrapServers, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> conf = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    Exception last = null;
    try (Admin admin = Admin.create(conf)) {
      while (System.nanoTime() < deadline) {
        long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        int callMs = (int) Math.min(leftMs, 5_000);
        try {
          // each call blocks up to callMs on the network, so this loop does not spin
          int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(callMs))
              .nodes().get(callMs, TimeUnit.MILLISECONDS).size();
          if (nodes > 0) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
      }
    }
    throw new IllegalStateException("broker " + bootstrapServers + " did not answer describeCluster within " + timeout, last);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free TCP port on " + HOST, e);
    }
  }

  private static int freePortOtherThan(int clientPort, int controllerPort, java.util.Collection<Integer> taken) {
    int candidate = freePort();
    while (candidate == clientPort || candidate == controllerPort || taken.contains(candidate)) {
      candidate = freePort();
    }
    return candidate;
  }

  private static int freePortOtherThan(int taken) {
    int candidate = freePort();
    while (candidate == taken) {
      candidate = freePort();
    }
    return candidate;
  }

  private static void stopQuietly(KafkaRaftServer server) {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("Error stopping a half-started embedded broker", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      log.warn("Could not delete broker data directory {}", dir, e);
    }
  }
}
