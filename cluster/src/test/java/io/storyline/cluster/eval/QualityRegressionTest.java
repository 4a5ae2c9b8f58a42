package io.storyline.cluster.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.eval.ClusteringMetrics.Scores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the clustering quality recorded in docs/QUALITY.md ("Regression subsamples"): the default
 * configuration on a deterministic prefix (stream order) of each labelled dataset must not lose more
 * than 0.01 of BCubed F1 or NMI. Skipped when ../shared/data is absent.
 */
class QualityRegressionTest {
  private static final double TOLERANCE = 0.01;

  @ParameterizedTest(name = "{0} {1}..{2} first {3}: BCubed F1 >= {4} - 0.01, NMI >= {5} - 0.01")
  @CsvSource({
      // dataset, fromMonth, toMonth, limit, recorded BCubed F1, recorded NMI
      // session 7 (idle scale in join gaps, closed compounds split): tweets-t 0.836 / 0.908 -> 0.826 / 0.905
      // on this prefix while the full set rises 0.844 -> 0.859; crisis 0.390 / 0.543 -> 0.387 / 0.542
      // (docs/QUALITY.md, "Session 7")
      // session 8 (established stories merge at 0.30, fragments at 0.25): news-t 0.799 -> 0.806, tweets-t
      // 0.826 -> 0.828, ainews 0.537 / 0.855 -> 0.539 / 0.854, reddit 0.785 -> 0.784 (one post), crisis
      // 0.387 / 0.542 -> 0.382 / 0.545: CrisisLexT26's weeks-long events lose some large merges
      // (docs/QUALITY.md, "Session 8")
      // session 10 (merges need a bridge post scoring >= 0.15 against both stories, fragments at 0.20): news-t
      // 0.806 / 0.891 -> 0.833 / 0.898, tweets-t 0.828 / 0.906 -> 0.846 / 0.915, ainews 0.539 -> 0.545, reddit
      // 0.784 / 0.941 -> 0.783 / 0.941 (one post, with the link-key fix of the same session), crisis 0.382 -> 0.380
      // (-0.002: a few weeks-long fragments no longer merge)
      "news-t,       ,        ,        4000, 0.833, 0.898",
      "tweets-t,     ,        ,        6000, 0.846, 0.915",
      "ainews,       2026-06, 2026-06, 100000, 0.545, 0.854",
      "reddit,       ,        ,        100000, 0.783, 0.941",
      "crisis,       ,        ,        4000, 0.380, 0.545",
  })
  void shouldKeepRecordedQualityOnSubsample(String dataset, String from, String to, int limit, double bcubedF1, double nmi) {
    Path shared = EvalDatasets.sharedDir();
    Assumptions.assumeTrue(shared != null && Files.isDirectory(shared.resolve("data").resolve(EvalDatasets.folder(dataset))),
        "shared data for " + dataset + " not found (../shared/data/" + EvalDatasets.folder(dataset) + "); set -Dstoryline.shared.dir");
    EvalDataset data = EvalDatasets.load(dataset, shared, from, to).limit(limit);
    Evaluator.Result r = Evaluator.run(data, () -> new CoreStreamClusterer(ClusterParams.DEFAULTS));
    Scores s = r.scores();
    System.out.printf(Locale.ROOT, "REGRESSION %s posts=%d scored=%d B3-P=%.3f B3-R=%.3f B3-F1=%.3f NMI=%.3f pairF1=%.3f pred=%d gold=%d %.0f posts/s%n",
        dataset, r.posts(), s.items(), s.bcubedPrecision(), s.bcubedRecall(), s.bcubedF1(), s.nmi(), s.pairF1(),
        s.predictedClusters(), s.goldClusters(), r.postsPerSecond());
    assertThat(s.bcubedF1()).as("%s BCubed F1 against recorded %.3f", dataset, bcubedF1).isGreaterThanOrEqualTo(bcubedF1 - TOLERANCE);
    assertThat(s.nmi()).as("%s NMI against recorded %.3f", dataset, nmi).isGreaterThanOrEqualTo(nmi - TOLERANCE);
  }
}
