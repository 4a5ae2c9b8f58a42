package io.storyline.cluster.partitioned;

/**
 * Counters of the linking stage.
 *
 * @param globalCounter number of the last global story opened, &ge; 0
 * @param postSeq posts linked so far (duplicates not counted), &ge; 0; 0 in state written before it
 *     existed
 * @param joinGap the typical join gap of the linked stream in posts ({@link
 *     io.storyline.cluster.core.StoryScorer#nextJoinGap}), the unit of the idle discount's scale; &ge; 1
 *     after the first post that grew an existing global story, 0 before it and in state written before it
 *     was kept
 */
public record LinkerMeta(long globalCounter, long postSeq, double joinGap) {
  /** Before the first update. */
  public static final LinkerMeta INITIAL = new LinkerMeta(0, 0, 0);

  /** Counters without a post count, as built before it existed. */
  public LinkerMeta(long globalCounter) {
    this(globalCounter, 0, 0);
  }

  /** Counters without a join gap (0: not measured), as built before it existed. */
  public LinkerMeta(long globalCounter, long postSeq) {
    this(globalCounter, postSeq, 0);
  }
}
