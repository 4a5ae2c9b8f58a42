package io.storyline.cluster.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.storyline.cluster.eval.ClusteringMetrics.Scores;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Formats eval results as a text table or JSON. Stateless and thread-safe. */
public final class EvalReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvalReport() {}

  /** @return the header line of {@link #row} */
  public static String header() {
    return String.format(Locale.ROOT, "%-13s %-9s %7s %6s %6s %6s %6s %6s %6s %6s %6s %8s %9s", "dataset", "system", "scored",
        "B3-P", "B3-R", "B3-F1", "NMI", "pairF1", "pred", "gold", "dayF1", "posts/s", "level");
  }

  /**
   * @param system short system name (ours, tfidf, mlt)
   * @param r a result
   * @return one line per labelling and per channel
   */
  public static String row(String system, Evaluator.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append(line(r.dataset(), system, r.scores(), r.meanDailyBcubedF1(), r.postsPerSecond(), "gold"));
    if (r.secondLevel() != null) {
      sb.append('\n').append(line(r.dataset(), system, r.secondLevel(), Double.NaN, r.postsPerSecond(), r.secondLevelName()));
    }
    for (Map.Entry<String, Scores> e : r.byChannel().entrySet()) {
      sb.append('\n').append(line(r.dataset(), system, e.getValue(), Double.NaN, Double.NaN, "  " + e.getKey()));
    }
    return sb.toString();
  }

  private static String line(String dataset, String system, Scores s, double dayF1, double pps, String level) {
    return String.format(Locale.ROOT, "%-13s %-9s %7d %6.3f %6.3f %6.3f %6.3f %6.3f %6d %6d %6s %8s %9s", dataset, system,
        s.items(), s.bcubedPrecision(), s.bcubedRecall(), s.bcubedF1(), s.nmi(), s.pairF1(), s.predictedClusters(),
        s.goldClusters(), Double.isNaN(dayF1) ? "" : String.format(Locale.ROOT, "%.3f", dayF1),
        Double.isNaN(pps) ? "" : String.format(Locale.ROOT, "%.0f", pps), level);
  }

  /**
   * @param results results keyed by system name, per dataset
   * @return pretty-printed JSON
   */
  public static String json(List<Map<String, Object>> results) {
    try {
      return JSON.writeValueAsString(results);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing eval results as JSON failed: " + e.getMessage(), e);
    }
  }
}
