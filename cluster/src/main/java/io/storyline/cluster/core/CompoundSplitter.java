package io.storyline.cluster.core;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Splits a closed compound ({@code knockknocklive}, {@code snowblower}, a hashtag written without
 * spaces) into the words the stream writes apart ({@code knock knock live}, {@code snow blower}), so
 * both spellings share terms. Frequency-based, after Koehn and Knight, "Empirical Methods for Compound
 * Splitting", EACL 2003 (https://aclanthology.org/E03-1076/), section 4: of all ways to cut the term into
 * two or three known parts, take the one whose parts' geometric mean document frequency is highest, and
 * split only if that beats the document frequency of the term itself. "Known" and "frequency" come from
 * the stream's own document frequencies, so the splitter learns the vocabulary as it goes and needs no
 * dictionary: {@code deepseek} stays whole while it is written that way more often than {@code deep}
 * and {@code seek} are written at all.
 *
 * <p>Only lower-case pure-letter terms of {@link #MIN_LENGTH} to {@link #MAX_LENGTH} characters are
 * tried (names with digits, hyphens or dots are handled by {@link CompoundPartsFilter}), each part has
 * at least {@link #MIN_PART} letters and a document frequency of at least {@link #MIN_PART_DF}. Cost:
 * one frequency lookup per cut point, and more only behind a known prefix. Stateless and thread-safe.
 */
public final class CompoundSplitter {
  /** Fewest letters of a part: shorter pieces ({@code ai}, {@code gpt}) are too ambiguous to split off. */
  public static final int MIN_PART = 4;
  /** Shortest term tried: two parts. */
  public static final int MIN_LENGTH = 2 * MIN_PART;
  /** Longest term tried (bounds the cost of the three-part search). */
  public static final int MAX_LENGTH = 40;
  /** Fewest posts a part must have been seen in (a word seen once is no evidence of a word). */
  public static final long MIN_PART_DF = 2;
  /**
   * Each part counts this fraction of the compound's raw term count: a split is a guess, weaker evidence
   * than the word itself (measured in docs/QUALITY.md, session 7: 0.5 beat 1.0 on news-t and tweets-t).
   */
  public static final double PART_WEIGHT = 0.5;

  private CompoundSplitter() {}

  /**
   * @param term an analysed term; may not be null
   * @param docFreq the stream's document frequency of a term, &ge; 0
   * @return the parts, in order, two or three of them, or null if the term is not split
   */
  public static List<String> split(String term, ToLongFunction<String> docFreq) {
    int n = term.length();
    if (n < MIN_LENGTH || n > MAX_LENGTH) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      char ch = term.charAt(i);
      if (ch < 'a' || ch > 'z') {
        return null;
      }
    }
    // Koehn and Knight: the unsplit term competes with its own frequency
    double best = Math.log(Math.max(1, docFreq.applyAsLong(term)));
    List<String> bestSplit = null;
    for (int i = MIN_PART; i <= n - MIN_PART; i++) {
      String first = term.substring(0, i);
      long df1 = docFreq.applyAsLong(first);
      if (df1 < MIN_PART_DF) {
        continue;
      }
      String rest = term.substring(i);
      long dfRest = docFreq.applyAsLong(rest);
      if (dfRest >= MIN_PART_DF) {
        double g = (Math.log(df1) + Math.log(dfRest)) / 2;
        if (g > best) {
          best = g;
          bestSplit = List.of(first, rest);
        }
      }
      for (int j = i + MIN_PART; j <= n - MIN_PART; j++) {
        String second = term.substring(i, j);
        long df2 = docFreq.applyAsLong(second);
        if (df2 < MIN_PART_DF) {
          continue;
        }
        String third = term.substring(j);
        long df3 = docFreq.applyAsLong(third);
        if (df3 >= MIN_PART_DF) {
          double g = (Math.log(df1) + Math.log(df2) + Math.log(df3)) / 3;
          if (g > best) {
            best = g;
            bestSplit = List.of(first, second, third);
          }
        }
      }
    }
    return bestSplit;
  }
}
