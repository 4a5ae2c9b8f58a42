package io.storyline.cluster.core;

import java.util.Locale;

/**
 * The score of one candidate story for one post, with its parts.
 *
 * @param storyId the candidate; never null
 * @param cosine TF-IDF cosine of the post to the story centroid, in [0, 1]
 * @param topPostCosine best TF-IDF cosine of the post to one of the story's top posts, in [0, 1]
 * @param guarded true if the chaining guard rejected the story (no shared key and {@code
 *     topPostCosine} below {@link ClusterParams#topPostGuard()}); its score is then 0
 * @param sharedKeys number of link/id keys the post shares with the story, &ge; 0
 * @param keyBonus the bonus those keys earned, in [0, 1]
 * @param gapHours event-time distance of the post to the story's [firstSeen, lastSeen], in hours, &ge; 0
 * @param timeFactor Gaussian time factor, in (0, 1]
 * @param activity the story's activity factor ({@link StoryScorer#activity}), in (0, 1]; 1 when
 *     {@link ClusterParams#idleDiscount} is 0
 * @param score {@code min(1, cosine + keyBonus) * timeFactor * activity}, or 0 if guarded, in [0, 1]
 */
public record CandidateScore(
    String storyId, double cosine, double topPostCosine, boolean guarded, int sharedKeys, double keyBonus, double gapHours, double timeFactor, double activity, double score) {
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s score=%.3f (cos=%.3f, topCos=%.3f%s, keys=%d bonus=%.2f, gap=%.1fh time=%.3f activity=%.3f)",
        storyId, score, cosine, topPostCosine, guarded ? " guarded" : "", sharedKeys, keyBonus, gapHours, timeFactor, activity);
  }
}
