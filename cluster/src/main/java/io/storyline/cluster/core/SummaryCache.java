package io.storyline.cluster.core;

import io.storyline.cluster.summary.LexRankSummarizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers the last summary computed for each story with the inputs it was computed from (the top
 * posts' snippets and the headline), so a snapshot whose top posts did not change (most joins) reuses
 * it instead of rerunning LexRank. The summary is a pure function of those inputs, so a hit returns
 * exactly what recomputing would. Bounded: the {@link #MAX_ENTRIES} most recently used stories. Not
 * thread-safe; one per clusterer.
 */
final class SummaryCache {
  /** Stories remembered. */
  static final int MAX_ENTRIES = 16_384;
  /** Passages whose analysed candidate sentences the summarizer remembers (top posts of recently changed stories). */
  static final int MEMO_PASSAGES = 4_096;

  /** Summarises with a memo of analysed passages: a story's unchanged top posts are not re-analysed. */
  private final LexRankSummarizer summarizer = new LexRankSummarizer(StorySnapshots.ANALYZER, MEMO_PASSAGES);

  private record Cached(List<String> snippets, String headline, String summary) {}

  private final Map<String, Cached> entries = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  /**
   * @param storyId the story
   * @param top its top posts
   * @param headline its headline
   * @param compute computes the summary of these inputs on a miss
   * @return the summary
   */
  String summary(String storyId, List<TopPost> top, String headline, Supplier<String> compute) {
    Cached e = entries.get(storyId);
    if (e != null && e.headline().equals(headline) && sameSnippets(e.snippets(), top)) {
      return e.summary();
    }
    String summary = compute.get();
    entries.put(storyId, new Cached(top.stream().map(TopPost::snippet).toList(), headline, summary));
    return summary;
  }

  private static boolean sameSnippets(List<String> snippets, List<TopPost> top) {
    if (snippets.size() != top.size()) {
      return false;
    }
    for (int i = 0; i < top.size(); i++) {
      if (!snippets.get(i).equals(top.get(i).snippet())) {
        return false;
      }
    }
    return true;
  }

  /** First sentence of an untitled top post's snippet, per snippet (most recently used last). */
  private final Map<String, String> firstSentences = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MEMO_PASSAGES;
    }
  };

  /**
   * @param snippet an untitled top post's snippet
   * @param compute its first sentence, computed on a miss (a pure function of the snippet)
   * @return the first sentence
   */
  String firstSentence(String snippet, Supplier<String> compute) {
    String known = firstSentences.get(snippet);
    if (known == null) {
      known = compute.get();
      firstSentences.put(snippet, known);
    }
    return known;
  }

  /** @return the summarizer of this cache (not thread-safe, like the cache) */
  LexRankSummarizer summarizer() {
    return summarizer;
  }

  /** Forgets a story (closed or merged away). */
  void remove(String storyId) {
    entries.remove(storyId);
  }
}
