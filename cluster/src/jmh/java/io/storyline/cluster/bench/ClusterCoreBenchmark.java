package io.storyline.cluster.bench;

import io.storyline.cluster.eval.MoreLikeThisBaseline;

import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.common.model.Post;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The clustering core against its peers, single thread, on real posts ({@link BenchCorpus}) against
 * {@code activeStories} open stories seeded from real posts ({@link ActiveStories}).
 *
 * <p>Every iteration starts from the same freshly built state (untimed) and times one pass over the
 * measured posts: {@link #BATCH} for the core and MoreLikeThis, the first {@link #BRUTE_BATCH} of
 * the same posts for the exact scan (it is slow). Scores are microseconds per post
 * ({@code @OperationsPerInvocation}); posts/s = 1e6 / score.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ClusterCoreBenchmark {
  /** Measured posts per iteration for the core and MoreLikeThis. */
  public static final int BATCH = 2000;
  /** Measured posts per iteration for the exact scan (a prefix of the same posts). */
  public static final int BRUTE_BATCH = 200;

  /** The corpus and the active stories, built once per trial. */
  @State(Scope.Benchmark)
  public static class Data {
    @Param({"1000", "10000", "100000"})
    public int activeStories;

    /**
     * How the active stories are built ({@link ActiveStories}): {@code seeded} (the default, every
     * figure before session 9), one story per seed post; or {@code live} ({@code -p state=live}), the
     * seed posts clustered through the core until {@code activeStories} stories are open or the posts
     * run out (at most {@link #LIVE_POSTS}, which grow far fewer than 100k stories; the state's size is
     * printed as a {@code STATE} line); or {@code distinct} ({@code -p state=distinct}, since session 11),
     * seeded like {@code seeded} but from seed posts of distinct texts only ({@link
     * BenchCorpus#loadDistinct}): no story repeats another's text, so measured posts do not merge the
     * copies a repeated seed leaves; the corpus has fewer distinct texts than 100k, so the state holds as
     * many stories as it has (the {@code STATE} line says how many).
     */
    @Param({"seeded"})
    public String state;

    /**
     * {@code on} (the default): the default parameters. {@code off} ({@code -p merging=off}, since session
     * 14): the same with merge threshold 1, so no story absorbs another. The decisions then differ (it is
     * not a configuration to run); the pair separates what merging costs on a state from the rest of the
     * per-post work. The seeded states hold many near-duplicate stories that a measured post bridges (5.4
     * merges per post on the distinct state at 100k, against 0.06 on a state the core grew itself), so on
     * them merging is a large part of the figure.
     */
    @Param({"on"})
    public String merging;

    ClusterParams params;
    List<Post> measured;
    List<Post> seedPosts;
    ActiveStories seeded;

    @Setup(Level.Trial)
    public void load() {
      params = switch (merging) {
        case "on" -> ClusterParams.DEFAULTS;
        case "off" -> ClusterParams.DEFAULTS.withMergeThreshold(1.0);
        default -> throw new IllegalArgumentException("merging must be 'on' or 'off', was '" + merging + "'");
      };
      switch (state) {
        case "seeded" -> {
          BenchCorpus corpus = BenchCorpus.load(activeStories, BATCH);
          measured = corpus.measured();
          seedPosts = corpus.seeds();
          seeded = ActiveStories.seed(seedPosts, params);
        }
        case "distinct" -> {
          BenchCorpus corpus = BenchCorpus.loadDistinct(activeStories, BATCH);
          measured = corpus.measured();
          seedPosts = corpus.seeds();
          seeded = ActiveStories.seed(seedPosts, params);
        }
        case "live" -> {
          BenchCorpus corpus = BenchCorpus.load(LIVE_POSTS, BATCH);
          seeded = ActiveStories.grow(corpus.seeds(), params, activeStories);
          seedPosts = corpus.seeds().subList(0, seeded.postsUsed());
          // the measured posts follow the last clustered post, as they follow the last seed when seeded
          measured = corpus.measuredFrom(seeded.lastEventTime().plus(BenchCorpus.SEED_SPACING));
        }
        default -> throw new IllegalArgumentException("state must be 'seeded', 'live' or 'distinct', was '" + state + "'");
      }
      System.out.printf(java.util.Locale.ROOT, "%nSTATE %s activeStories=%d: %d open stories from %d posts%n", state,
          activeStories, seeded.size(), seeded.postsUsed());
    }
  }

  /**
   * Most posts clustered to grow a {@code live} state: every seed post of the corpus once (85,038 posts
   * less the 2,000 measured ones; repeats would only join their originals' stories). The corpus grows
   * fewer stories than the seeded sizes: one open story per 7 (1k stories) to 11 posts (all of them: 7,681).
   */
  static final int LIVE_POSTS = 83_038;

  /** A fresh core over the seeded state, per iteration. */
  @State(Scope.Thread)
  public static class Core {
    StoryClusterer clusterer;

    @Setup(Level.Iteration)
    public void setUp(Data data) {
      clusterer = new StoryClusterer(data.params, data.seeded.newState());
      settle();
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      clusterer.close();
    }
  }

  /** A fresh exact scan over the seeded state, per iteration. */
  @State(Scope.Thread)
  public static class Brute {
    BruteForceClusterer clusterer;

    @Setup(Level.Iteration)
    public void setUp(Data data) {
      clusterer = new BruteForceClusterer(data.params, data.seeded);
      settle();
    }
  }

  /** MoreLikeThis over the seed posts, built once, reset per iteration. */
  @State(Scope.Thread)
  public static class Mlt {
    MoreLikeThisBaseline peer;

    @Setup(Level.Trial)
    public void build(Data data) {
      peer = new MoreLikeThisBaseline(data.seedPosts, 5.0);
    }

    @Setup(Level.Iteration)
    public void reset() {
      peer.reset();
      settle();
    }

    @TearDown(Level.Trial)
    public void close() {
      peer.close();
    }
  }

  /**
   * CPU time of the benchmark thread over the timed passes, reported per post at the end of each
   * iteration as a {@code THREAD-CPU} line: on a shared machine the JMH score is wall-clock time and
   * includes waiting for a core; this is the work itself (without GC threads and JIT compilers).
   */
  @State(Scope.Thread)
  public static class Cpu {
    long nanos;
    long posts;

    @Setup(Level.Iteration)
    public void reset() {
      nanos = 0;
      posts = 0;
    }

    void add(long cpuNanos, int n) {
      nanos += cpuNanos;
      posts += n;
    }

    static long now() {
      return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    void report(String what, Data data) {
      System.out.printf(java.util.Locale.ROOT, "%nTHREAD-CPU %s activeStories=%d: %.1f us/post (%d posts)%n", what,
          data.activeStories, nanos / 1e3 / Math.max(1, posts), posts);
    }
  }

  /**
   * Collects the garbage of the untimed setup (a state of 100k stories is built per iteration) and
   * moves the live state to the old generation, so the timed pass does not pay for copying the
   * setup's objects in its first young collections.
   */
  static void settle() {
    System.gc();
    System.gc();
  }

  /** The core: {@link StoryClusterer#assign} per post (index candidates, scoring, state update, snapshot). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  @Warmup(iterations = 5)
  @Measurement(iterations = 10)
  public void core(Data data, Core core, Cpu cpu, Blackhole bh) {
    long t = Cpu.now();
    for (Post p : data.measured) {
      bh.consume(core.clusterer.assign(p));
    }
    cpu.add(Cpu.now() - t, data.measured.size());
    cpu.report("core", data);
  }

  /**
   * The core without the per-post snapshot: {@link StoryClusterer#decide} per post (the same decisions,
   * state updates and merged stories' final snapshots as {@link #core}, no snapshot of the post's story),
   * as the Streams stage runs it when it publishes once per story per interval. No closed story's
   * snapshot is asked for (nothing ages out in the benchmark's state).
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  @Warmup(iterations = 5)
  @Measurement(iterations = 10)
  public void decide(Data data, Core core, Cpu cpu, Blackhole bh) {
    long t = Cpu.now();
    for (Post p : data.measured) {
      bh.consume(core.clusterer.decide(p, NO_CLOSED_SNAPSHOTS));
    }
    cpu.add(Cpu.now() - t, data.measured.size());
    cpu.report("decide", data);
  }

  private static final java.util.function.Predicate<String> NO_CLOSED_SNAPSHOTS = id -> false;

  /** Peer: the exact scan over all open stories with the core's features and scorer. */
  @Benchmark
  @OperationsPerInvocation(BRUTE_BATCH)
  @Warmup(iterations = 2)
  @Measurement(iterations = 3)
  public void bruteForce(Data data, Brute brute, Cpu cpu, Blackhole bh) {
    long t = Cpu.now();
    for (int i = 0; i < BRUTE_BATCH; i++) {
      bh.consume(brute.clusterer.assign(data.measured.get(i)));
    }
    cpu.add(Cpu.now() - t, BRUTE_BATCH);
    cpu.report("bruteForce", data);
  }

  /** Peer: Lucene MoreLikeThis (defaults) over posts, top hit joins at BM25 &ge; 5. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  @Warmup(iterations = 3)
  @Measurement(iterations = 5)
  public void moreLikeThis(Data data, Mlt mlt, Cpu cpu, Blackhole bh) {
    long t = Cpu.now();
    for (Post p : data.measured) {
      bh.consume(mlt.peer.assign(p));
    }
    cpu.add(Cpu.now() - t, data.measured.size());
    cpu.report("moreLikeThis", data);
  }
}
