package io.storyline.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.ingest.connect.UnusableOffsetException;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import io.storyline.ingest.live.http.TokenBucket;
import io.storyline.ingest.live.reddit.RedditConfig;
import io.storyline.ingest.live.reddit.RedditPoller;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedditPollerTest {
  private static final Instant NOW = Instant.parse("2026-07-01T12:00:00Z");
  /** Post n was created n minutes after NOW - 2000 minutes. */
  private static final java.util.function.LongUnaryOperator CREATED = n -> NOW.getEpochSecond() - 2000 * 60 + n * 60;

  private LocalApi api;
  private LiveMetrics metrics;
  private RedditPoller poller;

  @BeforeEach
  void start() throws Exception {
    api = new LocalApi();
    metrics = new LiveMetrics();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private RedditPoller poller(Map<String, String> extra) {
    Map<String, String> props = new HashMap<>(Map.of(
        RedditConfig.SUBREDDITS_CONFIG, "LocalLLaMA",
        RedditConfig.TOKEN_CONFIG, "s3cret-token",
        RedditConfig.BASE_URL_CONFIG, api.baseUrl(),
        RedditConfig.PAGE_SIZE_CONFIG, "100",
        LiveConnectorConfig.LOOKBACK_HOURS_CONFIG, "48",
        LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG, "1",
        LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG, "20"));
    props.putAll(extra);
    RedditConfig config = new RedditConfig(props);
    Pacer pacer = new Pacer(System::nanoTime, NOW::toEpochMilli);
    LiveHttpClient http = new LiveHttpClient(config.httpSettings(), new TokenBucket(1000, Duration.ofSeconds(1), pacer),
        RateLimitStyle.REDDIT, pacer, metrics);
    return new RedditPoller(config, http, metrics, pacer);
  }

  /** Runs sweeps until one completes; returns the emitted items and leaves the cursor in {@code cursor}. */
  private List<RawItem> sweep(RedditPoller poller, Map<String, String> cursor) throws Exception {
    List<RawItem> out = new ArrayList<>();
    for (int pages = 0; pages < 50; pages++) {
      Page page = poller.fetch("LocalLLaMA", Map.copyOf(cursor));
      out.addAll(page.items());
      cursor.clear();
      cursor.putAll(page.next());
      if (page.sweepDone()) {
        return out;
      }
    }
    throw new AssertionError("sweep did not complete in 50 pages");
  }

  private static List<String> ids(List<RawItem> items) {
    return items.stream().map(RawItem::nativeId).toList();
  }

  @Test
  void shouldReadNewestFirstWithFullnameAfterAndSendTokenUserAgentAndRawJson() throws Exception {
    api.handler(new RedditListingSim(1000, CREATED).add(1900, 2050));
    poller = poller(Map.of());
    Map<String, String> cursor = new HashMap<>();

    List<RawItem> items = sweep(poller, cursor);

    // look-back 48 h covers all 151 posts (created within the last ~100 minutes... up to 2000 min)
    assertThat(items).hasSize(151);
    assertThat(items.get(0).nativeId()).isEqualTo(RedditPages.fullname(2050));
    assertThat(cursor).containsEntry(RedditPoller.NEWEST, RedditPages.fullname(2050)).doesNotContainKey(RedditPoller.AFTER);
    LocalApi.Request second = api.requests().get(1);
    assertThat(second.query("after")).isEqualTo(RedditPages.fullname(1951)).startsWith("t3_");
    assertThat(second.query("raw_json")).isEqualTo("1");
    assertThat(second.header("Authorization")).isEqualTo("bearer s3cret-token");
    assertThat(second.header("User-Agent")).startsWith("storyline/");
  }

  @Test
  void shouldMoveTheCursorOnlyWhenTheSweepCompletesAndThenReadOnlyNewerPosts() throws Exception {
    RedditListingSim sim = new RedditListingSim(1000, CREATED).add(1801, 2000);
    api.handler(sim);
    poller = poller(Map.of());
    Map<String, String> cursor = new HashMap<>();
    sweep(poller, cursor);
    sim.add(2001, 2150);

    Page first = poller.fetch("LocalLLaMA", Map.copyOf(cursor));

    assertThat(first.sweepDone()).isFalse();
    assertThat(first.next()).containsEntry(RedditPoller.NEWEST, RedditPages.fullname(2000))
        .containsEntry(RedditPoller.AFTER, RedditPages.fullname(2051));
    cursor.clear();
    cursor.putAll(first.next());
    List<RawItem> rest = sweep(poller, cursor);
    List<String> all = new ArrayList<>(ids(first.items()));
    all.addAll(ids(rest));
    assertThat(all).hasSize(150).doesNotHaveDuplicates().doesNotContain(RedditPages.fullname(2000));
    assertThat(cursor).containsEntry(RedditPoller.NEWEST, RedditPages.fullname(2150));
  }

  @Test
  void shouldReportTheThousandItemLimitWithoutLoopingWhenTheListingEndsBeforeTheLastSeenPost() throws Exception {
    RedditListingSim sim = new RedditListingSim(1000, CREATED).add(1, 10);
    api.handler(sim);
    poller = poller(Map.of(LiveConnectorConfig.LOOKBACK_HOURS_CONFIG, "1000"));
    Map<String, String> cursor = new HashMap<>();
    sweep(poller, cursor);
    sim.add(11, 1500); // 1490 new posts: Reddit lists only the newest 1000
    int before = api.requests().size();

    List<RawItem> items = sweep(poller, cursor);

    assertThat(api.requests().size() - before).isEqualTo(10);
    assertThat(items).hasSize(1000);
    assertThat(metrics.count("truncated-listings")).isEqualTo(1);
    assertThat(cursor).containsEntry(RedditPoller.NEWEST, RedditPages.fullname(1500));
  }

  @Test
  void shouldEndTheSweepWithoutRepeatsWhenAPageComesBackAgain() throws Exception {
    // BR-37: a server that ignores 'after' returns page 1 again
    api.handler(request -> LocalApi.Reply.ok(RedditPages.page(List.of(30L, 29L, 28L), CREATED, RedditPages.fullname(28))));
    poller = poller(Map.of());
    Map<String, String> cursor = new HashMap<>();

    List<RawItem> items = sweep(poller, cursor);

    assertThat(ids(items)).containsExactly(RedditPages.fullname(30), RedditPages.fullname(29), RedditPages.fullname(28));
    assertThat(api.requests()).hasSize(2);
    assertThat(cursor).containsEntry(RedditPoller.NEWEST, RedditPages.fullname(30));
  }

  @Test
  void shouldStopTheFirstSweepAtTheLookBackHorizon() throws Exception {
    api.handler(new RedditListingSim(1000, CREATED).add(1, 400));
    poller = poller(Map.of(LiveConnectorConfig.LOOKBACK_HOURS_CONFIG, "1"));
    Map<String, String> cursor = new HashMap<>();

    List<RawItem> items = sweep(poller, cursor);

    // NOW - 2000 min + n min >= NOW - 60 min  <=>  n >= 1940: none of 1..400 is that new
    assertThat(items).isEmpty();
    assertThat(metrics.count("truncated-listings")).isZero();
    assertThat(cursor).doesNotContainKey(RedditPoller.NEWEST);
  }

  @Test
  void shouldRetryAThrottledTruncatedOrFailingPageAndCountEachAttempt() throws Exception {
    RedditListingSim sim = new RedditListingSim(1000, CREATED).add(1990, 2000);
    api.handler(sim);
    String page = RedditPages.page(List.of(2000L), CREATED, null);
    api.enqueue(LocalApi.Reply.status(429, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "0.01"), "{\"message\": \"Too Many Requests\", \"error\": 429}"))
        .enqueue(LocalApi.Reply.status(503, Map.of(), "<html>upstream connect error</html>"))
        .enqueue(LocalApi.Reply.ok(page).truncatedTo(page.length() / 2))
        .enqueue(LocalApi.Reply.ok("<html><body>Our CDN was unable to reach our servers</body></html>"));
    poller = poller(Map.of());

    Page first = poller.fetch("LocalLLaMA", Map.of());

    assertThat(first.items()).hasSize(11);
    assertThat(metrics.count("requests")).isEqualTo(5);
    assertThat(metrics.count("rate-limited")).isEqualTo(1);
    assertThat(metrics.count("errors")).isEqualTo(3);
    assertThat(metrics.count("retries")).isEqualTo(4);
  }

  @Test
  void shouldRetryAPageThatTimesOut() throws Exception {
    api.handler(new RedditListingSim(1000, CREATED).add(1995, 2000));
    api.enqueue(LocalApi.Reply.ok("{}").stalledFor(Duration.ofSeconds(5)));
    poller = poller(Map.of(LiveConnectorConfig.HTTP_REQUEST_TIMEOUT_MS_CONFIG, "300"));

    Page page = poller.fetch("LocalLLaMA", Map.of());

    assertThat(page.items()).hasSize(6);
    assertThat(metrics.count("errors")).isEqualTo(1);
    assertThat(metrics.count("requests")).isEqualTo(2);
  }

  @Test
  void shouldGiveUpAfterTheLastRetryWithTheStatusAndWithoutTheToken() throws Exception {
    api.handler(request -> LocalApi.Reply.status(502, Map.of(), "Bad Gateway"));
    poller = poller(Map.of(LiveConnectorConfig.HTTP_MAX_RETRIES_CONFIG, "2"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> poller.fetch("LocalLLaMA", Map.of()))
        .isInstanceOf(io.storyline.ingest.live.http.FetchException.class)
        .hasMessageContaining("failed 3 times").hasMessageContaining("HTTP 502")
        .hasMessageNotContaining("s3cret-token");
    assertThat(api.requests()).hasSize(3);
  }

  @Test
  void shouldNotRetryAForbiddenSubreddit() throws Exception {
    api.handler(request -> LocalApi.Reply.status(403, Map.of(), "{\"reason\": \"private\", \"message\": \"Forbidden\", \"error\": 403}"));
    poller = poller(Map.of());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> poller.fetch("LocalLLaMA", Map.of()))
        .isInstanceOf(io.storyline.ingest.live.http.FetchException.class)
        .hasMessageContaining("HTTP 403").hasMessageContaining("/r/LocalLLaMA/new");
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void shouldGetAnAppOnlyTokenWithTheClientCredentialsAndRenewItAfterA401() throws Exception {
    RedditListingSim sim = new RedditListingSim(1000, CREATED).add(1995, 2000);
    java.util.concurrent.atomic.AtomicInteger tokensIssued = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger listings = new java.util.concurrent.atomic.AtomicInteger();
    api.handler(r -> {
      if (r.uri().getPath().equals("/api/v1/access_token")) {
        return LocalApi.Reply.ok("{\"access_token\": \"app-token-" + tokensIssued.incrementAndGet()
            + "\", \"token_type\": \"bearer\", \"expires_in\": 86400, \"scope\": \"*\"}");
      }
      if (listings.incrementAndGet() == 1) {
        return LocalApi.Reply.status(401, Map.of(), "{\"message\": \"Unauthorized\", \"error\": 401}");
      }
      return sim.apply(r);
    });
    Map<String, String> props = new HashMap<>(Map.of(
        RedditConfig.TOKEN_CONFIG, "",
        RedditConfig.CLIENT_ID_CONFIG, "my-client-id",
        RedditConfig.CLIENT_SECRET_CONFIG, "my-client-secret",
        RedditConfig.TOKEN_URL_CONFIG, api.baseUrl() + "/api/v1/access_token"));
    poller = poller(props);

    Page page = poller.fetch("LocalLLaMA", Map.of());

    assertThat(page.items()).hasSize(6);
    List<LocalApi.Request> requests = api.requests();
    assertThat(requests.get(0).header("Authorization"))
        .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("my-client-id:my-client-secret".getBytes()));
    assertThat(requests.get(1).header("Authorization")).isEqualTo("bearer app-token-1");
    assertThat(requests.get(2).uri().getPath()).isEqualTo("/api/v1/access_token");
    assertThat(requests.get(3).header("Authorization")).isEqualTo("bearer app-token-2");
    poller.fetch("LocalLLaMA", page.next());
    assertThat(tokensIssued).as("a valid token is reused").hasValue(2);
  }

  @Test
  void shouldRequireATokenOrBothClientCredentials() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RedditConfig(Map.of(RedditConfig.SUBREDDITS_CONFIG, "LocalLLaMA",
            RedditConfig.CLIENT_ID_CONFIG, "id-only")))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining(RedditConfig.TOKEN_CONFIG).hasMessageContaining(RedditConfig.CLIENT_SECRET_CONFIG);
  }

  @Test
  void shouldRefuseASweepItemsCursorThatIsNotANumberNamingSubredditKeyValueAndRule() {
    // a cursor is read back from Connect's offsets, which an operator can edit (KIP-875): it first threw
    // NumberFormatException out of poll(), then (until session 10) was ignored with a warning, counting from zero
    api.handler(new RedditListingSim(1000, CREATED).add(1900, 2050));
    poller = poller(Map.of());

    assertThatThrownBy(() -> poller.fetch("LocalLLaMA", Map.of("sweep_items", "1e5"))).isInstanceOf(UnusableOffsetException.class)
        .hasMessageContainingAll("r/LocalLLaMA", "sweep_items", "'1e5'", "whole number", "/offsets");
  }

  @Test
  void shouldRefuseAFullnameCursorThatIsNotAFullnameNamingSubredditKeyValueAndRuleWithoutARequest() {
    // before: read as it came; an 'after' of another shape skipped every post of the page as already emitted, a
    // 'newest' that does not order (-1) never stopped a sweep, so each sweep re-read the whole listing
    api.handler(new RedditListingSim(1000, CREATED).add(1900, 2050));
    poller = poller(Map.of());

    for (Map.Entry<String, String> bad : List.of(Map.entry(RedditPoller.NEWEST, "1lu1iv0"),
        Map.entry(RedditPoller.AFTER, "t3_1LU1IV0"), Map.entry(RedditPoller.SWEEP_NEWEST, "t3_zzzzzzzzzzzzz"),
        Map.entry(RedditPoller.NEWEST, "t3_-1"))) {
      assertThatThrownBy(() -> poller.fetch("LocalLLaMA", Map.ofEntries(bad))).as(bad.toString())
          .isInstanceOf(UnusableOffsetException.class)
          .hasMessageContainingAll("r/LocalLLaMA", bad.getKey(), "'" + bad.getValue() + "'", "Reddit fullname", "/offsets");
    }
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void shouldEndTheSweepAsTruncatedRatherThanStoreAListingAfterThatIsNotAFullname() throws Exception {
    // before: 't3_48fb7p?x' went into the cursor; the restarted task refused it (and the running one sent it back)
    api.handler(request -> LocalApi.Reply.ok(RedditPages.page(List.of(30L, 29L, 28L), CREATED, "t3_48fb7p?x")));
    poller = poller(Map.of());

    Page page = poller.fetch("LocalLLaMA", Map.of());

    assertThat(ids(page.items())).containsExactly(RedditPages.fullname(30), RedditPages.fullname(29), RedditPages.fullname(28));
    assertThat(page.sweepDone()).isTrue();
    assertThat(page.next()).containsExactly(Map.entry(RedditPoller.NEWEST, RedditPages.fullname(30)));
    assertThat(metrics.count("truncated-listings")).isEqualTo(1);
    assertThat(poller.fetch("LocalLLaMA", page.next()).items()).isEmpty(); // the stored cursor is read back
  }

  @Test
  void shouldPassOnAPostWhoseIdDoesNotOrderWithoutEndingTheSweepOrMakingItTheCursor() throws Exception {
    // before: the id ordered as -1, at or below any last seen post, so it ended the sweep and the older new posts of
    // the page were never read; as the newest of a first sweep it became the cursor the restarted task refused
    api.handler(new RedditListingSim(1000, CREATED).add(1, 10));
    poller = poller(Map.of());
    Map<String, String> cursor = new HashMap<>();
    sweep(poller, cursor);
    api.handler(request -> LocalApi.Reply.ok(withPost12Odd(List.of(13L, 12L, 11L))));

    Page page = poller.fetch("LocalLLaMA", Map.copyOf(cursor));

    assertThat(ids(page.items())).containsExactly(RedditPages.fullname(13), "t3_12-odd", RedditPages.fullname(11));
    assertThat(page.next()).containsEntry(RedditPoller.NEWEST, RedditPages.fullname(13));
    api.handler(request -> LocalApi.Reply.ok(withPost12Odd(List.of(12L))));
    assertThat(poller.fetch("LocalLLaMA", Map.of()).next()).isEmpty();
  }

  /** @return a listing page of these posts in which post 12's id is {@code 12-odd}, which does not order */
  private static String withPost12Odd(List<Long> newestFirst) {
    return RedditPages.page(newestFirst, CREATED, null).replace("\"" + RedditPages.fullname(12) + "\"", "\"t3_12-odd\"")
        .replace("\"" + RedditPages.fullname(12).substring(3) + "\"", "\"12-odd\"");
  }
}
