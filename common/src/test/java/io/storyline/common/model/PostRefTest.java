package io.storyline.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostRefTest {

  /**
   * Headlines, labels, titles and summaries are cut with {@link PostRef#truncate}; found in session 13: the cut kept
   * half of an emoji ZWJ sequence (a family became a woman) and split a letter from its accent.
   */
  @Test
  void shouldTruncateBetweenWholeCharactersOfEmojiSequencesAndAccentedLetters() {
    String family = "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67";

    assertThat(PostRef.truncate("a".repeat(297) + family + " and more", 300)).isEqualTo("a".repeat(297) + "…");
    assertThat(PostRef.truncate("a".repeat(298) + "e\u0301tude", 300)).isEqualTo("a".repeat(298) + "…");
    assertThat(PostRef.truncate("a".repeat(298) + "\uD83D\uDE00 smile", 300)).isEqualTo("a".repeat(298) + "…");
    assertThat(PostRef.truncate("a".repeat(291) + family + "xyz", 300)).isEqualTo("a".repeat(291) + family + "…");
  }
}
