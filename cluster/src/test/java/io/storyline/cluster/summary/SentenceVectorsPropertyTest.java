package io.storyline.cluster.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.cluster.vector.SparseVectors;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The array form of LexRank's sentence vectors computes, bit for bit, what the map-based formulation it
 * replaced computed: idf over the candidates, tf·idf vectors as {@code HashMap}s filled in the term
 * frequencies' order, {@link SparseVectors} norms and cosines, and the power iteration reading the
 * row-normalised matrix by column.
 */
class SentenceVectorsPropertyTest {
  /** Terms of a small vocabulary, with pairs of equal {@code String.hashCode} ("Aa"/"BB") to share buckets. */
  @Provide
  static Arbitrary<List<String>> analysed() {
    Arbitrary<String> term = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(0, 80).map(i -> "t" + i)),
        Tuple.of(1, Arbitraries.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "kimi-k2", "27b")));
    return term.list().ofMaxSize(40);
  }

  @Provide
  static Arbitrary<List<List<String>>> sentences() {
    return analysed().list().ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 300)
  void shouldComputeTheMapFormulationsCosinesAndCentralityBitForBit(
      @ForAll("sentences") List<List<String>> sentences, @ForAll("analysed") List<String> headline) {
    List<Map<String, Integer>> tfs = sentences.stream().map(SentenceVectorsPropertyTest::tf).toList();
    Map<String, Integer> headTf = tf(headline);
    LexRankSummarizer.SentenceVectors vectors = LexRankSummarizer.SentenceVectors.of(
        tfs.stream().map(LexRankSummarizer.Layout::of).toList(), LexRankSummarizer.Layout.of(headTf));

    int n = tfs.size();
    Map<String, Double> idf = idf(tfs);
    List<Map<String, Double>> weighted = tfs.stream().map(tf -> weigh(tf, idf, n)).toList();
    double[] norms = weighted.stream().mapToDouble(SparseVectors::norm).toArray();
    Map<String, Double> head = weigh(headTf, idf, n);
    double headNorm = SparseVectors.norm(head);
    double[][] sim = new double[n][n];
    double[] bias = new double[n];
    for (int i = 0; i < n; i++) {
      double toHead = SparseVectors.cosine(weighted.get(i), norms[i], head, headNorm);
      assertThat(Double.doubleToLongBits(vectors.toHead(i))).as("cosine of sentence %d to the headline", i)
          .isEqualTo(Double.doubleToLongBits(toHead));
      bias[i] = LexRankSummarizer.HEADLINE_FLOOR + toHead;
      for (int j = 0; j < n; j++) {
        if (i != j) {
          double c = SparseVectors.cosine(weighted.get(i), norms[i], weighted.get(j), norms[j]);
          assertThat(Double.doubleToLongBits(vectors.cosine(i, j))).as("cosine(%d, %d)", i, j)
              .isEqualTo(Double.doubleToLongBits(c));
          if (i < j) {
            sim[i][j] = c;
            sim[j][i] = c;
          }
        }
      }
    }
    double[][] fast = vectors.similarities();
    for (int i = 0; i < n; i++) {
      assertThat(fast[i]).as("similarity row %d", i).isEqualTo(sim[i]);
    }
    assertThat(Arrays.equals(LexRankSummarizer.centrality(sim, bias), centralityByColumns(sim, bias)))
        .as("centrality bit for bit").isTrue();
  }

  /** Term frequencies as the summarizer counts them: merged in the analyser's order. */
  private static Map<String, Integer> tf(List<String> terms) {
    Map<String, Integer> tf = new HashMap<>();
    for (String t : terms) {
      tf.merge(t, 1, Integer::sum);
    }
    return tf;
  }

  private static Map<String, Double> idf(List<Map<String, Integer>> tfs) {
    Map<String, Integer> df = new HashMap<>();
    for (Map<String, Integer> tf : tfs) {
      tf.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
    }
    int n = tfs.size();
    Map<String, Double> idf = new HashMap<>();
    df.forEach((t, d) -> idf.put(t, Math.log((n + 1.0) / (d + 1.0)) + 1.0));
    return idf;
  }

  private static Map<String, Double> weigh(Map<String, Integer> tf, Map<String, Double> idf, int n) {
    double unseen = Math.log(n + 1.0) + 1.0;
    Map<String, Double> v = new HashMap<>();
    tf.forEach((t, f) -> v.put(t, f * idf.getOrDefault(t, unseen)));
    return v;
  }

  /** The power iteration as it read the row-normalised matrix: by column, a new vector per round. */
  private static double[] centralityByColumns(double[][] sim, double[] bias) {
    int n = sim.length;
    double biasSum = 0;
    for (double b : bias) {
      biasSum += b;
    }
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      double row = 0;
      for (int j = 0; j < n; j++) {
        row += i == j ? 0 : sim[i][j];
      }
      for (int j = 0; j < n; j++) {
        m[i][j] = row == 0 ? 1.0 / n : (i == j ? 0 : sim[i][j] / row);
      }
    }
    double[] p = new double[n];
    Arrays.fill(p, 1.0 / n);
    for (int round = 0; round < 500; round++) {
      double[] next = new double[n];
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += m[i][j] * p[i];
        }
        next[j] = LexRankSummarizer.DAMPING * bias[j] / biasSum + (1 - LexRankSummarizer.DAMPING) * s;
      }
      double change = 0;
      for (int j = 0; j < n; j++) {
        change += Math.abs(next[j] - p[j]);
      }
      p = next;
      if (change < 1e-10) {
        break;
      }
    }
    return p;
  }
}
