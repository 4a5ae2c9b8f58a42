package io.storyline.cluster.partitioned;

/**
 * Counters of the linking stage.
 *
 * @param globalCounter number of the last global story opened, &ge; 0
 * @param postSeq posts linked so far (duplicates not counted), &ge; 0; 0 in state written before it
 *     existed
 */
public record LinkerMeta(long globalCounter, long postSeq) {
  /** Before the first update. */
  public static final LinkerMeta INITIAL = new LinkerMeta(0, 0);

  /** Counters without a post count, as built before it existed. */
  public LinkerMeta(long globalCounter) {
    this(globalCounter, 0);
  }
}
