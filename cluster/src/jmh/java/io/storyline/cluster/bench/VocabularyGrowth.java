package io.storyline.cluster.bench;

import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.ClusterState;
import io.storyline.cluster.core.ForwardingClusterState;
import io.storyline.cluster.core.Featurizer;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.cluster.eval.EvalDataset;
import io.storyline.cluster.eval.EvalDatasets;
import io.storyline.cluster.eval.LabeledPost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the core's document-frequency table (the {@code cluster-doc-freq} store of the Streams stage)
 * grows along a real stream. Runs the core with its defaults over eval datasets in stream order (as
 * {@code storyline eval} does) and prints, at every tenth of each stream: posts, days of event time
 * since the first post, terms in the table, the terms seen in one post only (df = 1), the terms not
 * seen for more than 30 days of event time (what a 30-day retention would forget), and the table's
 * payload in bytes (UTF-8 key bytes plus 8 bytes per count; RocksDB and changelog overheads not
 * counted). At the end of each stream: the exponent β and constant K of Heaps' law {@code V = K·n^β}
 * (least squares on log V against log n over the ten checkpoints; Heaps 1978, <i>Information
 * Retrieval: Computational and Theoretical Aspects</i>, ch. 7) and the terms per 1,000 posts over the
 * last tenth.
 *
 * <p>Only datasets with real event times tell anything about time ({@code ainews}, {@code reddit},
 * {@code crisis}); News-T and Tweets-T are timed one second apart by the harness. The table itself is
 * the one the stage keeps: the core reads and writes document frequencies through {@link
 * ClusterState}, and this tool only watches those writes.
 *
 * <p>Usage: {@code java -cp cluster/target/benchmarks.jar io.storyline.cluster.bench.VocabularyGrowth
 * [dataset ...]} from the project root (default: {@code ainews reddit crisis}; {@code
 * -Dstoryline.shared.dir=DIR} points at another {@code shared} folder). Single-threaded; memory is the
 * core's in-memory state plus one {@link Instant} per term.
 */
public final class VocabularyGrowth {
  /** A term unseen for longer than this (event time) counts as stale. */
  static final Duration STALE_AFTER = Duration.ofDays(30);
  private static final int CHECKPOINTS = 10;

  private VocabularyGrowth() {}

  public static void main(String[] args) {
    Path shared = BenchCorpus.shared();
    List<String> names = args.length == 0 ? List.of("ainews", "reddit", "crisis") : List.of(args);
    for (String name : names) {
      Path dir = shared.resolve("data").resolve(EvalDatasets.folder(name));
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("dataset " + name + " not found: " + dir);
      }
      run(name, EvalDatasets.load(name, shared, null, null));
    }
  }

  private static void run(String name, EvalDataset data) {
    List<LabeledPost> posts = data.posts();
    WatchedState state = new WatchedState();
    List<double[]> logPoints = new ArrayList<>();
    Instant first = null;
    int lastTerms = 0;
    int lastPosts = 0;
    System.out.printf(Locale.ROOT, "%-8s %8s %7s %9s %9s %11s %12s%n", name, "posts", "days", "terms", "df=1",
        "stale>30d", "bytes");
    try (StoryClusterer c = new StoryClusterer(ClusterParams.DEFAULTS, state)) {
      for (int i = 0; i < posts.size(); i++) {
        Instant t = Featurizer.eventTime(posts.get(i).post());
        first = first == null ? t : first;
        state.now = t;
        c.assign(posts.get(i).post());
        int n = i + 1;
        boolean checkpoint = n == posts.size() || n % Math.max(1, posts.size() / CHECKPOINTS) == 0;
        if (checkpoint) {
          Census census = state.census(t.minus(STALE_AFTER));
          System.out.printf(Locale.ROOT, "%-8s %8d %7.1f %9d %9d %11d %12d%n", "", n,
              Duration.between(first, t).toMinutes() / 1440.0, census.terms, census.singletons, census.stale,
              census.bytes);
          logPoints.add(new double[] {Math.log(n), Math.log(census.terms)});
          if (n < posts.size()) {
            lastTerms = census.terms;
            lastPosts = n;
          } else {
            double perThousand = 1000.0 * (census.terms - lastTerms) / Math.max(1, n - lastPosts);
            double[] fit = leastSquares(logPoints);
            System.out.printf(Locale.ROOT, "%-8s Heaps V = K n^b: K %.1f, b %.3f; %.0f new terms per 1,000 posts over the"
                + " last tenth%n", "", Math.exp(fit[0]), fit[1], perThousand);
          }
        }
      }
    }
  }

  /** @return {intercept, slope} of the least-squares line through the points */
  static double[] leastSquares(List<double[]> points) {
    double n = points.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : points) {
      sx += p[0];
      sy += p[1];
      sxx += p[0] * p[0];
      sxy += p[0] * p[1];
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    return new double[] {(sy - slope * sx) / n, slope};
  }

  /** Counts of the document-frequency table at one checkpoint. */
  private record Census(int terms, int singletons, int stale, long bytes) {}

  /** The core's in-memory state, with the event time of each term's last document-frequency write. */
  private static final class WatchedState extends ForwardingClusterState {
    private final Map<String, Long> docFreq = new HashMap<>();
    private final Map<String, Instant> lastSeen = new HashMap<>();
    private Instant now;

    WatchedState() {
      super(new InMemoryClusterState());
    }

    Census census(Instant staleBefore) {
      int singletons = 0;
      int stale = 0;
      long bytes = 0;
      for (Map.Entry<String, Long> e : docFreq.entrySet()) {
        singletons += e.getValue() == 1 ? 1 : 0;
        stale += lastSeen.get(e.getKey()).isBefore(staleBefore) ? 1 : 0;
        bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + Long.BYTES;
      }
      return new Census(docFreq.size(), singletons, stale, bytes);
    }

    @Override public void putDocFreq(String term, long df) {
      super.putDocFreq(term, df);
      docFreq.put(term, df);
      lastSeen.put(term, now);
    }
  }
}
