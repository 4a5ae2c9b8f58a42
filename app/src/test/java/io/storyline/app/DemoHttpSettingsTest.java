package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.http.OpsHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code http.*} settings of {@code storyline demo -D} reach the demo's HTTP server (found in session 13: the demo
 * took only {@code --http-port}; {@code -D http.max.connections=64}, {@code -D http.host} and {@code -D http.port}
 * were accepted as stage settings and silently ignored, so the demo always held up to 1 024 connections on
 * 127.0.0.1). No broker is needed: the server is bound as the demo binds it, before anything else starts.
 */
class DemoHttpSettingsTest {

  private static DemoSettings demo(Integer httpPortOption, Map<String, String> set) {
    return new DemoSettings(List.of(), null, null, null, null, httpPortOption, List.of("all/24h"), true,
        Duration.ofMinutes(1), 1, set);
  }

  private static OpsHttpServer serverOf(DemoSettings settings) {
    return DemoHttp.bind(settings, () -> null).server();
  }

  @Test
  void shouldBindTheDemosServerWithTheHttpHostPortAndMaxConnectionsSettings() throws Exception {
    // 127.0.0.2 is this machine too (127.0.0.0/8), but not the default 127.0.0.1
    try (OpsHttpServer server = serverOf(demo(null, Map.of(
        "http.host", "127.0.0.2", "http.port", "0", "http.max.connections", "8")))) {
      server.start();

      assertThat(server.maxConnections()).isEqualTo(8);
      assertThat(server.host()).isEqualTo("127.0.0.2");
      assertThat(server.port()).as("http.port=0: any free port, not the demo's 8080").isPositive().isNotEqualTo(8080);
      try (HttpClient client = HttpClient.newHttpClient()) {
        HttpResponse<String> live = client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + server.port() + "/health/live")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void shouldLetTheHttpPortOptionWinOverTheHttpPortSetting() throws Exception {
    try (OpsHttpServer server = serverOf(demo(0, Map.of("http.port", Integer.toString(DemoSettings.DEFAULT_HTTP_PORT))))) {
      assertThat(server.port()).as("--http-port 0 wins over http.port=8080").isPositive()
          .isNotEqualTo(DemoSettings.DEFAULT_HTTP_PORT);
      assertThat(server.host()).as("the default interface").isEqualTo("127.0.0.1");
      assertThat(server.maxConnections()).as("the default limit").isEqualTo(1024);
    }
  }

  @Test
  void shouldNameATakenPortAsTheUserChoseIt() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(taken.getLocalPort());

      assertThatThrownBy(() -> serverOf(demo(taken.getLocalPort(), Map.of())))
          .hasMessageStartingWith("could not serve --http-port " + port + " on 127.0.0.1");
      assertThatThrownBy(() -> serverOf(demo(null, Map.of("http.port", port))))
          .hasMessageStartingWith("could not serve port " + port + " (the http.port setting) on 127.0.0.1");
    }
  }
}
