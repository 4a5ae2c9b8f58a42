package io.storyline.cluster.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Extrinsic clustering metrics of a predicted clustering against a gold one: BCubed
 * precision/recall/F1, NMI and pairwise precision/recall/F1. Stateless and thread-safe.
 *
 * <ul>
 *   <li>BCubed (Bagga &amp; Baldwin, "Entity-based cross-document coreferencing using the vector
 *       space model", COLING-ACL 1998, https://aclanthology.org/P98-1012/; formal properties in Amigó,
 *       Gonzalo, Artiles &amp; Verdejo, "A comparison of extrinsic clustering evaluation metrics based
 *       on formal constraints", Information Retrieval 12(4), 2009,
 *       https://doi.org/10.1007/s10791-008-9066-8): for each item e, {@code P(e) = |C(e) ∩ L(e)| /
 *       |C(e)|} and {@code R(e) = |C(e) ∩ L(e)| / |L(e)|}, where C(e) is e's predicted cluster and
 *       L(e) its gold class, both including e; P and R are the means over items and {@code F1 = 2PR /
 *       (P + R)} (Amigó et al.'s F of the averaged P and R).
 *   <li>NMI (Strehl &amp; Ghosh, "Cluster ensembles", JMLR 3, 2002,
 *       https://www.jmlr.org/papers/v3/strehl02a.html): {@code I(C;L) / sqrt(H(C) H(L))}, natural
 *       logarithms; {@link Scores#nmiArithmetic()} divides by {@code (H(C) + H(L)) / 2} instead
 *       (scikit-learn's default since 0.22). Both are 1 when both clusterings are a single cluster.
 *   <li>Pairwise (Priberam's {@code eval_lib.py}; Manning et al., "Introduction to Information
 *       Retrieval", 2008, §16.3): over unordered pairs of items, precision = pairs together in both /
 *       pairs together in the prediction, recall = pairs together in both / pairs together in gold.
 *       An undefined ratio (no pair) counts as 1.
 * </ul>
 *
 * <p><b>Blocks.</b> Each item may carry a block (e.g. the AINews issue and section): pairs of items in
 * different blocks are "don't care", so a predicted cluster spanning blocks is not an error. This is
 * implemented by splitting every predicted cluster and gold class by block before scoring, which
 * for BCubed gives exactly {@code P(e) = |C(e) ∩ L(e) ∩ B(e)| / |C(e) ∩ B(e)|} and likewise for R.
 */
public final class ClusteringMetrics {
  private static final char SEP = '\u0000';

  private ClusteringMetrics() {}

  /**
   * The scores of one clustering.
   *
   * @param items items scored, &ge; 0
   * @param goldClusters distinct gold classes (after block split)
   * @param predictedClusters distinct predicted clusters among the scored items (after block split)
   * @param bcubedPrecision BCubed precision in [0, 1]
   * @param bcubedRecall BCubed recall in [0, 1]
   * @param bcubedF1 BCubed F1 in [0, 1]
   * @param nmi NMI, geometric-mean normalisation, in [0, 1]
   * @param nmiArithmetic NMI, arithmetic-mean normalisation, in [0, 1]
   * @param pairPrecision pairwise precision in [0, 1]
   * @param pairRecall pairwise recall in [0, 1]
   * @param pairF1 pairwise F1 in [0, 1]
   */
  public record Scores(int items, int goldClusters, int predictedClusters, double bcubedPrecision, double bcubedRecall,
      double bcubedF1, double nmi, double nmiArithmetic, double pairPrecision, double pairRecall, double pairF1) {}

  /**
   * Scores a clustering without blocks.
   *
   * @see #score(List, List, List)
   */
  public static Scores score(List<String> predicted, List<String> gold) {
    return score(predicted, gold, null);
  }

  /**
   * Scores a clustering.
   *
   * @param predicted predicted cluster id per item; may not be null, no null elements
   * @param gold gold class per item, same size; no null elements
   * @param blocks block per item, same size, or null for one block; null elements are one block
   * @return the scores; all zero except counts when there are no items
   * @throws IllegalArgumentException if the lists differ in size
   * @throws NullPointerException if an id is null
   */
  public static Scores score(List<String> predicted, List<String> gold, List<String> blocks) {
    Objects.requireNonNull(predicted, "predicted can't be null");
    Objects.requireNonNull(gold, "gold can't be null");
    if (predicted.size() != gold.size() || (blocks != null && blocks.size() != gold.size())) {
      throw new IllegalArgumentException("predicted (" + predicted.size() + "), gold (" + gold.size() + ") and blocks ("
          + (blocks == null ? "none" : blocks.size()) + ") must have one entry per item");
    }
    int n = gold.size();
    if (n == 0) {
      return new Scores(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    Map<String, Integer> predSize = new HashMap<>();
    Map<String, Integer> goldSize = new HashMap<>();
    Map<String, Integer> cell = new HashMap<>();
    Map<String, String[]> cellKeys = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String b = blocks == null || blocks.get(i) == null ? "" : blocks.get(i);
      String p = b + SEP + Objects.requireNonNull(predicted.get(i), "predicted id of item " + i + " can't be null");
      String g = b + SEP + Objects.requireNonNull(gold.get(i), "gold id of item " + i + " can't be null");
      predSize.merge(p, 1, Integer::sum);
      goldSize.merge(g, 1, Integer::sum);
      String c = p + SEP + SEP + g;
      cell.merge(c, 1, Integer::sum);
      cellKeys.putIfAbsent(c, new String[] {p, g});
    }
    double precisionSum = 0;
    double recallSum = 0;
    double mutual = 0;
    double pairsBoth = 0;
    for (Map.Entry<String, Integer> e : cell.entrySet()) {
      String[] pg = cellKeys.get(e.getKey());
      double nij = e.getValue();
      double ni = predSize.get(pg[0]);
      double nj = goldSize.get(pg[1]);
      precisionSum += nij * nij / ni;
      recallSum += nij * nij / nj;
      mutual += nij / n * Math.log(nij * n / (ni * nj));
      pairsBoth += nij * (nij - 1) / 2;
    }
    double hPred = entropy(predSize, n);
    double hGold = entropy(goldSize, n);
    double p = precisionSum / n;
    double r = recallSum / n;
    double nmi;
    double nmiArith;
    if (hPred == 0 && hGold == 0) {
      nmi = 1;
      nmiArith = 1;
    } else if (hPred == 0 || hGold == 0) {
      nmi = 0;
      nmiArith = 0;
    } else {
      nmi = clamp(mutual / Math.sqrt(hPred * hGold));
      nmiArith = clamp(mutual / ((hPred + hGold) / 2));
    }
    double pairsPred = pairs(predSize);
    double pairsGold = pairs(goldSize);
    double pp = pairsPred == 0 ? 1 : pairsBoth / pairsPred;
    double pr = pairsGold == 0 ? 1 : pairsBoth / pairsGold;
    return new Scores(n, goldSize.size(), predSize.size(), p, r, f1(p, r), nmi, nmiArith, pp, pr, f1(pp, pr));
  }

  private static double entropy(Map<String, Integer> sizes, int n) {
    double h = 0;
    for (int s : sizes.values()) {
      double q = (double) s / n;
      h -= q * Math.log(q);
    }
    return h;
  }

  private static double pairs(Map<String, Integer> sizes) {
    double s = 0;
    for (int c : sizes.values()) {
      s += (double) c * (c - 1) / 2;
    }
    return s;
  }

  private static double f1(double p, double r) {
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
