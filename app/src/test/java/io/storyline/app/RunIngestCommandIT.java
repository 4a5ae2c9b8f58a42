package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storyline.common.testkit.EmbeddedKafkaExtension;
import io.storyline.common.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code storyline run ingest} on a real KRaft broker with a connector file (the replay connector on the
 * bundled sample, so no network is needed): the raw topics fill, {@code /connectors} and {@code
 * /health/ready} report the connector RUNNING, and the command stops cleanly. It takes an {@code http.*} setting as
 * every stage does (refused before session 14).
 */
@Tag("integration")
@Timeout(180)
class RunIngestCommandIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();

  @TempDir Path tmp;

  private static String get(int port, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  void shouldRunTheConnectorsOfTheGivenFilesUntilStopped() throws Exception {
    Path sample = Path.of("src", "main", "resources", "sample", "reddit").toAbsolutePath();
    Path file = Files.writeString(tmp.resolve("replay-reddit.json"), """
        {"name": "replay-reddit", "config": {"connector.class": "io.storyline.ingest.connect.ReplaySourceConnector",
          "tasks.max": 1, "replay.paths": "%s"}}
        """.formatted(sample.toString().replace("\\", "\\\\")));
    RunIngestCommand command = new RunIngestCommand();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
        "--bootstrap-servers", KAFKA.cluster().bootstrapServers(), "--connector", file.toString(),
        "--offsets-file", tmp.resolve("offsets").toString(), "--offset-flush-interval-ms", "200",
        "--http-host", "127.0.0.1", "--http-port", "0", "-D", "http.max.connections=16"));

    Pattern port = Pattern.compile("on port (\\d+)");
    await("the command to print its port").atMost(Duration.ofSeconds(90)).until(() -> port.matcher(out.toString()).find());
    Matcher m = port.matcher(out.toString());
    assertThat(m.find()).isTrue();
    int httpPort = Integer.parseInt(m.group(1));
    await("reddit sample records on the raw topic").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> KAFKA.cluster().consumeAll(Topics.RAW_REDDIT.name(), Serdes.String().deserializer(),
            Serdes.ByteArray().deserializer(), Duration.ofSeconds(10)).size(), n -> n > 0);

    assertThat(get(httpPort, "/connectors")).isEqualTo("200 {\"replay-reddit\":[\"RUNNING\",\"RUNNING\"]}");
    assertThat(get(httpPort, "/health/ready")).startsWith("200");
    org.awaitility.Awaitility.await("the Connect task metrics are on /metrics").atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(get(httpPort, "/metrics"))
            .contains("kafka_connect_source_task_metrics_source_record_poll_total{")
            .contains("connector=\"replay-reddit\""));
    command.stop();
    assertThat(exit.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    assertThat(Files.exists(tmp.resolve("offsets"))).as("source offsets kept for the next run").isTrue();
  }
}
