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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.common.model.PostRef;
import io.storyline.common.model.Story;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
  /** Prefix of the story route. */
  public static final String STORIES_PREFIX = "/api/v1/stories/";
  /** The OpenAPI document. */
  public static final String OPENAPI_PATH = "/api/v1/openapi.json";
  /** Prefix of the feeds: {@code /feeds/<list>.xml} (RSS 2.0) and {@code /feeds/<list>.json} (JSON Feed 1.1). */
  public static final String FEEDS_PREFIX = "/feeds/";
  /** Suffix of the Server-Sent Events route of a list. */
  public static final String EVENTS_SUFFIX = "/events";
  /** Seconds between SSE keep-alive comments. */
  static final long KEEPALIVE_SECONDS = 15;
  /** Largest accepted {@code limit}. */
  public static final int MAX_LIMIT = 100;

  private static final Logger log = LoggerFactory.getLogger(PublishHttpApi.class);
  private static final String JSON = "application/json";
  private static final java.util.regex.Pattern STORY_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,100}");

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
    server.route(TOP_PREFIX, ex -> {
      // the suffix must follow a list id: /api/v1/top/events is the list id "events" (malformed, 400)
      if (ex.getRequestURI().getRawPath().substring(TOP_PREFIX.length()).endsWith(EVENTS_SUFFIX)) {
        events(ex);
      } else {
        guarded("top", ex, () -> top(ex));
      }
    });
    server.route(LISTS_PATH, ex -> guarded("lists", ex, () -> lists(ex)));
    server.route(STORIES_PREFIX, ex -> guarded("story", ex, () -> story(ex)));
    server.route(OPENAPI_PATH, ex -> openApi(ex));
    server.route(FEEDS_PREFIX, ex -> feed(ex));
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
        .<Response>map(list -> new Response(200, enrich(cut(list, limit))))
        .orElseGet(() -> new Response(404, ApiError.notFound("unknown list '" + id + "', known lists: " + known())));
  }

  /** {@code GET /api/v1/stories/{id}}: the story snapshot, its posts per hour and its current ranks. */
  private Response story(HttpExchange ex) {
    String path = ex.getRequestURI().getRawPath();
    String id = URLDecoder.decode(path.substring(STORIES_PREFIX.length()), StandardCharsets.UTF_8);
    if (!STORY_ID.matcher(id).matches()) {
      return new Response(400, ApiError.badRequest("malformed story id '" + id
          + "', must be 1 to 64 letters, digits, '-', '_', ':' or '.'"));
    }
    if (ex.getRequestURI().getRawQuery() != null && !ex.getRequestURI().getRawQuery().isEmpty()) {
      return new Response(400, ApiError.badRequest("unknown query parameters '" + ex.getRequestURI().getRawQuery()
          + "', " + STORIES_PREFIX + "{id} takes none"));
    }
    String notReady = source.notReadyReason();
    if (notReady != null) {
      return new Response(503, ApiError.unavailable(notReady));
    }
    Optional<Story> story = source.story(id);
    if (story.isEmpty()) {
      return new Response(404, ApiError.notFound("unknown story '" + id + "' (unknown, merged, or older than the view keeps)"));
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.set("story", storyNode(story.get()));
    ArrayNode hours = body.putArray("postsPerHour");
    source.activity(id).hourly().forEach((hour, posts) -> {
      ObjectNode h = hours.addObject();
      h.put("hour", Instant.ofEpochMilli(hour * 3_600_000L).toString());
      h.put("posts", posts);
    });
    ArrayNode ranks = body.putArray("ranks");
    source.all().stream().sorted(Comparator.comparing(TopList::list)).forEach(l -> l.items().stream()
        .filter(i -> i.storyId().equals(id)).findFirst().ifPresent(i -> {
          ObjectNode r = ranks.addObject();
          r.put("list", l.list());
          r.put("rank", i.rank());
          r.put("score", i.score());
          r.set("scoreParts", Json.mapper().valueToTree(i.scoreParts()));
        }));
    return new Response(200, body);
  }

  /** A story as JSON, its top posts' URLs kept only when they are http(s). */
  private static ObjectNode storyNode(Story story) {
    ObjectNode node = Json.mapper().valueToTree(story);
    node.remove("terms");
    ArrayNode posts = node.putArray("topPosts");
    for (PostRef p : story.topPosts()) {
      ObjectNode post = Json.mapper().valueToTree(p);
      if (!Feeds.safeLink(p.url())) {
        post.remove("url");
      }
      posts.add(post);
    }
    ArrayNode links = node.putArray("links");
    story.links().stream().filter(Feeds::safeLink).forEach(links::add);
    return node;
  }

  /** A list as JSON with each item's story details ({@code label, firstSeen, lastSeen, sourceCounts, topPosts}). */
  private ObjectNode enrich(TopList list) {
    ObjectNode node = Json.mapper().valueToTree(list);
    ArrayNode items = (ArrayNode) node.get("items");
    for (int i = 0; i < list.items().size(); i++) {
      ObjectNode item = (ObjectNode) items.get(i);
      ArrayNode links = item.putArray("links");
      list.items().get(i).links().stream().filter(Feeds::safeLink).forEach(links::add);
      source.story(list.items().get(i).storyId()).ifPresent(s -> {
        ObjectNode details = storyNode(s);
        ObjectNode story = item.putObject("story");
        for (String field : List.of("label", "firstSeen", "lastSeen", "authorCount", "sourceCounts", "topPosts")) {
          if (details.has(field)) {
            story.set(field, details.get(field));
          }
        }
      });
    }
    return node;
  }

  /** {@code GET /api/v1/top/{list}/events}: Server-Sent Events, one {@code list} event per new version. */
  private void events(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String id = path.substring(TOP_PREFIX.length(), path.length() - EVENTS_SUFFIX.length());
    if (!ListDefinition.ID_PATTERN.matcher(id).matches()) {
      guarded("events", ex, () -> new Response(400, ApiError.badRequest("malformed list id '" + id
          + "' in path " + path + ", must be <scope>/<window> like all/24h")));
      return;
    }
    if (source.get(id).isEmpty() && source.notReadyReason() == null) {
      guarded("events", ex, () -> new Response(404, ApiError.notFound("unknown list '" + id + "', known lists: " + known())));
      return;
    }
    if ("HEAD".equals(ex.getRequestMethod())) {
      // the headers of the stream and no body: a stream here would hold the connection for good
      ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, -1);
      return;
    }
    BlockingQueue<TopList> queue = new ArrayBlockingQueue<>(16);
    try (AutoCloseable subscription = source.onList(l -> {
      if (l.list().equals(id) && !queue.offer(l)) {
        queue.poll();
        queue.offer(l);
      }
    })) {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      ex.sendResponseHeaders(200, 0);
      Counter.builder("storyline.publish.http.requests").description("API requests by route and status")
          .tag("route", "events").tag("status", "200").register(registry).increment();
      OutputStream out = ex.getResponseBody();
      Optional<TopList> current = source.get(id);
      if (current.isPresent()) {
        sendEvent(out, current.get());
      } else {
        out.write(": waiting for the first version of the list\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      while (!Thread.currentThread().isInterrupted()) {
        TopList next = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        if (next == null) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
        } else {
          sendEvent(out, next);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.debug("SSE client of {} went away: {}", id, e.getMessage());
    } catch (Exception e) {
      log.warn("SSE stream of {} failed", id, e);
    }
  }

  private void sendEvent(OutputStream out, TopList list) throws IOException {
    String data = SafeJson.writer().writeValueAsString(enrich(list));
    String event = "event: list\nid: " + list.generatedAt().toEpochMilli() + "\ndata: " + data + "\n\n";
    out.write(event.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 document of this API, from the classpath. */
  private void openApi(HttpExchange ex) throws IOException {
    try (InputStream in = PublishHttpApi.class.getResourceAsStream("/web/openapi.json")) {
      if (in == null) {
        guarded("openapi", ex, () -> new Response(500, ApiError.internal("the OpenAPI document is missing from the classpath")));
        return;
      }
      OpsHttpServer.respond(ex, 200, JSON, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** {@code GET /feeds/{scope}/{window}.xml|.json}. */
  private void feed(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String rest = path.substring(FEEDS_PREFIX.length());
    boolean rss = rest.endsWith(".xml");
    boolean json = rest.endsWith(".json");
    if (!rss && !json) {
      guarded("feed", ex, () -> new Response(404, ApiError.notFound("no feed at " + path
          + ", feeds are " + FEEDS_PREFIX + "<list>.xml (RSS 2.0) and " + FEEDS_PREFIX + "<list>.json (JSON Feed 1.1)")));
      return;
    }
    String id = rest.substring(0, rest.lastIndexOf('.'));
    if (!ListDefinition.ID_PATTERN.matcher(id).matches()) {
      guarded("feed", ex, () -> new Response(400, ApiError.badRequest("malformed list id '" + id
          + "' in path " + path + ", must be <scope>/<window> like all/24h")));
      return;
    }
    Optional<TopList> list = source.get(id);
    if (list.isEmpty()) {
      guarded("feed", ex, () -> new Response(source.notReadyReason() != null ? 503 : 404,
          source.notReadyReason() != null ? ApiError.unavailable(source.notReadyReason())
              : ApiError.notFound("unknown list '" + id + "', known lists: " + known())));
      return;
    }
    String host = ex.getRequestHeaders().getFirst("Host");
    String base = "http://" + (host == null || !HOST.matcher(host).matches() ? "localhost" : host);
    Counter.builder("storyline.publish.http.requests").description("API requests by route and status")
        .tag("route", "feed").tag("status", "200").register(registry).increment();
    if (rss) {
      OpsHttpServer.respond(ex, 200, "application/rss+xml; charset=utf-8", Feeds.rss(list.get(), base));
    } else {
      OpsHttpServer.respond(ex, 200, "application/feed+json; charset=utf-8", Feeds.jsonFeed(list.get(), base));
    }
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
      body = SafeJson.writer().writeValueAsString(response.body());
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
