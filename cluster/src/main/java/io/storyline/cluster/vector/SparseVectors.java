package io.storyline.cluster.vector;

import java.util.Map;

/**
 * Norm and cosine of sparse non-negative vectors over {@code Map<String, Double>} (term to weight),
 * shared by the clustering core ({@code io.storyline.cluster.core.Vectors}) and the LexRank
 * summariser, so both compute the same doubles in the same order. Stateless and thread-safe.
 */
public final class SparseVectors {
  private SparseVectors() {}

  /**
   * @param v a vector; may not be null
   * @return the Euclidean norm, {@code sqrt} of the sum of squares in the map's iteration order
   */
  public static double norm(Map<String, Double> v) {
    double s = 0;
    for (double w : v.values()) {
      s += w * w;
    }
    return Math.sqrt(s);
  }

  /**
   * @param a a vector; may not be null
   * @param b a vector; may not be null
   * @return the cosine in [0, 1]; 0 if either vector is empty or zero
   */
  public static double cosine(Map<String, Double> a, Map<String, Double> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    return cosine(a, norm(a), b, norm(b));
  }

  /**
   * The cosine with the norms supplied, the same value as {@link #cosine(Map, Map)} to the last bit
   * when {@code normA == norm(a)} and {@code normB == norm(b)}: the dot product is summed over the
   * smaller vector in its iteration order. Callers cache the norm of a vector they score many times.
   *
   * @param a a vector; may not be null
   * @param normA {@link #norm(Map) norm(a)}
   * @param b a vector; may not be null
   * @param normB {@link #norm(Map) norm(b)}
   * @return the cosine in [0, 1]; 0 if either vector is empty or zero
   */
  public static double cosine(Map<String, Double> a, double normA, Map<String, Double> b, double normB) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    Map<String, Double> small = a.size() <= b.size() ? a : b;
    Map<String, Double> large = small == a ? b : a;
    double dot = 0;
    for (Map.Entry<String, Double> e : small.entrySet()) {
      Double w = large.get(e.getKey());
      if (w != null) {
        dot += e.getValue() * w;
      }
    }
    double n = normA * normB;
    return n == 0 ? 0 : Math.min(1.0, dot / n);
  }
}
