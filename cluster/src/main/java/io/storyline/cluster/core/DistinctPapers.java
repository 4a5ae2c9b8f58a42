package io.storyline.cluster.core;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;

/**
 * Distinct papers are distinct stories, however close their abstracts: a day's arXiv listing of one
 * subfield otherwise chains into topic blobs ("vision-language fine-tuning": 17 papers in one story,
 * seen replaying the sample's arXiv days with a week of r/LocalLLaMA). A story "holds a paper" when it
 * has an arXiv post; papers are told apart by their {@code arxiv:<id>} keys ({@link LinkKeys}). Social
 * posts are not affected: they may join a paper's story on similarity or links.
 *
 * <p>Used by the single-mode {@link StoryClusterer} (a paper is no candidate for a story holding
 * another paper; stories holding different papers do not merge) and by the partitioned mode's linker
 * (a local story holding a paper is not linked to, or merged with, a global story holding another).
 * Stateless; thread-safe.
 */
public final class DistinctPapers {
  private static final String ARXIV_KEY = "arxiv:";

  private DistinctPapers() {}

  /**
   * @param story a candidate story; may not be null
   * @param post the post being assigned; may not be null
   * @param features its features; may not be null
   * @return true if {@code post} is an arXiv post and {@code story} already holds an arXiv post but
   *     not this paper's id (an earlier version or a thread about it would carry it)
   */
  public static boolean holdsAnotherPaper(StoryState story, Post post, PostFeatures features) {
    if (post.source() != Source.ARXIV || !holdsAPaper(story)) {
      return false;
    }
    return features.keys().stream().filter(k -> k.startsWith(ARXIV_KEY)).noneMatch(story.keys()::containsKey);
  }

  /**
   * @param a a story; may not be null
   * @param b another story; may not be null
   * @return true if both hold an arXiv post and they share no arXiv id: they must stay apart
   */
  public static boolean holdDifferentPapers(StoryState a, StoryState b) {
    if (!holdsAPaper(a) || !holdsAPaper(b)) {
      return false;
    }
    return a.keys().keySet().stream().filter(k -> k.startsWith(ARXIV_KEY)).noneMatch(b.keys()::containsKey);
  }

  private static boolean holdsAPaper(StoryState story) {
    return story.sourceCounts().getOrDefault(Source.ARXIV, 0) > 0;
  }
}
