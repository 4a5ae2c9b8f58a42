package io.storyline.publish.http;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.model.TopList;
import io.storyline.common.serde.Json;
import io.storyline.publish.rank.ListDefinition;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only JSON API over the published lists, registered on an {@link OpsHttpServer}:
 *
 * <ul>
 *   <li>{@code GET /api/v1/top/{scope}/{window}[?limit=n]}, e.g. {@code /api/v1/top/all/24h}: the
 *       latest {@link TopList} as JSON (shared {@link Json} mapper), its items cut to {@code limit}
 *       (an integer 1..100, default all);
 *   <li>{@code GET /api/v1/lists}: {@code {"lists":[{"list":"all/24h","generatedAt":"...","items":10},...]}},
 *       sorted by list id;
 *   <li>anything else under {@code /api/}: 404.
 * </ul>
 *
 * Errors are always {@link ApiError} JSON: 400 for a malformed list id, an unknown or repeated query
 * parameter, or a bad {@code limit}; 404 for an unknown list or route; 503 while the source has not
 * caught up. Meters: {@code storyline_publish_http_requests_total{route,status}} and per configured
 * list {@code storyline_publish_list_age_seconds{list}} (now − generatedAt, NaN until published).
 * Thread-safe.
 */
public final class PublishHttpApi {
  /** Prefix of the list route. */
  public static final String TOP_PREFIX = "/api/v1/top/";
  /** The list index route. */
  public static final String LISTS_PATH = "/api/v1/lists";
  /** Largest accepted {@code limit}. */
  public static final int MAX_LIMIT = 100;

  private static final Logger log = LoggerFactory.getLogger(PublishHttpApi.class);
  private static final String JSON = "application/json";

  private final TopListSource source;
  private final MeterRegistry registry;

  /**
   * @param source where lists are read from; may not be null
   * @param listIds the configured list ids, one age gauge each; may not be null
   * @param registry where the API's meters go; may not be null
   * @param clock the clock for list age; may not be null
   */
  public PublishHttpApi(TopListSource source, List<String> listIds, MeterRegistry registry, Clock clock) {
    this.source = Objects.requireNonNull(source, "source can't be null");
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
    Objects.requireNonNull(clock, "clock can't be null");
    for (String id : Objects.requireNonNull(listIds, "listIds can't be null")) {
      Gauge.builder("storyline.publish.list.age", source, s -> ageSeconds(s, id, clock))
          .description("Seconds since the latest published list was generated (by its own clock)")
          .baseUnit("seconds")
          .tag("list", id)
          .register(registry);
    }
  }

  /**
   * Adds the API routes to a server that has not started yet.
   *
   * @param server the server; may not be null
   * @return the server
   */
  public OpsHttpServer register(OpsHttpServer server) {
    Objects.requireNonNull(server, "server can't be null");
    server.route(TOP_PREFIX, ex -> guarded("top", ex, () -> top(ex)));
    server.route(LISTS_PATH, ex -> guarded("lists", ex, () -> lists(ex)));
    server.route("/api/", ex -> guarded("other", ex, () -> new Response(404,
        ApiError.notFound("no route " + ex.getRequestURI().getRawPath() + ", try " + LISTS_PATH))));
    return server;
  }

  private Response top(HttpExchange ex) {
    String path = ex.getRequestURI().getRawPath();
    String id = path.substring(TOP_PREFIX.length());
    if (!ListDefinition.ID_PATTERN.matcher(id).matches()) {
      return new Response(400, ApiError.badRequest("malformed list id '" + id
          + "' in path " + path + ", must be <scope>/<window> like all/24h"));
    }
    Map<String, String> params;
    Integer limit;
    try {
      params = query(ex.getRequestURI().getRawQuery());
      limit = limit(params);
    } catch (IllegalArgumentException e) {
      return new Response(400, ApiError.badRequest(e.getMessage()));
    }
    String notReady = source.notReadyReason();
    if (notReady != null) {
      return new Response(503, ApiError.unavailable(notReady));
    }
    return source.get(id)
        .<Response>map(list -> new Response(200, cut(list, limit)))
        .orElseGet(() -> new Response(404, ApiError.notFound("unknown list '" + id + "', known lists: " + known())));
  }

  private Response lists(HttpExchange ex) {
    String path = ex.getRequestURI().getRawPath();
    if (!LISTS_PATH.equals(path)) {
      return new Response(404, ApiError.notFound("no route " + path + ", try " + LISTS_PATH));
    }
    try {
      query(ex.getRequestURI().getRawQuery()).keySet().stream().findFirst().ifPresent(k -> {
        throw new IllegalArgumentException("unknown query parameter '" + k + "', " + LISTS_PATH + " takes none");
      });
    } catch (IllegalArgumentException e) {
      return new Response(400, ApiError.badRequest(e.getMessage()));
    }
    String notReady = source.notReadyReason();
    if (notReady != null) {
      return new Response(503, ApiError.unavailable(notReady));
    }
    List<ListSummary> summaries =
        source.all().stream()
            .sorted(Comparator.comparing(TopList::list))
            .map(l -> new ListSummary(l.list(), l.generatedAt(), l.items().size()))
            .toList();
    return new Response(200, new ListIndex(summaries));
  }

  private String known() {
    String ids = source.all().stream().map(TopList::list).sorted().collect(Collectors.joining(", "));
    return ids.isEmpty() ? "(none published yet)" : ids;
  }

  private static TopList cut(TopList list, Integer limit) {
    if (limit == null || list.items().size() <= limit) {
      return list;
    }
    return new TopList(list.list(), list.generatedAt(), list.items().subList(0, limit), list.schemaVersion());
  }

  private static Integer limit(Map<String, String> params) {
    for (String key : params.keySet()) {
      if (!"limit".equals(key)) {
        throw new IllegalArgumentException("unknown query parameter '" + key + "', the only one is 'limit'");
      }
    }
    String raw = params.get("limit");
    if (raw == null) {
      return null;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // fall through to the common message
    }
    throw new IllegalArgumentException("illegal limit '" + raw + "', must be an integer between 1 and " + MAX_LIMIT);
  }

  /** Parses a raw query string; a repeated or empty-named parameter is an error. */
  private static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (key.isEmpty()) {
        throw new IllegalArgumentException("malformed query parameter '" + pair + "', must be name=value");
      }
      if (params.put(key, value) != null) {
        throw new IllegalArgumentException("query parameter '" + key + "' is given more than once");
      }
    }
    return params;
  }

  private void guarded(String route, HttpExchange ex, ResponseSupplier handler) throws IOException {
    Response response;
    try {
      response = handler.get();
    } catch (RuntimeException e) {
      log.error("API request {} failed", ex.getRequestURI(), e);
      response = new Response(500, ApiError.internal("the request failed on the server; see its log"));
    }
    String body;
    try {
      body = Json.mapper().writeValueAsString(response.body());
    } catch (JsonProcessingException e) {
      log.error("Could not write the response to {} as JSON", ex.getRequestURI(), e);
      response = new Response(500, ApiError.internal("the response could not be written as JSON"));
      body = "{\"status\":500,\"error\":\"Internal Server Error\",\"message\":\"the response could not be written as JSON\"}";
    }
    Counter.builder("storyline.publish.http.requests")
        .description("API requests by route and status")
        .tag("route", route)
        .tag("status", Integer.toString(response.status()))
        .register(registry)
        .increment();
    OpsHttpServer.respond(ex, response.status(), JSON, body);
  }

  private static double ageSeconds(TopListSource source, String id, Clock clock) {
    return source.get(id)
        .map(l -> Duration.between(l.generatedAt(), clock.instant()).toMillis() / 1000.0)
        .orElse(Double.NaN);
  }

  @FunctionalInterface
  private interface ResponseSupplier {
    Response get();
  }

  private record Response(int status, Object body) {}

  /**
   * One entry of {@code GET /api/v1/lists}.
   *
   * @param list the list id
   * @param generatedAt when the latest version was generated
   * @param items number of items in it
   */
  @JsonPropertyOrder({"list", "generatedAt", "items"})
  public record ListSummary(String list, Instant generatedAt, int items) {}

  /**
   * The body of {@code GET /api/v1/lists}.
   *
   * @param lists the published lists, sorted by id
   */
  public record ListIndex(List<ListSummary> lists) {}
}
