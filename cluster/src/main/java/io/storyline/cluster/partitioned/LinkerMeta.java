package io.storyline.cluster.partitioned;

/**
 * Counters of the linking stage.
 *
 * @param globalCounter number of the last global story opened, &ge; 0
 */
public record LinkerMeta(long globalCounter) {
  /** Before the first update. */
  public static final LinkerMeta INITIAL = new LinkerMeta(0);
}
