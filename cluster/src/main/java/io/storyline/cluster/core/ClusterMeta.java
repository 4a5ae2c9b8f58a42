package io.storyline.cluster.core;

import java.time.Instant;

/**
 * Counters of the clustering state, stored once.
 *
 * @param docCount posts featurised so far (the N of idf), &ge; 0
 * @param storyCounter stories opened so far; the next story is number {@code storyCounter + 1}
 * @param postSeq posts remembered so far (the post memory ring position), &ge; 0
 * @param watermark the latest post event time seen; null before the first post
 */
public record ClusterMeta(long docCount, long storyCounter, long postSeq, Instant watermark) {
  /** The state before any post. */
  public static final ClusterMeta INITIAL = new ClusterMeta(0, 0, 0, null);
}
