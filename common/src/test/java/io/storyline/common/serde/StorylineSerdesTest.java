package io.storyline.common.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Category;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.PostRef;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.model.TopList;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorylineSerdesTest {
  private static final Instant CREATED = Instant.parse("2025-12-31T23:59:58.123Z");
  private static final Instant FETCHED = Instant.parse("2026-01-01T00:00:03Z");

  static Post fullPost() {
    return new Post(
        "twitter:1939867404252979291", Source.TWITTER, "1939867404252979291",
        "https://x.com/someone/status/1939867404252979291", "someone", "ai-list", "A title",
        "DeepSeek publishes the mHC paper \u2014 \uD83D\uDE80 GPT-5.2", List.of("https://arxiv.org/abs/2512.24880", "https://github.com/deepseek-ai/x"),
        CREATED, FETCHED, new Engagement(10L, 2L, 3L, -4L, 5L, 6L, 7000L), Relation.QUOTE,
        "twitter:1939867404252970000", "twitter:1939867404252960000", "en", 1);
  }

  static Story fullStory() {
    return new Story(
        "s-0-000042", "mHC paper", "DeepSeek publishes the mHC paper", "A summary.", Category.PAPER,
        List.of("mhc", "deepseek"), List.of("https://arxiv.org/abs/2512.24880"), CREATED, FETCHED, 12, 9,
        Map.of(Source.TWITTER, 7, Source.ARXIV, 5), new Engagement(1L, null, 3L, null, 5L, null, 7L),
        List.of(new PostRef("arxiv:2512.24880", Source.ARXIV, "https://arxiv.org/abs/2512.24880", "a. author", "mHC", CREATED, 0.75)),
        "s-0-000001", List.of("s-0-000007"), 3L, 1);
  }

  static TopList fullTopList() {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("authors", 1.5);
    parts.put("decay", 0.25);
    return new TopList("news/24h", FETCHED, List.of(
        new TopList.Item(1, "s-0-000042", "DeepSeek publishes", "sum", Category.NEWS, 3.75, parts, 12,
            List.of("reddit", "twitter"), List.of("https://example.org/p"), 2),
        new TopList.Item(2, "s-0-000043", "MLA default", "", Category.TOOL, 1.0, Map.of(), 3, List.of(), List.of(), null)), 1);
  }

  static StoryAssignment fullAssignment() {
    return new StoryAssignment("reddit:t3_1abc", "s-0-000042", 0.625, true, CREATED, FETCHED);
  }

  static Stream<Arguments> records() {
    return Stream.of(
        Arguments.of(StorylineSerdes.post(), fullPost()),
        Arguments.of(StorylineSerdes.story(), fullStory()),
        Arguments.of(StorylineSerdes.topList(), fullTopList()),
        Arguments.of(StorylineSerdes.assignment(), fullAssignment()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  <T> void shouldRoundTripEveryField(JsonSerde<T> serde, T record) {
    byte[] bytes = serde.serialize("t", record);

    assertThat(serde.deserialize("t", bytes)).usingRecursiveComparison().isEqualTo(record);
    assertThat(serde.deserialize("t", bytes)).isEqualTo(record);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  <T> void shouldIgnoreUnknownFields(JsonSerde<T> serde, T record) {
    String json = new String(serde.serialize("t", record), StandardCharsets.UTF_8);
    String newer = "{\"fieldFromTheFuture\":{\"nested\":[1,2]}," + json.substring(1);

    assertThat(serde.deserialize("t", newer.getBytes(StandardCharsets.UTF_8))).isEqualTo(record);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  <T> void shouldTreatNullAndEmptyBytesAsTombstones(JsonSerde<T> serde, T record) {
    assertThat(serde.deserialize("t", null)).isNull();
    assertThat(serde.deserialize("t", new byte[0])).isNull();
    assertThat(serde.serialize("t", null)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  <T> void shouldNameTheTypeAndTopicWhenBytesAreNotJson(JsonSerde<T> serde, T record) {
    byte[] bad = "{not json".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> serde.deserialize("posts", bad))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(record.getClass().getSimpleName())
        .hasMessageContaining("posts");
  }

  @Test
  void shouldNameTheTypeWhenTheJsonBreaksARecordRule() {
    byte[] mismatched = "{\"id\":\"reddit:wrong\",\"source\":\"REDDIT\",\"nativeId\":\"t3_1\",\"createdAt\":\"2025-01-01T00:00:00Z\"}"
        .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> StorylineSerdes.post().deserialize("posts", mismatched))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Post")
        .hasMessageContaining("reddit:wrong");
  }

  @Test
  void shouldWriteInstantsAsIsoStringsAndOmitNulls() {
    Post sparse = Post.builder(Source.ARXIV, "2512.24880").createdAt(CREATED).build();

    String json = new String(StorylineSerdes.post().serialize("posts", sparse), StandardCharsets.UTF_8);

    assertThat(json).contains("\"createdAt\":\"2025-12-31T23:59:58.123Z\"").doesNotContain("null").doesNotContain("\"title\"");
  }
}
