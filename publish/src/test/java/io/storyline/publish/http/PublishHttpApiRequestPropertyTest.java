package io.storyline.publish.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.model.Category;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import io.storyline.common.serde.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The API's answer to any request a client can send: request targets built from the API's own path
 * pieces, percent escapes (valid, malformed and of invalid UTF-8) and query fragments, sent byte for
 * byte over a socket (a JDK client would refuse to send the malformed ones). Bad input is the
 * client's fault: it gets a 4xx naming what was wrong, never a 500.
 */
class PublishHttpApiRequestPropertyTest {
  private static final Instant GENERATED = Instant.parse("2026-01-15T12:00:00Z");
  private static final List<String> PREFIXES = List.of(PublishHttpApi.TOP_PREFIX, PublishHttpApi.STORIES_PREFIX,
      PublishHttpApi.FEEDS_PREFIX, PublishHttpApi.LISTS_PATH, PublishHttpApi.OPENAPI_PATH, "/api/", "/api/v1/top", "/",
      "//api/v1/lists", "/%");
  // first and last of each list are jqwik's edge cases: "events" alone after the top prefix is one
  private static final List<String> PIECES = List.of("events", "/", "all", "news", "24h", "7d", "events", "/events", ".", ".xml",
      ".json", "s-1", "%", "%2", "%zz", "%2F", "%41", "%C3%28", "%E2%82", "%00", "+", ";", ":", "..", "?", "=", "&",
      "limit", "=2", "=0", "=-1", "=99999999999", "~", "a", "9", "//", "%2e%2e", "{", "|", "<", "\\", "^", "`",
      "%ff", "/events");

  private static OpsHttpServer server;

  @BeforeContainer
  static void start() throws Exception {
    PublishHttpApiTest.MapTopListSource source = new PublishHttpApiTest.MapTopListSource();
    source.lists.put("all/24h", list("all/24h"));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = new OpsHttpServer("127.0.0.1", 0, registry, () -> null);
    new PublishHttpApi(source, List.of("all/24h"), registry, Clock.fixed(GENERATED, ZoneOffset.UTC)).register(server);
    server.start();
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  private static TopList list(String id) {
    return new TopList(id, GENERATED, List.of(new TopList.Item(1, "s-1", "Headline", "Summary", Category.NEWS, 1.0,
        Map.of("authors", 2.0), 3, List.of("reddit"), List.of("https://example.org/1"), null)), TopList.SCHEMA_VERSION);
  }

  @Provide
  Arbitrary<String> targets() {
    return Combinators.combine(Arbitraries.of(PREFIXES), Arbitraries.of(PIECES).list().ofMaxSize(6))
        .as((prefix, pieces) -> prefix + String.join("", pieces));
  }

  @Property(tries = 400)
  void shouldNeverAnswer500ToARequestTarget(@ForAll("targets") String target) throws Exception {
    int status = status(target);
    Statistics.collect(status);
    assertThat(status).as("status of GET %s", target).isNotEqualTo(500).isBetween(200, 503);
  }

  /**
   * Session 12: every error, also of a request target the server cannot read ({@code /%}, {@code //api/v1/lists},
   * characters a URI may not hold), is the API's one JSON error shape; the JDK's server answered those with HTML.
   */
  @Property(tries = 400)
  void shouldAnswerEveryErrorInTheJsonErrorShape(@ForAll("targets") String target) throws Exception {
    Reply reply = exchange(target);
    Statistics.collect(reply.status() >= 400 ? "error" : "ok");
    if (reply.status() >= 400) {
      assertThat(reply.contentType()).as("Content-Type of the %s for GET %s", reply.status(), target)
          .startsWith("application/json");
      JsonNode error = Json.mapper().readTree(reply.body());
      assertThat(error.fieldNames()).toIterable().as("error of GET %s", target).containsExactly("status", "error", "message");
      assertThat(error.get("status").asInt()).isEqualTo(reply.status());
    }
  }

  @Example
  void shouldAnswerAMalformedPercentEscapeWithA400InTheJsonErrorShape() throws Exception {
    Reply reply = exchange("/%");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/json");
    assertThat(Json.mapper().readTree(reply.body()).get("message").asText()).contains("% encoding");
  }

  /** The JDK's server read {@code //api/v1/lists} as host "api" and path "/v1/lists", and its 404 named that path. */
  @Example
  void shouldNameTheWholeRequestTargetOfADoubleSlashPath() throws Exception {
    Reply reply = exchange("//api/v1/lists");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(Json.mapper().readTree(reply.body()).get("message").asText()).contains("'//api/v1/lists'")
        .contains("empty segment");
  }

  /** Found by this property: the events route cut a list id out of a path too short to hold one (a 500). */
  @Example
  void shouldAnswer400ForTheEventsSuffixWithoutAListIdBeforeIt() throws Exception {
    assertThat(status(PublishHttpApi.TOP_PREFIX + "events")).isEqualTo(400);
    assertThat(status("/api/v1/top" + PublishHttpApi.EVENTS_SUFFIX)).isEqualTo(400);
  }

  /**
   * Found in session 12: a HEAD of the event stream streamed keep-alives into a response without a body for as long
   * as the client kept the connection, so the next request on that connection was never answered.
   */
  @Example
  void shouldAnswerAHeadOfTheEventStreamWithItsHeadersAndGoOnToTheNextRequest() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("HEAD /api/v1/top/all/24h/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          + "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(all).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-type: text/event-stream");
      assertThat(all.indexOf("HTTP/1.1 200 ", 1)).as("the second answer, in:%n%s", all).isPositive();
      assertThat(all).endsWith("{\"status\":\"UP\"}");
    }
  }

  /** An answer: status, Content-Type and, for an error, the body. */
  record Reply(int status, String contentType, String body) {}

  /** Sends {@code GET target} as given; reads the body of an error only (a 200 may be an endless event stream). */
  static Reply exchange(String target) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line = in.readLine();
      assertThat(line).as("status line for GET %s", target).isNotNull().startsWith("HTTP/1.1 ");
      int status = Integer.parseInt(line.substring(9, 12));
      String contentType = null;
      int length = -1;
      for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
        String name = header.substring(0, header.indexOf(':')).strip().toLowerCase(java.util.Locale.ROOT);
        String value = header.substring(header.indexOf(':') + 1).strip();
        if (name.equals("content-type")) {
          contentType = value;
        } else if (name.equals("content-length")) {
          length = Integer.parseInt(value);
        }
      }
      if (status < 400) {
        return new Reply(status, contentType, null);
      }
      assertThat(length).as("Content-Length of the %s for GET %s", status, target).isPositive();
      char[] body = new char[length];
      int read = 0;
      for (int n; read < length && (n = in.read(body, read, length - read)) > 0; ) {
        read += n;
      }
      return new Reply(status, contentType, new String(body, 0, read));
    }
  }

  /** Sends {@code GET target} as given and returns the status of the answer. */
  static int status(String target) throws Exception {
    return exchange(target).status();
  }
}
