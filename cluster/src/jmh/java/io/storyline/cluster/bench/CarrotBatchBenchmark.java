package io.storyline.cluster.bench;

import io.storyline.common.model.Post;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.carrot2.clustering.Cluster;
import org.carrot2.clustering.ClusteringAlgorithm;
import org.carrot2.clustering.Document;
import org.carrot2.clustering.kmeans.BisectingKMeansClusteringAlgorithm;
import org.carrot2.clustering.lingo.LingoClusteringAlgorithm;
import org.carrot2.clustering.stc.STCClusteringAlgorithm;
import org.carrot2.language.LanguageComponents;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Peer: Carrot2 4.x (https://carrot2.github.io/release/4.5.1/) as a batch clusterer on the same
 * {@link ClusterCoreBenchmark#BATCH} measured posts the core assigns (title and text fields, English
 * language components, each algorithm's defaults). A batch clusterer has no memory of earlier
 * stories, so there is no active-story size: the score is the batch's time per post, in microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class CarrotBatchBenchmark {
  @Param({"lingo", "stc", "kmeans"})
  public String algorithm;

  private List<PostDocument> docs;
  private LanguageComponents english;

  /** A post as a Carrot2 document: its title and text. */
  record PostDocument(String title, String text) implements Document {
    @Override
    public void visitFields(BiConsumer<String, String> fieldConsumer) {
      if (title != null) {
        fieldConsumer.accept("title", title);
      }
      fieldConsumer.accept("content", text);
    }
  }

  @Setup(Level.Trial)
  public void load() throws Exception {
    List<Post> posts = BenchCorpus.load(0, ClusterCoreBenchmark.BATCH).measured();
    docs = posts.stream().map(p -> new PostDocument(p.title(), p.text())).toList();
    english = LanguageComponents.loader().load().language("English");
  }

  private ClusteringAlgorithm newAlgorithm() {
    return switch (algorithm) {
      case "lingo" -> new LingoClusteringAlgorithm();
      case "stc" -> new STCClusteringAlgorithm();
      case "kmeans" -> new BisectingKMeansClusteringAlgorithm();
      default -> throw new IllegalArgumentException("unknown Carrot2 algorithm '" + algorithm + "', must be lingo, stc or kmeans");
    };
  }

  @Benchmark
  @OperationsPerInvocation(ClusterCoreBenchmark.BATCH)
  public List<Cluster<PostDocument>> carrot2() {
    long t = ClusterCoreBenchmark.Cpu.now();
    List<Cluster<PostDocument>> clusters = newAlgorithm().cluster(docs.stream(), english);
    System.out.printf(java.util.Locale.ROOT, "%nTHREAD-CPU carrot2 %s: %.1f us/post (%d posts, %d clusters)%n", algorithm,
        (ClusterCoreBenchmark.Cpu.now() - t) / 1e3 / docs.size(), docs.size(), clusters.size());
    return clusters;
  }
}
