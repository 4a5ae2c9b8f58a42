package io.storyline.cluster.core;

/**
 * Parameters of the clustering core, validated. Plain Java; built from {@code ClusterConfig} by the
 * Streams stage or directly by tests and the eval harness. Immutable and thread-safe.
 *
 * @param similarityThreshold minimum score in [0, 1] for a post to join its best candidate story
 * @param candidatesK how many candidate stories the story index returns per post, at least 1
 * @param centroidMaxTerms terms kept in a story centroid (the rest are dropped), at least 10
 * @param timeSigmaHours sigma of the Gaussian time factor, in hours, &gt; 0
 * @param idleHorizonHours a story idle (event time) longer than this, in hours, is closed, &gt; 0
 * @param titleWeight how much a title term counts relative to a body term, &ge; 1
 * @param linkBonus added to the cosine when the post shares a link/arXiv id/repo id with the story,
 *     in [0, 1]
 * @param queryTerms strongest post terms used in the candidate query, at least 1
 * @param indexTerms strongest centroid terms indexed per story, at least 1
 * @param postMemory how many recent post ids remember their story (duplicates, parent following),
 *     at least 1
 * @param maxAuthors distinct authors remembered per story (the author count saturates there), at
 *     least 1
 * @param maxTextChars characters of a post body analysed (the rest is ignored), at least 100
 * @param topPostGuard chaining guard in [0, 1]: a post joins a story only if its cosine to at
 *     least one of the story's top posts reaches this, whatever its centroid cosine (a centroid that
 *     drifted into a blob of generic terms does not pull posts alone); 0 disables the guard
 * @param mergeThreshold centroid cosine in [0, 1] at which the story a post joined absorbs another
 *     candidate story of that post (stories that converge merge); 1 disables merging
 * @param idleDiscount at most this fraction of a story's score is lost while the story is idle, in [0, 1):
 *     the score is multiplied by {@code 1 - idleDiscount * (1 - exp(-postsSince / idlePosts))}, where
 *     {@code postsSince} counts the posts the clusterer saw since the story last grew
 *     ({@link StoryScorer#activity}); 0 disables it
 * @param idlePosts the scale of that discount in posts when {@code idleGaps} is 0, &gt; 0: a story idle
 *     for this many posts has lost 63 % of the discount. A fixed count of posts, so the right scale grows
 *     with the number of stories the stream carries at once (docs/QUALITY.md, session 6); unused while
 *     {@code idleGaps} &gt; 0
 * @param idleGaps the scale of that discount in units of the stream's typical join gap, &ge; 0: the
 *     scale is {@code idleGaps * joinGap} posts, where {@code joinGap} ({@link ClusterMeta#joinGap}) is
 *     the running geometric mean of the posts between a story's consecutive posts, measured on the
 *     stream itself ({@link StoryScorer#nextJoinGap}); a story is idle when it has missed about this
 *     many of a typical story's turns, whatever the stream's volume (docs/QUALITY.md, session 7); 0
 *     uses the fixed {@code idlePosts} instead
 * @param establishedPosts a story holding at least this many posts counts as established, &ge; 1: two
 *     established stories merge only at {@code establishedMergeThreshold} ({@link #mergeThresholdFor})
 * @param establishedMergeThreshold centroid cosine in [0, 1] at which two established stories merge, in
 *     place of {@code mergeThreshold} when higher (0: no difference). A story's centroid is the sum of its
 *     posts, so the more posts two stories of one event hold, the closer their centroids come; two stories
 *     of many posts each that are still barely similar are two events with a shared word ("black" of
 *     Black Friday and of the film Black Nativity), while a fragment of few posts is a noisy estimate that
 *     may well belong (docs/QUALITY.md, session 8)
 * @param mergeBridge the score in [0, 1] that the post which triggers a merge must itself reach against the
 *     story to be absorbed ({@link StoryScorer}: cosine to its centroid with the link bonus, time and activity
 *     factors, 0 when guarded): two stories merge only when a post that could have joined either joins one
 *     of them and the two centroids converged ({@code mergeThresholdFor}). Centroid cosine alone merges two
 *     neighbouring events that share their strongest words (the Super Bowl blackout of 2013 into Super Bowl
 *     XLV on "super bowl"); a post that matches both is evidence that they are one story (docs/QUALITY.md,
 *     session 10). 0: any candidate of the post may merge, as before
 */
public record ClusterParams(
    double similarityThreshold,
    int candidatesK,
    int centroidMaxTerms,
    double timeSigmaHours,
    double idleHorizonHours,
    double titleWeight,
    double linkBonus,
    int queryTerms,
    int indexTerms,
    int postMemory,
    int maxAuthors,
    int maxTextChars,
    double topPostGuard,
    double mergeThreshold,
    double idleDiscount,
    double idlePosts,
    double idleGaps,
    int establishedPosts,
    double establishedMergeThreshold,
    double mergeBridge) {

  /**
   * Defaults: one configuration for every dataset of {@code docs/QUALITY.md} (threshold 0.12,
   * chaining guard 0.10, merging at centroid cosine 0.20, two stories of at least 10 posts each at 0.30,
   * and only through a post that scores at least 0.15 against both (the merge bridge), title weight 4, idle
   * discount 2/3 over 70 typical join gaps), checked on r/LocalLLaMA July 2025
   * ({@code RedditLocalLlamaClusteringTest}).
   */
  public static final ClusterParams DEFAULTS =
      new ClusterParams(0.12, 10, 200, 24.0, 72.0, 4.0, 0.25, 24, 60, 200_000, 1000, 4000, 0.10, 0.20, 0.6667, 500.0, 70.0,
          10, 0.30, 0.15);

  /**
   * @throws IllegalArgumentException naming the parameter, its value and the rule, if one is out
   *     of range
   */
  public ClusterParams {
    check(similarityThreshold >= 0 && similarityThreshold <= 1, "similarity threshold", similarityThreshold, "must be between 0 and 1");
    check(candidatesK >= 1, "candidates k", candidatesK, "must be at least 1");
    check(centroidMaxTerms >= 10, "centroid max terms", centroidMaxTerms, "must be at least 10");
    check(timeSigmaHours > 0 && Double.isFinite(timeSigmaHours), "time sigma hours", timeSigmaHours, "must be a finite number > 0");
    check(idleHorizonHours > 0 && Double.isFinite(idleHorizonHours), "idle horizon hours", idleHorizonHours, "must be a finite number > 0");
    check(titleWeight >= 1 && Double.isFinite(titleWeight), "title weight", titleWeight, "must be a finite number >= 1");
    check(linkBonus >= 0 && linkBonus <= 1, "link bonus", linkBonus, "must be between 0 and 1");
    check(queryTerms >= 1, "query terms", queryTerms, "must be at least 1");
    check(indexTerms >= 1, "index terms", indexTerms, "must be at least 1");
    check(postMemory >= 1, "post memory", postMemory, "must be at least 1");
    check(maxAuthors >= 1, "max authors", maxAuthors, "must be at least 1");
    check(maxTextChars >= 100, "max text chars", maxTextChars, "must be at least 100");
    check(topPostGuard >= 0 && topPostGuard <= 1, "top post guard", topPostGuard, "must be between 0 and 1");
    check(mergeThreshold >= 0 && mergeThreshold <= 1, "merge threshold", mergeThreshold, "must be between 0 and 1");
    check(idleDiscount >= 0 && idleDiscount < 1, "idle discount", idleDiscount, "must be >= 0 and < 1");
    check(idlePosts > 0 && Double.isFinite(idlePosts), "idle posts", idlePosts, "must be a finite number > 0");
    check(idleGaps >= 0 && Double.isFinite(idleGaps), "idle gaps", idleGaps, "must be a finite number >= 0");
    check(establishedPosts >= 1, "established posts", establishedPosts, "must be at least 1");
    check(establishedMergeThreshold >= 0 && establishedMergeThreshold <= 1, "established merge threshold",
        establishedMergeThreshold, "must be between 0 and 1");
    check(mergeBridge >= 0 && mergeBridge <= 1, "merge bridge", mergeBridge, "must be between 0 and 1");
  }

  /**
   * The centroid cosine at which two stories merge: {@code mergeThreshold}, or the higher of it and {@code
   * establishedMergeThreshold} when both stories hold at least {@code establishedPosts} posts.
   *
   * @param postsA posts of one story, &ge; 0
   * @param postsB posts of the other, &ge; 0
   * @return the threshold, in [0, 1]
   */
  public double mergeThresholdFor(int postsA, int postsB) {
    return Math.min(postsA, postsB) >= establishedPosts ? Math.max(mergeThreshold, establishedMergeThreshold) : mergeThreshold;
  }

  /**
   * @param discount the idle discount, in [0, 1) (0: story activity does not count)
   * @param posts the idle scale as a fixed count of posts, &gt; 0
   * @return a copy with another activity prior, its scale fixed in posts ({@code idleGaps} 0)
   */
  public ClusterParams withIdleDiscount(double discount, double posts) {
    return new ClusterParams(similarityThreshold, candidatesK, centroidMaxTerms, timeSigmaHours, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, topPostGuard, mergeThreshold, discount, posts, 0.0, establishedPosts, establishedMergeThreshold, mergeBridge);
  }

  /**
   * @param discount the idle discount, in [0, 1) (0: story activity does not count)
   * @param gaps the idle scale in typical join gaps, &gt; 0
   * @return a copy with another activity prior, its scale relative to the stream ({@code idleGaps})
   */
  public ClusterParams withIdleGaps(double discount, double gaps) {
    return new ClusterParams(similarityThreshold, candidatesK, centroidMaxTerms, timeSigmaHours, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, topPostGuard, mergeThreshold, discount, idlePosts, gaps, establishedPosts, establishedMergeThreshold, mergeBridge);
  }

  private static void check(boolean ok, String name, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("illegal " + name + ": " + value + ", " + rule);
    }
  }

  /** @return a copy with another similarity threshold */
  public ClusterParams withSimilarityThreshold(double v) {
    return new ClusterParams(v, candidatesK, centroidMaxTerms, timeSigmaHours, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, topPostGuard, mergeThreshold, idleDiscount, idlePosts, idleGaps, establishedPosts, establishedMergeThreshold, mergeBridge);
  }

  /** @return a copy with another idle horizon, in hours */
  public ClusterParams withIdleHorizonHours(double v) {
    return new ClusterParams(similarityThreshold, candidatesK, centroidMaxTerms, timeSigmaHours, v, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, topPostGuard, mergeThreshold, idleDiscount, idlePosts, idleGaps, establishedPosts, establishedMergeThreshold, mergeBridge);
  }

  /** @return a copy with another centroid size */
  public ClusterParams withCentroidMaxTerms(int v) {
    return new ClusterParams(similarityThreshold, candidatesK, v, timeSigmaHours, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, topPostGuard, mergeThreshold, idleDiscount, idlePosts, idleGaps, establishedPosts, establishedMergeThreshold, mergeBridge);
  }

  /** @return a copy with another post memory size */
  public ClusterParams withPostMemory(int v) {
    return new ClusterParams(similarityThreshold, candidatesK, centroidMaxTerms, timeSigmaHours, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, v, maxAuthors, maxTextChars, topPostGuard, mergeThreshold, idleDiscount, idlePosts, idleGaps, establishedPosts, establishedMergeThreshold, mergeBridge);
  }

  /** @return a copy with another top-post weight */
  public ClusterParams withTopPostGuard(double v) {
    return new ClusterParams(similarityThreshold, candidatesK, centroidMaxTerms, timeSigmaHours, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, v, mergeThreshold, idleDiscount, idlePosts, idleGaps, establishedPosts, establishedMergeThreshold, mergeBridge);
  }

  /** @return a copy with other candidate retrieval sizes */
  public ClusterParams withRetrieval(int candidatesK, int queryTerms, int indexTerms) {
    return new ClusterParams(similarityThreshold, candidatesK, centroidMaxTerms, timeSigmaHours, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, topPostGuard, mergeThreshold, idleDiscount, idlePosts, idleGaps, establishedPosts, establishedMergeThreshold, mergeBridge);
  }

  /** @return a copy with another time sigma, in hours */
  public ClusterParams withTimeSigmaHours(double v) {
    return new ClusterParams(similarityThreshold, candidatesK, centroidMaxTerms, v, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, topPostGuard, mergeThreshold, idleDiscount, idlePosts, idleGaps, establishedPosts, establishedMergeThreshold, mergeBridge);
  }

  /** @return a copy with another merge threshold (1 disables merging) */
  public ClusterParams withMergeThreshold(double v) {
    return new ClusterParams(similarityThreshold, candidatesK, centroidMaxTerms, timeSigmaHours, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, topPostGuard, v, idleDiscount, idlePosts, idleGaps, establishedPosts, establishedMergeThreshold, mergeBridge);
  }

  /**
   * @param posts the size from which a story counts as established, &ge; 1
   * @param threshold the merge threshold of two established stories, in [0, 1] (0: as any other pair)
   * @return a copy with another merge threshold for established stories
   */
  public ClusterParams withEstablishedMerge(int posts, double threshold) {
    return new ClusterParams(similarityThreshold, candidatesK, centroidMaxTerms, timeSigmaHours, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, topPostGuard, mergeThreshold, idleDiscount, idlePosts, idleGaps, posts, threshold, mergeBridge);
  }

  /**
   * @param v the score the post that triggers a merge must reach against the absorbed story, in [0, 1] (0: any
   *     candidate)
   * @return a copy with another merge bridge
   */
  public ClusterParams withMergeBridge(double v) {
    return new ClusterParams(similarityThreshold, candidatesK, centroidMaxTerms, timeSigmaHours, idleHorizonHours, titleWeight, linkBonus, queryTerms, indexTerms, postMemory, maxAuthors, maxTextChars, topPostGuard, mergeThreshold, idleDiscount, idlePosts, idleGaps, establishedPosts, establishedMergeThreshold, v);
  }

  /** @return true if converging stories merge ({@code mergeThreshold < 1}) */
  public boolean merging() {
    return mergeThreshold < 1;
  }
}
