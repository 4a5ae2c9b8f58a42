package io.storyline.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.ingest.connect.UnusableOffsetException;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.live.arxiv.ArxivConfig;
import io.storyline.ingest.live.arxiv.ArxivPoller;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import io.storyline.ingest.live.http.TokenBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArxivPollerTest {
  private static final Instant NOW = Instant.parse("2026-07-10T12:00:00Z");
  /** Paper n was submitted n minutes after NOW - 300 minutes: higher n = newer. */
  private static final java.util.function.IntFunction<Instant> PUBLISHED = n -> NOW.minusSeconds(300 * 60).plusSeconds(n * 60L);

  private LocalApi api;
  private LiveMetrics metrics;
  private ArxivPoller poller;

  @BeforeEach
  void start() throws Exception {
    api = new LocalApi();
    metrics = new LiveMetrics();
    ArxivConfig config = new ArxivConfig(Map.of(
        ArxivConfig.CATEGORIES_CONFIG, "cs.AI",
        ArxivConfig.BASE_URL_CONFIG, api.baseUrl() + "/api/query",
        ArxivConfig.PAGE_SIZE_CONFIG, "100",
        ArxivConfig.REQUEST_INTERVAL_MS_CONFIG, "0",
        LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG, "1",
        LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG, "20"));
    Pacer pacer = new Pacer(System::nanoTime, NOW::toEpochMilli);
    LiveHttpClient http = new LiveHttpClient(config.httpSettings(), new TokenBucket(1000, Duration.ofSeconds(1), pacer),
        RateLimitStyle.NONE, pacer, metrics);
    poller = new ArxivPoller(config, http, metrics, pacer);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** 250 papers, newest first; pages served by 'start', 'max_results'. */
  private static LocalApi.Reply serve(LocalApi.Request r, int total) {
    int start = Integer.parseInt(r.query("start"));
    int size = Integer.parseInt(r.query("max_results"));
    List<Integer> page = IntStream.range(start, Math.min(total, start + size)).map(i -> total - i).boxed().toList();
    return LocalApi.Reply.ok(ArxivFeeds.feed(page, PUBLISHED, total, start));
  }

  private List<RawItem> sweep(Map<String, String> cursor) throws Exception {
    List<RawItem> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Page page = poller.fetch("cs.AI", Map.copyOf(cursor));
      out.addAll(page.items());
      cursor.clear();
      cursor.putAll(page.next());
      if (page.sweepDone()) {
        return out;
      }
    }
    throw new AssertionError("no sweep end in 20 pages");
  }

  @Test
  void shouldRetryAnEmptyPageWhileResultsRemainAndAdvanceStartByEntriesReceived() throws Exception {
    // BR-43: start=100 is empty on the first try; start=200 answers 37 entries, then 13 at start=237
    api.handler(r -> serve(r, 250));
    api.enqueue(serve(new LocalApi.Request(java.net.URI.create("/api/query?start=0&max_results=100"), Map.of()), 250));
    api.enqueue(LocalApi.Reply.ok(ArxivFeeds.feed(List.of(), PUBLISHED, 250, 100)));
    api.enqueue(serve(new LocalApi.Request(java.net.URI.create("/api/query?start=100&max_results=100"), Map.of()), 250));
    api.enqueue(serve(new LocalApi.Request(java.net.URI.create("/api/query?start=200&max_results=37"), Map.of()), 250));
    Map<String, String> cursor = new HashMap<>();

    List<RawItem> items = sweep(cursor);

    assertThat(items.stream().map(RawItem::nativeId)).hasSize(250).doesNotHaveDuplicates();
    assertThat(api.requests().stream().map(r -> r.query("start"))).containsExactly("0", "100", "100", "200", "237");
    assertThat(api.requests().get(0).query("search_query")).isEqualTo("cat:cs.AI");
    assertThat(api.requests().get(0).query("sortBy")).isEqualTo("submittedDate");
    assertThat(api.requests().get(0).query("sortOrder")).isEqualTo("descending");
    assertThat(cursor).containsExactly(Map.entry(ArxivPoller.NEWEST, PUBLISHED.apply(250).toString()));
    assertThat(metrics.count("retries")).isEqualTo(1);
  }

  @Test
  void shouldRetryARateExceededBodyInsteadOfReadingItAsNoResults() throws Exception {
    api.handler(r -> serve(r, 30));
    api.enqueue(new LocalApi.Reply(200, Map.of("Content-Type", "text/plain"), "Rate exceeded.".getBytes(), -1, Duration.ZERO));
    api.enqueue(LocalApi.Reply.status(503, Map.of("Retry-After", "0"), "<html>Service Unavailable</html>"));

    Page page = poller.fetch("cs.AI", Map.of());

    assertThat(page.items()).hasSize(30);
    assertThat(metrics.count("errors")).isEqualTo(2);
    assertThat(api.requests()).hasSize(3);
  }

  @Test
  void shouldReadOnlySubmissionsSinceTheLastSweep() throws Exception {
    api.handler(r -> serve(r, 250));
    Map<String, String> cursor = new HashMap<>(Map.of(ArxivPoller.NEWEST, PUBLISHED.apply(240).toString()));

    List<RawItem> items = sweep(cursor);

    // 250..240: the paper at the cursor's instant comes again and is dropped downstream by post id
    assertThat(items.stream().map(RawItem::nativeId))
        .containsExactlyElementsOf(IntStream.rangeClosed(0, 10).mapToObj(i -> ArxivFeeds.arxivId(250 - i)).toList());
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void shouldStopTheFirstSweepAtTheLookBackHorizon() throws Exception {
    api.handler(r -> serve(r, 250));
    Map<String, String> cursor = new HashMap<>();
    ArxivConfig oneHour = new ArxivConfig(Map.of(ArxivConfig.CATEGORIES_CONFIG, "cs.AI",
        ArxivConfig.BASE_URL_CONFIG, api.baseUrl() + "/api/query", LiveConnectorConfig.LOOKBACK_HOURS_CONFIG, "1",
        ArxivConfig.REQUEST_INTERVAL_MS_CONFIG, "0"));
    Pacer pacer = new Pacer(System::nanoTime, NOW::toEpochMilli);
    poller = new ArxivPoller(oneHour, new LiveHttpClient(oneHour.httpSettings(), new TokenBucket(10, Duration.ofSeconds(1), pacer),
        RateLimitStyle.NONE, pacer, metrics), metrics, pacer);

    List<RawItem> items = sweep(cursor);

    // published within the last hour: NOW - 300 min + n min >= NOW - 60 min  <=>  n >= 240
    assertThat(items).hasSize(11);
  }

  @Test
  void shouldDecideTheThreeSecondRuleFromTheHostAsWrittenWithoutLookingItUp() {
    // before: the config resolved the API host (InetAddress.getByName), so Connect's validate() waited on DNS;
    // NoLookupResolverProvider fails any lookup of a name under its suffix
    String host = "mirror" + NoLookupResolverProvider.FORBIDDEN_SUFFIX;
    Map<String, String> props = Map.of(ArxivConfig.CATEGORIES_CONFIG, "cs.AI",
        ArxivConfig.BASE_URL_CONFIG, "http://" + host + ":8080/api/query", ArxivConfig.REQUEST_INTERVAL_MS_CONFIG, "1000");

    assertThatThrownBy(() -> new ArxivConfig(props)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(ArxivConfig.REQUEST_INTERVAL_MS_CONFIG).hasMessageContaining("1000")
        .hasMessageContaining("at least 3000").hasMessageContaining(host).hasMessageContaining(ArxivConfig.BASE_URL_CONFIG);
    org.apache.kafka.common.config.Config validated = new io.storyline.ingest.live.arxiv.ArxivSourceConnector().validate(props);
    assertThat(validated.configValues()).filteredOn(v -> !v.errorMessages().isEmpty()).singleElement()
        .satisfies(v -> assertThat(v.name()).isEqualTo(ArxivConfig.REQUEST_INTERVAL_MS_CONFIG));
    for (String loopback : List.of("localhost", "api.localhost", "127.0.0.1", "127.10.0.255", "[::1]", "[0:0:0:0:0:0:0:1]",
        "[::ffff:127.0.0.1]", "localhost.", "LOCALHOST")) {
      org.assertj.core.api.Assertions.assertThatCode(() -> new ArxivConfig(Map.of(ArxivConfig.CATEGORIES_CONFIG, "cs.AI",
          ArxivConfig.BASE_URL_CONFIG, "http://" + loopback + ":8080/api/query", ArxivConfig.REQUEST_INTERVAL_MS_CONFIG, "0")))
          .as(loopback).doesNotThrowAnyException();
    }
    for (String other : List.of("128.0.0.1", "127.0.0.1.nip.io", "[::2]", "localhost.example", "2130706433", "[::]")) {
      assertThatThrownBy(() -> new ArxivConfig(Map.of(ArxivConfig.CATEGORIES_CONFIG, "cs.AI",
          ArxivConfig.BASE_URL_CONFIG, "http://" + other + ":8080/api/query", ArxivConfig.REQUEST_INTERVAL_MS_CONFIG, "0")))
          .as(other).isInstanceOf(ConfigException.class).hasMessageContaining("at least 3000");
    }
  }

  @Test
  void shouldRequireThreeSecondsBetweenRequestsToArxivOrg() {
    assertThatThrownBy(() -> new ArxivConfig(Map.of(ArxivConfig.CATEGORIES_CONFIG, "cs.AI", ArxivConfig.REQUEST_INTERVAL_MS_CONFIG, "1000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ArxivConfig.REQUEST_INTERVAL_MS_CONFIG).hasMessageContaining("at least 3000");
    ArxivConfig defaults = new ArxivConfig(Map.of(ArxivConfig.CATEGORIES_CONFIG, "cs.AI"));
    assertThat(defaults.rateLimitRequests()).isEqualTo(1);
    assertThat(defaults.rateLimitPeriod()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void shouldRejectSomethingThatIsNotACategory() {
    assertThatThrownBy(() -> new ArxivConfig(Map.of(ArxivConfig.CATEGORIES_CONFIG, "cs.AI,cat:cs.CL")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cat:cs.CL").hasMessageContaining("not an arXiv category");
  }

  @Test
  void shouldRefuseCursorValuesThatAreNotANumberOrAnInstantNamingStreamKeyValueAndRuleWithoutARequest() {
    // a cursor is read back from Connect's offsets, which an operator can edit (KIP-875): these first threw
    // NumberFormatException / DateTimeParseException out of poll(), then (until session 10) were ignored with a
    // warning, sweeping again from the look-back on a guess
    api.handler(r -> serve(r, 250));

    assertThatThrownBy(() -> sweep(new HashMap<>(Map.of(ArxivPoller.START, "-1")))).isInstanceOf(UnusableOffsetException.class)
        .hasMessageContainingAll("arxiv cs.AI", "start", "'-1'", "whole number", "/offsets");
    assertThatThrownBy(() -> sweep(new HashMap<>(Map.of(ArxivPoller.NEWEST, "2026-13-01T00:00:00Z"))))
        .isInstanceOf(UnusableOffsetException.class).hasMessageContainingAll("newest", "'2026-13-01T00:00:00Z'", "ISO-8601 instant");
    assertThatThrownBy(() -> sweep(new HashMap<>(Map.of(ArxivPoller.SWEEP_NEWEST, "yesterday"))))
        .isInstanceOf(UnusableOffsetException.class).hasMessageContainingAll("sweep_newest", "'yesterday'", "ISO-8601 instant");
    assertThat(api.requests()).isEmpty();
  }
}
