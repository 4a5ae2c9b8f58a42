package io.storyline.ingest.format;

import static io.storyline.ingest.format.Fixtures.post;
import static io.storyline.ingest.format.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedditParsingTest {

  @Test
  void shouldCutThreadArrayIntoPostThenCommentsDepthFirstWithoutReplies() throws Exception {
    FileReadResult r = Fixtures.read("reddit/thread_context_2025-06.json");
    assertThat(r.formatDescription()).hasValueSatisfying(d -> assertThat(d).contains("thread array"));
    assertThat(r.items()).hasSize(68).allSatisfy(i -> {
      assertThat(i.format()).isEqualTo(NativeFormat.REDDIT_THING);
      assertThat(new String(i.payload(), StandardCharsets.UTF_8)).doesNotContain("\"replies\"");
    });
    assertThat(r.items().get(0).nativeId()).isEqualTo("t3_1j7g9uj");
    assertThat(r.items().get(0).createdAt()).isEqualTo(Instant.parse("2025-03-09T20:04:02Z"));

    List<Post> posts = Fixtures.posts("reddit/thread_context_2025-06.json");
    Post op = posts.get(0);
    assertThat(op.id()).isEqualTo("reddit:t3_1j7g9uj");
    assertThat(op.author()).isEqualTo("user_0042");
    assertThat(op.channel()).isEqualTo("PRAWdevSub");
    assertThat(op.title()).isEqualTo("Test post pls ignore");
    assertThat(op.url()).isEqualTo("https://www.reddit.com/r/PRAWdevSub/comments/1j7g9uj/test_post_pls_ignore/");
    assertThat(op.engagement().score()).isEqualTo(1L);
    assertThat(op.engagement().comments()).isEqualTo(228L);
    assertThat(op.relation()).isEqualTo(Relation.NONE);

    Post nested = post(posts, "reddit:t1_mynfuan");
    assertThat(nested.relation()).isEqualTo(Relation.REPLY);
    assertThat(nested.parentId()).isEqualTo("reddit:t1_mynfrrh");
    assertThat(nested.rootId()).as("link_id: the submission").isEqualTo("reddit:t3_1j7g9uj");
    assertThat(nested.threadKey()).isEqualTo("reddit:t3_1j7g9uj");
    assertThat(posts).as("every comment of the thread keys to the submission, so one partition holds the thread")
        .extracting(Post::threadKey).containsOnly("reddit:t3_1j7g9uj");
    assertThat(nested.text()).isEqualTo("Test u/user_0042 mention");
    assertThat(nested.createdAt()).isEqualTo(Instant.parse("2025-06-19T15:53:13Z"));
    assertThat(nested.engagement().comments()).as("comments have no num_comments: unknown, not 0").isNull();
  }

  @Test
  void shouldKeepOutboundLinkAndEngagementOfListingPost() throws Exception {
    List<Post> posts = Fixtures.posts("reddit/listing_top_all_2020-01_subset.json");
    assertThat(posts).hasSize(14);
    Post p = post(posts, "reddit:t3_eclwg9");
    assertThat(p.title()).isEqualTo("Trump Impeached for Abuse of Power");
    assertThat(p.links()).containsExactly(
        "https://www.nytimes.com/interactive/2019/12/18/us/politics/trump-impeachment-vote.html");
    assertThat(p.engagement().score()).isEqualTo(196024L);
    assertThat(p.engagement().comments()).isEqualTo(20930L);
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2019-12-19T01:23:35Z"));
    Post self = post(posts, "reddit:t3_ablzuq");
    assertThat(self.links()).as("a self post's url is its own permalink").isEmpty();
  }

  @Test
  void shouldMarkCrosspostWithItsParent() throws Exception {
    Post p = Fixtures.posts("reddit/submission_crosspost_2017.json").get(0);
    assertThat(p.id()).isEqualTo("reddit:t3_6vx8n0");
    assertThat(p.relation()).isEqualTo(Relation.CROSSPOST);
    assertThat(p.parentId()).isEqualTo("reddit:t3_6vx01b");
  }

  @Test
  void shouldKeepDeletedCommentWithEmptyTextAndNoAuthor() throws Exception {
    Post p = Fixtures.posts("reddit/api_info_deleted_comment_2016.json").get(0);
    assertThat(p.id()).isEqualTo("reddit:t1_d7ltvl0");
    assertThat(p.text()).isEmpty();
    assertThat(p.author()).isNull();
    assertThat(p.parentId()).isEqualTo("reddit:t3_52o2fl");
    assertThat(p.url()).isEqualTo("https://www.reddit.com/comments/52o2fl/_/d7ltvl0/");
  }

  @Test
  void shouldSkipSubredditThingsOfMixedListingWithWarning() {
    FileReadResult r = Fixtures.read("reddit/api_info_mixed_kinds_t1_t3_t5_2016_subset.json");
    assertThat(r.items()).hasSize(9);
    assertThat(r.items()).extracting(RawItem::nativeId).allMatch(id -> id.startsWith("t1_") || id.startsWith("t3_"));
    assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("skipped 3").contains("'t5'"));
  }

  @Test
  void shouldParseBareDumpObjectWithCreatedUtcAsStringAndDecodeEntities() throws Exception {
    String line = """
        {"id":"abc12","subreddit":"LocalLLaMA","title":"Q&amp;A: 8B &lt;vs&gt; 70B","selftext":"See [the card](https://hf.co/x?utm_source=reddit) &amp; https://example.com/b.","created_utc":"1751968800","retrieved_on":1752000000,"score":null,"author":"rd_user_1","url":"https://www.reddit.com/r/LocalLLaMA/comments/abc12/qa/","permalink":"/r/LocalLLaMA/comments/abc12/qa/"}""";
    Post p = NativeParsers.parse(NativeFormat.REDDIT_THING, utf8(line), null);
    assertThat(p.id()).isEqualTo("reddit:t3_abc12");
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2025-07-08T10:00:00Z"));
    assertThat(p.fetchedAt()).isEqualTo(Instant.ofEpochSecond(1752000000));
    assertThat(p.title()).isEqualTo("Q&A: 8B <vs> 70B");
    assertThat(p.text()).isEqualTo("See the card & https://example.com/b.");
    assertThat(p.links()).containsExactly("https://hf.co/x", "https://example.com/b");
    assertThat(p.engagement().score()).as("score null = unknown").isNull();
  }

  @Test
  void shouldAcceptFloatCreatedUtcAndRemovedBody() throws Exception {
    String thing = """
        {"kind":"t3","data":{"name":"t3_zz1","id":"zz1","subreddit":"test","title":"  spaced\\n  title ","selftext":"[removed]","created_utc":1751968800.5,"author":"[deleted]"}}""";
    Post p = NativeParsers.parse(NativeFormat.REDDIT_THING, utf8(thing), Instant.parse("2025-07-09T00:00:00Z"));
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2025-07-08T10:00:00.500Z"));
    assertThat(p.text()).isEmpty();
    assertThat(p.title()).isEqualTo("spaced title");
    assertThat(p.author()).isNull();
    assertThat(p.fetchedAt()).isEqualTo(Instant.parse("2025-07-09T00:00:00Z"));
    assertThat(p.source()).isEqualTo(Source.REDDIT);
  }

  @Test
  void shouldRejectUnreadableCreatedTimeNamingFieldAndValue() {
    String thing = "{\"kind\":\"t1\",\"data\":{\"name\":\"t1_q\",\"body\":\"x\",\"created_utc\":\"yesterday\"}}";
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.REDDIT_THING, utf8(thing), null))
        .isInstanceOf(PostParseException.class)
        .hasMessageContaining("reddit-thing").hasMessageContaining("created_utc").hasMessageContaining("'yesterday'")
        .hasMessageContaining("epoch seconds");
  }

  @Test
  void shouldRejectMissingIdAndNonPostKinds() {
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.REDDIT_THING,
        utf8("{\"kind\":\"t3\",\"data\":{\"title\":\"x\",\"created_utc\":1}}"), null))
        .isInstanceOf(PostParseException.class).hasMessageContaining("no id");
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.REDDIT_THING,
        utf8("{\"kind\":\"t5\",\"data\":{\"name\":\"t5_2qh1i\"}}"), null))
        .isInstanceOf(PostParseException.class).hasMessageContaining("kind 't5'");
  }
}
