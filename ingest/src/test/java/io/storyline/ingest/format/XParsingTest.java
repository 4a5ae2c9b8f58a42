package io.storyline.ingest.format;

import static io.storyline.ingest.format.Fixtures.post;
import static io.storyline.ingest.format.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class XParsingTest {

  @Test
  void shouldExpandTcoLinksAndUseAuthorFromIncludes() throws Exception {
    List<Post> posts = Fixtures.posts("twitter/twarc2_lookup_many_urls.jsonl");
    Post p = post(posts, "twitter:1610692575752601600");
    assertThat(p.author()).isEqualTo("user_00302");
    assertThat(p.url()).isEqualTo("https://x.com/user_00302/status/1610692575752601600");
    assertThat(p.text()).doesNotContain("https://t.co/").endsWith(
        "https://uiadrian.gumroad.com/l/web-design-guide/?offer_code=twk0uc9f7");
    assertThat(p.links()).containsExactly("https://uiadrian.gumroad.com/l/web-design-guide/?offer_code=twk0uc9f7");
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2023-01-04T17:40:09Z"));
    assertThat(p.relation()).isEqualTo(Relation.REPLY);
    assertThat(p.parentId()).isEqualTo("twitter:1610623087061471232");
    assertThat(p.rootId()).as("the parent starts the conversation: no separate root").isNull();
    assertThat(p.engagement().likes()).isEqualTo(13L);
    assertThat(p.engagement().reposts()).isEqualTo(2L);
    assertThat(p.engagement().replies()).isEqualTo(1L);
    assertThat(p.lang()).isEqualTo("en");
    assertThat(p.fetchedAt()).as("twarc2 __twarc.retrieved_at").isEqualTo(Instant.parse("2023-01-05T16:25:09Z"));
  }

  @Test
  void shouldCutPageIntoSelfContainedTweetsAndUseRetweetedText() throws Exception {
    FileReadResult r = Fixtures.read("twitter/twarc2_search_recent_brexit_page.jsonl");
    assertThat(r.items()).hasSize(100).allSatisfy(i -> assertThat(i.format()).isEqualTo(NativeFormat.X_V2_TWEET));
    List<Post> posts = Fixtures.posts("twitter/twarc2_search_recent_brexit_page.jsonl");
    assertThat(posts).filteredOn(p -> p.relation() == Relation.REPOST).hasSize(67);
    assertThat(posts).filteredOn(p -> p.relation() == Relation.QUOTE).hasSize(11);
    Post rt = post(posts, "twitter:1440716856763977732");
    assertThat(rt.relation()).isEqualTo(Relation.REPOST);
    assertThat(rt.parentId()).isEqualTo("twitter:1440713161355583489");
    assertThat(rt.text()).as("full text of the retweeted tweet, not the 'RT @' stub")
        .startsWith(". #BorisJohnson has revealed").doesNotStartWith("RT @").doesNotContain("/photo/1");
    Post amp = post(posts, "twitter:1440716848299872269");
    assertThat(amp.text()).contains("Billions in Debt & owned").doesNotContain("&amp;");
  }

  @Test
  void shouldReadTwarc2FlattenedOutputOneTweetPerLineWithItsExpansionsInline() throws Exception {
    // twarc2 flatten writes one tweet per line with the page's includes merged in (author, in_reply_to_user, each
    // referenced tweet merged into its reference) and the page's __twarc; the fixture is written by hand in that shape.
    // Before session 14 such a file was skipped: "not a known native format"
    FileReadResult r = Fixtures.read("twitter/twarc2_flattened_handwritten.jsonl");

    assertThat(r.warnings()).isEmpty();
    assertThat(r.items()).hasSize(5).allSatisfy(i -> assertThat(i.format()).isEqualTo(NativeFormat.X_V2_TWEET));
    assertThat(r.items()).extracting(RawItem::nativeId).containsExactly("1812000000000000001", "1812000000000000002",
        "1812000000000000003", "1812000000000000004", "1812000000000000005");
    List<Post> posts = Fixtures.posts("twitter/twarc2_flattened_handwritten.jsonl");

    Post original = post(posts, "twitter:1812000000000000001");
    assertThat(original.author()).as("the embedded author").isEqualTo("fx_model_lab");
    assertThat(original.url()).isEqualTo("https://x.com/fx_model_lab/status/1812000000000000001");
    assertThat(original.text()).isEqualTo(
        "Open weights for the new 8B model are out & the card is here: https://example.org/models/8b?utm_source=twitter");
    assertThat(original.links()).containsExactly("https://example.org/models/8b");
    assertThat(original.createdAt()).isEqualTo(Instant.parse("2024-07-13T10:00:00Z"));
    assertThat(original.fetchedAt()).as("the line's __twarc.retrieved_at").isEqualTo(Instant.parse("2024-07-13T12:00:00Z"));
    assertThat(original.engagement().likes()).isEqualTo(10L);

    Post retweet = post(posts, "twitter:1812000000000000002");
    assertThat(retweet.relation()).isEqualTo(Relation.REPOST);
    assertThat(retweet.parentId()).isEqualTo("twitter:1812000000000000001");
    assertThat(retweet.author()).isEqualTo("fx_reader_b");
    assertThat(retweet.text()).as("the retweeted tweet's full text, from the reference flatten merged it into")
        .isEqualTo(original.text());

    Post reply = post(posts, "twitter:1812000000000000003");
    assertThat(reply.relation()).isEqualTo(Relation.REPLY);
    assertThat(reply.parentId()).isEqualTo("twitter:1812000000000000001");
    assertThat(reply.rootId()).as("the parent starts the conversation").isNull();
    Post nested = post(posts, "twitter:1812000000000000004");
    assertThat(nested.parentId()).isEqualTo("twitter:1812000000000000003");
    assertThat(nested.rootId()).as("conversation_id").isEqualTo("twitter:1812000000000000001");

    Post quote = post(posts, "twitter:1812000000000000005");
    assertThat(quote.relation()).as("a reference flatten found nothing for stays a reference").isEqualTo(Relation.QUOTE);
    assertThat(quote.parentId()).isEqualTo("twitter:1811999999999999999");
    assertThat(quote.author()).as("author {}: the page had no user for it").isNull();
    assertThat(quote.url()).isEqualTo("https://x.com/i/web/status/1812000000000000005");
    assertThat(quote.lang()).isNull();
  }

  @Test
  void shouldTakeCreatedTimeFromSnowflakeForDefaultFieldResponses() throws Exception {
    Post p = Fixtures.posts("twitter/tweepy_tweets_lookup_default_fields.json").get(0);
    assertThat(p.id()).isEqualTo("twitter:1293593516040269825");
    // (1293593516040269825 >> 22) + 1288834974657 ms
    assertThat(p.createdAt()).isEqualTo(Instant.ofEpochMilli((1293593516040269825L >> 22) + 1288834974657L));
    assertThat(p.author()).isNull();
    assertThat(p.url()).isEqualTo("https://x.com/i/web/status/1293593516040269825");
    assertThat(p.engagement().isUnknown()).isTrue();
  }

  @Test
  void shouldKeepRetweetWhoseOriginalIsMissingFromIncludes() throws Exception {
    Post p = Fixtures.posts("twitter/twarc2_SUBSET_arabic_rtl_retweet.jsonl").get(0);
    assertThat(p.relation()).isEqualTo(Relation.REPOST);
    assertThat(p.parentId()).isEqualTo("twitter:1404327461865807880");
    assertThat(p.text()).startsWith("RT @u00455:");
    assertThat(p.lang()).isEqualTo("ar");
  }

  @Test
  void shouldPreferNoteTweetTextAndItsEntities() throws Exception {
    String payload = """
        {"data":{"id":"1800000000000000001","author_id":"42","created_at":"2025-07-08T12:00:00.000Z",
          "text":"Long post cut here https://t.co/short1 …",
          "entities":{"urls":[{"url":"https://t.co/short1","expanded_url":"https://twitter.com/i/web/status/1800000000000000001"}]},
          "note_tweet":{"text":"Long post in full: weights at https://t.co/aaaa and code &amp; docs",
            "entities":{"urls":[{"url":"https://t.co/aaaa","expanded_url":"https://github.com/example/repo?utm_source=twitter"}]}},
          "lang":"und","public_metrics":{"like_count":5,"retweet_count":1,"reply_count":0,"quote_count":0,"impression_count":900}},
         "includes":{"users":[{"id":"42","username":"lab_account","name":"Lab"}]}}""";
    Post p = NativeParsers.parse(NativeFormat.X_V2_TWEET, utf8(payload), null);
    assertThat(p.text()).isEqualTo("Long post in full: weights at https://github.com/example/repo?utm_source=twitter and code & docs");
    assertThat(p.links()).containsExactly("https://github.com/example/repo");
    assertThat(p.lang()).as("'und' is not a language").isNull();
    assertThat(p.engagement().views()).isEqualTo(900L);
    assertThat(p.author()).isEqualTo("lab_account");
  }

  @Test
  void shouldDeadLetterTruncatedStreamLineButKeepTheOthers() throws Exception {
    FileReadResult r = Fixtures.read("twitter/twarc2_filtered_stream_truncated_last_line.jsonl");
    assertThat(r.items()).hasSize(8);
    RawItem last = r.items().get(7);
    assertThat(last.format()).isEqualTo(NativeFormat.X_V2_TWEET);
    assertThat(last.nativeId()).isNull();
    assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("twarc2_filtered_stream_truncated_last_line.jsonl: line 8 is not valid JSON"));
    assertThatThrownBy(() -> NativeParsers.parse(last.format(), last.payload(), null))
        .isInstanceOf(PostParseException.class).hasMessageStartingWith("x-v2-tweet: payload is not valid JSON");
    for (RawItem i : r.items().subList(0, 7)) {
      assertThat(NativeParsers.parse(i.format(), i.payload(), null).id()).isEqualTo("twitter:" + i.nativeId());
    }
    assertThat(r.items().get(0).nativeId()).isEqualTo("1377650090978992134");
  }

  @Test
  void shouldRejectNonNumericTweetId() {
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.X_V2_TWEET, utf8("{\"data\":{\"id\":\"abc\",\"text\":\"x\"}}"), null))
        .isInstanceOf(PostParseException.class).hasMessageContaining("tweet id 'abc'");
  }

  @Test
  void shouldNameTheConversationRootOfANestedReplySoTheThreadStaysOnOnePartition() throws Exception {
    Post nested = post(Fixtures.posts("twitter/twarc2_search_recent_brexit_page.jsonl"), "twitter:1440714901538803715");

    assertThat(nested.relation()).isEqualTo(Relation.REPLY);
    assertThat(nested.parentId()).isEqualTo("twitter:1440714041480015878");
    assertThat(nested.rootId()).as("conversation_id").isEqualTo("twitter:1440709708738748423");
    assertThat(nested.threadKey()).isEqualTo("twitter:1440709708738748423");
  }
}
