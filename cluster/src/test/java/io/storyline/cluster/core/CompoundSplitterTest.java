package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class CompoundSplitterTest {
  private static ToLongFunction<String> df(Map<String, Long> counts) {
    return t -> counts.getOrDefault(t, 0L);
  }

  @Test
  void shouldSplitAClosedCompoundIntoPartsTheStreamWritesApart() {
    ToLongFunction<String> df = df(Map.of("knockknocklive", 3L, "knock", 40L, "live", 90L, "snowblower", 2L, "snow", 50L,
        "blower", 20L));
    assertThat(CompoundSplitter.split("knockknocklive", df)).containsExactly("knock", "knock", "live");
    assertThat(CompoundSplitter.split("snowblower", df)).containsExactly("snow", "blower");
  }

  @Test
  void shouldKeepATermWholeWhenItIsWrittenClosedMoreOftenThanItsPartsAreWrittenAtAll() {
    // Koehn and Knight: the geometric mean of the parts' frequencies must beat the term's own
    ToLongFunction<String> df = df(Map.of("deepseek", 300L, "deep", 40L, "seek", 5L));
    assertThat(CompoundSplitter.split("deepseek", df)).isNull();
    assertThat(CompoundSplitter.split("deepseek", df(Map.of("deepseek", 3L, "deep", 40L, "seek", 5L))))
        .containsExactly("deep", "seek");
  }

  @Test
  void shouldNotSplitOffShortOrUnknownOrOnceSeenParts() {
    assertThat(CompoundSplitter.split("openai", df(Map.of("open", 90L, "ai", 90L)))).as("too short: parts of 4+ letters").isNull();
    assertThat(CompoundSplitter.split("chatgptpro", df(Map.of("chat", 9L, "gpt", 99L, "pro", 30L, "gptpro", 0L))))
        .as("no cut into known parts of 4+ letters").isNull();
    assertThat(CompoundSplitter.split("snowblower", df(Map.of("snow", 50L, "blower", 1L)))).as("a part seen once").isNull();
    assertThat(CompoundSplitter.split("snowblower", df(Map.of()))).isNull();
  }

  @Test
  void shouldLeaveNamesWithDigitsOrPunctuationToTheAnalyzer() {
    ToLongFunction<String> df = df(Map.of("llama", 99L, "maverick", 50L, "qwen", 99L, "coder", 50L));
    assertThat(CompoundSplitter.split("llama4maverick", df)).isNull();
    assertThat(CompoundSplitter.split("qwen-coder", df)).isNull();
    assertThat(CompoundSplitter.split("Qwencoder", df)).as("analysed terms are lower case").isNull();
  }

  @Test
  void shouldJoinAPostWithAClosedHashtagToTheStoryWrittenApart() {
    try (StoryClusterer c = new StoryClusterer(ClusterParams.DEFAULTS.withMergeThreshold(1.0), new InMemoryClusterState())) {
      Decision first = c.assign(Posts.reddit("a", "knock knock live tonight", "", Posts.hours(0)));
      c.assign(Posts.reddit("b", "family nominated for knock knock live", "", Posts.hours(0)));
      c.assign(Posts.reddit("c", "lucky fan gets a knock on the door, live show", "", Posts.hours(0)));
      Decision tag = c.assign(Posts.reddit("d", "knockknocklive tuesday", "", Posts.hours(0)));
      assertThat(tag.assignment().storyId()).as(tag.explain()).isEqualTo(first.assignment().storyId());
    }
  }
}
