package io.storyline.cluster.core;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Keeps a compound token and adds its parts at the same position (like a synonym), so {@code
 * kimi-k2} also matches {@code Kimi K2}. Splits on {@code - / + _} always, on {@code .} only between
 * letters (so {@code 3.1} stays whole, {@code llama.cpp} gives {@code llama}, {@code cpp}), and a
 * glued name+version such as {@code grok4}, {@code qwen3} (3+ letters then a digit) into {@code grok}
 * + {@code 4}. Apostrophes are not split. Not thread-safe (a Lucene token filter).
 */
final class CompoundPartsFilter extends TokenFilter {
  static final Pattern GLUED = Pattern.compile("(\\p{L}{3,})(\\p{N}[\\p{L}\\p{N}.]*)");

  private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute posAtt = addAttribute(PositionIncrementAttribute.class);
  private final Deque<int[]> pending = new ArrayDeque<>();
  private String current = "";
  private int currentStart;

  CompoundPartsFilter(TokenStream input) {
    super(input);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!pending.isEmpty()) {
      int[] part = pending.poll();
      clearAttributes();
      termAtt.setEmpty().append(current, part[0], part[1]);
      offsetAtt.setOffset(currentStart + part[0], currentStart + part[1]);
      posAtt.setPositionIncrement(0);
      return true;
    }
    if (!input.incrementToken()) {
      return false;
    }
    current = termAtt.toString();
    currentStart = offsetAtt.startOffset();
    if (offsetAtt.endOffset() - currentStart < current.length()) {
      return true; // the term is not a prefix of its source span (should not happen): do not split
    }
    int from = 0;
    boolean split = false;
    for (int i = 0; i <= current.length(); i++) {
      boolean boundary = i == current.length() || isSplit(current, i);
      if (boundary && i < current.length()) {
        split = true;
      }
      if (boundary) {
        if (i > from) {
          addPart(from, i);
        }
        from = i + 1;
      }
    }
    if (!split) {
      pending.clear();
      if (!mayBeGlued(current, 0, current.length())) {
        return true;
      }
      Matcher m = GLUED.matcher(current);
      if (m.matches()) {
        pending.add(new int[] {m.start(1), m.end(1)});
        pending.add(new int[] {m.start(2), m.end(2)});
      }
    }
    return true;
  }

  private void addPart(int from, int to) {
    pending.add(new int[] {from, to});
    if (!mayBeGlued(current, from, to)) {
      return;
    }
    Matcher m = GLUED.matcher(current).region(from, to);
    if (m.matches()) {
      pending.add(new int[] {m.start(1), m.end(1)});
    }
  }

  /**
   * A necessary condition for {@link #GLUED} to match {@code s[from, to)}: it holds a number ({@code
   * \p{N}}) after at least three characters, or a surrogate (a supplementary letter or number, left
   * to the regex). Skips the regex for the plain words that are most tokens.
   */
  static boolean mayBeGlued(String s, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c) || (i >= from + 3 && PostAnalyzer.isNumber(c))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSplit(String s, int i) {
    char c = s.charAt(i);
    if (c == '-' || c == '/' || c == '+' || c == '_') {
      return true;
    }
    return c == '.' && i > 0 && i + 1 < s.length()
        && Character.isLetter(s.charAt(i - 1)) && Character.isLetter(s.charAt(i + 1));
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    pending.clear();
    current = "";
  }
}
