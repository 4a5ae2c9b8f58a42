package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.cluster.summary.LexRankSummarizer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The hand-written checks that replaced regexes on the clustering core's hot path (docs/BENCHMARKS.md,
 * "Session 5") decide exactly as the regexes did, on generated text rich in the characters that
 * matter (digits of several scripts, joiners, URL parts, whitespace, punctuation, surrogates).
 */
class RegexFreeChecksPropertyTest {
  private static final Pattern PROTECTED = Pattern.compile(".*[\\p{N}\\-._/+'].*");

  @Provide
  static Arbitrary<String> texts() {
    Arbitrary<String> parts = Arbitraries.of("a", "B", "k2", "gpt", "Grok", "4", "5.2", "\u0663", "\u2167", "\u00BD",
        "\uD835\uDFCE", "\uD835\uDC00", "-", ".", "_", "/", "+", "'", " ", "  ", "\t", "\n", "\u000B", "\f", "\r",
        "\u00A0", "\u2026", "!", "?", ",", "~", "`", "{", "@", "[", "http://", "https://x.y/z", "www.", "WwW.", "ww.",
        "u/x", "r/", "://", "é", "\uD83D\uDE80", "\uD83D");
    return Arbitraries.frequencyOf(
        Tuple.of(4, parts.list().ofMaxSize(12).map(p -> String.join("", p))),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)));
  }

  /** Terms never hold line ends (PostAnalyzer.TOKEN), where the regex's "." would not match. */
  @Property(tries = 2000)
  void shouldProtectLikeTheRegexOnTermsWithoutLineEnds(@ForAll("texts") String text) {
    String term = text.replaceAll("[\\n\\r\\u0085\\u2028\\u2029]", "");
    assertThat(PostAnalyzer.isProtected(term.toCharArray(), term.length())).isEqualTo(PROTECTED.matcher(term).matches());
  }

  @Property(tries = 2000)
  void shouldNeverSkipATextTheUrlPatternMatches(@ForAll("texts") String text) {
    if (PostAnalyzer.URL.matcher(text).find()) {
      assertThat(PostAnalyzer.mayHoldUrl(text)).isTrue();
    }
  }

  @Property(tries = 2000)
  void shouldNeverSkipARegionTheGluedPatternMatches(@ForAll("texts") String text, @ForAll @IntRange(max = 40) int a,
      @ForAll @IntRange(max = 40) int b) {
    int from = Math.min(Math.min(a, b), text.length());
    int to = Math.min(Math.max(a, b), text.length());
    if (CompoundPartsFilter.GLUED.matcher(text).region(from, to).matches()) {
      assertThat(CompoundPartsFilter.mayBeGlued(text, from, to)).isTrue();
    }
  }

  @Property(tries = 2000)
  void shouldCollapseWhitespaceLikeTheRegex(@ForAll("texts") String text) {
    assertThat(LexRankSummarizer.collapseWhitespace(text)).isEqualTo(text.replaceAll("\\s+", " "));
  }

  @Property(tries = 500)
  void shouldListTheStrongestKeysLikeSortingEveryEntry(@ForAll("weights") List<Double> weights,
      @ForAll @IntRange(max = 12) int n) {
    Map<String, Double> unordered = new HashMap<>();
    for (int i = 0; i < weights.size(); i++) {
      unordered.put("t" + (i * 7919 % 101), weights.get(i));
    }
    LinkedHashMap<String, Double> ordered = Vectors.top(unordered, Integer.MAX_VALUE);
    for (Map<String, Double> v : List.of(unordered, ordered)) {
      assertThat(Vectors.strongestKeys(v, n))
          .isEqualTo(v.entrySet().stream().sorted(Vectors.BY_WEIGHT).limit(n).map(Map.Entry::getKey).toList());
    }
  }

  @Provide
  static Arbitrary<List<Double>> weights() {
    return Arbitraries.of(0.0, 0.1, 0.25, 0.5, 1.0, 2.0).list().ofMaxSize(20);
  }
}
