package io.storyline.publish.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.model.Category;
import io.storyline.common.model.PostRef;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import io.storyline.common.serde.Json;
import io.storyline.publish.rank.StoryActivity;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stories, feeds, SSE, OpenAPI and the page against a real OpsHttpServer, with a hostile story. */
class PublishFeedsAndPageTest {
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
  static final String HOSTILE = "<script>window.pwned=1</script> & \"quotes\" ]]> <img src=x onerror=alert(1)>";

  /** An in-memory source with stories and list listeners. */
  static final class Source1 implements TopListSource {
    final Map<String, TopList> lists = new ConcurrentHashMap<>();
    final Map<String, Story> stories = new ConcurrentHashMap<>();
    final List<Consumer<TopList>> listeners = new CopyOnWriteArrayList<>();

    void publish(TopList list) {
      lists.put(list.list(), list);
      listeners.forEach(l -> l.accept(list));
    }

    @Override public Optional<TopList> get(String list) { return Optional.ofNullable(lists.get(list)); }
    @Override public Collection<TopList> all() { return List.copyOf(lists.values()); }
    @Override public Optional<Story> story(String id) { return Optional.ofNullable(stories.get(id)); }
    @Override public StoryActivity activity(String id) {
      Story s = stories.get(id);
      return s == null ? StoryActivity.EMPTY : StoryActivity.fold(null, null, s);
    }
    @Override public AutoCloseable onList(Consumer<TopList> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }
  }

  private final Source1 source = new Source1();
  private final HttpClient client = HttpClient.newHttpClient();
  private OpsHttpServer server;

  static Story hostileStory() {
    List<PostRef> posts = List.of(
        new PostRef("reddit:t3_x", Source.REDDIT, "javascript:alert(1)", "mallory", HOSTILE, NOW, 1.0),
        new PostRef("twitter:1", Source.TWITTER, "https://x.com/a/status/1", "alice", "fine post", NOW, 0.5));
    return new Story("s-evil", "evil " + HOSTILE, HOSTILE, "Summary " + HOSTILE, Category.NEWS, List.of(),
        List.of("javascript:alert(2)", "https://example.org/ok"), NOW.minus(Duration.ofHours(3)), NOW, 6, 4,
        Map.of(Source.REDDIT, 4, Source.TWITTER, 2), null, posts, null, List.of(), 6, Story.SCHEMA_VERSION);
  }

  static TopList listWith(String id, Story s) {
    return new TopList(id, NOW, List.of(new TopList.Item(1, s.id(), s.headline(), s.summary(), s.category(), 2.5,
        Map.of("authors", 2.5), s.postCount(), List.of("reddit", "twitter"),
        List.of("javascript:alert(1)", "https://x.com/a/status/1"), null)), TopList.SCHEMA_VERSION);
  }

  @BeforeEach
  void start() throws Exception {
    Story evil = hostileStory();
    source.stories.put(evil.id(), evil);
    source.publish(listWith("news/24h", evil));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = new OpsHttpServer("127.0.0.1", 0, registry, () -> null);
    new PublishHttpApi(source, List.of("news/24h"), registry, Clock.fixed(NOW, ZoneOffset.UTC)).register(server);
    new WebPage().register(server);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    client.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeAStoryWithItsPostsHoursAndRanksAndOnlySafeLinks() throws Exception {
    HttpResponse<String> r = get("/api/v1/stories/s-evil");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(r.body());
    assertThat(body.at("/story/headline").asText()).isEqualTo(HOSTILE);
    assertThat(body.at("/story/topPosts")).hasSize(2);
    assertThat(body.at("/story/topPosts/0/url").isMissingNode()).as("javascript: URL dropped").isTrue();
    assertThat(body.at("/story/topPosts/1/url").asText()).isEqualTo("https://x.com/a/status/1");
    assertThat(body.at("/story/links").toString()).doesNotContain("javascript:");
    assertThat(body.at("/postsPerHour")).isNotEmpty();
    assertThat(body.at("/ranks/0/list").asText()).isEqualTo("news/24h");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void shouldAnswerUnknownAndMalformedStoriesWithTheOneErrorShape() throws Exception {
    HttpResponse<String> unknown = get("/api/v1/stories/s-nope");
    HttpResponse<String> bad = get("/api/v1/stories/%3Cscript%3E");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Json.mapper().readTree(unknown.body()).get("status").asInt()).isEqualTo(404);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(bad.body()).fieldNames()).toIterable().containsExactly("status", "error", "message");
  }

  @Test
  void shouldEnrichListItemsWithStoryDetailsAndDropUnsafeLinks() throws Exception {
    JsonNode list = Json.mapper().readTree(get("/api/v1/top/news/24h").body());

    JsonNode item = list.at("/items/0");
    assertThat(item.at("/story/label").asText()).startsWith("evil <script>");
    assertThat(item.at("/story/sourceCounts/REDDIT").asInt()).isEqualTo(4);
    assertThat(item.get("links").toString()).doesNotContain("javascript:").contains("https://x.com/a/status/1");
  }

  @Test
  void shouldWriteRss20ThatRomeReadsBackWithTheHostileTextAsText() throws Exception {
    HttpResponse<String> r = get("/feeds/news/24h.xml");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/rss+xml"));
    SyndFeed feed = new SyndFeedInput().build(new StringReader(r.body()));
    assertThat(feed.getFeedType()).isEqualTo("rss_2.0");
    SyndEntry entry = feed.getEntries().get(0);
    assertThat(entry.getTitle()).isEqualTo("#1 " + HOSTILE);
    assertThat(entry.getDescription().getValue()).as("HTML-escaped for readers that render HTML")
        .isEqualTo(org.jsoup.nodes.Entities.escape("Summary " + HOSTILE)).doesNotContain("<");
    assertThat(org.jsoup.parser.Parser.unescapeEntities(entry.getDescription().getValue(), false)).isEqualTo("Summary " + HOSTILE);
    assertThat(entry.getLink()).isEqualTo("https://x.com/a/status/1");
    assertThat(r.body()).doesNotContain("<script>").doesNotContain("<img");
  }

  @Test
  void shouldWriteJsonFeed11WithPlainTextContent() throws Exception {
    HttpResponse<String> r = get("/feeds/news/24h.json");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode feed = Json.mapper().readTree(r.body());
    assertThat(feed.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
    assertThat(feed.get("title").isTextual()).isTrue();
    JsonNode item = feed.at("/items/0");
    assertThat(item.get("id").asText()).isEqualTo("storyline:s-evil");
    assertThat(item.has("content_text")).isTrue();
    assertThat(item.has("content_html")).as("post text never as HTML").isFalse();
    assertThat(item.get("url").asText()).startsWith("https://");
  }

  @Test
  void shouldAnswerUnknownFeedsWith404AndBadListIdsWith400() throws Exception {
    assertThat(get("/feeds/tools/24h.xml").statusCode()).isEqualTo(404);
    assertThat(get("/feeds/bogus.xml").statusCode()).isEqualTo(400);
    assertThat(get("/feeds/news/24h.atom").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldServeAnOpenApiDocumentThatParsesAndNamesEveryRoute() throws Exception {
    HttpResponse<String> r = get("/api/v1/openapi.json");

    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/v1/lists", "/api/v1/top/{scope}/{window}",
        "/api/v1/top/{scope}/{window}/events", "/api/v1/stories/{id}", "/feeds/{scope}/{window}.xml",
        "/feeds/{scope}/{window}.json");
  }

  @Test
  void shouldStreamTheCurrentListThenEveryNewVersionAsServerSentEvents() throws Exception {
    HttpResponse<java.io.InputStream> r = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/top/news/24h/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    List<String> data = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("data: ")) {
            data.add(line.substring(6));
          }
        }
      } catch (java.io.IOException e) {
        // the stream closes with the server
      }
    });
    await("the current list as the first event").atMost(Duration.ofSeconds(10)).until(() -> data.size() >= 1);

    Story other = new Story("s-new", "new", "A new story", "", Category.NEWS, List.of(), List.of(), NOW, NOW, 9, 9,
        Map.of(), null, List.of(), null, List.of(), 1, Story.SCHEMA_VERSION);
    source.publish(listWith("news/24h", other));

    await("the new version as the next event").atMost(Duration.ofSeconds(10)).until(() -> data.size() >= 2);
    assertThat(Json.mapper().readTree(data.get(1)).at("/items/0/storyId").asText()).isEqualTo("s-new");
    assertThat(get("/api/v1/top/all/0h/events").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/top/tools/24h/events").statusCode()).isEqualTo(404);
    reader.interrupt();
  }

  @Test
  void shouldServeThePageWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = get("/");
    HttpResponse<String> js = get("/assets/app.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("data-list=\"news/24h\"", "data-list=\"tools/24h\"", "data-list=\"papers/24h\"");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        v -> assertThat(v).contains("script-src 'self'").doesNotContain("unsafe-inline"));
    assertThat(js.body()).contains("textContent").doesNotContain("innerHTML");
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }
}
