package io.storyline.cluster.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.cluster.core.PostAnalyzer;
import io.storyline.cluster.summary.LexRankSummarizer.Passage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written stories with a known centre, a duplicate, a near duplicate and an outlier. */
class LexRankSummarizerTest {
  private final LexRankSummarizer summarizer = new LexRankSummarizer(new PostAnalyzer()::terms);

  private static final String HEADLINE = "Moonshot releases Kimi K2, a 1T parameter MoE with open weights";

  private static final List<Passage> KIMI = List.of(
      new Passage("Moonshot released Kimi K2 today. Kimi K2 is a mixture-of-experts model with 1T total and 32B active parameters. "
          + "The weights are on Hugging Face under a modified MIT license. I had pizza for lunch and the weather is lovely.", false),
      new Passage("Kimi K2 is a mixture-of-experts model with 1T total and 32B active parameters. "
          + "It beats DeepSeek V3 on SWE-bench and LiveCodeBench while being open weights.", false),
      new Passage("Kimi K2 is a mixture of experts model with 1T total and 32B active params! "
          + "Unsloth already has GGUF quants of Kimi K2 for llama.cpp, the 1.8-bit one fits in 245GB.", false),
      new Passage("Benchmarks for Kimi K2 look strong: it beats DeepSeek V3 on SWE-bench and coding tasks. "
          + "Open weights on Hugging Face, license is modified MIT.", false));

  @Test
  void shouldPickTwoOrThreeCentralSentencesWithoutDuplicatesOrTheOutlier() {
    List<String> sentences = summarizer.sentences(KIMI, HEADLINE);

    assertThat(sentences).hasSizeBetween(2, 3);
    assertThat(sentences).as("the sentence three posts repeat is the centre")
        .contains("Kimi K2 is a mixture-of-experts model with 1T total and 32B active parameters.");
    assertThat(sentences).as("its exact and near duplicates are left out")
        .doesNotContain("Kimi K2 is a mixture of experts model with 1T total and 32B active params!");
    assertThat(String.join(" ", sentences)).doesNotContain("pizza").doesNotContain("Moonshot released Kimi K2 today");
    assertThat(sentences).doesNotHaveDuplicates();
  }

  @Test
  void shouldKeepPassageOrderAndBeDeterministic() {
    String once = summarizer.summarize(KIMI, HEADLINE);
    String again = new LexRankSummarizer(new PostAnalyzer()::terms).summarize(KIMI, HEADLINE);
    List<String> sentences = summarizer.sentences(KIMI, HEADLINE);

    assertThat(again).isEqualTo(once);
    assertThat(once).isEqualTo(String.join(" ", sentences));
    String all = String.join(" ", KIMI.stream().map(Passage::text).toList());
    assertThat(sentences.stream().map(all::indexOf).toList()).as("positions in the passages").isSorted().doesNotContain(-1);
  }

  @Test
  void shouldNeverRepeatTheHeadline() {
    List<Passage> passages = List.of(
        new Passage("Grok 4 is out and tops Humanity's Last Exam. Elon Musk streamed the launch late at night.", false),
        new Passage("grok 4 is out and tops humanity's last exam", false),
        new Passage("The API price is the same as Grok 3 and the context window is 256k tokens.", false));

    List<String> sentences = summarizer.sentences(passages, "Grok 4 is out and tops Humanity's Last Exam");

    assertThat(sentences).noneMatch(s -> s.toLowerCase().startsWith("grok 4 is out"));
    assertThat(sentences).containsExactly("Elon Musk streamed the launch late at night.",
        "The API price is the same as Grok 3 and the context window is 256k tokens.");
  }

  @Test
  void shouldDropTheCutLastSentenceOfATruncatedPassage() {
    List<Passage> passages = List.of(new Passage(
        "Qwen3 Coder ships with a 256k context window. It runs on two RTX 3090 cards at eight bits. The release notes mention a new tool calli",
        true));

    assertThat(summarizer.summarize(passages, "Qwen3 Coder released")).doesNotContain("tool calli")
        .isEqualTo("Qwen3 Coder ships with a 256k context window. It runs on two RTX 3090 cards at eight bits.");
  }

  @Test
  void shouldReturnEmptyWhenNoSentenceCarriesEnoughTerms() {
    List<Passage> passages = List.of(new Passage("lol", false), new Passage("This. So much this!", false), new Passage(null, false));

    assertThat(summarizer.summarize(passages, "Something happened")).isEmpty();
    assertThat(summarizer.summarize(List.of(), null)).isEmpty();
  }

  @Test
  void shouldCutAnOverlongSentenceAtAWordOnlyWhenNothingElseFits() {
    String longSentence = "Kimi K2 " + "mixture of experts model weights ".repeat(15) + "end";
    String summary = summarizer.summarize(List.of(new Passage(longSentence, false)), "Kimi K2");

    assertThat(summary).endsWith("\u2026").hasSizeLessThanOrEqualTo(LexRankSummarizer.MAX_CHARS);
    assertThat(longSentence).startsWith(summary.substring(0, summary.length() - 1));
  }

  /**
   * A sentence over {@link LexRankSummarizer#MAX_CHARS} whose last 150 characters hold no space (emoji, CJK, a long
   * URL) is cut at a character count; found in session 13: the cut fell inside a surrogate pair and the published
   * summary held half an emoji (U+D83D before the ellipsis), shown as U+FFFD by the page and the feeds.
   */
  @Test
  void shouldCutAnOverlongSentenceWithoutASpaceNearTheLimitBetweenWholeCharacters() {
    String words = "Kimi K2 mixture of experts model weights released today with a long tail of ";
    String words150 = (words + words).substring(0, 150);
    for (String unit : List.of("\uD83D\uDE00", "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "e\u0301",
        "\uD83C\uDDEF\uD83C\uDDF5")) {
      for (int shift = 0; shift < 4; shift++) {
        String sentence = words150 + "x".repeat(shift) + unit.repeat(200 / unit.length()) + " end of it.";
        String summary = summarizer.summarize(List.of(new Passage(sentence, false)), "Kimi K2");

        assertThat(summary).as("unit %s, shift %d", unit, shift).endsWith("\u2026")
            .hasSizeLessThanOrEqualTo(LexRankSummarizer.MAX_CHARS);
        String kept = summary.substring(0, summary.length() - 1);
        assertThat(sentence).startsWith(kept);
        String rest = sentence.substring(kept.length());
        assertThat(rest).as("the cut starts a whole %s, shift %d", unit, shift).startsWith(unit);
      }
    }
  }

  @Test
  void shouldStayWithTheSubjectTheHeadlineNamesWhenAStoryMixesTwo() {
    List<Passage> passages = List.of(
        new Passage("EduCoder is a tool for annotating educational dialogue. Teachers label each utterance of a lesson. "
            + "EduCoder lets teachers compare their utterance labels.", false),
        new Passage("The platform shows the reports of two research agents side by side for the same query. "
            + "Annotators rate each agent report and give fine-grained feedback.", false));

    List<String> sentences = summarizer.sentences(passages, "Deep Research Comparator: fine-grained human annotation of deep research agents");

    assertThat(sentences).as("both sentences on the headline's subject").contains(
        "The platform shows the reports of two research agents side by side for the same query.",
        "Annotators rate each agent report and give fine-grained feedback.");
    assertThat(sentences).as("at most one of the three on the other subject").filteredOn(s -> s.contains("utterance") || s.contains("EduCoder"))
        .hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void shouldRankTheMostSimilarSentenceHighestInTheGraph() {
    double[][] sim = {
      {0.0, 0.6, 0.6, 0.0},
      {0.6, 0.0, 0.1, 0.0},
      {0.6, 0.1, 0.0, 0.0},
      {0.0, 0.0, 0.0, 0.0}};

    double[] p = LexRankSummarizer.centrality(sim, new double[] {1, 1, 1, 1});

    assertThat(p[0]).isGreaterThan(p[1]).isGreaterThan(p[3]);
    assertThat(p[1]).isCloseTo(p[2], org.assertj.core.data.Offset.offset(1e-12));
    assertThat(p[0] + p[1] + p[2] + p[3]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }
}
