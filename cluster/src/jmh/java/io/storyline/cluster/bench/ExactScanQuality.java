package io.storyline.cluster.bench;

import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.eval.ClusteringMetrics.Scores;
import io.storyline.cluster.eval.CoreStreamClusterer;
import io.storyline.cluster.eval.EvalDataset;
import io.storyline.cluster.eval.EvalDatasets;
import io.storyline.cluster.eval.Evaluator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the core's candidate retrieval costs in quality: on the regression subsamples of {@code
 * QualityRegressionTest}, BCubed F1 and NMI of (1) the core with its defaults (top-10 candidates),
 * (2) the core with exhaustive retrieval (every story sharing a query term or key is scored and may
 * merge), (3) the exact scan peer ({@link BruteForceClusterer}: every open story scored, no parent
 * following, no merging).
 *
 * <p>Usage: {@code java -cp cluster/target/benchmarks.jar io.storyline.cluster.bench.ExactScanQuality}
 * from the project root.
 */
public final class ExactScanQuality {
  private ExactScanQuality() {}

  private record Subsample(String name, String from, String to, int limit) {}

  public static void main(String[] args) {
    Path shared = BenchCorpus.shared();
    List<Subsample> sets = List.of(new Subsample("news-t", null, null, 4000), new Subsample("tweets-t", null, null, 6000),
        new Subsample("ainews", "2026-06", "2026-06", 100_000), new Subsample("reddit", null, null, 100_000),
        new Subsample("crisis", null, null, 4000));
    ClusterParams exhaustive = ClusterParams.DEFAULTS.withRetrieval(1_000_000, ClusterParams.DEFAULTS.queryTerms(),
        ClusterParams.DEFAULTS.indexTerms());
    for (Subsample s : sets) {
      EvalDataset data = EvalDatasets.load(s.name(), shared, s.from(), s.to()).limit(s.limit());
      print(s.name(), "core top-10", Evaluator.run(data, () -> new CoreStreamClusterer(ClusterParams.DEFAULTS)));
      print(s.name(), "core exhaustive", Evaluator.run(data, () -> new CoreStreamClusterer(exhaustive)));
      print(s.name(), "exact scan", Evaluator.run(data,
          () -> new BruteForceClusterer(ClusterParams.DEFAULTS, ActiveStories.seed(List.of(), ClusterParams.DEFAULTS))));
    }
  }

  private static void print(String dataset, String system, Evaluator.Result r) {
    Scores sc = r.scores();
    System.out.printf(Locale.ROOT, "QUALITY %-9s %-16s posts=%5d B3-F1=%.3f NMI=%.3f clusters=%d%n", dataset, system, r.posts(),
        sc.bcubedF1(), sc.nmi(), sc.predictedClusters());
  }
}
