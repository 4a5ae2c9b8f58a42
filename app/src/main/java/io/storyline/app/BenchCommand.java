package io.storyline.app;

import io.storyline.app.bench.BenchCorpus;
import io.storyline.app.bench.BenchReport;
import io.storyline.app.bench.BenchRun;
import io.storyline.app.bench.BenchStack;
import io.storyline.app.bench.Seed;
import io.storyline.app.bench.SoakPosts;
import io.storyline.common.serde.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code storyline bench}: end-to-end benchmarks of the pipeline on the embedded broker ({@code
 * pipeline}, {@code floor}, {@code day}, {@code soak}); see {@code docs/BENCHMARKS.md}. Each subcommand
 * prints a report, or JSON with {@code --json}, and exits 0, or 1 if a run failed or timed out.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {"End-to-end benchmarks on the embedded KRaft broker (see docs/BENCHMARKS.md)."},
    subcommands = {
      BenchCommand.PipelineBench.class, BenchCommand.FloorBench.class, BenchCommand.DayBench.class,
      BenchCommand.SoakBench.class
    })
final class BenchCommand {

  /** Options every benchmark takes. */
  static final class Common {
    /** Where {@code --shared-data} looks when it is not given; its absence there is not an error. */
    static final String DEFAULT_SHARED_DATA = "../shared/data";

    @Option(names = "--shared-data", paramLabel = "DIR",
        description = "The team's shared data (reddit-localllama, ainews-items, mstream-short-text); "
            + "when not given and " + DEFAULT_SHARED_DATA + " is absent, the bundled sample is replayed (default: "
            + DEFAULT_SHARED_DATA + "). A directory given here must exist.")
    Path sharedData;

    @Option(names = "--short-tweets", description = "Also replay the 30k MStream tweets (stemmed short text).")
    boolean shortTweets;

    @Option(names = "--sample-only", description = "Replay the bundled sample even when the shared data is present.")
    boolean sampleOnly;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", preprocessor = KeyValueCheck.class,
        description = "A stage setting for every stage of the run, e.g. kafka.commit.interval.ms=200 or "
            + "publish.emit.interval.ms=1000 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--cluster-partitions", paramLabel = "N",
        description = "Run the cluster stage over N partitions of posts with N stream threads (the two-level "
            + "partitioned mode; same as --set cluster.partitions=N). Default: the single global clusterer.")
    Integer clusterPartitions;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
        description = "Run against this (empty) Kafka cluster instead of an embedded broker.")
    String bootstrapServers;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30M",
        description = "Give up on a run after this ISO-8601 duration (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /**
     * Refuses the options every benchmark shares, and {@code --posts}, before the corpus is read or a broker
     * starts: a value outside its rule used to fail only once the broker was up (or, for {@code --posts} beyond
     * the heap, with an {@link OutOfMemoryError}).
     *
     * @param posts the run's {@code --posts}
     * @throws IllegalArgumentException naming the option, the value and the rule
     */
    void check(int posts) {
      if (Storyline.timeoutProblem(timeout) != null) {
        throw new IllegalArgumentException(Storyline.timeoutProblem(timeout));
      }
      requireAtLeast("--posts", posts, 1);
      if (bootstrapServers != null) {
        BootstrapCheck.requireAddresses("--bootstrap-servers", bootstrapServers);
      }
      long most = Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_POST;
      if (posts > most) {
        throw new IllegalArgumentException("illegal --posts: " + posts + ", this JVM's heap ("
            + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB) holds the per-post bookkeeping of at most " + most
            + " posts; raise -Xmx in STORYLINE_JAVA_OPTS or give fewer posts");
      }
      if (clusterPartitions != null) {
        SettingKeys.requireOptionValid("--cluster-partitions", clusterPartitions,
            io.storyline.cluster.ClusterConfig.definition(), io.storyline.cluster.ClusterConfig.PARTITIONS_CONFIG);
      }
      SettingKeys.requireKnown(settings, SettingKeys.allStages(), "storyline bench");
      if (sharedData != null && !Files.isDirectory(sharedData)) {
        // before, a mistyped directory fell back to the bundled sample without a word, and the run measured 687 posts
        throw new IllegalArgumentException("illegal --shared-data: " + sharedData + " is not a directory (working directory "
            + Path.of("").toAbsolutePath() + "); leave the option out to use " + DEFAULT_SHARED_DATA
            + " when present, else the bundled sample");
      }
    }

    BenchCorpus corpus() throws IOException {
      Path scratch = Files.createTempDirectory("storyline-bench-sample-");
      scratch.toFile().deleteOnExit();
      return BenchCorpus.load(sampleOnly ? null : sharedData != null ? sharedData : Path.of(DEFAULT_SHARED_DATA), shortTweets, () -> SampleData.extractTo(scratch));
    }

    BenchRun.Settings settings(String name, BenchStack.Mode mode, int posts, double rate, LongFunction<Seed> content,
        LongFunction<Instant> eventTime, boolean trackLists, Duration sampleEvery, int segments, List<String> corpus) {
      if (Storyline.timeoutProblem(timeout) != null) {
        throw new IllegalArgumentException(Storyline.timeoutProblem(timeout));
      }
      if (posts < 1) {
        throw new IllegalArgumentException("illegal --posts: " + posts + ", must be at least 1");
      }
      SettingKeys.requireKnown(settings, SettingKeys.allStages(), "storyline bench");
      Map<String, String> all = new LinkedHashMap<>(settings);
      if (clusterPartitions != null) {
        all.put(io.storyline.cluster.ClusterConfig.PARTITIONS_CONFIG, Integer.toString(clusterPartitions));
      }
      return new BenchRun.Settings(name, mode, posts, rate, content, eventTime, trackLists, sampleEvery, timeout,
          all, bootstrapServers, segments, corpus);
    }

    void print(PrintWriter out, Object json, List<BenchReport> reports, boolean memory) throws IOException {
      if (this.json) {
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
      } else {
        for (BenchReport r : reports) {
          r.print(out);
          if (memory) {
            r.printMemory(out);
          }
        }
      }
      out.flush();
    }
  }

  /** Heap a run keeps per post whatever its content: send time and fetch time (two longs), with room to spare. */
  private static final long BYTES_PER_POST = 24;

  /** @throws IllegalArgumentException naming the option, the value and the rule if {@code value < least} */
  static void requireAtLeast(String option, long value, long least) {
    if (value < least) {
      throw new IllegalArgumentException("illegal " + option + ": " + value + ", must be at least " + least);
    }
  }

  /** @throws IllegalArgumentException naming the option and the value unless it is a finite rate {@code >= 0} */
  static void requireRate(String option, double rate) {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("illegal " + option + ": " + rate
          + ", must be a finite number of posts per second, 0 or more (0 = as fast as possible)");
    }
  }

  private static LongFunction<Seed> cycle(List<Seed> seeds) {
    return seq -> seeds.get((int) (seq % seeds.size()));
  }

  /** {@code storyline bench pipeline}. */
  @Command(name = "pipeline", mixinStandardHelpOptions = true,
      header = "The whole pipeline on real posts: posts/s, latency, memory and cost per post.",
      description =
        "Pushes real posts (fresh ids, created now) into the raw topics of an embedded broker and runs "
            + "normalizer -> cluster -> publish: sustained posts/s from raw topic to ranked list, latency from "
            + "fetchedAt to assignment and to the first list with the post's story (p50/p99/max), peak heap and RSS, "
            + "and the cost per post as active stories grow. --sweep-rates repeats it at several input rates.")
  static final class PipelineBench implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--posts", paramLabel = "N", defaultValue = "20000", description = "Posts per run (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(names = "--rate", paramLabel = "POSTS/S", defaultValue = "0",
        description = "Input rate in posts/s; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--sweep-rates", split = ",", paramLabel = "POSTS/S",
        description = "Run once per input rate (posts/s; 0 = as fast as possible) and print each report.")
    List<Double> sweepRates = new ArrayList<>();

    @Option(names = "--segments", paramLabel = "N", defaultValue = "10",
        description = "Stretches of the cost-per-post profile (default: ${DEFAULT-VALUE}).")
    int segments;

    @Override
    public Integer call() throws Exception {
      common.check(posts);
      requireRate("--rate", rate);
      for (double r : sweepRates) {
        requireRate("--sweep-rates", r);
      }
      requireAtLeast("--segments", segments, 1);
      BenchCorpus corpus = common.corpus();
      List<Double> rates = sweepRates.isEmpty() ? List.of(rate) : sweepRates;
      List<BenchReport> reports = new ArrayList<>();
      for (double r : rates) {
        reports.add(BenchRun.run(common.settings("pipeline", BenchStack.Mode.PIPELINE, posts, r,
            cycle(corpus.seeds()), seq -> Instant.now(), true, Duration.ofSeconds(1), segments, corpus.origins())));
      }
      common.print(spec.commandLine().getOut(), reports.size() == 1 ? reports.get(0) : reports, reports, false);
      return 0;
    }
  }

  /** {@code storyline bench floor}. */
  @Command(name = "floor", mixinStandardHelpOptions = true,
      header = "The physical floors (pass-through topologies), the cluster stage alone and the pipeline, side by side.",
      description =
        "The physical floor: a pass-through topology that reads posts and writes one assignment per post, "
            + "on the same broker and settings; then the pipeline's floor (raw topics -> the real normalizer -> "
            + "the pass-through: every exactly-once hop up to the assignments, without clustering or ranking); "
            + "then the cluster stage alone on the same posts, then the whole pipeline from the raw topics. "
            + "Prints each run and their throughput as fractions of the floor.")
  static final class FloorBench implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--posts", paramLabel = "N", defaultValue = "20000", description = "Posts per run (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(names = "--only", paramLabel = "RUN",
        description = "Run only this one of the four: floor, pipeline-floor, cluster-stage or pipeline (no fractions are"
            + " printed).")
    String only;

    /** The four runs and their throughput as fractions of the floor's. */
    record FloorReport(BenchReport floor, BenchReport pipelineFloor, BenchReport clusterStage, BenchReport pipeline,
        double pipelineFloorFraction, double clusterStageFraction, double pipelineFraction) {}

    @Override
    public Integer call() throws Exception {
      common.check(posts);
      if (only != null && !List.of("floor", "pipeline-floor", "cluster-stage", "pipeline").contains(only)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--only " + only + " must be floor, pipeline-floor, cluster-stage or pipeline");
      }
      BenchCorpus corpus = common.corpus();
      LongFunction<Seed> content = cycle(corpus.seeds());
      PrintWriter out = spec.commandLine().getOut();
      if (only != null) {
        BenchStack.Mode mode = switch (only) {
          case "floor" -> BenchStack.Mode.FLOOR;
          case "pipeline-floor" -> BenchStack.Mode.PIPELINE_FLOOR;
          case "cluster-stage" -> BenchStack.Mode.CLUSTER;
          case "pipeline" -> BenchStack.Mode.PIPELINE;
          default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
              "--only " + only + " must be floor, pipeline-floor, cluster-stage or pipeline");
        };
        BenchReport r = run(only, mode, content, corpus);
        common.print(out, r, List.of(r), false);
        return 0;
      }
      BenchReport floor = run("floor", BenchStack.Mode.FLOOR, content, corpus);
      BenchReport pipelineFloor = run("pipeline-floor", BenchStack.Mode.PIPELINE_FLOOR, content, corpus);
      BenchReport cluster = run("cluster-stage", BenchStack.Mode.CLUSTER, content, corpus);
      BenchReport pipeline = run("pipeline", BenchStack.Mode.PIPELINE, content, corpus);
      double f = floor.postsPerSecond();
      FloorReport report = new FloorReport(floor, pipelineFloor, cluster, pipeline, pipelineFloor.postsPerSecond() / f,
          cluster.postsPerSecond() / f, pipeline.postsPerSecond() / f);
      common.print(out, report, List.of(floor, pipelineFloor, cluster, pipeline), false);
      if (!common.json) {
        out.printf(Locale.ROOT, "%nfloor %.0f posts/s; pipeline floor %.0f posts/s = %.2f of the floor; cluster stage "
                + "%.0f posts/s = %.2f of the floor; whole pipeline %.0f posts/s = %.2f of the floor%n", f,
            pipelineFloor.postsPerSecond(), report.pipelineFloorFraction(), cluster.postsPerSecond(),
            report.clusterStageFraction(), pipeline.postsPerSecond(), report.pipelineFraction());
        out.flush();
      }
      return 0;
    }

    private BenchReport run(String name, BenchStack.Mode mode, LongFunction<Seed> content, BenchCorpus corpus)
        throws Exception {
      return BenchRun.run(common.settings(name, mode, posts, 0, content, seq -> Instant.now(),
          mode == BenchStack.Mode.PIPELINE, Duration.ofSeconds(1), 5, corpus.origins()));
    }
  }

  /** {@code storyline bench day}. */
  @Command(name = "day", mixinStandardHelpOptions = true,
      header = "A day of 10,000 AI-community posts through the whole pipeline until the lists settle.",
      description =
        "Replays a full day of AI-community posts (default 10,000 real posts from the corpus starting at "
            + "--date, spread evenly over that UTC day of event time) as fast as possible through the whole "
            + "pipeline, and reports the time until the top lists have settled (target: under 10 s).")
  static final class DayBench implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--posts", paramLabel = "N", defaultValue = "10000", description = "Posts in the day (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(names = "--date", paramLabel = "DATE", defaultValue = "2025-07-10",
        description = "The UTC day; the corpus is read from its first post on (default: ${DEFAULT-VALUE}).")
    LocalDate date;

    @Option(names = "--warm-up-days", paramLabel = "N", defaultValue = "0",
        description = "First replay this many earlier days (the days before --date), each through its own fresh broker"
            + " and pipeline in this JVM, unmeasured: the measured day then runs on JIT-compiled code, as in a service"
            + " that has been up, while its pipeline still starts empty (default: ${DEFAULT-VALUE}).")
    int warmUpDays;

    @Option(names = "--floor",
        description = "Replay the day (and the warm-up days) through the pipeline's floor instead: raw topics -> the real"
            + " normalizer -> a pass-through writing one assignment per post, i.e. every exactly-once hop up to the"
            + " assignments without clustering or ranking; the least time this machine needs to move the day.")
    boolean floor;

    @Override
    public Integer call() throws Exception {
      if (warmUpDays < 0) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "illegal --warm-up-days: " + warmUpDays + ", must be 0 or more");
      }
      if (warmUpDays > 0 && common.bootstrapServers != null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--warm-up-days needs the embedded broker (each warm-up day gets a fresh one); --bootstrap-servers "
                + common.bootstrapServers + " would receive the warm-up days' posts too");
      }
      common.check(posts);
      BenchCorpus corpus = common.corpus();
      PrintWriter out = spec.commandLine().getOut();
      for (int d = warmUpDays; d >= 1; d--) {
        BenchReport w = replay(corpus, date.minusDays(d));
        if (!common.json) {
          out.printf(Locale.ROOT, "warm-up: the day %s settled in %.2f s (not measured)%n", date.minusDays(d), w.seconds());
          out.flush();
        }
      }
      BenchReport r = replay(corpus, date);
      common.print(out, r, List.of(r), false);
      if (!common.json) {
        out.printf(Locale.ROOT, "%na day of %d posts settled in %.2f s after %d warm-up day(s)%s%n", posts, r.seconds(),
            warmUpDays, floor ? " through the pipeline's floor (no clustering, no ranking)" : " (target: under 10 s)");
        out.flush();
      }
      return 0;
    }

    private BenchReport replay(BenchCorpus corpus, LocalDate day) throws Exception {
      Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
      List<Seed> all = corpus.seeds();
      int first = 0;
      while (first < all.size() && all.get(first).originalTime() != null && all.get(first).originalTime().isBefore(start)) {
        first++;
      }
      List<Seed> from = new ArrayList<>(all.subList(first, all.size()));
      from.addAll(all.subList(0, first));
      double step = 86_400_000.0 / posts;
      BenchStack.Mode mode = floor ? BenchStack.Mode.PIPELINE_FLOOR : BenchStack.Mode.PIPELINE;
      return BenchRun.run(common.settings((floor ? "day (pipeline floor) " : "day ") + day, mode, posts, 0, cycle(from),
          seq -> start.plusMillis((long) (seq * step)), !floor, Duration.ofSeconds(1), 10, corpus.origins()));
    }
  }

  /** {@code storyline bench soak}. */
  @Command(name = "soak", mixinStandardHelpOptions = true,
      header = "Generated posts for a long run: heap, RSS and RocksDB memory over time.",
      description =
        "Pushes generated posts made of real vocabulary (topics are born, live and die; event time moves "
            + "--event-seconds-per-post per post, so stories age out) through the whole pipeline and samples heap "
            + "and RSS every --sample-seconds. The issue's soak is --posts 1000000.")
  static final class SoakBench implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--posts", paramLabel = "N", defaultValue = "100000", description = "Posts (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(names = "--rate", paramLabel = "POSTS/S", defaultValue = "0",
        description = "Input rate in posts/s; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--sample-seconds", paramLabel = "S", defaultValue = "10",
        description = "Memory sampling period (default: ${DEFAULT-VALUE}).")
    int sampleSeconds;

    @Option(names = "--event-seconds-per-post", paramLabel = "S", defaultValue = "3",
        description = "Event time between consecutive posts (default: ${DEFAULT-VALUE}; 1M posts = 35 days); the "
            + "last post's is the time the soak starts.")
    double eventSecondsPerPost;

    @Option(names = "--active-topics", paramLabel = "N", defaultValue = "300", description = "Topics alive at once (default: ${DEFAULT-VALUE}).")
    int activeTopics;

    @Option(names = "--topic-lifetime", paramLabel = "POSTS", defaultValue = "30000",
        description = "Posts of the stream a topic lives for (default: ${DEFAULT-VALUE}).")
    int topicLifetime;

    @Override
    public Integer call() throws Exception {
      common.check(posts);
      requireRate("--rate", rate);
      requireAtLeast("--sample-seconds", sampleSeconds, 1);
      // the posts' event times end now: every stage dead-letters an event time more than an hour ahead of its wall
      // clock (EventTimes.MAX_FUTURE), so a soak that ran into the future would measure its dead-letter path
      Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      double span = end.getEpochSecond() / (double) posts;
      if (!(eventSecondsPerPost >= 0) || eventSecondsPerPost > span) {
        throw new IllegalArgumentException("illegal --event-seconds-per-post: " + eventSecondsPerPost
            + ", must be between 0 and " + (long) span + " for " + posts + " posts ending now (" + end
            + "): event times start in 1970 at the earliest");
      }
      Instant start = end.minusMillis((long) (eventSecondsPerPost * 1000 * posts));
      requireAtLeast("--active-topics", activeTopics, 1);
      if (topicLifetime < activeTopics) {
        throw new IllegalArgumentException("illegal --topic-lifetime: " + topicLifetime
            + ", must be at least --active-topics (" + activeTopics + ")");
      }
      BenchCorpus corpus = common.corpus();
      SoakPosts gen = new SoakPosts(corpus, activeTopics, topicLifetime);
      double stepMs = eventSecondsPerPost * 1000;
      List<String> origins = new ArrayList<>(corpus.origins());
      origins.add("generated from a vocabulary of " + gen.vocabularySize() + " words");
      BenchReport r = BenchRun.run(common.settings("soak", BenchStack.Mode.PIPELINE, posts, rate, gen::post,
          seq -> start.plusMillis((long) (seq * stepMs)), false, Duration.ofSeconds(sampleSeconds), 20, origins));
      common.print(spec.commandLine().getOut(), r, List.of(r), true);
      return 0;
    }
  }
}
