package io.storyline.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.ingest.connect.UnusableOffsetException;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.live.discord.DiscordConfig;
import io.storyline.ingest.live.discord.DiscordPoller;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import io.storyline.ingest.live.http.TokenBucket;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiscordPollerTest {
  private static final Instant NOW = Instant.parse("2025-07-08T15:00:00Z");
  private static final String CHANNEL = "1380000000000000001";

  private LocalApi api;
  private LiveMetrics metrics;
  private DiscordPoller poller;
  private final List<ObjectNode> messages = new ArrayList<>();
  private ObjectNode template;

  @BeforeEach
  void start() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/fixtures/discord/rest_channel_messages.json")) {
      template = (ObjectNode) JsonSupport.mapper().readTree(in).get(0);
    }
    api = new LocalApi();
    api.handler(this::serve);
    metrics = new LiveMetrics();
    DiscordConfig config = new DiscordConfig(Map.of(
        DiscordConfig.CHANNEL_IDS_CONFIG, CHANNEL,
        DiscordConfig.BOT_TOKEN_CONFIG, "bot-s3cret",
        DiscordConfig.BASE_URL_CONFIG, api.baseUrl() + "/api/v10",
        DiscordConfig.PAGE_SIZE_CONFIG, "100",
        LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG, "1",
        LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG, "50"));
    Pacer pacer = new Pacer(System::nanoTime, NOW::toEpochMilli);
    poller = new DiscordPoller(config, new LiveHttpClient(config.httpSettings(), new TokenBucket(1000, Duration.ofSeconds(1), pacer),
        RateLimitStyle.DISCORD, pacer, metrics), metrics, pacer);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String snowflake(Instant t, int seq) {
    return Long.toString(((t.toEpochMilli() - 1_420_070_400_000L) << 22) + seq);
  }

  /** Adds a message n minutes before NOW with the given content. */
  private void add(int minutesAgo, int seq, String content) {
    ObjectNode m = template.deepCopy();
    Instant t = NOW.minusSeconds(minutesAgo * 60L);
    m.put("id", snowflake(t, seq));
    m.put("timestamp", t.toString());
    m.put("content", content);
    m.put("type", 0);
    m.putArray("embeds");
    m.remove("message_reference");
    m.remove("referenced_message");
    messages.add(m);
  }

  /** Like Discord: the 'limit' messages right after 'after', newest first. */
  private LocalApi.Reply serve(LocalApi.Request r) {
    if (!r.uri().getPath().equals("/api/v10/channels/" + CHANNEL + "/messages")) {
      return LocalApi.Reply.status(404, Map.of(), "{\"message\": \"Unknown Channel\", \"code\": 10003}");
    }
    BigInteger after = new BigInteger(r.query("after"));
    int limit = Integer.parseInt(r.query("limit"));
    List<ObjectNode> newer = messages.stream().filter(m -> new BigInteger(m.get("id").asText()).compareTo(after) > 0)
        .sorted((a, b) -> new BigInteger(a.get("id").asText()).compareTo(new BigInteger(b.get("id").asText())))
        .limit(limit).toList();
    ArrayNode body = JsonSupport.mapper().createArrayNode();
    for (int i = newer.size() - 1; i >= 0; i--) {
      body.add(newer.get(i));
    }
    return LocalApi.Reply.ok(body.toString()).withHeaders(Map.of("X-RateLimit-Limit", "5", "X-RateLimit-Remaining", "4",
        "X-RateLimit-Reset-After", "1.0", "X-RateLimit-Bucket", "abcd1234"));
  }

  @Test
  void shouldPageByAfterSnowflakeOldestFirstAndKeepTheHighestAsCursor() throws Exception {
    for (int i = 0; i < 150; i++) {
      add(200 - i, i, "message " + i + " about https://example.org/model-" + i);
    }
    Page p1 = poller.fetch(CHANNEL, Map.of());
    Page p2 = poller.fetch(CHANNEL, p1.next());
    Page p3 = poller.fetch(CHANNEL, p2.next());

    assertThat(p1.items()).hasSize(100);
    assertThat(p1.sweepDone()).isFalse();
    assertThat(p1.next()).containsEntry(DiscordPoller.AFTER, messages.get(99).get("id").asText());
    assertThat(p2.items()).hasSize(50);
    assertThat(p2.sweepDone()).isTrue();
    assertThat(p3.items()).isEmpty();
    assertThat(p3.next()).isEqualTo(p2.next());
    List<String> ids = new ArrayList<>(p1.items().stream().map(RawItem::nativeId).toList());
    ids.addAll(p2.items().stream().map(RawItem::nativeId).toList());
    assertThat(ids).containsExactlyElementsOf(messages.stream().map(m -> m.get("id").asText()).toList());
    assertThat(api.requests().get(0).header("Authorization")).isEqualTo("Bot bot-s3cret");
    // first sweep: 'after' synthesised from now - 24 h
    assertThat(api.requests().get(0).query("after")).isEqualTo(snowflake(NOW.minus(Duration.ofHours(24)), 0));
  }

  @Test
  void shouldCountAndSkipMessagesWithEmptyContentInsteadOfEmittingEmptyPosts() throws Exception {
    // BR-41: without the MESSAGE_CONTENT intent, content arrives empty
    for (int i = 0; i < 20; i++) {
      add(100 - i, i, "");
    }
    add(50, 1, "Kimi K2 weights are out");
    add(49, 1, "and the tech report https://example.org/k2.pdf");

    Page page = poller.fetch(CHANNEL, Map.of());

    assertThat(page.items()).hasSize(2);
    assertThat(metrics.count("skipped")).isEqualTo(20);
    assertThat(page.next()).containsEntry(DiscordPoller.AFTER, messages.get(21).get("id").asText());
  }

  @Test
  void shouldCountAndSkipSystemMessagesAndMoveTheCursorPastThem() throws Exception {
    // session 13: member joins (type 7), pins (6) and thread starts (18, content = the thread's name) are not posts
    add(10, 0, "");
    messages.getLast().put("type", 7);
    add(9, 0, "");
    messages.getLast().put("type", 6);
    add(8, 0, "gpu questions");
    messages.getLast().put("type", 18);
    add(7, 0, "Kimi K2 weights are out");
    add(6, 0, "a reply");
    messages.getLast().put("type", 19);

    Page page = poller.fetch(CHANNEL, Map.of());

    assertThat(page.items()).extracting(RawItem::nativeId)
        .containsExactly(messages.get(3).get("id").asText(), messages.get(4).get("id").asText());
    assertThat(metrics.count("skipped")).isEqualTo(3);
    assertThat(page.next()).containsEntry(DiscordPoller.AFTER, messages.get(4).get("id").asText());
  }

  @Test
  void shouldWaitTheRetryAfterOfA429BodyAndCountIt() throws Exception {
    add(10, 0, "hello");
    api.enqueue(LocalApi.Reply.status(429, Map.of("X-RateLimit-Scope", "user", "X-RateLimit-Remaining", "0"),
        "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.05, \"global\": false}"));

    Page page = poller.fetch(CHANNEL, Map.of());

    assertThat(page.items()).hasSize(1);
    assertThat(metrics.count("rate-limited")).isEqualTo(1);
  }

  @Test
  void shouldRetryAnHttp200WhoseBodyIsNotAMessageArray() throws Exception {
    add(10, 0, "hello");
    api.enqueue(LocalApi.Reply.ok("{\"message\": \"upstream hiccup\"}"));

    Page page = poller.fetch(CHANNEL, Map.of());

    assertThat(page.items()).hasSize(1);
    assertThat(metrics.count("errors")).isEqualTo(1);
  }

  @Test
  void shouldRefuseAnAfterCursorThatIsNotASnowflakeNamingChannelKeyValueAndRuleWithoutARequest() {
    // a cursor is read back from Connect's offsets, which an operator can edit (KIP-875): 'a b' first threw
    // IllegalArgumentException from URI.create out of poll(), then (until session 10) was ignored with a warning,
    // reading again from the look-back on a guess
    add(10, 0, "hello");

    assertThatThrownBy(() -> poller.fetch(CHANNEL, Map.of(DiscordPoller.AFTER, "138 0"))).isInstanceOf(UnusableOffsetException.class)
        .hasMessageContainingAll(CHANNEL, "after", "'138 0'", "snowflake", "/offsets");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void shouldNotMoveTheCursorToAMessageIdThatIsNotASnowflake() throws Exception {
    // BigInteger reads '+1380...' as a number: as the cursor it would go back as after=+1380... on every poll
    add(10, 0, "fine");
    add(5, 1, "a flipped byte in the id");
    String good = messages.get(0).get("id").asText();
    messages.get(1).put("id", "+9" + good.substring(1));

    Page page = poller.fetch(CHANNEL, Map.of(DiscordPoller.AFTER, "1"));

    assertThat(page.next()).containsExactly(Map.entry(DiscordPoller.AFTER, good));
  }
}
