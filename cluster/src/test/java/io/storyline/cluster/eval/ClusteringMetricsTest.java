package io.storyline.cluster.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.storyline.cluster.eval.ClusteringMetrics.Scores;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases. Gold A A A B B, predicted 1 1 2 2 2:
 * BCubed P per item 1, 1, 1/3, 2/3, 2/3 (mean 11/15); R per item 2/3, 2/3, 1/3, 1, 1 (mean 11/15);
 * pairs predicted {12, 34, 35, 45}, gold {12, 13, 23, 45}, both {12, 45}: P = R = 1/2;
 * MI = 0.4 ln(10/6) + 0.2 ln(5/9) + 0.4 ln(10/6) = 0.291103, H(pred) = H(gold) = 0.673012, NMI = 0.432538.
 */
class ClusteringMetricsTest {
  private static final List<String> GOLD = List.of("A", "A", "A", "B", "B");
  private static final List<String> PRED = List.of("1", "1", "2", "2", "2");

  @Test
  void shouldComputeBcubedAsMeanPerItemPrecisionAndRecall() {
    Scores s = ClusteringMetrics.score(PRED, GOLD);
    assertThat(s.bcubedPrecision()).isCloseTo(11.0 / 15, within(1e-12));
    assertThat(s.bcubedRecall()).isCloseTo(11.0 / 15, within(1e-12));
    assertThat(s.bcubedF1()).isCloseTo(11.0 / 15, within(1e-12));
    assertThat(s.items()).isEqualTo(5);
    assertThat(s.goldClusters()).isEqualTo(2);
    assertThat(s.predictedClusters()).isEqualTo(2);
  }

  @Test
  void shouldComputePairwiseOverUnorderedPairs() {
    Scores s = ClusteringMetrics.score(PRED, GOLD);
    assertThat(s.pairPrecision()).isCloseTo(0.5, within(1e-12));
    assertThat(s.pairRecall()).isCloseTo(0.5, within(1e-12));
    assertThat(s.pairF1()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void shouldComputeNmiWithGeometricAndArithmeticNormalisation() {
    Scores s = ClusteringMetrics.score(PRED, GOLD);
    assertThat(s.nmi()).isCloseTo(0.432538, within(1e-6));
    assertThat(s.nmiArithmetic()).isCloseTo(0.432538, within(1e-6));
    // unequal entropies: gold A A B B, pred 1 1 1 2 -> MI = 0.5 ln 2 + 0.25 ln(4/3)+0.25 ln 2 - ... computed below
    Scores u = ClusteringMetrics.score(List.of("1", "1", "1", "2"), List.of("A", "A", "B", "B"));
    double mi = 0.5 * Math.log(2 * 4 / (3.0 * 2)) + 0.25 * Math.log(4 / (3.0 * 2)) + 0.25 * Math.log(4 / (1.0 * 2));
    double hp = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    double hg = Math.log(2);
    assertThat(u.nmi()).isCloseTo(mi / Math.sqrt(hp * hg), within(1e-12));
    assertThat(u.nmiArithmetic()).isCloseTo(mi / ((hp + hg) / 2), within(1e-12)).isLessThan(u.nmi());
  }

  @Test
  void shouldScorePerfectClusteringAsOneUnderRenamedIds() {
    Scores s = ClusteringMetrics.score(List.of("x", "x", "y"), List.of("A", "A", "B"));
    assertThat(List.of(s.bcubedF1(), s.nmi(), s.pairF1())).containsOnly(1.0);
  }

  @Test
  void shouldGiveOneClusterHalfPrecisionAndAllSingletonsFullPrecision() {
    Scores lumped = ClusteringMetrics.score(List.of("1", "1", "1", "1"), List.of("A", "A", "B", "B"));
    assertThat(lumped.bcubedPrecision()).isCloseTo(0.5, within(1e-12));
    assertThat(lumped.bcubedRecall()).isEqualTo(1.0);
    assertThat(lumped.bcubedF1()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(lumped.nmi()).isZero();
    Scores split = ClusteringMetrics.score(List.of("1", "2", "3"), List.of("A", "A", "A"));
    assertThat(split.bcubedPrecision()).isEqualTo(1.0);
    assertThat(split.bcubedRecall()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(split.bcubedF1()).isCloseTo(0.5, within(1e-12));
    assertThat(split.pairPrecision()).as("no predicted pair: precision undefined, counted as 1").isEqualTo(1.0);
    assertThat(split.pairRecall()).isZero();
  }

  @Test
  void shouldNotCountMergesAcrossBlocksAsErrors() {
    // AINews rule: two themes of different sections (blocks) in one predicted cluster are not an error
    List<String> pred = List.of("1", "1", "1", "1");
    List<String> gold = List.of("t1", "t1", "t2", "t2");
    Scores blocked = ClusteringMetrics.score(pred, gold, List.of("twitter", "twitter", "reddit", "reddit"));
    assertThat(blocked.bcubedF1()).isEqualTo(1.0);
    assertThat(blocked.pairF1()).isEqualTo(1.0);
    assertThat(blocked.nmi()).isEqualTo(1.0);
    // but a merge inside one block still is
    Scores sameBlock = ClusteringMetrics.score(pred, gold, List.of("twitter", "twitter", "twitter", "twitter"));
    assertThat(sameBlock.bcubedPrecision()).isCloseTo(0.5, within(1e-12));
    // and a gold class id reused in two blocks is two classes (themes are not linked across days)
    Scores reused = ClusteringMetrics.score(List.of("1", "2", "3", "4"), List.of("t", "t", "t", "t"), List.of("d1", "d1", "d2", "d2"));
    assertThat(reused.goldClusters()).isEqualTo(2);
    assertThat(reused.bcubedRecall()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void shouldRejectListsOfDifferentSizesNamingThem() {
    assertThatThrownBy(() -> ClusteringMetrics.score(List.of("1"), List.of("A", "B")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicted (1), gold (2)");
  }

  @Test
  void shouldReturnZeroScoresForNoItems() {
    assertThat(ClusteringMetrics.score(List.of(), List.of()).items()).isZero();
  }
}
