package io.storyline.cluster.eval;

import io.storyline.common.model.Post;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Baseline: the plain single-pass TF-IDF threshold clusterer (first-story detection style, Allan et
 * al., "On-line new event detection and tracking", SIGIR 1998, https://doi.org/10.1145/290941.290954).
 * Post vectors from {@link RunningTfIdf} (EnglishAnalyzer, {@code tf * (ln(N / df) + 1)} with running
 * document frequencies, L2-normalised); each cluster keeps the sum of its posts' vectors; a
 * post joins the cluster of highest cosine if it is at least the threshold, else opens a cluster. No
 * links; clusters idle for more than 72 hours of event time are no longer candidates (as in the core),
 * which keeps the cost per post bounded. Not thread-safe.
 */
public final class TfIdfThresholdBaseline implements StreamClusterer {
  private final double threshold;
  private final RunningTfIdf tfidf = new RunningTfIdf();
  private final List<Map<String, Double>> centroids = new ArrayList<>();
  private final List<Double> norms = new ArrayList<>();
  private final List<java.time.Instant> lastSeen = new ArrayList<>();
  private static final java.time.Duration IDLE = java.time.Duration.ofHours(72);
  private final Map<String, List<Integer>> postings = new HashMap<>();

  /** @param threshold cosine threshold in [0, 1] */
  public TfIdfThresholdBaseline(double threshold) {
    this.threshold = threshold;
  }

  @Override
  public String assign(Post post) {
    Map<String, Double> v = tfidf.next(post);
    Map<Integer, Double> dots = new HashMap<>();
    java.time.Instant cutoff = post.createdAt().minus(IDLE);
    for (Map.Entry<String, Double> e : v.entrySet()) {
      List<Integer> list = postings.get(e.getKey());
      if (list == null) {
        continue;
      }
      list.removeIf(c -> lastSeen.get(c).isBefore(cutoff));
      for (int c : list) {
        dots.merge(c, e.getValue() * centroids.get(c).get(e.getKey()), Double::sum);
      }
    }
    int best = -1;
    double bestCos = -1;
    for (Map.Entry<Integer, Double> e : dots.entrySet()) {
      double cos = e.getValue() / norms.get(e.getKey());
      if (cos > bestCos || (cos == bestCos && e.getKey() < best)) {
        bestCos = cos;
        best = e.getKey();
      }
    }
    int cluster;
    if (best >= 0 && bestCos >= threshold) {
      cluster = best;
    } else {
      cluster = centroids.size();
      centroids.add(new HashMap<>());
      norms.add(0.0);
      lastSeen.add(post.createdAt());
    }
    if (post.createdAt().isAfter(lastSeen.get(cluster))) {
      lastSeen.set(cluster, post.createdAt());
    }
    Map<String, Double> c = centroids.get(cluster);
    for (Map.Entry<String, Double> e : v.entrySet()) {
      if (c.merge(e.getKey(), e.getValue(), Double::sum).equals(e.getValue())) {
        postings.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(cluster);
      }
    }
    double s = 0;
    for (double w : c.values()) {
      s += w * w;
    }
    norms.set(cluster, Math.sqrt(s));
    return "tfidf-" + cluster;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "baseline tfidf-threshold (EnglishAnalyzer, tf*(ln(N/df)+1), cosine to summed centroid >= %.2f)", threshold);
  }

  @Override
  public void close() {
    tfidf.close();
  }
}
