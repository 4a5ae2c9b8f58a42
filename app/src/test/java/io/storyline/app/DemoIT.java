package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.storyline.common.model.TopList;
import io.storyline.common.serde.Json;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.topic.DeadLetterHeaders;
import io.storyline.common.topic.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline, as {@code storyline demo} runs it, on a real embedded KRaft broker: Connect
 * replay, normalizer, cluster, publish, the top-stories view and HTTP.
 */
@Tag("integration")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoIT {
  private static final Duration DRAIN = Duration.ofMinutes(5);

  private RunningDemo sample;

  @BeforeAll
  void startTheDemoOnTheShippedSample() throws Exception {
    sample = RunningDemo.start(List.of(), null, null);
  }

  @AfterAll
  void stopTheDemo() throws Exception {
    if (sample != null) {
      assertThat(sample.stop()).as("exit code of the sample demo").isZero();
    }
  }

  @Test
  void shouldServeTheSameTopTenOverHttpOnTheTopicAndInThePrintedTable() throws Exception {
    // when
    HttpResponse<String> response = get(sample.pipeline.httpPort(), "/api/v1/top/all/24h");
    TopList overHttp = Json.mapper().readValue(response.body(), TopList.class);
    Map<String, TopList> onTopic = latestLists(sample.pipeline.bootstrapServers());

    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(overHttp.items()).hasSize(10);
    assertThat(overHttp.items()).extracting(TopList.Item::rank).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(onTopic).containsKeys("all/24h", "all/7d");
    assertThat(onTopic.get("all/24h")).isEqualTo(overHttp);
    String printed = sample.out.toString();
    assertThat(printed).contains("Top 10 of all/24h").contains("Top 10 of all/7d");
    for (TopList.Item item : overHttp.items()) {
      String start = item.headline().replaceAll("\\s+", " ").strip();
      assertThat(printed).contains(start.substring(0, Math.min(40, start.length())));
    }
  }

  @Test
  void shouldAnswerReadyAndExposeMetricsWhileServing() throws Exception {
    assertThat(get(sample.pipeline.httpPort(), "/health/ready").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get(sample.pipeline.httpPort(), "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("storyline_publish_lists_emitted_total").contains("kafka_stream");
    // the demo's --set reached every stage, and each stage's RocksDB stores share that budget
    java.util.Map<String, Double> limits = new java.util.TreeMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(?m)^storyline_rocksdb_memory_limit_bytes\\{[^}]*stage=\"(\\w+)\"[^}]*} (\\S+)$").matcher(metrics.body());
    while (m.find()) {
      limits.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    assertThat(limits).as("RocksDB budget per stage").containsOnlyKeys("normalizer", "cluster", "publish")
        .allSatisfy((stage, bytes) -> assertThat(bytes).isEqualTo((double) ROCKSDB_BYTES));
  }

  @Test
  void shouldServeMetricsThatPromtoolAcceptsIncludingEverySeriesTheAlertsAndDashboardUse() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (apt-get install prometheus)");
    // processors register their sensors after start; the binder picks them up within seconds
    java.util.Set<String> used = DeploymentFilesIT.metricNamesUsed();
    org.awaitility.Awaitility.await("every metric of rules.yml and the dashboard is exported")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> {
          String scrape = get(sample.pipeline.httpPort(), "/metrics").body();
          for (String name : used) {
            assertThat(scrape).as("scrape exports %s", name).containsPattern("(?m)^" + name + "[{ ]");
          }
        });
    Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
    promtool.getOutputStream().write(get(sample.pipeline.httpPort(), "/metrics").body().getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as("promtool check metrics said:%n%s", verdict).isZero();
  }

  @Test
  void shouldBeScrapedByARealPrometheus(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/prometheus")), "prometheus is not installed (apt-get install prometheus)");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global: {scrape_interval: 1s}",
        "scrape_configs:",
        "  - job_name: storyline-demo",
        "    static_configs: [{targets: ['127.0.0.1:" + sample.pipeline.httpPort() + "']}]", ""));
    Process prometheus = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    try {
      int p = port;
      org.awaitility.Awaitility.await("Prometheus reports the demo target up with storyline samples")
          .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
          .untilAsserted(() -> {
            assertThat(get(p, "/api/v1/query?query=up%7Bjob%3D%22storyline-demo%22%7D").body())
                .contains("\"value\":[").contains(",\"1\"]");
            assertThat(get(p, "/api/v1/query?query=storyline_publish_lists_emitted_total").body())
                .contains("\"list\":\"all/24h\"");
          });
    } finally {
      prometheus.destroy();
      prometheus.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldLetKcatReadTheTopListsFromTheTopic() throws Exception {
    assumeTrue(onPath("kcat"), "kcat is not installed (apt-get install kcat); skipping the outside-the-JVM check");
    Process kcat = new ProcessBuilder("kcat", "-b", sample.pipeline.bootstrapServers(), "-C", "-t",
        Topics.TOP_STORIES.name(), "-o", "beginning", "-e", "-q", "-f", "%k\t%s\n").redirectErrorStream(true).start();
    String output = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
    assertThat(output).contains("all/24h\t{").contains("\"headline\"");
    TopList fromHttp = Json.mapper().readValue(get(sample.pipeline.httpPort(), "/api/v1/top/all/24h").body(), TopList.class);
    assertThat(output).contains(fromHttp.items().get(0).storyId());
  }

  @Test
  void shouldDeadLetterEveryRecordOfABrokenFileAndStillPublishTheSameTopTen(@TempDir Path dir) throws Exception {
    // given: the sample plus a file of truncated Reddit JSON and a line file of garbage
    Path input = SampleData.extractTo(dir);
    Files.writeString(input.resolve("reddit/broken-listing.json"),
        "{\"kind\":\"Listing\",\"data\":{\"children\":[{\"kind\":\"t3\",\"data\":{\"id\":\"zz1\",\"title\":\"cut off",
        StandardCharsets.UTF_8);
    Files.writeString(input.resolve("reddit/broken-lines.jsonl"),
        "{\"id\":\"zz2\",\"name\":\"t3_zz2\",\"title\":\"half a post\n{{{ not json\n", StandardCharsets.UTF_8);

    // when
    RunningDemo broken = RunningDemo.start(List.of(input), null, null);
    Map<String, TopList> lists;
    List<ConsumerRecord<byte[], byte[]>> deadLetters;
    try {
      lists = latestLists(broken.pipeline.bootstrapServers());
      deadLetters = TopicReader.readAll(broken.pipeline.bootstrapServers(), Topics.POSTS_DLQ.name(),
          new ByteArrayDeserializer(), new ByteArrayDeserializer(), Duration.ofSeconds(30));
    } finally {
      assertThat(broken.stop()).as("exit code of the demo with broken input").isZero();
    }

    // then
    assertThat(deadLetters).hasSizeGreaterThanOrEqualTo(3);
    for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
      assertThat(header(r, DeadLetterHeaders.REASON)).as("reason of dead letter at offset %d", r.offset()).isNotBlank();
      assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).startsWith("posts.raw.");
      assertThat(header(r, DeadLetterHeaders.STAGE)).isEqualTo("normalizer");
    }
    Map<String, TopList> baseline = latestLists(sample.pipeline.bootstrapServers());
    for (String list : List.of("all/24h", "all/7d")) {
      assertThat(ranksHeadlinesAndPostCounts(lists.get(list))).as(list).isEqualTo(ranksHeadlinesAndPostCounts(baseline.get(list)));
    }
  }

  /**
   * Real social posts and real papers of the same days: the r/LocalLLaMA week of the Kimi K2 and
   * Grok 4 releases (from ../shared, not shipped) with the sample's arXiv days 2025-07-09..11. The
   * weekly list must hold both releases, and each digest list (news, tools, papers) must be full.
   */
  @Test
  void shouldFillNewsToolsAndPapersAndPutKimiK2AndGrok4InTheWeekOfTheirRelease() throws Exception {
    Path data = sharedDir().resolve("data/reddit-localllama");
    assumeTrue(Files.isDirectory(data), "../shared/data/reddit-localllama is absent; skipping the real-input check");
    Path arxiv = Path.of("src/main/resources/sample/arxiv").toAbsolutePath();
    assertThat(arxiv).as("the sample's arXiv days").isDirectory();

    RunningDemo week = RunningDemo.start(List.of(data, arxiv), "2025-07-07", "2025-07-11");
    Map<String, TopList> lists = new LinkedHashMap<>();
    try {
      for (String list : List.of("all/7d", "news/24h", "tools/24h", "papers/24h")) {
        lists.put(list, week.pipeline.view().get(list).orElseThrow());
      }
    } finally {
      assertThat(week.stop()).as("exit code of the r/LocalLLaMA demo").isZero();
    }

    assertThat(lists.get("all/7d").items()).as("all/7d of the r/LocalLLaMA week:%n%s", week.out)
        .anySatisfy(item -> {
          assertThat(item.headline()).containsIgnoringCase("kimi");
          assertThat(item.postCount()).isGreaterThanOrEqualTo(5);
        })
        .anySatisfy(item -> {
          assertThat(item.headline()).containsIgnoringCase("grok");
          assertThat(item.postCount()).isGreaterThanOrEqualTo(5);
        });
    for (String list : List.of("news/24h", "tools/24h", "papers/24h")) {
      assertThat(lists.get(list).items()).as("%s of 2025-07-11:%n%s", list, week.out).hasSize(10);
    }
    assertThat(lists.get("papers/24h").items()).as("papers/24h holds arXiv papers")
        .anySatisfy(item -> assertThat(item.sources()).contains("arxiv"));
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The top ten as a reader sees it: headline and post count per rank. Story ids are left out: they
   * number every story opened, and the raw topics' merge order may differ between runs under heavy
   * load (the normalizer waits at most max.task.idle.ms for a lagging partition).
   */
  private static List<String> ranksHeadlinesAndPostCounts(TopList list) {
    return list.items().stream().map(i -> i.rank() + " " + i.headline() + " " + i.postCount()).toList();
  }

  private static Map<String, TopList> latestLists(String bootstrap) {
    Map<String, TopList> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, TopList> r : TopicReader.readAll(bootstrap, Topics.TOP_STORIES.name(),
        new StringDeserializer(), StorylineSerdes.topList(), Duration.ofSeconds(30))) {
      latest.put(r.key(), r.value());
    }
    return latest;
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  static Path sharedDir() {
    String configured = System.getProperty("storyline.shared.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    // the project root is the parent of this module's directory; ../shared sits beside the project
    return Path.of("").toAbsolutePath().getParent().getParent().resolve("shared");
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static final long ROCKSDB_BYTES = 32L << 20;

  /** A demo running on a background thread until {@link #stop()}. */
  private static final class RunningDemo {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    Demo demo;
    CompletableFuture<Integer> exit;
    Pipeline pipeline;

    static RunningDemo start(List<Path> inputs, String from, String to) throws Exception {
      RunningDemo r = new RunningDemo();
      // a --set value reaches every stage: a RocksDB budget of 32 MiB instead of the default 64 MiB
      DemoSettings settings = new DemoSettings(inputs, from, to, null, null, 0, List.of("all/24h", "all/7d"), false, DRAIN, 1,
          java.util.Map.of("rocksdb.memory.bytes", Long.toString(ROCKSDB_BYTES)));
      r.demo = new Demo(settings, new PrintWriter(r.out, true), new PrintWriter(r.err, true));
      // each demo blocks its thread until stop(): a thread of its own, not the (possibly one-thread) common pool
      r.exit = new CompletableFuture<>();
      Thread.ofPlatform().name("demo-it-" + inputs).start(() -> {
        try {
          r.exit.complete(r.demo.run());
        } catch (Exception | Error e) {
          r.exit.completeExceptionally(e);
        }
      });
      r.pipeline = r.demo.awaitServing(DRAIN.plusMinutes(1)).orElse(null);
      assertThat(r.exit.isDone()).as("demo ended before serving; stdout:%n%s%nstderr:%n%s", r.out, r.err).isFalse();
      assertThat(r.pipeline).as("demo did not serve within %s; stdout:%n%s", DRAIN, r.out).isNotNull();
      return r;
    }

    int stop() throws Exception {
      demo.stop();
      return exit.get(2, TimeUnit.MINUTES);
    }
  }
}
