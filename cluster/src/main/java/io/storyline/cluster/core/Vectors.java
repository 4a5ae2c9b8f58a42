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
   * @return a new insertion-ordered (and modifiable) map of the {@code n} strongest entries, strongest first
   */
  public static LinkedHashMap<String, Double> top(Map<String, Double> v, int n) {
    if (v instanceof RankedTerms r) {
      // in order by construction: the prefix
      int size = Math.min(n, r.size());
      LinkedHashMap<String, Double> out = new LinkedHashMap<>(Math.max(16, (int) (size / 0.75f) + 1));
      for (int j = 0; j < size; j++) {
        out.put(r.term(j), r.boxed(j));
      }
      return out;
    }
    Weighted[] entries = sorted(v);
    int size = Math.min(n, entries.length);
    LinkedHashMap<String, Double> out = new LinkedHashMap<>(Math.max(16, (int) (size / 0.75f) + 1));
    for (int j = 0; j < size; j++) {
      out.put(entries[j].key, entries[j].boxed);
    }
    return out;
  }

  /**
   * The same entries in the same order as {@link #top(Map, int)}, as an immutable {@link RankedTerms}
   * (whose order later joins and merges need not check, and whose norm is computed once).
   *
   * @param v a vector; may not be null
   * @param n how many entries to keep, at least 0
   * @return the {@code n} strongest entries, strongest first; never null
   */
  public static RankedTerms ranked(Map<String, Double> v, int n) {
    if (v instanceof RankedTerms r) {
      if (n >= r.size()) {
        return r;
      }
      return prefix(r, n);
    }
    Weighted[] entries = sorted(v);
    int size = Math.min(n, entries.length);
    String[] terms = new String[size];
    double[] weights = new double[size];
    Double[] boxed = new Double[size];
    for (int j = 0; j < size; j++) {
      terms[j] = entries[j].key;
      weights[j] = entries[j].weight;
      boxed[j] = entries[j].boxed;
    }
    return new RankedTerms(terms, weights, boxed, size);
  }

  private static RankedTerms prefix(RankedTerms r, int n) {
    String[] terms = new String[n];
    double[] weights = new double[n];
    Double[] boxed = new Double[n];
    int[] hashes = new int[n];
    for (int j = 0; j < n; j++) {
      terms[j] = r.term(j);
      weights[j] = r.weight(j);
      boxed[j] = r.boxed(j);
      hashes[j] = r.hash(j);
    }
    return new RankedTerms(terms, weights, boxed, hashes, n);
  }

  /** @return the entries of {@code v} sorted in {@link Weighted#ORDER} ({@link #BY_WEIGHT}) */
  private static Weighted[] sorted(Map<String, Double> v) {
    // the order of BY_WEIGHT, on unboxed weights (a total order: keys are distinct)
    Weighted[] entries = new Weighted[v.size()];
    int i = 0;
    for (Map.Entry<String, Double> e : v.entrySet()) {
      entries[i++] = new Weighted(e.getKey(), e.getValue());
    }
    Arrays.sort(entries, Weighted.ORDER);
    return entries;
  }

  /**
   * The strongest entries of the sum of two vectors: the same entries in the same order as {@code
   * top(sum, n)} where {@code sum} holds every term of either vector with weight {@code a(t) + b(t)} (a
   * missing term counting as absent, not 0). When {@code a} is in {@link #BY_WEIGHT} order (a {@link
   * RankedTerms} is by construction; any other map is checked), only the terms of {@code b} are sorted
   * and merged into {@code a}'s order; otherwise everything is sorted.
   *
   * @param a a vector, best a {@link RankedTerms}; may not be null
   * @param b a vector; may not be null
   * @param n how many entries to keep, at least 0
   * @return the {@code n} strongest entries of the sum, strongest first; never null
   */
  public static RankedTerms topOfSum(Map<String, Double> a, Map<String, Double> b, int n) {
    RankedTerms ra = a instanceof RankedTerms r ? r : inOrder(a);
    if (ra == null) {
      Map<String, Double> sum = new java.util.HashMap<>(a);
      b.forEach((t, w) -> sum.merge(t, w, Double::sum));
      return ranked(sum, n);
    }
    int na = ra.size();
    boolean[] inB = new boolean[na];
    int shared = 0;
    Weighted[] added = new Weighted[b.size()];
    int nb = 0;
    // each term's hash travels with it (from b's RankedTerms or its one hashCode call here, and from a),
    // so neither the look-ups nor the new index load a term String for its hash
    if (b instanceof RankedTerms rb) {
      for (int e = 0, m = rb.size(); e < m; e++) {
        String t = rb.term(e);
        int h = rb.hash(e);
        int at = ra.indexOf(t, h);
        if (at >= 0) {
          inB[at] = true; // replaced by its summed entry in added
          shared++;
          added[nb++] = new Weighted(t, Double.valueOf(ra.weight(at) + rb.weight(e)), h);
        } else {
          added[nb++] = new Weighted(t, rb.boxed(e), h);
        }
      }
    } else {
      for (Map.Entry<String, Double> e : b.entrySet()) {
        String t = e.getKey();
        int h = t.hashCode();
        int at = ra.indexOf(t, h);
        if (at >= 0) {
          inB[at] = true; // replaced by its summed entry in added
          shared++;
          added[nb++] = new Weighted(t, Double.valueOf(ra.weight(at) + e.getValue()), h);
        } else {
          added[nb++] = new Weighted(t, e.getValue(), h);
        }
      }
    }
    Arrays.sort(added, 0, nb, Weighted.ORDER);
    int size = Math.min(n, na - shared + nb);
    String[] terms = new String[size];
    double[] weights = new double[size];
    Double[] boxed = new Double[size];
    int[] hashes = new int[size];
    int i = 0;
    int j = 0;
    int k = 0;
    while (k < size) {
      if (i < na && inB[i]) {
        i++;
        continue;
      }
      boolean fromA = j >= nb || (i < na && before(ra.weight(i), ra.term(i), added[j].weight, added[j].key));
      if (fromA) {
        terms[k] = ra.term(i);
        weights[k] = ra.weight(i);
        boxed[k] = ra.boxed(i);
        hashes[k] = ra.hash(i);
        i++;
      } else {
        terms[k] = added[j].key;
        weights[k] = added[j].weight;
        boxed[k] = added[j].boxed;
        hashes[k] = added[j].hash;
        j++;
      }
      k++;
    }
    return new RankedTerms(terms, weights, boxed, hashes, size);
  }

  /** @return true if entry (wa, ta) comes strictly before (wb, tb) in {@link #BY_WEIGHT} order */
  private static boolean before(double wa, String ta, double wb, String tb) {
    int c = Double.compare(wb, wa);
    return c != 0 ? c < 0 : ta.compareTo(tb) < 0;
  }

  /** @return {@code v} as a {@link RankedTerms} if it iterates in strict {@link #BY_WEIGHT} order, else null */
  private static RankedTerms inOrder(Map<String, Double> v) {
    int size = v.size();
    String[] terms = new String[size];
    double[] weights = new double[size];
    Double[] boxed = new Double[size];
    int i = 0;
    for (Map.Entry<String, Double> e : v.entrySet()) {
      String t = e.getKey();
      Double b = e.getValue();
      double w = b;
      if (i > 0 && !before(weights[i - 1], terms[i - 1], w, t)) {
        return null;
      }
      terms[i] = t;
      weights[i] = w;
      boxed[i] = b;
      i++;
    }
    return new RankedTerms(terms, weights, boxed, size);
  }

  /**
   * The keys of the {@code n} strongest entries in {@link #BY_WEIGHT} order: the same list as {@code
   * v.entrySet().stream().sorted(BY_WEIGHT).limit(n).map(Map.Entry::getKey).toList()}, without
   * sorting when {@code v} iterates in that order already (a {@link RankedTerms} does by construction;
   * other maps are checked).
   *
   * @param v a vector; may not be null
   * @param n how many keys, at least 0
   * @return an unmodifiable list of at most {@code n} keys, strongest first
   */
  public static java.util.List<String> strongestKeys(Map<String, Double> v, int n) {
    if (v instanceof RankedTerms r) {
      int size = Math.min(n, r.size());
      String[] out = new String[size];
      for (int i = 0; i < size; i++) {
        out[i] = r.term(i);
      }
      return java.util.List.of(out);
    }
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
    /** {@code key.hashCode()}, or 0 where no one needs it (sorting alone). */
    final int hash;

    Weighted(String key, Double boxed) {
      this(key, boxed, 0);
    }

    Weighted(String key, Double boxed, int hash) {
      this.key = key;
      this.boxed = boxed;
      this.weight = boxed;
      this.hash = hash;
    }
  }

  /** @return the Euclidean norm of {@code v} */
  public static double norm(Map<String, Double> v) {
    return v instanceof RankedTerms r ? r.norm() : SparseVectors.norm(v);
  }

  /**
   * Cosine similarity of two non-negative sparse vectors.
   *
   * @return cosine in [0, 1]; 0 if either vector is empty or zero
   */
  public static double cosine(Map<String, Double> a, Map<String, Double> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    return cosine(a, norm(a), b, norm(b));
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
    if (!(a instanceof RankedTerms) && !(b instanceof RankedTerms)) {
      return SparseVectors.cosine(a, normA, b, normB);
    }
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    // SparseVectors.cosine's sum: over the smaller vector in its iteration order, the same products
    Map<String, Double> small = a.size() <= b.size() ? a : b;
    Map<String, Double> large = small == a ? b : a;
    double dot = 0;
    if (small instanceof RankedTerms rs) {
      RankedTerms rl = large instanceof RankedTerms r ? r : null;
      for (int i = 0, n = rs.size(); i < n; i++) {
        if (rl != null) {
          int at = rl.indexOf(rs.term(i), rs.hash(i));
          if (at >= 0) {
            dot += rs.weight(i) * rl.weight(at);
          }
        } else {
          Double w = large.get(rs.term(i));
          if (w != null) {
            dot += rs.weight(i) * w;
          }
        }
      }
    } else {
      RankedTerms rl = (RankedTerms) large;
      for (Map.Entry<String, Double> e : small.entrySet()) {
        int at = rl.indexOf(e.getKey());
        if (at >= 0) {
          dot += e.getValue() * rl.weight(at);
        }
      }
    }
    double n = normA * normB;
    return n == 0 ? 0 : Math.min(1.0, dot / n);
  }
}
