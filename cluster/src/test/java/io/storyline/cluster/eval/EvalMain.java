package io.storyline.cluster.eval;

import io.storyline.cluster.core.ClusterParams;
import java.nio.file.Path;

/** Developer entry point: {@code EvalMain <dataset> [threshold] [baselines]}; the shipped one is {@code storyline eval}. */
final class EvalMain {
  private EvalMain() {}

  public static void main(String[] args) {
    Path shared = Path.of("/work/shared");
    String from = System.getProperty("from");
    String to = System.getProperty("to");
    EvalDataset d = EvalDatasets.load(args[0], shared, from, to);
    int limit = Integer.getInteger("limit", Integer.MAX_VALUE);
    d = d.limit(limit);
    System.out.println(d.description() + " skipped=" + d.skipped());
    System.out.println(EvalReport.header());
    ClusterParams p = ClusterParams.DEFAULTS;
    if (args.length > 1) {
      p = p.withSimilarityThreshold(Double.parseDouble(args[1]));
    }
    ClusterParams fp = p;
    System.out.println(EvalReport.row("ours", Evaluator.run(d, () -> new CoreStreamClusterer(fp))));
    if (args.length > 2) {
      for (String b : args[2].split(",")) {
        String[] kv = b.split("=");
        if (kv[0].equals("tfidf")) {
          System.out.println(EvalReport.row("tfidf" + kv[1], Evaluator.run(d, () -> new TfIdfThresholdBaseline(Double.parseDouble(kv[1])))));
        } else {
          System.out.println(EvalReport.row("mlt" + kv[1], Evaluator.run(d, () -> new MoreLikeThisBaseline(Double.parseDouble(kv[1])))));
        }
      }
    }
  }
}
