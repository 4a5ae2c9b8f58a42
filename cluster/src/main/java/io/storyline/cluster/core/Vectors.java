package io.storyline.cluster.core;

import io.storyline.cluster.vector.SparseVectors;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sparse vector helpers over {@code Map<String, Double>}; deterministic ordering. Stateless. */
public final class Vectors {
  private Vectors() {}

  /** Orders entries by weight descending, then key ascending: a total, deterministic order. */
  public static final Comparator<Map.Entry<String, Double>> BY_WEIGHT =
      Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue)
          .reversed()
          .thenComparing(Map.Entry::getKey);

  /**
   * @param v a vector; may not be null
   * @param n how many entries to keep, at least 0
   * @return a new insertion-ordered map of the {@code n} strongest entries, strongest first
   */
  public static LinkedHashMap<String, Double> top(Map<String, Double> v, int n) {
    // the order of BY_WEIGHT, on unboxed weights (a total order: keys are distinct)
    Weighted[] entries = new Weighted[v.size()];
    int i = 0;
    for (Map.Entry<String, Double> e : v.entrySet()) {
      entries[i++] = new Weighted(e.getKey(), e.getValue());
    }
    Arrays.sort(entries, Weighted.ORDER);
    int size = Math.min(n, entries.length);
    LinkedHashMap<String, Double> out = new LinkedHashMap<>(Math.max(16, (int) (size / 0.75f) + 1));
    for (int j = 0; j < size; j++) {
      out.put(entries[j].key, entries[j].boxed);
    }
    return out;
  }

  /**
   * The strongest entries of the sum of two vectors: the same map as {@code top(sum, n)} where {@code
   * sum} holds every term of either vector with weight {@code a(t) + b(t)} (a missing term counting as
   * absent, not 0). When {@code a} is already in {@link #BY_WEIGHT} order (a centroid is), only the
   * terms of {@code b} are sorted and merged into {@code a}'s order; otherwise everything is sorted.
   *
   * @param a a vector, best in {@link #BY_WEIGHT} order; may not be null
   * @param b a vector; may not be null
   * @param n how many entries to keep, at least 0
   * @return a new insertion-ordered map of the {@code n} strongest entries of the sum, strongest first
   */
  public static LinkedHashMap<String, Double> topOfSum(Map<String, Double> a, Map<String, Double> b, int n) {
    Weighted[] base = new Weighted[a.size()];
    int na = 0;
    boolean sorted = true;
    for (Map.Entry<String, Double> e : a.entrySet()) {
      Weighted w = new Weighted(e.getKey(), e.getValue());
      if (na > 0 && Weighted.ORDER.compare(base[na - 1], w) >= 0) {
        sorted = false;
      }
      base[na++] = w;
    }
    if (!sorted) {
      Map<String, Double> sum = new java.util.HashMap<>(a);
      b.forEach((t, w) -> sum.merge(t, w, Double::sum));
      return top(sum, n);
    }
    Weighted[] added = new Weighted[b.size()];
    int nb = 0;
    for (Map.Entry<String, Double> e : b.entrySet()) {
      Double wa = a.get(e.getKey());
      added[nb++] = new Weighted(e.getKey(), wa == null ? e.getValue() : Double.valueOf(wa + e.getValue()));
    }
    Arrays.sort(added, Weighted.ORDER);
    int size = Math.min(n, na + nb);
    LinkedHashMap<String, Double> out = new LinkedHashMap<>(Math.max(16, (int) (size / 0.75f) + 1));
    boolean[] inB = new boolean[na];
    for (int k = 0; k < na; k++) {
      inB[k] = b.containsKey(base[k].key);
    }
    int i = 0;
    int j = 0;
    while (out.size() < n && (i < na || j < nb)) {
      if (i < na && inB[i]) {
        i++; // replaced by its summed entry in added
        continue;
      }
      Weighted next = j >= nb || (i < na && Weighted.ORDER.compare(base[i], added[j]) < 0) ? base[i++] : added[j++];
      out.put(next.key, next.boxed);
    }
    return out;
  }

  /**
   * The keys of the {@code n} strongest entries in {@link #BY_WEIGHT} order: the same list as {@code
   * v.entrySet().stream().sorted(BY_WEIGHT).limit(n).map(Map.Entry::getKey).toList()}, without
   * sorting when {@code v} iterates in that order already (a centroid does).
   *
   * @param v a vector; may not be null
   * @param n how many keys, at least 0
   * @return an unmodifiable list of at most {@code n} keys, strongest first
   */
  public static java.util.List<String> strongestKeys(Map<String, Double> v, int n) {
    java.util.List<String> out = new java.util.ArrayList<>(Math.min(n, v.size()));
    Map.Entry<String, Double> previous = null;
    for (Map.Entry<String, Double> e : v.entrySet()) {
      if (previous != null && BY_WEIGHT.compare(previous, e) >= 0) {
        return v.entrySet().stream().sorted(BY_WEIGHT).limit(n).map(Map.Entry::getKey).toList();
      }
      if (out.size() < n) {
        out.add(e.getKey());
      }
      previous = e;
    }
    return java.util.Collections.unmodifiableList(out);
  }

  /** A vector entry with its weight unboxed, for sorting. */
  private static final class Weighted {
    /** Weight descending, then key ascending: {@link #BY_WEIGHT}. */
    static final Comparator<Weighted> ORDER = (a, b) -> {
      int c = Double.compare(b.weight, a.weight);
      return c != 0 ? c : a.key.compareTo(b.key);
    };
    final String key;
    final Double boxed;
    final double weight;

    Weighted(String key, Double boxed) {
      this.key = key;
      this.boxed = boxed;
      this.weight = boxed;
    }
  }

  /** @return the Euclidean norm of {@code v} */
  public static double norm(Map<String, Double> v) {
    return SparseVectors.norm(v);
  }

  /**
   * Cosine similarity of two non-negative sparse vectors.
   *
   * @return cosine in [0, 1]; 0 if either vector is empty or zero
   */
  public static double cosine(Map<String, Double> a, Map<String, Double> b) {
    return SparseVectors.cosine(a, b);
  }

  /**
   * Cosine similarity of two non-negative sparse vectors whose norms are known, the same value as
   * {@link #cosine(Map, Map)} to the last bit when {@code normA == norm(a)} and {@code normB ==
   * norm(b)} (the dot product is summed in the same order), without iterating both vectors for the
   * norms: callers cache the norm of a vector they score many times.
   *
   * @param a a vector; may not be null
   * @param normA {@link #norm(Map) norm(a)}
   * @param b a vector; may not be null
   * @param normB {@link #norm(Map) norm(b)}
   * @return cosine in [0, 1]; 0 if either vector is empty or zero
   */
  public static double cosine(Map<String, Double> a, double normA, Map<String, Double> b, double normB) {
    return SparseVectors.cosine(a, normA, b, normB);
  }
}
