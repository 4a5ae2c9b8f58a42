package io.storyline.app;

import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.eval.CoreStreamClusterer;
import io.storyline.cluster.eval.EvalDataset;
import io.storyline.cluster.eval.EvalDatasets;
import io.storyline.cluster.eval.EvalReport;
import io.storyline.cluster.eval.Evaluator;
import io.storyline.cluster.eval.MoreLikeThisBaseline;
import io.storyline.cluster.eval.PartitionedStreamClusterer;
import io.storyline.cluster.eval.TfIdfThresholdBaseline;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code storyline eval}: replays labelled datasets from {@code ../shared/data} in stream order
 * through the clustering core (no Kafka) and prints BCubed P/R/F1, NMI, pairwise F1, predicted vs
 * gold clusters and throughput, for the core and two baselines. See docs/QUALITY.md.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Scores the story clusterer (and two baselines) on labelled datasets from ../shared/data.")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dataset", required = true, split = ",", paramLabel = "NAME",
      description = "Dataset(s): news-t, tweets-t, ainews, ainews-links, reddit, crisis, or all.")
  List<String> datasets;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--limit", paramLabel = "N", description = "Replay only the first N posts of each dataset (stream order).")
  Integer limit;

  @Option(names = "--shared-dir", paramLabel = "DIR", description = "The shared folder holding data/ (default: ../shared or ../../shared).")
  Path sharedDir;

  @Option(names = "--from-month", paramLabel = "YYYY-MM", description = "AINews sets: first month, yyyy-MM (default: all).")
  String fromMonth;

  @Option(names = "--to-month", paramLabel = "YYYY-MM", description = "AINews sets: last month, yyyy-MM, inclusive (default: all).")
  String toMonth;

  @Option(names = "--threshold", paramLabel = "T", description = "Override the core's similarity threshold (default: the core's default).")
  Double threshold;

  @Option(names = "--partitions", paramLabel = "P",
      description = "Also run the partitioned (two-level) mode with P partitions of posts (row ours-pP; see docs/QUALITY.md).")
  Integer partitions;

  @Option(names = "--local-threshold", paramLabel = "T",
      description = "With --partitions: the partitions' own similarity threshold (cluster.local.similarity.threshold; default: "
          + io.storyline.cluster.partitioned.StoryLinker.DEFAULT_LOCAL_THRESHOLD + ").")
  Double localThreshold;

  @Option(names = "--no-baselines", negatable = false, description = "Skip the TF-IDF threshold and MoreLikeThis baselines.")
  boolean noBaselines;

  @Option(names = "--tfidf-threshold", paramLabel = "T", defaultValue = "0.3", description = "Cosine threshold of the TF-IDF baseline (default: ${DEFAULT-VALUE}).")
  double tfidfThreshold;

  @Option(names = "--mlt-min-score", paramLabel = "SCORE", defaultValue = "5.0", description = "BM25 score the MoreLikeThis baseline's top hit needs (default: ${DEFAULT-VALUE}).")
  double mltMinScore;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String problem = optionProblem();
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), problem);
    }
    Path shared = sharedDir != null ? sharedDir : EvalDatasets.sharedDir();
    List<String> names = datasets.contains("all") ? EvalDatasets.NAMES : datasets;
    ClusterParams params = threshold == null ? ClusterParams.DEFAULTS : ClusterParams.DEFAULTS.withSimilarityThreshold(threshold);
    List<Map<String, Object>> all = new ArrayList<>();
    for (String name : names) {
      try {
        EvalDatasets.folder(name); // every name checked before anything is printed or run
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    if (!json) {
      out.println(EvalReport.header());
    }
    for (String name : names) {
      String folder = EvalDatasets.folder(name);
      Path dir = shared == null ? null : shared.resolve("data").resolve(folder);
      if (dir == null || !Files.isDirectory(dir)) {
        err.printf("skipping %s: %s not found (pass --shared-dir or -Dstoryline.shared.dir)%n", name,
            dir == null ? "../shared/data/" + folder : dir);
        continue;
      }
      EvalDataset data = EvalDatasets.load(name, shared, fromMonth, toMonth);
      if (limit != null) {
        data = data.limit(limit);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("dataset", name);
      entry.put("description", data.description());
      entry.put("skipped", data.skipped());
      EvalDataset d = data;
      Evaluator.Result ours = Evaluator.run(d, () -> new CoreStreamClusterer(params));
      entry.put("ours", ours);
      print(out, "ours", ours);
      if (partitions != null) {
        int parts = partitions;
        double local = localThreshold == null ? io.storyline.cluster.partitioned.StoryLinker.DEFAULT_LOCAL_THRESHOLD : localThreshold;
        PartitionedStreamClusterer[] used = new PartitionedStreamClusterer[1];
        Evaluator.Result partitioned = Evaluator.run(d, () -> used[0] = new PartitionedStreamClusterer(params, local, parts));
        entry.put("ours-p" + parts, partitioned);
        entry.put("ours-p" + parts + "-link-decisions", new java.util.TreeMap<>(used[0].linkKinds()));
        print(out, "ours-p" + parts, partitioned);
        if (!json) {
          // linked + new_global = posts the central linker scored; followed_local = posts decided in their partition
          out.printf("ours-p%d link decisions (local threshold %.2f): %s; linker share of clustering time %.2f%n", parts, local,
              new java.util.TreeMap<>(used[0].linkKinds()), used[0].linkShare());
        }
      }
      if (!noBaselines) {
        Evaluator.Result tfidf = Evaluator.run(d, () -> new TfIdfThresholdBaseline(tfidfThreshold));
        entry.put("tfidf", tfidf);
        print(out, "tfidf", tfidf);
        Evaluator.Result mlt = Evaluator.run(d, () -> new MoreLikeThisBaseline(mltMinScore));
        entry.put("mlt", mlt);
        print(out, "mlt", mlt);
      }
      all.add(entry);
    }
    if (json) {
      out.println(EvalReport.json(all));
    }
    out.flush();
    return 0;
  }

  /**
   * @return why an option is outside its rule (naming the option, the value and the rule), or null. Checked
   *     before anything is read or printed: an out-of-range --local-threshold failed only after the core's rows
   *     were printed, and the baselines' thresholds, an impossible month or an empty month range were taken as
   *     given (the last scoring an empty set as 0.000, exit code 0).
   */
  private String optionProblem() {
    if (partitions != null) {
      try {
        SettingKeys.requireOptionValid("--partitions", partitions, ClusterConfig.definition(), ClusterConfig.PARTITIONS_CONFIG);
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
    if (limit != null && limit < 1) {
      return "illegal --limit: " + limit + ", must be at least 1";
    }
    if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
      // before, ClusterParams refused it as "illegal similarity threshold: 2.0", not naming the option
      return "illegal --threshold: " + threshold + ", must be between 0 and 1 (cluster.similarity.threshold)";
    }
    if (localThreshold != null && !(localThreshold >= 0 && localThreshold <= 1)) {
      return "illegal --local-threshold: " + localThreshold + ", must be between 0 and 1";
    }
    if (!(tfidfThreshold >= 0 && tfidfThreshold <= 1)) {
      return "illegal --tfidf-threshold: " + tfidfThreshold + ", must be a cosine between 0 and 1";
    }
    if (!(mltMinScore >= 0) || Double.isInfinite(mltMinScore)) {
      return "illegal --mlt-min-score: " + mltMinScore + ", must be a finite BM25 score, 0 or more";
    }
    java.time.YearMonth from = null;
    java.time.YearMonth to = null;
    try {
      from = fromMonth == null ? null : java.time.YearMonth.parse(fromMonth);
    } catch (java.time.format.DateTimeParseException e) {
      return "illegal --from-month: '" + fromMonth + "', must be a month yyyy-MM such as 2025-10";
    }
    try {
      to = toMonth == null ? null : java.time.YearMonth.parse(toMonth);
    } catch (java.time.format.DateTimeParseException e) {
      return "illegal --to-month: '" + toMonth + "', must be a month yyyy-MM such as 2026-06";
    }
    if (from != null && to != null && from.isAfter(to)) {
      return "illegal --from-month " + fromMonth + " after --to-month " + toMonth + ": the range holds no month";
    }
    if (sharedDir != null && !Files.isDirectory(sharedDir)) {
      return "--shared-dir " + sharedDir + " is not a directory (working directory " + Path.of("").toAbsolutePath() + ")";
    }
    return null;
  }

  private void print(PrintWriter out, String system, Evaluator.Result r) {
    if (!json) {
      out.println(EvalReport.row(system, r));
      out.flush();
    }
  }
}
