package io.storyline.cluster.core;

import java.time.Instant;

/**
 * Counters of the clustering state, stored once.
 *
 * @param docCount posts featurised so far (the N of idf), &ge; 0
 * @param storyCounter stories opened so far; the next story is number {@code storyCounter + 1}
 * @param postSeq posts remembered so far (the post memory ring position), &ge; 0
 * @param watermark the latest post event time seen; null before the first post
 * @param joinGap the stream's typical join gap in posts ({@link StoryScorer#nextJoinGap}), the unit of
 *     the idle discount's scale ({@link ClusterParams#idleGaps}); &ge; 1 after the first join, 0 before it
 *     and in state written before it was kept (then measured afresh from the next join)
 */
public record ClusterMeta(long docCount, long storyCounter, long postSeq, Instant watermark, double joinGap) {
  /** The state before any post. */
  public static final ClusterMeta INITIAL = new ClusterMeta(0, 0, 0, null, 0);

  /** Counters without a join gap (0: not measured), as built before it existed. */
  public ClusterMeta(long docCount, long storyCounter, long postSeq, Instant watermark) {
    this(docCount, storyCounter, postSeq, watermark, 0);
  }
}
