package io.storyline.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextCutTest {

  @Test
  void shouldReturnATextWithinTheLimitAsItIs() {
    assertThat(TextCut.prefix("abc", 3)).isEqualTo("abc");
    assertThat(TextCut.prefix("", 1)).isEmpty();
  }

  /** What a reader sees as one character: a surrogate pair, a ZWJ family, a flag, a letter with a combining accent. */
  @ParameterizedTest
  @ValueSource(strings = {"\uD83D\uDE00", "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83C\uDDEF\uD83C\uDDF5",
      "e\u0301", "\u0915\u094D\u0937"})
  void shouldNeverSplitOneUserPerceivedCharacterAtAnyLimit(String unit) {
    String text = "ab" + unit.repeat(5);
    for (int max = 1; max < text.length(); max++) {
      String cut = TextCut.prefix(text, max);

      assertThat(cut.length()).as("limit %d", max).isLessThanOrEqualTo(max);
      assertThat(text).startsWith(cut);
      String tail = cut.length() <= 2 ? "" : cut.substring(2);
      assertThat(tail.length() % unit.length()).as("whole units in %s at limit %d", cut, max).isZero();
    }
  }

  @Test
  void shouldCutOneClusterLongerThanTheLimitBetweenCodePointsRatherThanReturnNothing() {
    // "Zalgo" text: one base letter under 500 combining marks is a single grapheme cluster
    String zalgo = "Z" + "\u0336".repeat(500) + " text";

    String cut = TextCut.prefix(zalgo, 120);

    assertThat(cut).hasSize(120).isEqualTo(zalgo.substring(0, 120));
    String emojiRun = "\uD83D\uDC69\u200D".repeat(100);
    assertThat(TextCut.prefix(emojiRun, 100)).as("never a lone high surrogate at the end")
        .hasSize(99).doesNotEndWith("\uD83D");
  }

  @Test
  void shouldRefuseALimitBelowOne() {
    assertThatThrownBy(() -> TextCut.prefix("abc", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxChars 0");
  }
}
