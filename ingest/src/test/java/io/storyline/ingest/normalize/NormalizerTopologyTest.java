package io.storyline.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.topic.DeadLetterHeaders;
import io.storyline.common.topic.RawHeaders;
import io.storyline.common.topic.PostPartitioner;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.format.NativeFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizerTopologyTest {
  // real Reddit t3 things from PRAW's cassettes (see NOTICE); created 2016-03-01T08:33:07Z and 08:34:02Z
  private static final String FIRST = "t3_48fb7p";
  private static final String SECOND = "t3_48fbao";
  private static final Instant FIRST_CREATED = Instant.parse("2016-03-01T08:33:07Z");

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestOutputTopic<String, Post> posts;
  private TestOutputTopic<byte[], byte[]> dlq;

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  private void start(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", "unused:9092");
    settings.put("state.dir", stateDir.toString());
    // TopologyTestDriver pipes one topic at a time: the production wait for lagging raw partitions
    // (max.task.idle.ms) would hold every record back until the other topics had data
    settings.put("kafka.max.task.idle.ms", "0");
    settings.putAll(extra);
    NormalizerConfig config = new NormalizerConfig(settings);
    Properties props = NormalizerTopology.streamsProperties(config);
    driver = new TopologyTestDriver(NormalizerTopology.build(config, meters), props);
    posts = driver.createOutputTopic(Topics.POSTS.name(), Serdes.String().deserializer(), StorylineSerdes.post().deserializer());
    dlq = driver.createOutputTopic(Topics.POSTS_DLQ.name(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  private TestInputTopic<String, byte[]> input(String topic) {
    return driver.createInputTopic(topic, Serdes.String().serializer(), Serdes.ByteArray().serializer());
  }

  private static byte[] fixture(String fullname) throws IOException {
    try (InputStream in = NormalizerTopologyTest.class.getResourceAsStream("/normalize/reddit-" + fullname + ".json")) {
      assertThat(in).as("fixture reddit-%s.json on the test class path", fullname).isNotNull();
      return in.readAllBytes();
    }
  }

  private static Headers rawHeaders(NativeFormat format) {
    RecordHeaders headers = new RecordHeaders();
    if (format.source() != null) {
      headers.add(RawHeaders.SOURCE, format.source().id().getBytes(StandardCharsets.UTF_8));
    }
    headers.add(RawHeaders.FORMAT, format.id().getBytes(StandardCharsets.UTF_8));
    headers.add(RawHeaders.FILE, "fixture.json".getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private void pipeReddit(String key, byte[] payload) {
    input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>(key, payload, rawHeaders(NativeFormat.REDDIT_THING), FIRST_CREATED));
  }

  private static List<String> keys(TestOutputTopic<String, Post> topic) {
    return topic.readRecordsToList().stream().map(TestRecord::key).toList();
  }

  private NormalizerMetrics metrics() {
    return NormalizerMetrics.from(driver.metrics());
  }

  private static String header(Headers headers, String key) {
    Header h = headers.lastHeader(key);
    assertThat(h).as("header %s", key).isNotNull();
    return new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldCountPostsPerSourceAndDeadLettersPerTopicAndReasonAndTimeEveryParse() throws IOException {
    start(Map.of());
    pipeReddit(FIRST, fixture(FIRST));
    input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>("x", "{broken".getBytes(StandardCharsets.UTF_8),
        rawHeaders(NativeFormat.REDDIT_THING), FIRST_CREATED));
    input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>("y", fixture(SECOND), new RecordHeaders(), FIRST_CREATED));

    assertThat(meters.get("storyline.normalizer.posts").tag("source", "reddit").counter().count()).isEqualTo(1.0);
    assertThat(meters.get("storyline.normalizer.dead.letters").tag("topic", Topics.RAW_REDDIT.name())
        .tag("reason", "unparseable").counter().count()).isEqualTo(1.0);
    assertThat(meters.get("storyline.normalizer.dead.letters").tag("topic", Topics.RAW_REDDIT.name())
        .tag("reason", "missing_format").counter().count()).isEqualTo(1.0);
    // every series exists from the start, at zero until something happens
    assertThat(meters.get("storyline.normalizer.posts").tag("source", "discord").counter().count()).isZero();
    assertThat(meters.get("storyline.normalizer.dead.letters").tag("topic", Topics.RAW_ARXIV.name())
        .tag("reason", "parser_bug").counter().count()).isZero();
    assertThat(meters.get("storyline.normalizer.parse").timer().count()).isEqualTo(3);
  }

  @Test
  void shouldEmitPostKeyedByPostIdForRealRedditPayload() throws IOException {
    start(Map.of());

    pipeReddit(FIRST, fixture(FIRST));

    List<TestRecord<String, Post>> out = posts.readRecordsToList();
    assertThat(out).hasSize(1);
    Post post = out.get(0).value();
    assertThat(out.get(0).key()).isEqualTo("reddit:" + FIRST).isEqualTo(post.id());
    assertThat(post.source()).isEqualTo(Source.REDDIT);
    assertThat(post.title()).isEqualTo("What makes you instantly like someone?");
    assertThat(post.createdAt()).isEqualTo(FIRST_CREATED);
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(metrics()).isEqualTo(new NormalizerMetrics.Snapshot(1, 1, 0, 0, 0, 0, 0));
  }

  @Test
  void shouldDeadLetterBrokenJsonWithOriginalBytesAndAllHeadersAndKeepGoing() throws IOException {
    start(Map.of());
    byte[] broken = "{\"kind\":\"t3\",\"data\":{\"name\":\"t3_x\",".getBytes(StandardCharsets.UTF_8);

    pipeReddit("t3_x", broken);
    pipeReddit(SECOND, fixture(SECOND));

    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).hasSize(1);
    TestRecord<byte[], byte[]> d = dead.get(0);
    assertThat(d.key()).isEqualTo("t3_x".getBytes(StandardCharsets.UTF_8));
    assertThat(d.value()).isEqualTo(broken);
    assertThat(header(d.headers(), DeadLetterHeaders.REASON)).contains("reddit-thing");
    assertThat(header(d.headers(), DeadLetterHeaders.ERROR_CLASS)).isEqualTo("io.storyline.ingest.format.PostParseException");
    assertThat(header(d.headers(), DeadLetterHeaders.STAGE)).isEqualTo("normalizer");
    assertThat(header(d.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("posts.raw.reddit");
    assertThat(header(d.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(header(d.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(header(d.headers(), RawHeaders.FORMAT)).as("original headers are kept").isEqualTo("reddit-thing");
    assertThat(keys(posts)).containsExactly("reddit:" + SECOND);
    assertThat(metrics()).isEqualTo(new NormalizerMetrics.Snapshot(2, 1, 1, 0, 0, 0, 0));
  }

  @Test
  void shouldDeadLetterRecordWithoutFormatHeader() throws IOException {
    start(Map.of());
    byte[] payload = fixture(FIRST);

    input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>(FIRST, payload, new RecordHeaders(), FIRST_CREATED));

    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).value()).isEqualTo(payload);
    assertThat(header(dead.get(0).headers(), DeadLetterHeaders.REASON))
        .contains(RawHeaders.FORMAT).contains("posts.raw.reddit-0@0").contains("reddit-thing");
    assertThat(posts.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterRecordWhoseFormatHeaderNamesNoFormat() throws IOException {
    start(Map.of());
    RecordHeaders headers = new RecordHeaders();
    headers.add(RawHeaders.FORMAT, "reddit-thingy".getBytes(StandardCharsets.UTF_8));

    input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>(FIRST, fixture(FIRST), headers, FIRST_CREATED));

    assertThat(header(dlq.readRecord().headers(), DeadLetterHeaders.REASON)).contains("'reddit-thingy'");
    assertThat(posts.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterEveryRecordOfTheUnknownTopic() {
    start(Map.of());
    byte[] garbage = "not a post at all".getBytes(StandardCharsets.UTF_8);

    input(Topics.RAW_UNKNOWN.name()).pipeInput(new TestRecord<>(null, garbage, rawHeaders(NativeFormat.UNKNOWN), FIRST_CREATED));

    TestRecord<byte[], byte[]> d = dlq.readRecord();
    assertThat(d.key()).isNull();
    assertThat(d.value()).isEqualTo(garbage);
    assertThat(header(d.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("posts.raw.unknown");
    assertThat(header(d.headers(), DeadLetterHeaders.REASON)).contains("fixture.json").contains("unknown");
    assertThat(posts.isEmpty()).isTrue();
    assertThat(metrics().deadLettered()).isEqualTo(1);
  }

  @Test
  void shouldEmitRepeatedPostIdOnceAndCountTheDuplicate() throws IOException {
    start(Map.of());

    pipeReddit(FIRST, fixture(FIRST));
    pipeReddit(FIRST, fixture(FIRST));
    pipeReddit(SECOND, fixture(SECOND));

    assertThat(keys(posts)).containsExactly("reddit:" + FIRST, "reddit:" + SECOND);
    assertThat(metrics()).isEqualTo(new NormalizerMetrics.Snapshot(3, 2, 0, 1, 0, 0, 0));
    KeyValueStore<String, Long> seen = driver.getKeyValueStore(NormalizerTopology.SEEN_POSTS_STORE);
    assertThat(seen.get("reddit:" + FIRST)).isEqualTo(FIRST_CREATED.toEpochMilli());
  }

  @Test
  void shouldKeepPostsOfTheToDateUntilTheEndOfThatDay() throws IOException {
    start(Map.of(NormalizerConfig.CREATED_FROM_CONFIG, "2016-03-01", NormalizerConfig.CREATED_TO_CONFIG, "2016-03-01"));

    pipeReddit(FIRST, fixture(FIRST));

    assertThat(keys(posts)).containsExactly("reddit:" + FIRST);
    assertThat(metrics().outOfRange()).isZero();
  }

  @Test
  void shouldDropAndCountPostsCreatedOutsideTheRange() throws IOException {
    start(Map.of(NormalizerConfig.CREATED_TO_CONFIG, "2016-02-29"));

    pipeReddit(FIRST, fixture(FIRST));
    pipeReddit(SECOND, fixture(SECOND));

    assertThat(posts.isEmpty()).isTrue();
    assertThat(dlq.isEmpty()).as("out-of-range posts are filtered, not dead-lettered").isTrue();
    assertThat(metrics()).isEqualTo(new NormalizerMetrics.Snapshot(2, 0, 0, 0, 2, 0, 0));
  }

  @Test
  void shouldDropPostsBeforeTheFromInstant() throws IOException {
    start(Map.of(NormalizerConfig.CREATED_FROM_CONFIG, "2016-03-01T08:34:00Z"));

    pipeReddit(FIRST, fixture(FIRST));
    pipeReddit(SECOND, fixture(SECOND));

    assertThat(keys(posts)).containsExactly("reddit:" + SECOND);
    assertThat(metrics().outOfRange()).isEqualTo(1);
  }

  @Test
  void shouldForgetPostIdsOlderThanTheRetentionWhenNewerPostsAdvanceThePostClock() throws IOException {
    start(Map.of(NormalizerConfig.DEDUPE_RETENTION_HOURS_CONFIG, "1",
        NormalizerConfig.DEDUPE_PURGE_INTERVAL_MS_CONFIG, "1000"));
    pipeReddit(FIRST, fixture(FIRST));
    KeyValueStore<String, Long> seen = driver.getKeyValueStore(NormalizerTopology.SEEN_POSTS_STORE);
    assertThat(seen.get("reddit:" + FIRST)).isNotNull();

    // a post created two hours later moves the post clock past the retention; the next punctuation purges
    input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>(SECOND, createdTwoHoursLater(fixture(SECOND)),
        rawHeaders(NativeFormat.REDDIT_THING), FIRST_CREATED.plusSeconds(2 * 3600)));
    input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>(SECOND, createdTwoHoursLater(fixture(SECOND)),
        rawHeaders(NativeFormat.REDDIT_THING), FIRST_CREATED.plusSeconds(2 * 3600 + 2)));

    assertThat(seen.get("reddit:" + FIRST)).isNull();
    // so a copy arriving after the purge is emitted again (documented trade-off of a bounded store)
    pipeReddit(FIRST, fixture(FIRST));
    assertThat(keys(posts)).containsExactly("reddit:" + FIRST, "reddit:" + SECOND, "reddit:" + FIRST);
  }

  @Test
  void shouldNotLetARecordTimestampYearsAheadOfThePostsPurgeTheIdsSeen() throws IOException {
    // a broken record replayed today carries today's timestamp, years after the posts around it
    start(Map.of(NormalizerConfig.DEDUPE_RETENTION_HOURS_CONFIG, "1",
        NormalizerConfig.DEDUPE_PURGE_INTERVAL_MS_CONFIG, "1000"));
    pipeReddit(FIRST, fixture(FIRST));
    input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>(null, "{broken".getBytes(StandardCharsets.UTF_8),
        rawHeaders(NativeFormat.REDDIT_THING), FIRST_CREATED.plus(Duration.ofDays(3650))));
    pipeReddit(FIRST, fixture(FIRST));

    assertThat(keys(posts)).containsExactly("reddit:" + FIRST);
    assertThat(metrics().duplicates()).isEqualTo(1);
  }

  private static byte[] createdTwoHoursLater(byte[] payload) {
    String json = new String(payload, StandardCharsets.UTF_8);
    String later = Long.toString(FIRST_CREATED.getEpochSecond() + 2 * 3600);
    return json.replaceAll("\"created_utc\": *[0-9.]+", "\"created_utc\": " + later).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldKeepPostIdsWithinTheRetention() throws IOException {
    start(Map.of(NormalizerConfig.DEDUPE_RETENTION_HOURS_CONFIG, "3",
        NormalizerConfig.DEDUPE_PURGE_INTERVAL_MS_CONFIG, "1000"));
    pipeReddit(FIRST, fixture(FIRST));

    input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>(SECOND, fixture(SECOND),
        rawHeaders(NativeFormat.REDDIT_THING), FIRST_CREATED.plusSeconds(2 * 3600)));
    pipeReddit(FIRST, fixture(FIRST));

    assertThat(keys(posts)).containsExactly("reddit:" + FIRST, "reddit:" + SECOND);
    assertThat(metrics().duplicates()).isEqualTo(1);
  }

  @Test
  void shouldUseEveryRawTopicAndExactlyOnce() {
    start(Map.of("kafka.commit.interval.ms", "250"));
    NormalizerConfig config = new NormalizerConfig(Map.of("bootstrap.servers", "b:1", "kafka.commit.interval.ms", "250"));
    Properties props = NormalizerTopology.streamsProperties(config);

    assertThat(props).containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("application.id", "storyline-normalizer")
        .containsEntry("commit.interval.ms", "250")
        .containsEntry("max.task.idle.ms", NormalizerConfig.DEFAULT_MERGE_WAIT_MS);
    assertThat(NormalizerTopology.build(config).describe().toString())
        .contains("posts.raw.twitter", "posts.raw.reddit", "posts.raw.discord", "posts.raw.arxiv", "posts.raw.unknown",
            NormalizerTopology.SEEN_POSTS_STORE);
  }

  private static byte[] redditVariant(String fullname, String field, Object value) throws IOException {
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) io.storyline.ingest.format.JsonSupport.mapper().readTree(fixture(fullname));
    var data = (com.fasterxml.jackson.databind.node.ObjectNode) (node.has("data") ? node.get("data") : node);
    data.set(field, io.storyline.ingest.format.JsonSupport.mapper().valueToTree(value));
    return io.storyline.ingest.format.JsonSupport.mapper().writeValueAsBytes(node);
  }

  private void pipeRedditFetched(String key, byte[] payload, Instant fetchedAt) {
    Headers headers = rawHeaders(NativeFormat.REDDIT_THING);
    headers.add(RawHeaders.FETCHED_AT, fetchedAt.toString().getBytes(StandardCharsets.UTF_8));
    input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>(key, payload, headers, FIRST_CREATED));
  }

  @Test
  void shouldEmitAnEditedPostAgainUnderTheSameIdAndCountItAsAnUpdate() throws IOException {
    start(Map.of());
    Instant firstFetch = Instant.parse("2016-03-01T09:00:00Z");

    pipeRedditFetched(FIRST, fixture(FIRST), firstFetch);
    pipeRedditFetched(FIRST, redditVariant(FIRST, "selftext", "EDIT: the benchmark numbers were wrong, see below"),
        firstFetch.plusSeconds(600));

    List<TestRecord<String, Post>> out = posts.readRecordsToList();
    assertThat(out).extracting(TestRecord::key).containsExactly("reddit:" + FIRST, "reddit:" + FIRST);
    assertThat(out.get(1).value().text()).contains("benchmark numbers were wrong");
    assertThat(metrics()).isEqualTo(new NormalizerMetrics.Snapshot(2, 2, 0, 0, 0, 1, 0));
  }

  @Test
  void shouldDropARefetchWhoseOnlyChangeIsEngagement() throws IOException {
    start(Map.of());
    Instant firstFetch = Instant.parse("2016-03-01T09:00:00Z");

    pipeRedditFetched(FIRST, fixture(FIRST), firstFetch);
    pipeRedditFetched(FIRST, redditVariant(FIRST, "score", 4242), firstFetch.plusSeconds(600));

    assertThat(keys(posts)).containsExactly("reddit:" + FIRST);
    assertThat(metrics().duplicates()).isEqualTo(1);
    assertThat(metrics().updated()).isZero();
  }

  @Test
  void shouldDropAStaleCopyOfAnOlderVersionArrivingAfterTheEdit() throws IOException {
    start(Map.of());
    Instant firstFetch = Instant.parse("2016-03-01T09:00:00Z");
    byte[] edited = redditVariant(FIRST, "selftext", "edited text");

    pipeRedditFetched(FIRST, fixture(FIRST), firstFetch);
    pipeRedditFetched(FIRST, edited, firstFetch.plusSeconds(600));
    pipeRedditFetched(FIRST, fixture(FIRST), firstFetch); // at-least-once redelivery of the old fetch

    List<TestRecord<String, Post>> out = posts.readRecordsToList();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).value().text()).isEqualTo("edited text");
    assertThat(metrics().duplicates()).isEqualTo(1);
  }

  @Test
  void shouldKeyEveryVersionOfAnEditedTweetByTheFirstIdOfItsEditChain() throws IOException {
    start(Map.of());
    TestInputTopic<String, byte[]> x = input(Topics.RAW_TWITTER.name());
    // as a live poll sees them: the original first, the edit (a new tweet id) in a later sweep
    Instant fetched = Instant.parse("2022-10-03T17:59:00Z");
    for (String file : List.of("twarc2_lookup_edited_tweet_original_version.jsonl", "twarc2_lookup_edited_tweet.jsonl",
        "twarc2_lookup_quote_of_edited_tweet.jsonl")) {
      io.storyline.ingest.format.ItemCollector items = new io.storyline.ingest.format.ItemCollector(file, file);
      try (InputStream in = getClass().getResourceAsStream("/fixtures/twitter/" + file)) {
        io.storyline.ingest.format.x.XPageSplitter.page(io.storyline.ingest.format.JsonSupport.mapper().readTree(in), items);
      }
      for (var item : items.items()) {
        Headers headers = rawHeaders(NativeFormat.X_V2_TWEET);
        fetched = fetched.plusSeconds(60);
        headers.add(RawHeaders.FETCHED_AT, fetched.toString().getBytes(StandardCharsets.UTF_8));
        x.pipeInput(new TestRecord<>(item.nativeId(), item.payload(), headers, item.createdAt()));
      }
    }

    List<TestRecord<String, Post>> out = posts.readRecordsToList();
    assertThat(out).extracting(TestRecord::key)
        .containsExactly("twitter:1576994746135764992", "twitter:1576994746135764992", "twitter:1576995594388000768");
    assertThat(out.get(0).value().text()).startsWith("i miss y");
    assertThat(out.get(1).value().text()).startsWith("hey :)");
    assertThat(out.get(1).value().url()).endsWith("/status/1576994789110992896");
    // the quote of the old version and the reply to the new one both point at the one post
    assertThat(out.get(2).value().parentId()).isEqualTo("twitter:1576994746135764992");
    assertThat(metrics().updated()).isEqualTo(1);
  }

  // ---- thread roots: replies to replies, quotes and reposts of replies land with their thread ----

  /** Our own Discord REST message of the documented shape (discord-api-docs message.mdx). */
  private void pipeDiscord(String id, String parentId, int referenceType, Instant created) {
    String reference = parentId == null ? ""
        : ",\"message_reference\":{\"type\":" + referenceType + ",\"message_id\":\"" + parentId + "\"}";
    String json = "{\"id\":\"" + id + "\",\"channel_id\":\"900\",\"content\":\"message " + id
        + "\",\"timestamp\":\"" + created + "\"" + reference + "}";
    input(Topics.RAW_DISCORD.name()).pipeInput(new TestRecord<>(id, json.getBytes(StandardCharsets.UTF_8),
        rawHeaders(NativeFormat.DISCORD_MESSAGE), created));
  }

  private void pipeDiscordReply(String id, String parentId, Instant created) {
    pipeDiscord(id, parentId, 0, created);
  }

  private Map<String, Post> postsById() {
    Map<String, Post> byId = new HashMap<>();
    posts.readRecordsToList().forEach(r -> byId.put(r.key(), r.value()));
    return byId;
  }

  @Test
  void shouldRouteADiscordReplyToAReplyByTheThreadsFirstMessage() {
    start(Map.of());
    Instant t = Instant.parse("2026-06-01T10:00:00Z");
    pipeDiscord("100", null, 0, t);
    pipeDiscordReply("101", "100", t.plusSeconds(60));
    pipeDiscordReply("102", "101", t.plusSeconds(120));
    pipeDiscordReply("103", "102", t.plusSeconds(180));

    Map<String, Post> out = postsById();
    assertThat(out.get("discord:101").rootId()).as("a reply to the first message: its parent is the root").isNull();
    assertThat(out.get("discord:102").rootId()).isEqualTo("discord:100");
    assertThat(out.get("discord:103").rootId()).isEqualTo("discord:100");
    assertThat(out.get("discord:103").parentId()).as("the parent stays as the platform named it")
        .isEqualTo("discord:102");
    assertThat(out.values()).extracting(Post::threadKey).containsOnly("discord:100");
    for (int partitions : new int[] {2, 4, 16}) {
      assertThat(out.values()).extracting(p -> PostPartitioner.partition(p, partitions))
          .as("one partition of %d for the whole thread", partitions)
          .containsOnly(PostPartitioner.partition(out.get("discord:100"), partitions));
    }
    assertThat(metrics().threadRootsResolved()).isEqualTo(2);
  }

  @Test
  void shouldRouteAForwardOfAReplyByTheRepliedThread() {
    start(Map.of());
    Instant t = Instant.parse("2026-06-01T10:00:00Z");
    pipeDiscord("200", null, 0, t);
    pipeDiscordReply("201", "200", t.plusSeconds(60));
    pipeDiscord("202", "201", 1, t.plusSeconds(120)); // message_reference.type 1: a forward (REPOST)

    Post forward = postsById().get("discord:202");
    assertThat(forward.relation()).isEqualTo(io.storyline.common.model.Relation.REPOST);
    assertThat(forward.rootId()).isEqualTo("discord:200");
    assertThat(forward.threadKey()).isEqualTo("discord:200");
  }

  /** Our own X API v2 tweet of the documented shape (data.id, created_at, conversation_id, referenced_tweets). */
  private void pipeTweet(String id, String conversationId, String refType, String refId, Instant created) {
    String refs = refType == null ? ""
        : ",\"referenced_tweets\":[{\"type\":\"" + refType + "\",\"id\":\"" + refId + "\"}]";
    String json = "{\"data\":{\"id\":\"" + id + "\",\"text\":\"tweet " + id + "\",\"created_at\":\"" + created
        + "\",\"conversation_id\":\"" + conversationId + "\"" + refs + "}}";
    input(Topics.RAW_TWITTER.name()).pipeInput(new TestRecord<>(id, json.getBytes(StandardCharsets.UTF_8),
        rawHeaders(NativeFormat.X_V2_TWEET), created));
  }

  @Test
  void shouldRouteAQuoteOfAReplyAndTheRepliesToThatQuoteByTheQuotedThread() {
    start(Map.of());
    Instant t = Instant.parse("2026-06-01T10:00:00Z");
    pipeTweet("1000", "1000", null, null, t);
    pipeTweet("1001", "1000", "replied_to", "1000", t.plusSeconds(60));
    pipeTweet("1002", "1002", "quoted", "1001", t.plusSeconds(120)); // a quote starts its own conversation
    pipeTweet("1003", "1002", "replied_to", "1002", t.plusSeconds(180)); // X names the quote as the root
    pipeTweet("1004", "1002", "replied_to", "1003", t.plusSeconds(240));

    Map<String, Post> out = postsById();
    assertThat(out.get("twitter:1001").rootId()).as("X named the root of a reply to the first tweet").isNull();
    assertThat(out.get("twitter:1002").rootId()).isEqualTo("twitter:1000");
    assertThat(out.get("twitter:1003").rootId()).as("replaces the conversation X named").isEqualTo("twitter:1000");
    assertThat(out.get("twitter:1004").rootId()).isEqualTo("twitter:1000");
    assertThat(out.values()).extracting(Post::threadKey).containsOnly("twitter:1000");
    assertThat(metrics().threadRootsResolved()).isEqualTo(3);
  }

  @Test
  void shouldRouteAReplyWhoseParentWasNeverSeenByItsParent() {
    start(Map.of());
    pipeDiscordReply("301", "300", Instant.parse("2026-06-01T10:00:00Z"));

    Post reply = postsById().get("discord:301");
    assertThat(reply.rootId()).isNull();
    assertThat(reply.threadKey()).isEqualTo("discord:300");
    assertThat(metrics().threadRootsResolved()).isZero();
  }

  @Test
  void shouldKeepTheRootThePlatformNamedOnARedditComment() throws IOException {
    start(Map.of());
    byte[] thread = fixtureFile("/fixtures/reddit/thread_context_2025-06.json");
    io.storyline.ingest.format.ItemCollector items = new io.storyline.ingest.format.ItemCollector("thread", "thread");
    io.storyline.ingest.format.reddit.RedditSplitter.thread(io.storyline.ingest.format.JsonSupport.mapper().readTree(thread), items);
    for (var item : items.items()) {
      input(Topics.RAW_REDDIT.name()).pipeInput(new TestRecord<>(item.nativeId(), item.payload(),
          rawHeaders(NativeFormat.REDDIT_THING), item.createdAt()));
    }

    Map<String, Post> out = postsById();
    List<Post> comments = out.values().stream().filter(p -> p.parentId() != null).toList();
    assertThat(comments).as("comments in the real thread").isNotEmpty();
    // every comment names its submission (link_id) already: nothing to resolve, the submission is the key
    assertThat(comments).extracting(Post::threadKey).containsOnly(comments.get(0).threadKey());
    assertThat(out).containsKey(comments.get(0).threadKey());
    assertThat(metrics().threadRootsResolved()).isZero();
    // and no reply will name a comment as its start, so none is kept for look-ups
    org.apache.kafka.streams.state.KeyValueStore<String, org.apache.kafka.streams.state.ValueAndTimestamp<String>> roots =
        driver.getTimestampedKeyValueStore(NormalizerTopology.THREAD_ROOTS_STORE);
    assertThat(comments).allSatisfy(c -> assertThat(roots.get(c.id())).as(c.id()).isNull());
  }

  @Test
  void shouldLeaveAReplyCycleUnresolvedAndKeepGoing() {
    start(Map.of());
    Instant t = Instant.parse("2026-06-01T10:00:00Z");
    pipeDiscordReply("401", "402", t); // each names the other as its parent: broken input
    pipeDiscordReply("402", "401", t.plusSeconds(1));
    pipeDiscord("403", null, 0, t.plusSeconds(2));

    Map<String, Post> out = postsById();
    assertThat(out).containsOnlyKeys("discord:401", "discord:402", "discord:403");
    assertThat(out.get("discord:402").rootId()).isNull();
    assertThat(out.get("discord:402").threadKey()).isEqualTo("discord:401");
  }

  @Test
  void shouldForgetThreadKeysOlderThanTheRetention() {
    start(Map.of(NormalizerConfig.DEDUPE_RETENTION_HOURS_CONFIG, "1",
        NormalizerConfig.DEDUPE_PURGE_INTERVAL_MS_CONFIG, "1000"));
    Instant t = Instant.parse("2026-06-01T10:00:00Z");
    pipeDiscordReply("501", "500", t);
    org.apache.kafka.streams.state.KeyValueStore<String, org.apache.kafka.streams.state.ValueAndTimestamp<String>> roots =
        driver.getTimestampedKeyValueStore(NormalizerTopology.THREAD_ROOTS_STORE);
    assertThat(roots.get("discord:501").value()).isEqualTo("discord:500");
    assertThat(roots.get("discord:500")).as("a post without a parent is its own thread key: not stored").isNull();

    // posts created two hours later move the post clock past the retention; the next punctuation purges
    pipeDiscord("600", null, 0, t.plusSeconds(2 * 3600));
    pipeDiscord("601", null, 0, t.plusSeconds(2 * 3600 + 2));

    assertThat(roots.get("discord:501")).isNull();
    pipeDiscordReply("502", "501", t.plusSeconds(2 * 3600 + 3));
    assertThat(postsById().get("discord:502").threadKey()).as("past the retention a reply routes by its parent")
        .isEqualTo("discord:501");
  }

  private static byte[] fixtureFile(String resource) throws IOException {
    try (InputStream in = NormalizerTopologyTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("fixture %s on the test class path", resource).isNotNull();
      return in.readAllBytes();
    }
  }
}
