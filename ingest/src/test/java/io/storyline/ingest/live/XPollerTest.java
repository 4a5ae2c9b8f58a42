package io.storyline.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.ingest.connect.UnusableOffsetException;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import io.storyline.ingest.live.http.TokenBucket;
import io.storyline.ingest.live.x.XConfig;
import io.storyline.ingest.live.x.XPoller;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class XPollerTest {
  private static final Instant NOW = Instant.parse("2021-09-22T17:00:00Z");

  private LocalApi api;
  private XSearchSim sim;
  private LiveMetrics metrics;
  private XPoller poller;

  @BeforeEach
  void start() throws Exception {
    api = new LocalApi();
    sim = new XSearchSim();
    api.handler(sim);
    metrics = new LiveMetrics();
    XConfig config = new XConfig(Map.of(
        XConfig.QUERIES_CONFIG, "#brexit -is:retweet",
        XConfig.BEARER_TOKEN_CONFIG, "x-s3cret",
        XConfig.BASE_URL_CONFIG, api.baseUrl(),
        XConfig.PAGE_SIZE_CONFIG, "40",
        LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG, "1",
        LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG, "20"));
    Pacer pacer = new Pacer(System::nanoTime, NOW::toEpochMilli);
    LiveHttpClient http = new LiveHttpClient(config.httpSettings(), new TokenBucket(1000, Duration.ofSeconds(1), pacer),
        RateLimitStyle.X, pacer, metrics);
    poller = new XPoller(config, http, pacer);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static List<String> ids(List<RawItem> items) {
    return items.stream().map(RawItem::nativeId).toList();
  }

  @Test
  void shouldKeepSinceIdUntilTheSweepEndsAndResumeWithTheNextToken() throws Exception {
    // BR-42: 3 pages per sweep; the checkpoint must not move after pages 1 and 2
    String stream = "search:#brexit -is:retweet";
    Page p1 = poller.fetch(stream, Map.of());
    Page p2 = poller.fetch(stream, p1.next());
    Page p3 = poller.fetch(stream, p2.next());

    assertThat(p1.sweepDone()).isFalse();
    assertThat(p1.next()).doesNotContainKey(XPoller.SINCE_ID).containsEntry(XPoller.NEXT_TOKEN, "tok-40");
    assertThat(p2.next()).containsEntry(XPoller.NEXT_TOKEN, "tok-80").containsEntry(XPoller.SWEEP_NEWEST, sim.ids().get(99));
    assertThat(p3.sweepDone()).isTrue();
    assertThat(p3.next()).containsExactly(Map.entry(XPoller.SINCE_ID, sim.ids().get(99)));
    List<String> all = new ArrayList<>(ids(p1.items()));
    all.addAll(ids(p2.items()));
    all.addAll(ids(p3.items()));
    assertThat(all).hasSize(100).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sim.ids());
    assertThat(api.requests().get(0).query("start_time")).isEqualTo("2021-09-21T17:00:00Z");
    assertThat(api.requests().get(1).query("next_token")).isEqualTo("tok-40");
    assertThat(api.requests().get(0).query("tweet.fields")).contains("note_tweet").contains("edit_history_tweet_ids");
    assertThat(api.requests().get(0).query("expansions")).contains("author_id").contains("referenced_tweets.id");
    assertThat(api.requests().get(0).header("Authorization")).isEqualTo("Bearer x-s3cret");
  }

  @Test
  void shouldPollOnlyNewerTweetsWithSinceIdAndKeepTheCheckpointWhenNothingIsNew() throws Exception {
    String stream = "search:#brexit -is:retweet";
    sim.release(60);
    Map<String, String> cursor = new HashMap<>();
    for (Page p = null; p == null || !p.sweepDone(); cursor = new HashMap<>(p.next())) {
      p = poller.fetch(stream, cursor);
      if (p.sweepDone()) {
        cursor = new HashMap<>(p.next());
        break;
      }
    }
    assertThat(cursor).containsEntry(XPoller.SINCE_ID, sim.ids().get(59));

    Page empty = poller.fetch(stream, cursor);
    sim.release(100);
    Page fresh = poller.fetch(stream, empty.next());

    assertThat(empty.items()).isEmpty();
    assertThat(empty.next()).containsEntry(XPoller.SINCE_ID, sim.ids().get(59));
    assertThat(api.requests().get(api.requests().size() - 1).query("since_id")).isEqualTo(sim.ids().get(59));
    assertThat(ids(fresh.items())).containsExactlyInAnyOrderElementsOf(sim.ids().subList(60, 100));
    assertThat(fresh.next()).containsEntry(XPoller.SINCE_ID, sim.ids().get(99));
  }

  @Test
  void shouldRestartTheSweepFromSinceIdWhenThePaginationTokenIsRejected() throws Exception {
    Map<String, String> cursor = Map.of(XPoller.SINCE_ID, sim.ids().get(10), XPoller.NEXT_TOKEN, "expired-token",
        XPoller.SWEEP_NEWEST, sim.ids().get(99));

    Page page = poller.fetch("search:#brexit -is:retweet", cursor);

    assertThat(page.items()).isEmpty();
    assertThat(page.sweepDone()).isFalse();
    assertThat(page.next()).containsExactly(Map.entry(XPoller.SINCE_ID, sim.ids().get(10)));
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void shouldWaitOutA429UntilTheResetHeaderAndCountIt() throws Exception {
    long resetEpochSeconds = NOW.getEpochSecond(); // already reset by the (fixed) clock: retry at once
    api.enqueue(LocalApi.Reply.status(429, Map.of("x-rate-limit-remaining", "0", "x-rate-limit-reset", Long.toString(resetEpochSeconds)),
        "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}"));

    Page page = poller.fetch("search:#brexit -is:retweet", Map.of());

    assertThat(page.items()).hasSize(40);
    assertThat(metrics.count("rate-limited")).isEqualTo(1);
    assertThat(metrics.count("requests")).isEqualTo(2);
  }

  @Test
  void shouldPassOnTweetsWhoseIdIsNotASnowflakeWithoutMovingTheCursorOrFailingThePage() throws Exception {
    // found by LivePageParsersPropertyTest in CI: a flipped byte in an id ("12-34") escaped as NumberFormatException
    String good = "1440000000000000002";
    api.enqueue(LocalApi.Reply.status(200, Map.of("Content-Type", "application/json"),
        "{\"data\":[{\"id\":\"12-34\",\"text\":\"a flipped id\"},{\"id\":\"" + good + "\",\"text\":\"fine\"}],"
            + "\"meta\":{\"result_count\":2}}"));

    Page page = poller.fetch("search:#brexit -is:retweet",
        Map.of(XPoller.SINCE_ID, "1440000000000000001"));

    assertThat(page.items()).hasSize(2); // the Normalizer dead-letters the bad one with its reason
    assertThat(page.sweepDone()).isTrue();
    assertThat(page.next()).containsExactly(Map.entry(XPoller.SINCE_ID, good));
  }

  @Test
  void shouldRefuseACursorSinceIdThatIsNotASnowflakeNamingStreamKeyValueAndRuleWithoutARequest() {
    // before (until session 10): ignored, reading again from the look-back on a guess
    assertThatThrownBy(() -> poller.fetch("search:#brexit -is:retweet", Map.of(XPoller.SINCE_ID, "1e5")))
        .isInstanceOf(UnusableOffsetException.class).hasMessageContainingAll("search:#brexit -is:retweet", "since_id", "'1e5'",
            "snowflake", "/offsets");
    assertThatThrownBy(() -> poller.fetch("search:#brexit -is:retweet", Map.of(XPoller.SWEEP_NEWEST, "not-a-snowflake")))
        .isInstanceOf(UnusableOffsetException.class).hasMessageContainingAll("sweep_newest", "'not-a-snowflake'");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void shouldTakeTheSnowflakeTimeOfATweetWhoseCreatedAtIsOutsideTheYears1970To9999() throws Exception {
    // the item's time becomes the Connect record timestamp: before 1970 it is negative, which the producer refuses
    // (failing the task), and '+300000000-...' overflowed toEpochMilli() in LiveSourceTask.poll
    String id = "1440000000000000002";
    api.enqueue(LocalApi.Reply.status(200, Map.of("Content-Type", "application/json"),
        "{\"data\":[{\"id\":\"" + id + "\",\"text\":\"old\",\"created_at\":\"1900-01-01T00:00:00Z\"},"
            + "{\"id\":\"" + id + "\",\"text\":\"far\",\"created_at\":\"+300000000-01-01T00:00:00Z\"}],"
            + "\"meta\":{\"result_count\":2}}"));

    Page page = poller.fetch("search:#brexit -is:retweet", Map.of());

    java.time.Instant snowflakeTime = io.storyline.ingest.format.Times.snowflake(id, io.storyline.ingest.format.Times.TWITTER_EPOCH_MS);
    assertThat(page.items()).extracting(io.storyline.ingest.format.RawItem::createdAt).containsExactly(snowflakeTime, snowflakeTime);
  }
}
