package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The structural test of {@code docker/}: no Docker engine runs here, so everything that can be
 * checked without one is: the YAML parses, every image built from the project copies artifacts the
 * build produced, every storyline command is one the CLI accepts, host ports are unique, Prometheus
 * scrapes the ports the stages serve, and {@code promtool} accepts the config and the rules. Runs as
 * an IT because it needs the packaged jar.
 */
@Tag("integration")
class DeploymentFilesIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path DOCKER = ROOT.resolve("docker");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Compose files use YAML merge keys ({@code <<: *anchor}), which SnakeYAML resolves and Jackson does not. */
  private static JsonNode compose() throws Exception {
    try (var in = Files.newInputStream(DOCKER.resolve("compose.yaml"))) {
      Object tree = new org.yaml.snakeyaml.Yaml().load(in);
      return new ObjectMapper().valueToTree(tree);
    }
  }

  @Test
  void shouldBuildTheStorylineImageFromArtifactsTheMavenBuildProduced() throws Exception {
    List<String> dockerfile = Files.readAllLines(DOCKER.resolve("Dockerfile"), StandardCharsets.UTF_8);
    List<String> copied = dockerfile.stream().filter(l -> l.startsWith("COPY ")).map(l -> l.split("\\s+")[1]).toList();
    assertThat(copied).isNotEmpty();
    for (String source : copied) {
      assertThat(ROOT.resolve(source)).as("Dockerfile COPY source %s", source).exists();
    }
    assertThat(dockerfile).anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("/opt/storyline/storyline.jar"));
  }

  @Test
  void shouldStampTheJarWithTheVersionThatStorylineVersionPrints() throws Exception {
    // the built jar's storyline --version printed "storyline dev": the manifest had no Implementation-Version
    String version;
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(ROOT.resolve("app/target/storyline.jar").toFile())) {
      version = jar.getManifest().getMainAttributes().getValue(java.util.jar.Attributes.Name.IMPLEMENTATION_VERSION);
    }
    assertThat(version).as("Implementation-Version of target/storyline.jar").isNotNull().matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void shouldDeclareAThreeBrokerKRaftClusterWithEveryStageAndMonitoring() throws Exception {
    JsonNode services = compose().get("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).contains("kafka-1", "kafka-2", "kafka-3", "connect", "normalizer", "cluster-1", "cluster-2",
        "publish", "prometheus", "grafana");
    for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
      JsonNode s = services.get(broker);
      assertThat(s.get("image").asText()).startsWith("apache/kafka:");
      assertThat(s.get("environment").get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
      assertThat(s.get("environment").get("KAFKA_CONTROLLER_QUORUM_VOTERS").asText().split(",")).hasSize(3);
    }
    for (String name : names) {
      JsonNode s = services.get(name);
      assertThat(s.has("image")).as("service %s names its image", name).isTrue();
      if (s.has("build")) {
        Path context = DOCKER.resolve(s.get("build").get("context").asText()).normalize();
        assertThat(context.resolve(s.get("build").get("dockerfile").asText())).as("Dockerfile of %s", name).exists();
      }
      if (s.has("volumes")) {
        for (JsonNode v : s.get("volumes")) {
          String source = v.asText().split(":")[0];
          if (source.startsWith(".")) {
            assertThat(DOCKER.resolve(source).normalize()).as("volume source of %s", name).exists();
          }
        }
      }
    }
  }

  @Test
  void shouldRunOnlyCommandsTheStorylineCliAccepts() throws Exception {
    JsonNode services = compose().get("services");
    List<String> stages = new ArrayList<>();
    for (var it = services.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode s = e.getValue();
      if (!"storyline:dev".equals(s.path("image").asText())) {
        continue;
      }
      if (s.has("entrypoint")) {
        // the Connect worker: a main class on the image's class path and its mounted config
        List<String> entry = strings(s.get("entrypoint"));
        assertThatCode(() -> Class.forName(entry.get(entry.size() - 2))).as("main class of %s", e.getKey())
            .doesNotThrowAnyException();
        continue;
      }
      String[] args = strings(s.get("command")).toArray(String[]::new);
      assertThatCode(() -> Storyline.commandLine().parseArgs(args)).as("command of %s", e.getKey())
          .doesNotThrowAnyException();
      stages.add(e.getKey());
    }
    assertThat(stages).contains("normalizer", "cluster-1", "cluster-2", "publish");
  }

  @Test
  void shouldPublishEachHostPortOnceAndScrapeEveryStageWhereItServes() throws Exception {
    JsonNode services = compose().get("services");
    Set<String> hostPorts = new HashSet<>();
    Map<String, String> httpPortOf = new HashMap<>();
    for (var it = services.fields(); it.hasNext(); ) {
      var e = it.next();
      for (JsonNode p : e.getValue().path("ports")) {
        String host = p.asText().split(":")[0];
        assertThat(hostPorts.add(host)).as("host port %s published twice (again by %s)", host, e.getKey()).isTrue();
      }
      List<String> command = strings(e.getValue().path("command"));
      int i = command.indexOf("--http-port");
      if (i >= 0) {
        httpPortOf.put(e.getKey(), command.get(i + 1));
      }
    }
    JsonNode prometheus = YAML.readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
    Set<String> scraped = new HashSet<>();
    for (JsonNode job : prometheus.get("scrape_configs")) {
      for (JsonNode sc : job.get("static_configs")) {
        for (JsonNode t : sc.get("targets")) {
          String[] hostPort = t.asText().split(":");
          assertThat(httpPortOf).as("scrape target %s is a stage serving HTTP", t.asText()).containsKey(hostPort[0]);
          assertThat(httpPortOf.get(hostPort[0])).as("port of %s", hostPort[0]).isEqualTo(hostPort[1]);
          scraped.add(hostPort[0]);
        }
      }
    }
    assertThat(scraped).containsExactlyInAnyOrderElementsOf(httpPortOf.keySet());
  }

  @Test
  void shouldHavePrometheusConfigAndRulesThatPromtoolAccepts() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (apt-get install prometheus)");
    assertThat(promtool("check", "rules", DOCKER.resolve("prometheus/rules.yml").toString())).contains("SUCCESS: 6 rules");
    assertThat(promtool("check", "config", DOCKER.resolve("prometheus/prometheus.yml").toString())).contains("SUCCESS");
  }

  @Test
  void shouldProvisionTheDashboardWithPanelsOnPrometheusQueries() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/storyline.json").toFile());
    assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(8);
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.get("targets")).as("panel %s", panel.get("title")).isNotEmpty();
      for (JsonNode t : panel.get("targets")) {
        assertThat(t.get("expr").asText()).as("query of panel %s", panel.get("title")).isNotBlank();
      }
    }
    JsonNode provider = YAML.readTree(DOCKER.resolve("grafana/provisioning/dashboards/storyline.yml").toFile());
    assertThat(provider.get("providers").get(0).get("options").get("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
  }

  /** @return the metric names the rules and the dashboard query, for DemoIT to find in a real scrape */
  static Set<String> metricNamesUsed() throws Exception {
    Set<String> names = new HashSet<>();
    Pattern metric = Pattern.compile("\\b((?:kafka|storyline)_[a-z0-9_]+|up)\\b");
    List<String> exprs = new ArrayList<>();
    for (JsonNode group : YAML.readTree(DOCKER.resolve("prometheus/rules.yml").toFile()).get("groups")) {
      group.get("rules").forEach(r -> exprs.add(r.get("expr").asText()));
    }
    for (JsonNode panel : new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/storyline.json").toFile()).get("panels")) {
      panel.get("targets").forEach(t -> exprs.add(t.get("expr").asText()));
    }
    for (String e : exprs) {
      Matcher m = metric.matcher(e);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    names.remove("up");
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/promtool"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool %s said:%n%s", List.of(args), out).isZero();
    return out;
  }
}
