package io.storyline.cluster.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The duplicate key of a sentence, computed without a regex, is the key the regex gave. */
class SentenceKeyPropertyTest {
  @Provide
  static Arbitrary<String> sentences() {
    Arbitrary<String> parts = Arbitraries.of("Kimi", "k2", " ", "  ", "\t", "\n", "\u000B", "\f", "\r", "\u00A0",
        "\u2026", "...", "!", "\"", "#", "/", ":", "@", "[", "\\", "`", "{", "~", "\u00BF", "\u2014", "É", "\u0130",
        "\uD83D\uDE80");
    return Arbitraries.frequencyOf(
        Tuple.of(4, parts.list().ofMaxSize(12).map(p -> String.join("", p))),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)));
  }

  @Property(tries = 2000)
  void shouldKeySentencesLikeTheRegex(@ForAll("sentences") String sentence) {
    assertThat(LexRankSummarizer.key(sentence))
        .isEqualTo(sentence.toLowerCase(Locale.ROOT).replaceAll("[\\s\\p{Punct}\u2026]+", " ").strip());
  }
}
