package io.storyline.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection limit of an {@link OpsHttpServer}: a flood of idle connections waits in the accept queue instead of
 * taking the process's file descriptors (found in session 12: 305 idle connections used up the 450 descriptors of a
 * running publish stage, and Jetty's acceptor failed with "Too many open files").
 */
class OpsHttpServerConnectionLimitTest {
  private static final int LIMIT = 8;

  private OpsHttpServer server;
  private final List<Socket> idle = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new OpsHttpServer("127.0.0.1", 0, LIMIT, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> null);
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : idle) {
      s.close();
    }
    server.close();
  }

  @Test
  void shouldLeaveAClientBeyondTheLimitWaitingUntilAConnectionClosesThenAnswerIt() throws IOException {
    for (int i = 0; i < LIMIT; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      idle.add(s);
      // each counted connection is one the server accepted: it answers on it
      assertThat(statusLine(s, 5_000)).as("connection %d of %d", i + 1, LIMIT).isEqualTo("HTTP/1.1 200 OK");
    }
    try (Socket beyond = new Socket()) {
      // the TCP handshake completes in the accept queue; the server does not take the connection yet
      beyond.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      assertThatThrownBy(() -> statusLine(beyond, 1_000)).as("no answer while %d connections are open", LIMIT)
          .isInstanceOf(SocketTimeoutException.class);

      idle.removeFirst().close();

      assertThat(statusLine(beyond, 10_000)).as("answered once a connection closed").isEqualTo("HTTP/1.1 200 OK");
    }
  }

  @Test
  void shouldRefuseALimitBelowOne() {
    assertThatThrownBy(() -> new OpsHttpServer("127.0.0.1", 0, 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        () -> null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections 0");
  }

  /** Sends a keep-alive {@code GET /health/live} on {@code s} and reads the status line within {@code timeoutMs}. */
  private static String statusLine(Socket s, int timeoutMs) throws IOException {
    s.setSoTimeout(timeoutMs);
    s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    return in.readLine();
  }
}
