package io.storyline.publish.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.model.Category;
import io.storyline.common.model.TopList;
import io.storyline.common.serde.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PublishHttpApiTest {
  private static final Instant GENERATED = Instant.parse("2026-01-15T12:00:00Z");

  /** An in-memory source: a real implementation of the interface over a map. */
  static final class MapTopListSource implements TopListSource {
    final Map<String, TopList> lists = new ConcurrentHashMap<>();
    volatile String notReady;

    @Override
    public Optional<TopList> get(String list) {
      return Optional.ofNullable(lists.get(list));
    }

    @Override
    public Collection<TopList> all() {
      return List.copyOf(lists.values());
    }

    @Override
    public String notReadyReason() {
      return notReady;
    }
  }

  private final MapTopListSource source = new MapTopListSource();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient client = HttpClient.newHttpClient();
  private OpsHttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    source.lists.put("all/24h", list("all/24h", 3));
    source.lists.put("news/24h", list("news/24h", 1));
    Clock clock = Clock.fixed(GENERATED.plusSeconds(90), ZoneOffset.UTC);
    server = new OpsHttpServer("127.0.0.1", 0, registry, () -> null);
    new PublishHttpApi(source, List.of("all/24h", "news/24h", "tools/24h"), registry, clock).register(server);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
    client.close();
  }

  private static TopList list(String id, int items) {
    List<TopList.Item> xs = new java.util.ArrayList<>();
    for (int i = 1; i <= items; i++) {
      xs.add(new TopList.Item(i, "s-" + i, "Headline " + i, "Summary " + i, Category.NEWS, 10.0 / i,
          Map.of("authors", 2.0), 3, List.of("reddit"), List.of("https://example.org/" + i), i == 1 ? null : 1));
    }
    return new TopList(id, GENERATED, xs, TopList.SCHEMA_VERSION);
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeAListWhoseIdContainsASlashAsTopListJson() throws Exception {
    HttpResponse<String> response = get("/api/v1/top/all/24h");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    TopList body = Json.mapper().readValue(response.body(), TopList.class);
    assertThat(body).isEqualTo(source.lists.get("all/24h"));
    JsonNode json = Json.mapper().readTree(response.body());
    assertThat(json.get("generatedAt").asText()).isEqualTo("2026-01-15T12:00:00Z");
    assertThat(json.get("items").get(0).has("movement")).as("null movement is omitted").isFalse();
  }

  @Test
  void shouldCutItemsToTheLimit() throws Exception {
    HttpResponse<String> response = get("/api/v1/top/all/24h?limit=2");

    assertThat(response.statusCode()).isEqualTo(200);
    TopList body = Json.mapper().readValue(response.body(), TopList.class);
    assertThat(body.items()).extracting(TopList.Item::storyId).containsExactly("s-1", "s-2");
  }

  @Test
  void shouldAnswer404WithKnownListsForAnUnknownList() throws Exception {
    HttpResponse<String> response = get("/api/v1/top/foo/1d");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo(
        "{\"status\":404,\"error\":\"Not Found\",\"message\":\"unknown list 'foo/1d', known lists: all/24h, news/24h\"}");
  }

  @Test
  void shouldAnswer400ForAMalformedListId() throws Exception {
    HttpResponse<String> response = get("/api/v1/top/all");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode json = Json.mapper().readTree(response.body());
    assertThat(json.get("status").asInt()).isEqualTo(400);
    assertThat(json.get("error").asText()).isEqualTo("Bad Request");
    assertThat(json.get("message").asText()).contains("malformed list id 'all'", "all/24h");
    assertThat(get("/api/v1/top/all/24h/extra").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldAnswer400ForAnIllegalLimitOrUnknownParameter() throws Exception {
    for (String bad : List.of("0", "101", "abc", "")) {
      HttpResponse<String> response = get("/api/v1/top/all/24h?limit=" + bad);
      assertThat(response.statusCode()).as("limit=%s", bad).isEqualTo(400);
      assertThat(response.body()).isEqualTo("{\"status\":400,\"error\":\"Bad Request\",\"message\":\"illegal limit '"
          + bad + "', must be an integer between 1 and 100\"}");
    }
    HttpResponse<String> unknown = get("/api/v1/top/all/24h?limt=5");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(unknown.body()).get("message").asText())
        .isEqualTo("unknown query parameter 'limt', the only one is 'limit'");
    assertThat(get("/api/v1/top/all/24h?limit=1&limit=2").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldListPublishedListsSortedWithGeneratedAt() throws Exception {
    HttpResponse<String> response = get("/api/v1/lists");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"lists\":["
        + "{\"list\":\"all/24h\",\"generatedAt\":\"2026-01-15T12:00:00Z\",\"items\":3},"
        + "{\"list\":\"news/24h\",\"generatedAt\":\"2026-01-15T12:00:00Z\",\"items\":1}]}");
  }

  @Test
  void shouldAnswer404JsonForUnknownApiRoutes() throws Exception {
    HttpResponse<String> response = get("/api/v2/top/all/24h");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Json.mapper().readTree(response.body()).get("error").asText()).isEqualTo("Not Found");
  }

  @Test
  void shouldAnswer503WhileTheSourceIsNotReady() throws Exception {
    source.notReady = "still reading topic top-stories";

    HttpResponse<String> response = get("/api/v1/top/all/24h");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo(
        "{\"status\":503,\"error\":\"Service Unavailable\",\"message\":\"still reading topic top-stories\"}");
  }

  @Test
  void shouldExposeListAgeAndRequestCountsOnMetrics() throws Exception {
    get("/api/v1/top/all/24h");
    get("/api/v1/top/foo/1d");

    String metrics = get("/metrics").body();

    assertThat(metrics).contains("storyline_publish_list_age_seconds{list=\"all/24h\"} 90.0");
    assertThat(metrics).contains("storyline_publish_list_age_seconds{list=\"tools/24h\"} NaN");
    assertThat(metrics).contains("storyline_publish_http_requests_total{route=\"top\",status=\"200\"} 1.0");
    assertThat(metrics).contains("storyline_publish_http_requests_total{route=\"top\",status=\"404\"} 1.0");
  }
}
