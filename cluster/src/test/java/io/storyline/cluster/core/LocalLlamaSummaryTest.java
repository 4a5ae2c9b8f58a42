package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.cluster.summary.LexRankSummarizer;
import io.storyline.cluster.summary.LexRankSummarizer.Passage;
import io.storyline.common.model.Post;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real text: the r/LocalLLaMA submissions of the Kimi K2 and Grok 4 week, summarised as a story's
 * top posts are (text cut at {@link TopPost#MAX_SNIPPET_CHARS}, most upvoted first).
 */
class LocalLlamaSummaryTest {
  private final PostAnalyzer analyzer = new PostAnalyzer();
  private final LexRankSummarizer summarizer = new LexRankSummarizer(analyzer::terms);

  @Test
  void shouldSummariseTheKimiK2StoryWithCentralDistinctSentences() {
    assertCentralSummary("kimi", "k2");
  }

  @Test
  void shouldSummariseTheGrok4StoryWithCentralDistinctSentences() {
    assertCentralSummary("grok", "grok");
  }

  private void assertCentralSummary(String word, String termOfTopic) {
    Path dir = RedditDump.dumpDir();
    Assumptions.assumeTrue(dir != null, "shared r/LocalLLaMA dump not found (../shared/data/reddit-localllama)");
    List<Post> posts = RedditDump.posts(dir, Instant.parse("2025-07-07T00:00:00Z"), Instant.parse("2025-07-16T00:00:00Z"))
        .stream()
        .filter(p -> p.title() != null && p.title().toLowerCase(Locale.ROOT).contains(word) && !p.text().isBlank())
        .sorted(Comparator.comparingLong((Post p) -> p.engagement().score() == null ? 0 : p.engagement().score()).reversed()
            .thenComparing((Post p) -> p.id()))
        .limit(10)
        .toList();
    assertThat(posts).as("submissions about %s with text", word).hasSizeGreaterThanOrEqualTo(3);
    List<Passage> passages = posts.stream().map(LocalLlamaSummaryTest::snippet).toList();
    String headline = posts.get(0).title();

    List<String> sentences = summarizer.sentences(passages, headline);
    System.out.printf(Locale.ROOT, "%s: [%s] -> %s%n", word, headline, sentences);

    assertThat(sentences).hasSizeBetween(2, 3);
    String allText = String.join(" ", passages.stream().map(Passage::text).toList());
    assertThat(sentences).as("extracted verbatim").allMatch(allText::contains);
    assertThat(sentences).as("on the story's topic").anyMatch(s -> analyzer.terms(s).contains(termOfTopic));
    for (int i = 0; i < sentences.size(); i++) {
      assertThat(jaccard(sentences.get(i), headline)).as("'%s' vs the headline", sentences.get(i)).isLessThan(0.6);
      for (int j = i + 1; j < sentences.size(); j++) {
        assertThat(jaccard(sentences.get(i), sentences.get(j))).as("'%s' vs '%s'", sentences.get(i), sentences.get(j)).isLessThan(0.6);
      }
    }
    assertThat(summarizer.sentences(passages, headline)).as("deterministic").isEqualTo(sentences);
  }

  /** The dump holds Reddit markdown; the normalizer strips it, so links keep their text and marks go. */
  private static Passage snippet(Post p) {
    String text = p.text().replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("[\\\\*#>`]+", "")
        .strip().replaceAll("\\s+", " ");
    boolean cut = text.length() > TopPost.MAX_SNIPPET_CHARS;
    return new Passage(cut ? text.substring(0, TopPost.MAX_SNIPPET_CHARS) : text, cut);
  }

  private double jaccard(String a, String b) {
    Set<String> x = new HashSet<>(analyzer.terms(a));
    Set<String> y = new HashSet<>(analyzer.terms(b));
    Set<String> union = new HashSet<>(x);
    union.addAll(y);
    x.retainAll(y);
    return union.isEmpty() ? 0 : (double) x.size() / union.size();
  }
}
