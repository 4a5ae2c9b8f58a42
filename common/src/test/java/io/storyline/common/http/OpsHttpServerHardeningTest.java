package io.storyline.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.common.serde.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ops server (/metrics, /health/*, added routes) over raw HTTP/1.1: read-only methods, request size
 * limits and security headers on every response, including rejections and unknown paths.
 */
class OpsHttpServerHardeningTest {
  private OpsHttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = new OpsHttpServer("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> "not yet <b>");
    server.route("/boom", ex -> {
      throw new IllegalStateException("internal detail that must not reach the client");
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A parsed HTTP/1.1 response. */
  record Reply(int status, Map<String, String> headers, String body) {
    JsonNode json() throws IOException {
      return Json.mapper().readTree(body);
    }
  }

  /** Sends {@code head} (request line and headers, CRLF-terminated, without the blank line) and {@code body}. */
  private Reply send(String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        in.transferTo(all);
      } catch (java.net.SocketException reset) {
        // the server may close before reading an unwanted body: what it sent is complete
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      assertThat(split).as("a complete response head in: %s", text).isPositive();
      String[] lines = text.substring(0, split).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
      return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(split + 4));
    }
  }

  private Reply get(String target) throws IOException {
    return send("GET " + target + " HTTP/1.1\r\n", new byte[0]);
  }

  private static void assertSafeHeaders(Reply r) {
    assertThat(r.headers()).containsEntry("x-content-type-options", "nosniff")
        .containsEntry("referrer-policy", "no-referrer")
        .containsEntry("x-frame-options", "DENY")
        .containsKey("content-security-policy")
        .containsKey("cache-control");
    assertThat(r.headers().get("content-security-policy")).contains("frame-ancestors 'none'");
  }

  private static void assertErrorShape(Reply r, int status) throws IOException {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.headers().get("content-type")).startsWith("application/json");
    assertThat(r.json().fieldNames()).toIterable().containsExactly("status", "error", "message");
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
  }

  @Test
  void shouldSetTheSecurityHeadersOnMetricsHealthAndUnknownPaths() throws IOException {
    for (String path : List.of("/metrics", "/health/live", "/health/ready", "/nothing/here")) {
      Reply r = get(path);
      assertSafeHeaders(r);
      assertThat(r.headers().get("content-security-policy")).as(path).isEqualTo(HttpHardening.DEFAULT_CSP);
    }
    assertErrorShape(get("/nothing/here"), 404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT"})
  void shouldRejectEveryWritingMethodWith405AndAnAllowHeader(String method) throws IOException {
    // CONNECT's request target is a host and port (RFC 9110 9.3.6), here the Host header's; with a path it is a
    // malformed request (400)
    String target = "CONNECT".equals(method) ? "127.0.0.1:80" : "/metrics";
    Reply r = send(method + " " + target + " HTTP/1.1\r\nContent-Length: 0\r\n", new byte[0]);

    assertErrorShape(r, 405);
    assertThat(r.headers()).containsEntry("allow", HttpHardening.ALLOW);
    assertThat(r.json().get("message").asText()).contains(method, "read-only");
    assertSafeHeaders(r);
  }

  @Test
  void shouldAnswerOptionsWithTheAllowedMethodsAndNoBody() throws IOException {
    Reply r = send("OPTIONS /health/live HTTP/1.1\r\n", new byte[0]);

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.headers()).containsEntry("allow", HttpHardening.ALLOW);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void shouldRejectARequestTargetOverTheLimitWith414() throws IOException {
    Reply ok = get("/health/live?" + "a".repeat(HttpHardening.MAX_URI_CHARS - 20));
    Reply tooLong = get("/health/live?" + "a".repeat(HttpHardening.MAX_URI_CHARS));

    assertThat(ok.status()).isEqualTo(200);
    assertErrorShape(tooLong, 414);
    assertThat(tooLong.json().get("message").asText()).contains(Integer.toString(HttpHardening.MAX_URI_CHARS));
  }

  @Test
  void shouldRejectHeadersOverTheLimitWith431() throws IOException {
    String big = "X-Filler: " + "b".repeat(HttpHardening.MAX_HEADER_BYTES) + "\r\n";
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= HttpHardening.MAX_HEADER_COUNT; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }

    assertErrorShape(send("GET /health/live HTTP/1.1\r\n" + big, new byte[0]), 431);
    assertErrorShape(send("GET /health/live HTTP/1.1\r\n" + many, new byte[0]), 431);
  }

  @Test
  void shouldRejectAnyRequestBodyWith413() throws IOException {
    byte[] body = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);

    Reply sized = send("GET /health/live HTTP/1.1\r\nContent-Length: " + body.length + "\r\n", body);
    Reply chunked = send("GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n",
        "5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    assertErrorShape(sized, 413);
    assertErrorShape(chunked, 413);
    assertSafeHeaders(sized);
  }

  @Test
  void shouldAnswerAFailingHandlerWithAJson500WithoutItsDetails() throws IOException {
    Reply r = get("/boom");

    assertErrorShape(r, 500);
    assertThat(r.body()).doesNotContain("internal detail").doesNotContain("IllegalStateException");
  }

  @Test
  void shouldWriteErrorJsonThatStaysInertInHtmlAndScript() throws IOException {
    String json = HttpHardening.errorJson(400, "Bad Request", "bad '</script><img src=x onerror=alert(1)>' & \u2028 \u2029");

    assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028")
        .doesNotContain("\u2029");
    assertThat(Json.mapper().readTree(json).get("message").asText())
        .isEqualTo("bad '</script><img src=x onerror=alert(1)>' & \u2028 \u2029");
    Reply ready = get("/health/ready");
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().get("reason").asText()).isEqualTo("not yet <b>");
  }

  /**
   * Every kind of request the JDK's HTTP server (the server before session 12) refused before any route ran, each
   * answered there with its own HTML page ({@code <h1>400 Bad Request</h1>URISyntaxException thrown}), and more
   * that Jetty refuses: a malformed percent escape, characters a URI may not hold, an empty path segment (the JDK
   * read {@code //health/live} as the host "health"), an encoded slash, a request line or header field that is not
   * HTTP, contradictory or malformed body lengths, the asterisk form on GET.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "GET /% HTTP/1.1\r\n",
      "GET /health/%zz HTTP/1.1\r\n",
      "GET /health/live%2 HTTP/1.1\r\n",
      "GET /health/{live} HTTP/1.1\r\n",
      "GET /health/live|ready HTTP/1.1\r\n",
      "GET /metrics?name=<b> HTTP/1.1\r\n",
      "GET /metrics?x=%zz HTTP/1.1\r\n",
      "GET //health/live HTTP/1.1\r\n",
      "GET /health%2Flive HTTP/1.1\r\n",
      "GET /health/%2e%2e/metrics HTTP/1.1\r\n",
      "GET * HTTP/1.1\r\n",
      "GARBAGE\r\n",
      "GET /health/live HTTP/1.1\r\nBad Name: y\r\n",
      "GET /health/live HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n",
      "GET /health/live HTTP/1.1\r\nContent-Length: abc\r\n",
      "GET /health/live HTTP/1.1\r\nContent-Length: -1\r\n",
      "GET /health/live HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n",
  })
  void shouldAnswerARequestTheServerCannotReadInTheJsonErrorShapeWithTheSecurityHeaders(String head)
      throws IOException {
    Reply r = send(head, new byte[0]);

    assertThat(r.status()).as("status of %s", head).isBetween(400, 499);
    assertErrorShape(r, r.status());
    assertSafeHeaders(r);
    assertThat(r.body()).doesNotContain("<h1>").doesNotContain("<html");
    assertThat(r.json().get("message").asText()).as("message for %s", head).isNotBlank();
  }

  @Test
  void shouldAnswerAnUnsupportedTransferEncodingInTheJsonErrorShape() throws IOException {
    // the JDK server answered 501 with HTML; a body is refused anyway (413) before or after reading the coding
    Reply r = send("GET /health/live HTTP/1.1\r\nTransfer-Encoding: gzip\r\n", new byte[0]);

    assertThat(r.status()).isBetween(400, 501);
    assertErrorShape(r, r.status());
  }

  @Test
  void shouldAnswerARequestLineAndHeadersBeyondWhatTheServerReadsWithAJson431() throws IOException {
    String huge = "X-Filler: " + "c".repeat(OpsHttpServer.MAX_JETTY_HEADER_BYTES) + "\r\n";

    Reply r = send("GET /health/live HTTP/1.1\r\n" + huge, new byte[0]);

    assertErrorShape(r, 431);
    assertSafeHeaders(r);
  }

  @Test
  void shouldNameTheRequestTargetInTheErrorOfAnEmptyPathSegment() throws IOException {
    Reply r = get("//health/live");

    assertErrorShape(r, 400);
    assertThat(r.json().get("message").asText()).contains("//health/live").containsIgnoringCase("empty segment");
  }

  /** What Prometheus 2.x sends when it scrapes (scrape/scrape.go, {@code scrapeAcceptHeader}). */
  static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
      + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  @Test
  void shouldServeOpenMetricsToAScraperThatAsksForIt() throws IOException {
    Reply r = send("GET /metrics HTTP/1.1\r\nAccept: " + PROMETHEUS_ACCEPT + "\r\n", new byte[0]);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("content-type")).startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(r.body()).endsWith("# EOF\n");
  }

  @Test
  void shouldServeThePrometheusTextFormatWithoutAnAcceptHeaderOrForPlainText() throws IOException {
    for (String accept : List.of("", "Accept: text/plain\r\n", "Accept: */*\r\n")) {
      Reply r = send("GET /metrics HTTP/1.1\r\n" + accept, new byte[0]);

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().get("content-type")).as(accept).startsWith("text/plain; version=0.0.4");
      assertThat(r.body()).doesNotContain("# EOF");
    }
  }

  @Test
  void shouldReleaseItsPortWhenClosedWithoutHavingStarted() throws IOException {
    OpsHttpServer unstarted = new OpsHttpServer("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        () -> null);
    int port = unstarted.port();

    unstarted.close();

    try (java.net.ServerSocket again = new java.net.ServerSocket()) {
      again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }
}
