package io.storyline.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.topic.RawHeaders;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.NativeParsers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RawPostsTest {
  private static final Instant CREATED = Instant.parse("2025-07-10T12:00:00Z");
  private static final Instant FETCHED = Instant.parse("2025-07-10T12:00:01.250Z");

  private static Post parse(ProducerRecord<String, byte[]> r) throws Exception {
    String format = new String(r.headers().lastHeader(RawHeaders.FORMAT).value(), StandardCharsets.UTF_8);
    Instant fetched = Instant.parse(new String(r.headers().lastHeader(RawHeaders.FETCHED_AT).value(), StandardCharsets.UTF_8));
    return NativeParsers.parse(NativeFormat.fromId(format), r.value(), fetched);
  }

  @Test
  void shouldRenderARedditSeedThatTheRedditParserReadsBackWithItsSequenceNumber() throws Exception {
    Seed seed = new Seed(Source.REDDIT, "Kimi K2 is out", "Moonshot released Kimi K2, a 1T MoE.", "rd_user_1",
        List.of("https://huggingface.co/moonshotai/Kimi-K2-Instruct"), null);

    ProducerRecord<String, byte[]> r = RawPosts.render(seed, 123_456, CREATED, FETCHED);
    Post post = parse(r);

    assertThat(r.topic()).isEqualTo("posts.raw.reddit");
    assertThat(r.timestamp()).isEqualTo(CREATED.toEpochMilli());
    assertThat(post.title()).isEqualTo("Kimi K2 is out");
    assertThat(post.text()).contains("Kimi K2, a 1T MoE");
    assertThat(post.createdAt()).isEqualTo(CREATED);
    assertThat(post.fetchedAt()).isEqualTo(FETCHED);
    assertThat(post.links()).anyMatch(l -> l.contains("huggingface.co/moonshotai/kimi-k2-instruct")
        || l.contains("huggingface.co/moonshotai/Kimi-K2-Instruct"));
    assertThat(RawPosts.sequenceOf(post.id())).isEqualTo(123_456);
  }

  @Test
  void shouldRenderATweetSeedThatTheXParserReadsBackWithItsLinkAndSequenceNumber() throws Exception {
    Seed seed = new Seed(Source.TWITTER, null, "Grok 4 tops ARC-AGI", null, List.of("https://x.ai/news/grok-4"), null);

    ProducerRecord<String, byte[]> r = RawPosts.render(seed, 7, CREATED, FETCHED);
    Post post = parse(r);

    assertThat(r.topic()).isEqualTo("posts.raw.twitter");
    assertThat(post.source()).isEqualTo(Source.TWITTER);
    assertThat(post.text()).startsWith("Grok 4 tops ARC-AGI").doesNotContain("t.co");
    assertThat(post.links()).containsExactly("https://x.ai/news/grok-4");
    assertThat(post.createdAt()).isEqualTo(CREATED);
    assertThat(RawPosts.sequenceOf(post.id())).isEqualTo(7);
  }

  @Test
  void shouldGiveNoSequenceNumberToIdsItDidNotMake() {
    assertThat(RawPosts.sequenceOf("reddit:t3_1lv2x3y")).isEqualTo(-1);
    assertThat(RawPosts.sequenceOf("twitter:1939867404252979291")).isEqualTo(-1);
    assertThat(RawPosts.sequenceOf(null)).isEqualTo(-1);
  }

  @Test
  void shouldRejectANegativeSequenceNumber() {
    Seed seed = new Seed(Source.TWITTER, null, "x", null, List.of(), null);
    assertThatThrownBy(() -> RawPosts.render(seed, -1, CREATED, FETCHED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
