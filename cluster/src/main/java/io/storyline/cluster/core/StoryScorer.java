package io.storyline.cluster.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Scores a post against a story: {@code score = min(1, cosine + linkBonus * [shares a key]) *
 * exp(-gap² / (2 sigma²))}, where cosine is between the post's TF-IDF vector and the story centroid
 * and gap is the event-time distance in hours from the post to the story's [firstSeen, lastSeen]
 * interval; the score is 0 (the story is guarded) if the post's best cosine to one of the story's top
 * posts is below {@link ClusterParams#topPostGuard()} and it shares no key with the story, so a centroid that drifted into generic terms
 * cannot pull in posts that resemble none of the story's representative posts (a chaining guard). Cosine plus a Gaussian time feature follow Miranda et al., EMNLP 2018
 * (https://aclanthology.org/D18-1483/), which used sigma = 3 days on news; posts move faster, so the
 * default here is a day. Immutable and thread-safe.
 */
public final class StoryScorer {
  private final double linkBonus;
  private final double sigmaHours;
  private final double topPostGuard;

  /**
   * @param params parameters (link bonus, time sigma); may not be null
   */
  public StoryScorer(ClusterParams params) {
    this.linkBonus = params.linkBonus();
    this.sigmaHours = params.timeSigmaHours();
    this.topPostGuard = params.topPostGuard();
  }

  /**
   * @param post the post's features; may not be null
   * @param story the story; may not be null
   * @return the score with its parts
   */
  public CandidateScore score(PostFeatures post, StoryState story) {
    return score(post, Vectors.norm(post.vector()), story, StoryNorms.of(story));
  }

  /**
   * The same score as {@link #score(PostFeatures, StoryState)}, to the last bit, with the vector
   * norms supplied: callers that score one post against many stories, or many posts against one
   * story, compute each norm once.
   *
   * @param post the post's features; may not be null
   * @param postNorm {@code Vectors.norm(post.vector())}
   * @param story the story; may not be null
   * @param norms the story's norms, {@link StoryNorms#matches matching} it; may not be null
   * @return the score with its parts
   */
  public CandidateScore score(PostFeatures post, double postNorm, StoryState story, StoryNorms norms) {
    double cosine = Vectors.cosine(post.vector(), postNorm, story.centroid(), norms.centroidNorm());
    double topCosine = 0;
    List<TopPost> top = story.topPosts();
    for (int i = 0; i < top.size(); i++) {
      topCosine = Math.max(topCosine, Vectors.cosine(post.vector(), postNorm, top.get(i).vector(), norms.topPostNorms()[i]));
    }
    int shared = 0;
    for (String k : post.keys()) {
      if (story.keys().containsKey(k)) {
        shared++;
      }
    }
    double bonus = shared > 0 ? linkBonus : 0;
    // a shared link or id is direct evidence: the guard only stops text-only matches
    boolean guarded = shared == 0 && topCosine < topPostGuard;
    double gap = gapHours(post.eventTime(), story.firstSeen(), story.lastSeen());
    double time = Math.exp(-(gap * gap) / (2 * sigmaHours * sigmaHours));
    double score = guarded ? 0 : Math.min(1.0, cosine + bonus) * time;
    return new CandidateScore(story.id(), cosine, topCosine, guarded, shared, bonus, gap, time, score);
  }

  /** @return hours from {@code t} to the interval [first, last], 0 inside it */
  static double gapHours(Instant t, Instant first, Instant last) {
    Duration d;
    if (t.isBefore(first)) {
      d = Duration.between(t, first);
    } else if (t.isAfter(last)) {
      d = Duration.between(last, t);
    } else {
      return 0;
    }
    return d.toMillis() / 3_600_000.0;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "StoryScorer(min(1, cosine + %.2f*sharedKey) * gauss(gap, sigma=%.1fh), 0 if no shared key and best top-post cosine < %.2f)", linkBonus, sigmaHours, topPostGuard);
  }
}
