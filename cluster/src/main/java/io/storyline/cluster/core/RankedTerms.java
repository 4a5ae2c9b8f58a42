package io.storyline.cluster.core;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable sparse vector (term to weight) whose entries iterate in {@link Vectors#BY_WEIGHT} order
 * (weight descending, then term ascending) <b>by construction</b>: only {@link Vectors} builds one, from
 * entries it has just sorted or merged in that order. It is the in-memory form of the vectors the core
 * derives in that order (story centroids, top posts' vectors), so that a centroid joined or merged
 * again need not be checked for order (a check that compared the term strings of every tied pair of
 * neighbours: a quarter of a centroid's neighbours tie) and its norm is computed once.
 *
 * <p>Held as parallel arrays (terms, unboxed weights, the boxed weights {@link #get} returns, term hash
 * codes) plus an open-addressing table from term to position (linear probing, load at most 1/2). As a
 * {@link Map} it is read-only (every mutator throws {@link UnsupportedOperationException}), equal to any
 * map with the same entries ({@link AbstractMap#equals}), and serialised by Jackson as the map it is,
 * in its iteration order: the stored form of a story state does not change (a state read back holds a
 * {@link java.util.LinkedHashMap} in the same order, which {@link Vectors} checks once and replaces on
 * the story's next change).
 *
 * <p>Memory: about 40 bytes per entry (term reference, two doubles' worth of weight, hash, two table
 * slots), against about 60 for a {@link java.util.LinkedHashMap} entry with its boxed weight. Immutable
 * and thread-safe.
 */
public final class RankedTerms extends AbstractMap<String, Double> {
  /** The empty vector. */
  static final RankedTerms EMPTY = new RankedTerms(new String[0], new double[0], new Double[0], 0);

  private final String[] terms;
  private final double[] weights;
  private final Double[] boxed;
  private final int[] hashes;
  /** Position + 1 of the entry in each slot, 0 for an empty slot; length a power of two. */
  private final int[] table;
  private final int size;
  /** {@link Vectors#norm}: the square root of the sum of squares in iteration order. */
  private final double norm;

  /**
   * Takes the first {@code size} entries of the arrays, which the caller has put in {@link
   * Vectors#BY_WEIGHT} order with distinct terms; the arrays are owned by the new instance from then
   * on (not copied).
   */
  RankedTerms(String[] terms, double[] weights, Double[] boxed, int size) {
    this(terms, weights, boxed, hashesOf(terms, size), size);
  }

  /**
   * As {@link #RankedTerms(String[], double[], Double[], int)}, with each term's {@link String#hashCode}
   * already known ({@code hashes[i]} of {@code terms[i]}, e.g. carried over from the vectors a merge
   * read them from), so that building the index loads no term's {@code String} object: at 100k stories
   * those loads were cache misses, 5.7 % of the core's time (docs/BENCHMARKS.md, session 8). The arrays
   * are owned by the new instance (not copied).
   */
  RankedTerms(String[] terms, double[] weights, Double[] boxed, int[] hashes, int size) {
    this.terms = terms;
    this.weights = weights;
    this.boxed = boxed;
    this.size = size;
    this.hashes = hashes;
    int cap = Integer.highestOneBit(Math.max(2, size * 2 - 1)) << 1;
    this.table = new int[cap];
    int mask = cap - 1;
    double s = 0;
    for (int i = 0; i < size; i++) {
      int h = hashes[i];
      int slot = spread(h) & mask;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = i + 1;
      double w = weights[i];
      s += w * w;
    }
    this.norm = Math.sqrt(s);
  }

  private static int[] hashesOf(String[] terms, int size) {
    int[] hashes = new int[size];
    for (int i = 0; i < size; i++) {
      hashes[i] = terms[i].hashCode();
    }
    return hashes;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /**
   * @param term a term; may be null (never found)
   * @return the term's position in iteration order, or -1 if absent
   */
  int indexOf(Object term) {
    if (!(term instanceof String t)) {
      return -1;
    }
    return indexOf(t, t.hashCode());
  }

  /**
   * {@link #indexOf(Object)} for a term whose {@link String#hashCode} the caller knows (from another
   * {@code RankedTerms}' {@link #hash}): a term that is absent costs no load of its {@code String}.
   *
   * @param t a term; may not be null
   * @param h {@code t.hashCode()}
   * @return the term's position in iteration order, or -1 if absent
   */
  int indexOf(String t, int h) {
    int mask = table.length - 1;
    for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
      int at = table[slot] - 1;
      if (at < 0) {
        return -1;
      }
      if (hashes[at] == h && (terms[at] == t || terms[at].equals(t))) {
        return at;
      }
    }
  }

  /** @return the number of entries */
  @Override
  public int size() {
    return size;
  }

  /** @return the boxed weight of a term, or null if absent */
  @Override
  public Double get(Object term) {
    int at = indexOf(term);
    return at < 0 ? null : boxed[at];
  }

  @Override
  public boolean containsKey(Object term) {
    return indexOf(term) >= 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Double> action) {
    for (int i = 0; i < size; i++) {
      action.accept(terms[i], boxed[i]);
    }
  }

  /** @return the Euclidean norm, the same double as {@link Vectors#norm} of an equal map in this order */
  double norm() {
    return norm;
  }

  /** @return the term at a position in iteration order, {@code 0 <= i < size()} */
  String term(int i) {
    return terms[i];
  }

  /** @return the weight at a position in iteration order, {@code 0 <= i < size()} */
  double weight(int i) {
    return weights[i];
  }

  /** @return the {@link String#hashCode} of the term at a position in iteration order, {@code 0 <= i < size()} */
  int hash(int i) {
    return hashes[i];
  }

  /** @return the boxed weight at a position in iteration order, {@code 0 <= i < size()} */
  Double boxed(int i) {
    return boxed[i];
  }

  @Override
  public Set<Map.Entry<String, Double>> entrySet() {
    return new PositionalEntries<>(size, i -> terms[i], i -> boxed[i]);
  }
}
