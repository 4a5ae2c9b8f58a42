package io.storyline.cluster.bench;

import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Featurizer;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.PostAnalyzer;
import io.storyline.cluster.core.PostFeatures;
import io.storyline.cluster.core.StoryIndex;
import io.storyline.cluster.core.StoryState;
import io.storyline.cluster.core.Vectors;
import io.storyline.common.model.Post;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The core's candidate retrieval alone: {@link StoryIndex#candidates} for each measured post of the
 * {@link ClusterCoreBenchmark} corpus against the index of its {@code activeStories} open stories,
 * without changing the index (so every iteration asks the same questions of the same index and the
 * figure settles in seconds, where the whole core's needs a fresh 100k-story state per iteration).
 *
 * <p>The queries are the ones the core asks: each post's {@link ClusterParams#queryTerms} strongest
 * TF-IDF terms (document frequencies of the seeded state, counted up by the measured posts in order,
 * as the core counts them) and its keys, {@link ClusterParams#candidatesK} candidates. Score:
 * microseconds per query (one pass over the {@link ClusterCoreBenchmark#BATCH} queries per operation,
 * {@code @OperationsPerInvocation}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
public class RetrievalBenchmark {

  /** The index of the open stories and the measured posts' queries, built once per trial. */
  @State(Scope.Benchmark)
  public static class Data {
    /** Open stories in the index (the state's size is printed as a {@code STATE} line). */
    @Param({"1000", "10000", "100000"})
    public int activeStories;

    /** How the open stories are built: {@code seeded} or {@code distinct}, as in {@link ClusterCoreBenchmark}. */
    @Param({"distinct"})
    public String state;

    ClusterParams params = ClusterParams.DEFAULTS;
    StoryIndex index;
    Query[] queries;

    @Setup(Level.Trial)
    public void load() {
      BenchCorpus corpus = switch (state) {
        case "seeded" -> BenchCorpus.load(activeStories, ClusterCoreBenchmark.BATCH);
        case "distinct" -> BenchCorpus.loadDistinct(activeStories, ClusterCoreBenchmark.BATCH);
        default -> throw new IllegalArgumentException("state must be 'seeded' or 'distinct', was '" + state + "'");
      };
      ActiveStories seeded = ActiveStories.seed(corpus.seeds(), params);
      index = new StoryIndex();
      for (StoryState s : seeded.stories()) {
        index.upsert(s.id(), Vectors.strongestKeys(s.centroid(), params.indexTerms()), s.keys().keySet());
      }
      InMemoryClusterState counts = seeded.newState();
      Featurizer featurizer = new Featurizer(new PostAnalyzer(), params);
      long docCount = counts.meta().docCount();
      List<Post> measured = corpus.measured();
      queries = new Query[measured.size()];
      for (int i = 0; i < queries.length; i++) {
        Post post = measured.get(i);
        Featurizer.TermCounts termCounts = featurizer.count(post);
        for (String term : termCounts.distinctTerms()) {
          counts.putDocFreq(term, counts.docFreq(term) + 1);
        }
        docCount++;
        PostFeatures f = featurizer.features(post, termCounts, counts::docFreq, docCount);
        queries[i] = new Query(Vectors.top(f.vector(), params.queryTerms()), f.keys());
      }
      System.out.printf(Locale.ROOT, "%nSTATE %s activeStories=%d: %d open stories indexed, %d queries%n", state,
          activeStories, index.size(), queries.length);
    }
  }

  /** One post's question to the index. */
  record Query(Map<String, Double> terms, Set<String> keys) {}

  /** {@link StoryIndex#candidates} for every measured post, in order. */
  @Benchmark
  @OperationsPerInvocation(ClusterCoreBenchmark.BATCH)
  public void candidates(Data data, Blackhole bh) {
    int k = data.params.candidatesK();
    for (Query q : data.queries) {
      bh.consume(data.index.candidates(q.terms(), q.keys(), k));
    }
  }
}
