package io.storyline.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.ingest.connect.UnusableOffsetException;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.NativeParsers;
import io.storyline.ingest.format.PostParseException;
import io.storyline.ingest.format.Payloads;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.live.arxiv.ArxivConfig;
import io.storyline.ingest.live.arxiv.ArxivOaiPoller;
import io.storyline.ingest.live.arxiv.ArxivPoller;
import io.storyline.ingest.live.discord.DiscordConfig;
import io.storyline.ingest.live.discord.DiscordPoller;
import io.storyline.ingest.live.http.FetchException;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import io.storyline.ingest.live.http.TokenBucket;
import io.storyline.ingest.live.reddit.RedditConfig;
import io.storyline.ingest.live.reddit.RedditPoller;
import io.storyline.ingest.live.x.XConfig;
import io.storyline.ingest.live.x.XPoller;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue #7: the live connectors' page parsing, fed generated response bodies over real HTTP (a local
 * server): random JSON trees in each API's page shape, real recorded pages with bytes cut, flipped or
 * inserted, and random bytes. Every poller either returns a page (whose items the Normalizer then
 * parses or dead-letters) or throws the documented {@link FetchException}; nothing else escapes to
 * kill the Connect task.
 */
class LivePageParsersPropertyTest {
  private static final Instant NOW = Instant.parse("2026-07-01T12:00:00Z");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static LocalApi api;
  private static volatile byte[] body = new byte[0];
  private static Map<String, StreamPoller> pollers;

  enum Api { REDDIT, X, DISCORD, ARXIV, ARXIV_OAI }

  private static final Map<Api, byte[]> REAL = Map.of(
      Api.REDDIT, Payloads.resource("/replay/reddit/listing_r_askreddit_new_2016-03_subset.json"),
      Api.X, Payloads.resource("/fixtures/twitter/twarc2_search_recent_brexit_page.jsonl"),
      Api.DISCORD, Payloads.resource("/fixtures/discord/rest_channel_messages.json"),
      Api.ARXIV, Payloads.resource("/fixtures/arxiv/api_2026_search_query_testing_start0_max10.xml"),
      Api.ARXIV_OAI, Payloads.resource("/fixtures/arxiv/oai/oai2015_arXivRaw_ListRecordsResponse.xml"));

  @BeforeContainer
  static void startApi() throws Exception {
    api = new LocalApi();
    api.handler(r -> new LocalApi.Reply(200, Map.of("Content-Type", "application/octet-stream"), body, -1, Duration.ZERO));
    Pacer pacer = new Pacer(System::nanoTime, NOW::toEpochMilli);
    Map<String, String> http = Map.of(LiveConnectorConfig.HTTP_MAX_RETRIES_CONFIG, "0",
        LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG, "1", LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG, "5",
        LiveConnectorConfig.HTTP_REQUEST_TIMEOUT_MS_CONFIG, "5000");
    LiveMetrics metrics = new LiveMetrics();
    RedditConfig reddit = new RedditConfig(with(http, RedditConfig.SUBREDDITS_CONFIG, "LocalLLaMA",
        RedditConfig.TOKEN_CONFIG, "t", RedditConfig.BASE_URL_CONFIG, api.baseUrl()));
    XConfig x = new XConfig(with(http, XConfig.QUERIES_CONFIG, "kimi", XConfig.BEARER_TOKEN_CONFIG, "t",
        XConfig.BASE_URL_CONFIG, api.baseUrl()));
    DiscordConfig discord = new DiscordConfig(with(http, DiscordConfig.CHANNEL_IDS_CONFIG, "1380000000000000001",
        DiscordConfig.BOT_TOKEN_CONFIG, "t", DiscordConfig.BASE_URL_CONFIG, api.baseUrl() + "/api/v10"));
    ArxivConfig arxiv = new ArxivConfig(with(http, ArxivConfig.CATEGORIES_CONFIG, "cs.AI",
        ArxivConfig.BASE_URL_CONFIG, api.baseUrl() + "/api/query", ArxivConfig.REQUEST_INTERVAL_MS_CONFIG, "0",
        ArxivConfig.OAI_SETS_CONFIG, "cs", ArxivConfig.OAI_URL_CONFIG, api.baseUrl() + "/oai",
        ArxivConfig.OAI_FROM_CONFIG, "2014-10-01"));
    pollers = Map.of(
        "reddit", new RedditPoller(reddit, client(reddit.httpSettings(), RateLimitStyle.REDDIT, pacer, metrics), metrics, pacer),
        "x", new XPoller(x, client(x.httpSettings(), RateLimitStyle.NONE, pacer, metrics), pacer),
        "discord", new DiscordPoller(discord, client(discord.httpSettings(), RateLimitStyle.DISCORD, pacer, metrics), metrics, pacer),
        "arxiv", new ArxivPoller(arxiv, client(arxiv.httpSettings(), RateLimitStyle.NONE, pacer, metrics), metrics, pacer),
        "oai", new ArxivOaiPoller(arxiv, client(arxiv.httpSettings(), RateLimitStyle.NONE, pacer, metrics), metrics, pacer));
  }

  private static Map<String, String> with(Map<String, String> base, String... kv) {
    Map<String, String> m = new HashMap<>(base);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static LiveHttpClient client(LiveHttpClient.Settings settings, RateLimitStyle style, Pacer pacer, LiveMetrics metrics) {
    return new LiveHttpClient(settings, new TokenBucket(100_000, Duration.ofSeconds(1), pacer), style, pacer, metrics);
  }

  @AfterContainer
  static void stopApi() {
    api.close();
  }

  /** @return "page" or "fetch-exception" */
  private static String fetch(Api which, byte[] response) throws InterruptedException {
    return fetch(which, response, Map.of());
  }

  /** @return "page" or "fetch-exception" */
  private static String fetch(Api which, byte[] response, Map<String, String> cursor) throws InterruptedException {
    body = response;
    StreamPoller poller = switch (which) {
      case REDDIT -> pollers.get("reddit");
      case X -> pollers.get("x");
      case DISCORD -> pollers.get("discord");
      case ARXIV -> pollers.get("arxiv");
      case ARXIV_OAI -> pollers.get("oai");
    };
    String stream = switch (which) {
      case REDDIT -> "LocalLLaMA";
      case X -> "search:kimi";
      case DISCORD -> "1380000000000000001";
      case ARXIV -> "cs.AI";
      case ARXIV_OAI -> "oai:cs";
    };
    try {
      Page page = poller.fetch(stream, cursor);
      assertThat(page.next()).isNotNull();
      readBack(poller, stream, page.next());
      for (RawItem item : page.items()) {
        // each item the Normalizer will see parses or is rejected with a reason, never a parser defect
        try {
          NativeParsers.parse(item.format(), item.payload(), NOW);
        } catch (PostParseException e) {
          assertThat(e.getCause() instanceof RuntimeException).as("parser defect: %s", e.getMessage()).isFalse();
        }
      }
      return "page";
    } catch (UnusableOffsetException e) {
      assertThat(cursor).as(e.getMessage()).anySatisfy((key, value) ->
          assertThat(e.getMessage()).contains(" " + key + " '" + value + "' is not "));
      return "cursor refused";
    } catch (FetchException e) {
      assertThat(e.getMessage()).isNotBlank();
      return "fetch-exception";
    }
  }

  /**
   * The cursor a poller returns is what Connect commits and hands a restarted task: that task must accept every
   * value of it (a page of its own, or a fetch failure, never {@link UnusableOffsetException}).
   */
  private static void readBack(StreamPoller poller, String stream, Map<String, String> next) throws InterruptedException {
    try {
      poller.fetch(stream, Map.copyOf(next));
    } catch (UnusableOffsetException e) {
      throw new AssertionError("the poller wrote a cursor it refuses after a restart: " + next + ": " + e.getMessage(), e);
    } catch (FetchException e) {
      // the same odd body again: not about the cursor
    }
  }

  @Provide
  Arbitrary<List<Payloads.ByteMutation>> mutations() {
    return Payloads.byteMutation().list().ofMinSize(1).ofMaxSize(3);
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return Payloads.tree(3);
  }

  @Property(tries = 150)
  void shouldReturnAPageOrThrowFetchExceptionForRealPagesWithBytesCutFlippedOrInserted(
      @ForAll Api which, @ForAll("mutations") List<Payloads.ByteMutation> mutations) throws Exception {
    byte[] b = REAL.get(which);
    for (Payloads.ByteMutation m : mutations) {
      b = m.apply(b);
    }
    Statistics.collect(fetch(which, b));
  }

  @Property(tries = 150)
  void shouldReturnAPageOrThrowFetchExceptionForRandomTreesInEveryApiShape(
      @ForAll Api which, @ForAll("trees") JsonNode a, @ForAll("trees") JsonNode b, @ForAll("trees") JsonNode c) throws Exception {
    String shaped = switch (which) {
      case REDDIT -> {
        ObjectNode listing = F.objectNode().put("kind", "Listing");
        ObjectNode data = listing.putObject("data");
        ArrayNode children = data.putArray("children");
        children.addObject().put("kind", "t3").set("data", a);
        children.addObject().set("kind", b);
        children.add(c);
        data.set("after", b);
        yield listing.toString();
      }
      case X -> {
        ObjectNode page = F.objectNode();
        page.putArray("data").add(a).add(c);
        page.set("includes", b);
        page.putObject("meta").set("next_token", c);
        yield page.toString();
      }
      case DISCORD -> F.arrayNode().add(a).add(b).add(c).toString();
      case ARXIV -> "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">"
          + "<opensearch:totalResults>" + xml(b) + "</opensearch:totalResults><entry><id>" + xml(a)
          + "</id><published>" + xml(c) + "</published><title>" + xml(b) + "</title></entry></feed>";
      case ARXIV_OAI -> "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>" + xml(c)
          + "</responseDate><ListRecords><record><header><datestamp>" + xml(b) + "</datestamp></header><metadata>"
          + "<arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\"><id>" + xml(a) + "</id><version version=\"v1\"><date>"
          + xml(c) + "</date></version><title>" + xml(b) + "</title><authors>" + xml(a) + "</authors><categories>"
          + xml(c) + "</categories></arXivRaw></metadata></record><resumptionToken>" + xml(a)
          + "</resumptionToken></ListRecords></OAI-PMH>";
    };
    Statistics.collect(fetch(which, shaped.getBytes(StandardCharsets.UTF_8)));
  }

  @Property(tries = 60)
  void shouldReturnAPageOrThrowFetchExceptionForRandomBytes(@ForAll Api which, @ForAll byte[] random) throws Exception {
    fetch(which, random);
  }

  /** Each API's cursor keys, with a value of the shape its poller writes. */
  private static final Map<Api, Map<String, String>> CURSORS = Map.of(
      Api.REDDIT, Map.of(RedditPoller.NEWEST, "t3_48fb7p", RedditPoller.AFTER, "t3_48fa00", RedditPoller.SWEEP_NEWEST,
          "t3_48fc11", "sweep_items", "25"),
      Api.X, Map.of(XPoller.SINCE_ID, "1440000000000000001", XPoller.NEXT_TOKEN, "b26v89c19zqg8o3fpzbkk",
          XPoller.SWEEP_NEWEST, "1440000000000000002"),
      Api.DISCORD, Map.of(DiscordPoller.AFTER, "1380000000000000001"),
      Api.ARXIV, Map.of(ArxivPoller.NEWEST, "2026-06-30T00:00:00Z", ArxivPoller.START, "10", ArxivPoller.SWEEP_NEWEST,
          "2026-07-01T00:00:00Z"),
      Api.ARXIV_OAI, Map.of(ArxivOaiPoller.FROM, "2014-10-01", ArxivOaiPoller.TOKEN, "6960524|1001",
          ArxivOaiPoller.LAST_DATESTAMP, "2014-10-02"));

  @Provide
  Arbitrary<String> cursorValues() {
    return Arbitraries.oneOf(
        Arbitraries.of("", " ", "-1", "+1", "1e5", "12-34", "99999999999999999999999", "%zz", "a b", "\u0000",
            "2026-13-01T00:00:00Z", "2026-07-01", "NaN", "\u0661\u0662", "t3_", "../x", "http://x/?a#b", "\"", "{}"),
        Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30));
  }

  /**
   * Issue #7 after the X cursor fault of 1336cae: a cursor comes back from Connect's offsets, which an
   * operator may edit (Connect's offsets REST API) or an older version may have written. A value that
   * is not of its key's shape is refused with an {@link UnusableOffsetException} naming the key and the value (so the task
   * fails saying how to reset it, instead of guessing where to start); otherwise the poller fetches and never
   * throws anything but {@link FetchException}.
   */
  @Property(tries = 120)
  void shouldReturnAPageOrThrowFetchExceptionWhateverTheCursorValues(@ForAll Api which,
      @ForAll("cursorValues") String value, @ForAll("cursorValues") String other, @ForAll boolean keepOthers) throws Exception {
    Map<String, String> cursor = new HashMap<>(keepOthers ? CURSORS.get(which) : Map.of());
    List<String> keys = List.copyOf(new java.util.TreeSet<>(CURSORS.get(which).keySet()));
    cursor.put(keys.get(Math.floorMod(value.hashCode(), keys.size())), value);
    cursor.put(keys.get(Math.floorMod(other.hashCode() * 31 + 7, keys.size())), other);
    Statistics.collect(which, fetch(which, REAL.get(which), cursor));
  }

  /**
   * Session 11: the write side of the property above. A real page of each API with the values that can become the
   * cursor (Reddit's {@code after} and a post's fullname, X's {@code next_token}, {@code newest_id} and a tweet id, a
   * Discord message id, an arXiv entry's {@code published}, OAI-PMH's {@code responseDate}, a {@code datestamp} and the
   * {@code resumptionToken}) replaced by odd values: whatever cursor the poller returns, the restarted task accepts
   * it ({@link #readBack}). Found by it: a Reddit listing's {@code after} or post id of another shape was stored.
   */
  @Property(tries = 150)
  void shouldStoreOnlyCursorValuesARestartedTaskAccepts(@ForAll Api which, @ForAll("cursorValues") String value,
      @ForAll("cursorValues") String other) throws Exception {
    String real = new String(REAL.get(which), StandardCharsets.UTF_8);
    String shaped = switch (which) {
      case REDDIT -> {
        ObjectNode page = (ObjectNode) JsonSupport.mapper().readTree(real);
        ObjectNode data = (ObjectNode) page.get("data");
        data.put("after", value);
        ObjectNode first = (ObjectNode) data.get("children").get(0).get("data");
        first.put("name", "t3_" + other);
        first.put("id", other);
        yield page.toString();
      }
      case X -> {
        ObjectNode page = (ObjectNode) JsonSupport.mapper().readTree(real);
        ((ObjectNode) page.get("meta")).put("next_token", value).put("newest_id", other);
        ((ObjectNode) page.get("data").get(0)).put("id", other);
        yield page.toString();
      }
      case DISCORD -> {
        ArrayNode page = (ArrayNode) JsonSupport.mapper().readTree(real);
        ((ObjectNode) page.get(0)).put("id", value);
        yield page.toString();
      }
      case ARXIV -> real.replaceFirst("<published>[^<]*</published>", literal("<published>" + xml(value) + "</published>"));
      case ARXIV_OAI -> real.replaceFirst("<responseDate>[^<]*</responseDate>", literal("<responseDate>" + xml(value) + "</responseDate>"))
          .replaceFirst("<datestamp>[^<]*</datestamp>", literal("<datestamp>" + xml(other) + "</datestamp>"))
          .replaceFirst("(<resumptionToken[^>]*>)[^<]*</resumptionToken>", "$1" + literal(xml(other) + "</resumptionToken>"));
    };
    // a last sweep long before the recorded pages, so that the poller reads them whole instead of stopping at once
    Map<String, String> oldSweep = switch (which) {
      case REDDIT -> Map.of(RedditPoller.NEWEST, "t3_1");
      case X -> Map.of(XPoller.SINCE_ID, "1");
      case DISCORD -> Map.of(DiscordPoller.AFTER, "1");
      case ARXIV -> Map.of(ArxivPoller.NEWEST, "1970-01-01T00:00:00Z");
      case ARXIV_OAI -> Map.of(ArxivOaiPoller.FROM, "2014-10-01");
    };
    Statistics.collect(which, fetch(which, shaped.getBytes(StandardCharsets.UTF_8), oldSweep));
  }

  private static String xml(String s) {
    return xml(F.textNode(s));
  }

  private static String literal(String replacement) {
    return java.util.regex.Matcher.quoteReplacement(replacement);
  }

  /** A JSON value as XML text: its text with the chars XML 1.0 forbids removed, escaped. */
  private static String xml(JsonNode n) {
    String s = n.isValueNode() ? n.asText() : n.toString();
    StringBuilder b = new StringBuilder();
    s.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000).forEach(b::appendCodePoint);
    return b.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @SuppressWarnings("unused")
  private static JsonNode parse(byte[] b) throws Exception {
    return JsonSupport.mapper().readTree(b);
  }
}
