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
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * One hostile story, every output the publish server writes post text into, each checked for its own
 * context: the JSON API (list, story, error), the SSE stream, the RSS 2.0 feed and the JSON Feed. The
 * page and the story page are checked in a real browser by {@code StoryPageBrowserIT}.
 */
class HostileContentEscapingTest {
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

  /** Markup, attribute breakout, a CDATA end, a script end inside JSON, control chars, JS line separators, RTL override, a lone surrogate. */
  static final String PAYLOAD = "<script>window.pwned=1</script>\"><img src=x onerror=\"window.pwned=2\">'"
      + " ]]> </script><!-- & &amp; \u0000\u0001\u0007\u001b\u000b ctl \u2028ls\u2029ps \u202Ertl 😀 \uD800lone";
  /** Links no output may turn into an href: script, data and scheme-less ones. */
  static final List<String> BAD_LINKS = List.of("javascript:window.pwned=3", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x", "/relative");
  static final String GOOD_LINK = "https://example.org/ok?a=1&b=%3C2%3E";

  private final PublishFeedsAndPageTest.Source1 source = new PublishFeedsAndPageTest.Source1();
  private final HttpClient client = HttpClient.newHttpClient();
  private OpsHttpServer server;

  static Story story() {
    List<PostRef> posts = new java.util.ArrayList<>();
    for (int i = 0; i < BAD_LINKS.size(); i++) {
      posts.add(new PostRef("reddit:t3_" + i, Source.REDDIT, BAD_LINKS.get(i), "mallory" + PAYLOAD, PAYLOAD, NOW, 1.0));
    }
    posts.add(new PostRef("twitter:1", Source.TWITTER, GOOD_LINK, "alice", "fine " + PAYLOAD, NOW, 0.5));
    List<String> links = new java.util.ArrayList<>(BAD_LINKS);
    links.add(GOOD_LINK);
    return new Story("s-hostile", PAYLOAD, PAYLOAD, PAYLOAD, Category.NEWS, List.of(PAYLOAD), links,
        NOW.minus(Duration.ofHours(2)), NOW, 8, 3, Map.of(Source.REDDIT, 7, Source.TWITTER, 1), null, posts, null,
        List.of(), 3, Story.SCHEMA_VERSION);
  }

  static TopList list(Story s) {
    List<String> links = new java.util.ArrayList<>(BAD_LINKS);
    links.add(GOOD_LINK);
    return new TopList("news/24h", NOW, List.of(new TopList.Item(1, s.id(), s.headline(), s.summary(), s.category(), 3.0,
        Map.of("authors", 3.0), s.postCount(), List.of("reddit", "twitter"), links, null)), TopList.SCHEMA_VERSION);
  }

  @BeforeEach
  void start() throws Exception {
    Story s = story();
    source.stories.put(s.id(), s);
    source.publish(list(s));
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

  private HttpResponse<String> get(String rawPath) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + rawPath)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Bytes that would end a script block, open markup, end CDATA or end a JavaScript line. */
  private static void assertNoActiveBytes(String body) {
    assertThat(body).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028")
        .doesNotContain("\u2029");
    assertThat(body.chars().filter(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t').count())
        .as("raw control characters").isZero();
  }

  @Test
  void shouldWriteTheListApiAsJsonThatRoundTripsTheTextAndCarriesNoMarkupOrUnsafeLink() throws Exception {
    HttpResponse<String> r = get("/api/v1/top/news/24h");

    assertThat(r.statusCode()).isEqualTo(200);
    assertNoActiveBytes(r.body());
    JsonNode item = Json.mapper().readTree(r.body()).at("/items/0");
    assertThat(item.get("headline").asText()).isEqualTo(PAYLOAD.replace("\uD800", "?"));
    assertThat(item.get("links")).extracting(JsonNode::asText).containsExactly(GOOD_LINK);
    assertThat(item.at("/story/topPosts")).extracting(p -> p.path("url").asText(null)).containsOnly(null, GOOD_LINK);
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void shouldWriteTheStoryApiAsJsonThatRoundTripsTheTextAndDropsUnsafeUrls() throws Exception {
    HttpResponse<String> r = get("/api/v1/stories/s-hostile");

    assertThat(r.statusCode()).isEqualTo(200);
    assertNoActiveBytes(r.body());
    JsonNode story = Json.mapper().readTree(r.body()).get("story");
    assertThat(story.get("summary").asText()).isEqualTo(PAYLOAD.replace("\uD800", "?"));
    assertThat(story.get("links")).extracting(JsonNode::asText).containsExactly(GOOD_LINK);
    assertThat(story.get("topPosts")).hasSize(BAD_LINKS.size() + 1);
    assertThat(story.get("topPosts")).filteredOn(p -> p.has("url")).extracting(p -> p.get("url").asText())
        .containsExactly(GOOD_LINK);
  }

  @Test
  void shouldEchoAHostileRequestPathInAnErrorBodyOnlyAsInertJson() throws Exception {
    HttpResponse<String> badStory = get("/api/v1/stories/%3Cscript%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
    HttpResponse<String> badList = get("/api/v1/top/%3Cscript%3E/x");
    HttpResponse<String> noPage = get("/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    // an encoded '/' is refused before any route (ambiguous path separator), echoing the target
    HttpResponse<String> encodedSlash = get("/api/v1/stories/%3C%2Fscript%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");

    for (HttpResponse<String> r : List.of(badStory, badList, noPage, encodedSlash)) {
      assertThat(r.statusCode()).isBetween(400, 404);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.body()).doesNotContain("<").doesNotContain(">");
      assertThat(Json.mapper().readTree(r.body()).fieldNames()).toIterable().containsExactly("status", "error", "message");
    }
    assertThat(Json.mapper().readTree(badStory.body()).get("message").asText()).contains("<script><img src=x onerror");
  }

  @Test
  void shouldSendSseEventsWhoseDataIsOneInertJsonLine() throws Exception {
    HttpResponse<InputStream> r = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/top/news/24h/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      // SSE splits lines at CR, LF and CRLF (https://html.spec.whatwg.org/multipage/server-sent-events.html)
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // the stream closes with the server
      }
    });
    await("the first event, up to its blank line").atMost(Duration.ofSeconds(10)).until(() -> lines.contains(""));
    reader.interrupt();

    List<String> event = lines.subList(0, lines.indexOf(""));
    assertThat(event).hasSize(3);
    assertThat(event.get(0)).isEqualTo("event: list");
    assertThat(event.get(1)).matches("id: \\d+");
    assertThat(event.get(2)).startsWith("data: {");
    assertNoActiveBytes(event.get(2));
    JsonNode data = Json.mapper().readTree(event.get(2).substring("data: ".length()));
    assertThat(data.at("/items/0/summary").asText()).isEqualTo(PAYLOAD.replace("\uD800", "?"));
    assertThat(data.at("/items/0/links").toString()).doesNotContain("javascript", "data:", "vbscript", "//evil");
  }

  @Test
  void shouldWriteAWellFormedRssFeedWithTextEscapedForXmlAndTheDescriptionForHtml() throws Exception {
    HttpResponse<String> r = get("/feeds/news/24h.xml");

    assertThat(r.statusCode()).isEqualTo(200);
    // a strict XML 1.0 parser accepts it: no control characters, no broken CDATA, no lone surrogate
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(new StringReader(r.body())));
    assertThat(doc.getElementsByTagName("item").getLength()).isEqualTo(1);
    assertThat(r.body()).doesNotContain("<script").doesNotContain("<img").doesNotContain("<!--")
        .doesNotContain("]]>").doesNotContain("\u0000").doesNotContain("\u0001");
    SyndFeed feed = new SyndFeedInput().build(new StringReader(r.body()));
    SyndEntry entry = feed.getEntries().get(0);
    String expected = Feeds.xmlChars(PAYLOAD);
    assertThat(entry.getTitle()).isEqualTo("#1 " + expected);
    String description = entry.getDescription().getValue();
    assertThat(description).as("HTML-escaped: a reader rendering it as HTML shows text").doesNotContain("<", ">", "\"");
    assertThat(org.jsoup.parser.Parser.unescapeEntities(description, false)).isEqualTo(expected);
    assertThat(entry.getLink()).isEqualTo(GOOD_LINK);
  }

  @Test
  void shouldWriteAJsonFeedWithPlainTextContentAndOnlyAnHttpItemUrl() throws Exception {
    HttpResponse<String> r = get("/feeds/news/24h.json");

    assertThat(r.statusCode()).isEqualTo(200);
    assertNoActiveBytes(r.body());
    JsonNode item = Json.mapper().readTree(r.body()).at("/items/0");
    assertThat(item.get("content_text").asText()).isEqualTo(PAYLOAD.replace("\uD800", "?"));
    assertThat(item.has("content_html")).isFalse();
    assertThat(item.get("url").asText()).isEqualTo(GOOD_LINK);
  }

  @Test
  void shouldLinkAListItemWithOnlyUnsafeLinksToItsStoryPageInBothFeeds() throws Exception {
    Story s = story();
    source.publish(new TopList("news/24h", NOW, List.of(new TopList.Item(1, s.id(), s.headline(), s.summary(),
        s.category(), 3.0, Map.of(), 1, List.of(), BAD_LINKS, null)), TopList.SCHEMA_VERSION));

    SyndEntry entry = new SyndFeedInput().build(new StringReader(get("/feeds/news/24h.xml").body())).getEntries().get(0);
    JsonNode item = Json.mapper().readTree(get("/feeds/news/24h.json").body()).at("/items/0");

    assertThat(entry.getLink()).isEqualTo("http://127.0.0.1:" + server.port() + "/#/story/s-hostile");
    assertThat(item.get("url").asText()).isEqualTo(entry.getLink());
  }
}
