package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.storyline.app.security.LogCapture;
import io.storyline.common.config.CommonConfig;
import io.storyline.common.kafka.KRaftBroker;
import io.storyline.common.kafka.SaslSslTestBroker;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.normalize.NormalizerConfig;
import io.storyline.ingest.normalize.NormalizerTopology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * storyline's stages against the embedded broker's SASL_SSL listener (SCRAM-SHA-512, a self-signed
 * certificate made in the test), configured only through {@code kafka.}-prefixed settings: {@code
 * storyline run ingest} (Connect worker, its producers and admin clients) replays the Reddit sample and
 * runs the three live connectors against a local fake API, the normalizer stage (Kafka Streams, admin)
 * turns the raw records into posts, read back over SASL_SSL. Every secret (SASL password, X bearer
 * token, Reddit client secret and the access token the fake API hands out, Discord bot token) carries
 * one marker; the marker appears in none of the logs of the run (all loggers, storyline at DEBUG, Kafka
 * at INFO), the command output, the {@code /metrics} scrapes or the error bodies. A wrong password fails
 * {@code storyline run normalizer} within seconds with the authentication error.
 */
@Tag("integration")
@Timeout(240)
class KafkaSecurityIT {
  private static final String MARKER = "S3CRETMARK" + Long.toHexString(System.nanoTime());
  private static final String USER = "storyline-stage";
  private static final String SASL_PASSWORD = MARKER + "-sasl";
  private static final String X_TOKEN = MARKER + "-x";
  private static final String REDDIT_CLIENT_ID = "storyline-client";
  private static final String REDDIT_SECRET = MARKER + "-reddit";
  private static final String REDDIT_ACCESS = MARKER + "-access";
  private static final String DISCORD_TOKEN = MARKER + "-discord";

  @TempDir static Path tmp;
  private static SaslSslTestBroker.Tls tls;
  private static KRaftBroker broker;

  @BeforeAll
  static void startBroker() {
    tls = SaslSslTestBroker.selfSignedTls(tmp);
    broker = SaslSslTestBroker.start(tls, USER, SASL_PASSWORD);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /** The client settings of the secure listener, as {@code kafka.}-prefixed stage settings. */
  private static Map<String, String> kafkaSettings(String password) {
    Map<String, String> out = new HashMap<>();
    SaslSslTestBroker.clientProperties(broker, tls, USER, password).forEach((k, v) -> {
      if (!k.equals("bootstrap.servers")) {
        out.put("kafka." + k, v);
      }
    });
    return out;
  }

  /** A fake X/Reddit/Discord API: Reddit's token endpoint grants a token, every other call is refused with 401. */
  private static HttpServer fakeApi(List<String> authorizations) throws Exception {
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    api.createContext("/", ex -> {
      try (ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        ex.getRequestBody().readAllBytes();
        boolean token = ex.getRequestURI().getPath().endsWith("/access_token");
        byte[] body = (token
            ? "{\"access_token\":\"" + REDDIT_ACCESS + "\",\"token_type\":\"bearer\",\"expires_in\":3600,\"scope\":\"*\"}"
            : "{\"message\":\"401: Unauthorized\",\"code\":0}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(token ? 200 : 401, body.length);
        ex.getResponseBody().write(body);
      }
    });
    api.start();
    return api;
  }

  private static Path connectorFile(String name, String json) throws Exception {
    return Files.writeString(tmp.resolve(name + ".json"), json);
  }

  private static HttpResponse<String> http(String method, int port, String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static int printedPort(StringWriter out) {
    Matcher m = Pattern.compile("on port (\\d+)").matcher(out.toString());
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  @Test
  void shouldIngestAndNormaliseOverSaslSslAndLeakNoSecretToLogsMetricsOrErrorBodies() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer api = fakeApi(authorizations);
    String apiBase = "http://127.0.0.1:" + api.getAddress().getPort();
    String live = "\"tasks.max\": 1, \"poll.interval.ms\": 500, \"http.max.retries\": 0, \"http.backoff.base.ms\": 100,"
        + " \"http.backoff.max.ms\": 500";
    Path sample = Path.of("src", "main", "resources", "sample", "reddit").toAbsolutePath();
    List<Path> connectors = List.of(
        connectorFile("replay-reddit", """
            {"name": "replay-reddit", "config": {"connector.class": "io.storyline.ingest.connect.ReplaySourceConnector",
              "tasks.max": 1, "replay.paths": "%s"}}""".formatted(sample.toString().replace("\\", "\\\\"))),
        connectorFile("x-live", """
            {"name": "x-live", "config": {"connector.class": "io.storyline.ingest.live.x.XSourceConnector", %s,
              "x.search.queries": "llm", "x.bearer.token": "%s", "x.api.base.url": "%s"}}""".formatted(live, X_TOKEN, apiBase)),
        connectorFile("reddit-live", """
            {"name": "reddit-live", "config": {"connector.class": "io.storyline.ingest.live.reddit.RedditSourceConnector", %s,
              "reddit.subreddits": "LocalLLaMA", "reddit.client.id": "%s", "reddit.client.secret": "%s",
              "reddit.token.url": "%s/api/v1/access_token", "reddit.api.base.url": "%s"}}"""
            .formatted(live, REDDIT_CLIENT_ID, REDDIT_SECRET, apiBase, apiBase)),
        connectorFile("discord-live", """
            {"name": "discord-live", "config": {"connector.class": "io.storyline.ingest.live.discord.DiscordSourceConnector", %s,
              "discord.channel.ids": "1234567890123456789", "discord.bot.token": "%s", "discord.api.base.url": "%s"}}"""
            .formatted(live, DISCORD_TOKEN, apiBase)));
    // the SASL login (with the password) from a file, the rest on the command line
    Map<String, String> kafka = kafkaSettings(SASL_PASSWORD);
    Path secretFile = tmp.resolve("kafka-client.properties");
    Files.writeString(secretFile, "kafka.sasl.jaas.config=" + kafka.remove("kafka.sasl.jaas.config").replace("\\", "\\\\") + "\n");
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(SaslSslTestBroker.LISTENER),
        "--offsets-file", tmp.resolve("offsets").toString(), "--offset-flush-interval-ms", "500",
        "--http-host", "127.0.0.1", "--http-port", "0", "--config", secretFile.toString()));
    kafka.forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
    connectors.forEach(c -> args.addAll(List.of("--connector", c.toString())));

    StringBuilder haystack = new StringBuilder();
    int postsSeen = 0;
    StringWriter ingestOut = new StringWriter();
    StringWriter ingestErr = new StringWriter();
    RunIngestCommand ingest = new RunIngestCommand();
    try (LogCapture logs = new LogCapture()) {
      CommandLine cli = new CommandLine(ingest);
      cli.setOut(new PrintWriter(ingestOut, true));
      cli.setErr(new PrintWriter(ingestErr, true));
      CompletableFuture<Integer> ingestExit = CompletableFuture.supplyAsync(() -> cli.execute(args.toArray(String[]::new)));
      try {
        await("storyline run ingest prints its port").atMost(Duration.ofSeconds(90))
            .until(() -> printedPort(ingestOut) > 0 || ingestExit.isDone());
        assertThat(ingestExit).as("ingest still running; err: %s", ingestErr).isNotDone();
        int ingestPort = printedPort(ingestOut);

        // the normalizer stage, as `storyline run normalizer -D kafka.*=...` configures it
        Map<String, Object> settings = new HashMap<>(kafkaSettings(SASL_PASSWORD));
        settings.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(SaslSslTestBroker.LISTENER));
        settings.put(CommonConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString());
        settings.put(CommonConfig.HTTP_PORT_CONFIG, "0");
        settings.put(CommonConfig.HTTP_HOST_CONFIG, "127.0.0.1");
        NormalizerConfig config = new NormalizerConfig(settings);
        try (StageRunner normalizer = new StageRunner(config, normalizerTopics())) {
          normalizer.start("normalizer", NormalizerTopology.build(config, normalizer.registry()),
              NormalizerTopology.streamsProperties(config), config, null, null);
          // then: posts flow raw -> posts over SASL_SSL, read back over SASL_SSL
          Map<String, Object> reader = new HashMap<>(SaslSslTestBroker.clientProperties(broker, tls, USER, SASL_PASSWORD));
          reader.put("group.id", "security-it");
          reader.put("auto.offset.reset", "earliest");
          reader.put("isolation.level", "read_committed");
          int posts = 0;
          try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(reader, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.POSTS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (posts < 20 && System.nanoTime() < deadline) {
              ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(500)); // blocks up to 500 ms
              posts += batch.count();
            }
          }
          assertThat(posts).as("posts normalised from the replayed sample over SASL_SSL").isGreaterThanOrEqualTo(20);
          postsSeen = posts;

          // the secrets were really used: the fake API saw each of them
          await("each live connector called the fake API with its secret").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
              assertThat(authorizations).anyMatch(a -> a.equals("Bearer " + X_TOKEN))
                  .anyMatch(a -> a.equals("Bot " + DISCORD_TOKEN))
                  .anyMatch(a -> a.equals("bearer " + REDDIT_ACCESS))
                  .anyMatch(a -> a.equals("Basic " + basic(REDDIT_CLIENT_ID, REDDIT_SECRET))));

          // the surfaces a user or a scraper sees
          int stagePort = normalizer.httpPort();
          for (int port : List.of(ingestPort, stagePort)) {
            haystack.append(http("GET", port, "/metrics").body());
            haystack.append(http("GET", port, "/health/ready").body());
            haystack.append(http("GET", port, "/nothing-here").body());
            haystack.append(http("POST", port, "/metrics").body());
          }
          haystack.append(http("GET", ingestPort, "/connectors").body());
          assertThat(haystack).contains("kafka_stream_client_state").contains("kafka_connect");
        }
      } finally {
        ingest.stop();
        api.stop(0);
      }
      assertThat(ingestExit.get(60, TimeUnit.SECONDS)).as("storyline run ingest exit code; its errors: %s", ingestErr).isZero();
      haystack.append(logs.text()).append(ingestOut).append(ingestErr);
      // the run was logged in full: Kafka's client config dumps are in, their secrets hidden
      assertThat(logs.text()).contains("sasl.jaas.config = [hidden]").contains("ssl.truststore.password = [hidden]")
          .contains("rejected the credential in 'x.bearer.token'").contains("rejected the credential in 'discord.bot.token'");
    }

    String all = haystack.toString();
    assertThat(all.length()).as("captured text").isGreaterThan(10_000);
    System.out.printf("SECURITY-FIGURES posts=%d apiCallsWithSecrets=%d capturedChars=%d logLines=%d%n", postsSeen,
        authorizations.size(), all.length(), all.lines().count());
    for (String secret : List.of(MARKER, basic(REDDIT_CLIENT_ID, REDDIT_SECRET),
        Base64.getEncoder().encodeToString(MARKER.getBytes(StandardCharsets.UTF_8)))) {
      assertThat(all.indexOf(secret)).as("a secret (%s) in the logs, metrics or error bodies at: %s", secret,
          all.indexOf(secret) < 0 ? "" : all.substring(Math.max(0, all.indexOf(secret) - 300), all.indexOf(secret))).isEqualTo(-1);
    }
  }

  @Test
  void shouldFailRunNormalizerFastWithTheAuthenticationErrorForAWrongPassword() throws Exception {
    String wrong = "wrong-" + MARKER;
    List<String> args = new ArrayList<>(List.of("run", "normalizer", "--bootstrap-servers", broker.bootstrapServers(SaslSslTestBroker.LISTENER),
        "--http-host", "127.0.0.1", "--state-dir", tmp.resolve("state-wrong").toString()));
    kafkaSettings(wrong).forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
    StringWriter err = new StringWriter();
    CommandLine cli = Storyline.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    long start = System.nanoTime();
    int exit = cli.execute(args.toArray(String[]::new));

    assertThat(exit).isNotZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("an error, not a hang").isLessThan(Duration.ofSeconds(45));
    assertThat(err.toString()).contains("Authentication failed").contains("invalid credentials")
        .contains(SaslSslTestBroker.MECHANISM).doesNotContain(MARKER);
  }

  private static String basic(String id, String secret) {
    return Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** The topics the normalizer reads and writes. */
  static List<TopicSpec<?, ?>> normalizerTopics() {
    List<TopicSpec<?, ?>> topics = new ArrayList<>(Topics.rawTopics());
    topics.add(Topics.POSTS);
    topics.add(Topics.POSTS_DLQ);
    return topics;
  }
}
