package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.metrics.PrometheusConventions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code http.*} settings reach {@code storyline run ingest}'s HTTP server as they reach every other stage's (found
 * in session 14: {@code run ingest} refused every key without the {@code kafka.} prefix, so its connection cap, {@code
 * http.max.connections}, could not be set). No broker is needed: the server is bound from the parsed command line as
 * the command binds it, before Connect would start.
 */
class RunIngestHttpSettingsTest {
  @TempDir Path tmp;

  private RunIngestCommand.Settings settingsOf(String... args) throws IOException {
    Path connector = Files.writeString(tmp.resolve("replay.properties"),
        "connector.class=io.storyline.ingest.connect.ReplaySourceConnector\nreplay.paths=" + tmp + "\n");
    List<String> all = new ArrayList<>(List.of("run", "ingest", "--bootstrap-servers", "127.0.0.1:1", "-c", connector.toString()));
    all.addAll(List.of(args));
    CommandLine.ParseResult parsed = Storyline.commandLine().parseArgs(all.toArray(String[]::new));
    RunIngestCommand command = parsed.subcommand().subcommand().commandSpec().commandLine().getCommand();
    return command.settings();
  }

  private static OpsHttpServer serverOf(RunIngestCommand.Settings settings) throws IOException {
    return RunIngestCommand.httpServer(settings.http(), PrometheusConventions.newRegistry(), () -> null);
  }

  @Test
  void shouldBindItsServerWithTheHttpSettingsOfConfigAndDWithDWinning() throws IOException {
    Path config = Files.writeString(tmp.resolve("ingest.properties"),
        "http.max.connections=32\nhttp.port=0\nkafka.client.id=ingest-1\n");

    RunIngestCommand.Settings settings = settingsOf("--config", config.toString(), "-D", "http.max.connections=64",
        "-D", "http.host=127.0.0.2");

    // 127.0.0.2 is this machine too (127.0.0.0/8), but not run's default 0.0.0.0
    try (OpsHttpServer server = serverOf(settings)) {
      assertThat(server.maxConnections()).as("-D wins over --config").isEqualTo(64);
      assertThat(server.host()).isEqualTo("127.0.0.2");
      assertThat(server.port()).as("http.port=0: any free port").isPositive();
    }
    assertThat(settings.kafka()).as("kafka.* still go to the clients, prefix removed").containsEntry("client.id", "ingest-1")
        .doesNotContainKeys("http.max.connections", "max.connections");
  }

  @Test
  void shouldLetTheHttpOptionsWinOverTheSettingsAndDefaultAsEveryRunCommand() throws IOException {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      RunIngestCommand.Settings options = settingsOf("-D", "http.port=" + taken.getLocalPort(), "--http-port", "0",
          "-D", "http.host=127.0.0.2", "--http-host", "127.0.0.1");

      try (OpsHttpServer server = serverOf(options)) {
        assertThat(server.port()).as("--http-port 0 wins over the taken http.port").isNotEqualTo(taken.getLocalPort());
        assertThat(server.host()).isEqualTo("127.0.0.1");
      }
    }
    RunIngestCommand.Settings defaults = settingsOf();

    assertThat(defaults.http().httpHost()).isEqualTo(StageOptions.DEFAULT_HTTP_HOST);
    assertThat(defaults.http().httpPort()).isZero();
    assertThat(defaults.http().httpMaxConnections()).isEqualTo(1024);
  }
}
