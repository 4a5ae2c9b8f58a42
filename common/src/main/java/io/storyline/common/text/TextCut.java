package io.storyline.common.text;

import java.text.BreakIterator;
import java.util.Locale;
import java.util.Objects;

/**
 * Cuts text for display without splitting what a reader sees as one character: a prefix ends at an extended grapheme
 * cluster boundary (Unicode UAX #29, as {@link BreakIterator#getCharacterInstance} finds them on JDK 20 and later), so
 * a surrogate pair, an emoji ZWJ sequence ({@code 👩‍👩‍👧}), a flag or a letter with its combining marks stays whole or
 * goes whole. A single cluster longer than the limit (a letter under hundreds of combining marks) is cut between code
 * points instead, so the prefix is never empty for a non-empty text. Before session 13 the summarizer cut a long
 * sentence at a {@code char} index and could publish half of a surrogate pair. Stateless and thread-safe.
 */
public final class TextCut {
  private TextCut() {}

  /**
   * @param text the text; may not be null
   * @param maxChars the most UTF-16 chars the prefix may have, at least 1
   * @return {@code text} itself if it has at most {@code maxChars} chars, else its longest prefix of at most {@code
   *     maxChars} chars that ends at a grapheme cluster boundary (or, when the first cluster is longer than that, at a
   *     code point boundary); never ends in a lone high surrogate
   * @throws IllegalArgumentException if {@code maxChars} is below 1
   */
  public static String prefix(String text, int maxChars) {
    Objects.requireNonNull(text, "text can't be null");
    if (maxChars < 1) {
      throw new IllegalArgumentException("illegal maxChars " + maxChars + ", must be at least 1");
    }
    if (text.length() <= maxChars) {
      return text;
    }
    BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
    clusters.setText(text);
    int end = clusters.isBoundary(maxChars) ? maxChars : clusters.preceding(maxChars);
    if (end <= 0) {
      end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
    }
    return text.substring(0, end);
  }
}
