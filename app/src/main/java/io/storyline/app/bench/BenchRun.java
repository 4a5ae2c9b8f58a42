package io.storyline.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timed benchmark run: start a {@link BenchStack}, wait until its stages run, send the posts with
 * a {@link Feeder}, read the output with a {@link Probe}, sample memory, and wait until every post is
 * assigned and the last stage has read everything; then stop all and report. Not thread-safe.
 */
public final class BenchRun {
  private static final Logger log = LoggerFactory.getLogger(BenchRun.class);

  /**
   * What to run.
   *
   * @param name the report's name
   * @param mode the stages
   * @param posts how many posts; &gt; 0
   * @param rate input posts/s, 0 = as fast as possible
   * @param content seed of post {@code seq}
   * @param eventTime creation time of post {@code seq}, called at send time
   * @param trackLists measure latency to list (off for soaks)
   * @param sampleEvery memory sampling period
   * @param timeout give up after this long
   * @param stageSettings extra stage settings (e.g. {@code kafka.commit.interval.ms})
   * @param bootstrapServers an external cluster, or null for the embedded broker
   * @param segments into how many stretches to cut the cost-per-post profile
   * @param corpus where the text came from, for the report
   */
  public record Settings(String name, BenchStack.Mode mode, int posts, double rate, LongFunction<Seed> content,
      LongFunction<Instant> eventTime, boolean trackLists, Duration sampleEvery, Duration timeout,
      Map<String, String> stageSettings, String bootstrapServers, int segments, List<String> corpus) {
    public Settings {
      Objects.requireNonNull(mode, "mode can't be null");
      stageSettings = Map.copyOf(stageSettings);
      corpus = List.copyOf(corpus);
    }
  }

  private BenchRun() {}

  /**
   * Runs once.
   *
   * @param s what to run; may not be null
   * @return the report
   * @throws TimeoutException if the posts do not settle within {@code s.timeout()}
   * @throws Exception if a part fails
   */
  public static BenchReport run(Settings s) throws Exception {
    Path dataDir = Files.createTempDirectory("storyline-bench-");
    long deadline = System.nanoTime() + s.timeout().toNanos();
    try (BenchStack stack = new BenchStack(s.mode(), dataDir, s.bootstrapServers(), s.stageSettings())) {
      stack.awaitRunning(Duration.ofMinutes(2));
      SendTimes sendTimes = new SendTimes(s.posts());
      CpuMeter cpu = new CpuMeter();
      try (Probe probe = new Probe(stack.bootstrapServers(), s.posts(), s.trackLists(), s.segments(), sendTimes);
          MemorySampler memory = new MemorySampler(s.sampleEvery(), probe::assignedCount, stack::activeStories,
              stack::rocksDbBytes)) {
        Feeder.Target target = s.mode().readsRaw() ? Feeder.Target.RAW : Feeder.Target.POSTS;
        long settledNanos;
        long firstSend;
        CpuMeter.Usage usage;
        Map<String, Long> topicBytes;
        try (Feeder feeder = new Feeder(stack.bootstrapServers(), target, s.posts(), s.rate(), s.content(), s.eventTime(),
            sendTimes)) {
          cpu.start();
          feeder.start();
          long lastLog = System.nanoTime();
          while (probe.assignedCount() < s.posts()) {
            check(stack, probe, feeder, deadline, s);
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
              lastLog = System.nanoTime();
              log.info("bench {}: sent {}, assigned {} of {}", s.name(), feeder.sent(), probe.assignedCount(), s.posts());
            }
            TimeUnit.MILLISECONDS.sleep(10); // polling counters of other threads, not synchronising
          }
          while (!stack.lastStageCaughtUp() || (stack.producesLists() && !stack.listsSettled())) {
            check(stack, probe, feeder, deadline, s);
            TimeUnit.MILLISECONDS.sleep(20); // polling the broker's offsets
          }
          settledNanos = System.nanoTime();
          usage = cpu.stop();
          topicBytes = stack.topicBytes();
          if (s.trackLists() && stack.producesLists()) {
            // the last lists are committed; let the probe read them (a commit marker may follow: slack 1)
            long end = stack.endOffsets(io.storyline.common.topic.Topics.TOP_STORIES.name(),
                org.apache.kafka.common.IsolationLevel.READ_COMMITTED).values().stream().mapToLong(Long::longValue).sum();
            while (probe.listsReadTo() < end - 1) {
              check(stack, probe, feeder, deadline, s);
              TimeUnit.MILLISECONDS.sleep(10); // polling the probe's progress
            }
          }
          firstSend = feeder.firstSendNanos();
        }
        memory.close();
        probe.close();
        double seconds = (settledNanos - firstSend) / 1e9;
        List<BenchReport.Segment> segments = segments(probe, memory.samples(), firstSend);
        return new BenchReport(s.name(), s.mode().name().toLowerCase(java.util.Locale.ROOT), s.posts(), s.rate(),
            seconds, s.posts() / seconds, probe.assignedCount(), probe.duplicates(), probe.storiesOpened(),
            probe.listRecords(), probe.listedPosts(), BenchReport.Latency.of(probe.toAssignment()),
            probe.tracksLists() ? BenchReport.Latency.of(probe.toList()) : null, memory.peakHeapBytes(),
            MemorySampler.peakRssBytes(), segments, memory.samples(), new TreeMap<>(s.stageSettings()), s.corpus(),
            usage, secondHalfRate(probe, s.posts(), settledNanos), topicBytes);
      }
    } finally {
      deleteRecursively(dataDir);
    }
  }

  /** Posts/s over the second half of the posts: from the assignment of post n/2 until settled. */
  private static double secondHalfRate(Probe probe, int posts, long settledNanos) {
    long[] at = probe.milestoneNanos();
    int half = at.length / 2;
    if (half == 0 || at[half] == 0 || settledNanos <= at[half]) {
      return Double.NaN;
    }
    long from = (long) half * probe.milestoneStep();
    return (posts - from) / ((settledNanos - at[half]) / 1e9);
  }

  private static void check(BenchStack stack, Probe probe, Feeder feeder, long deadline, Settings s)
      throws TimeoutException {
    stack.checkHealthy();
    if (feeder.failure() != null) {
      throw new IllegalStateException("sending benchmark posts failed: " + feeder.failure().getMessage(), feeder.failure());
    }
    if (probe.failure() != null) {
      throw new IllegalStateException("reading benchmark output failed: " + probe.failure().getMessage(), probe.failure());
    }
    if (System.nanoTime() > deadline) {
      throw new TimeoutException("gave up on the run '" + s.name() + "': " + probe.assignedCount() + " of " + s.posts()
          + " posts assigned (sent " + feeder.sent() + ") when --timeout " + s.timeout() + " passed");
    }
  }

  private static List<BenchReport.Segment> segments(Probe probe, List<MemorySampler.Sample> samples, long firstSend) {
    long[] at = probe.milestoneNanos();
    int step = probe.milestoneStep();
    List<BenchReport.Segment> out = new ArrayList<>();
    long previous = firstSend;
    for (int k = 1; k < at.length; k++) {
      if (at[k] == 0) {
        break;
      }
      long from = (long) (k - 1) * step;
      long to = (long) k * step;
      double nanos = at[k] - previous;
      long mid = (from + to) / 2;
      double active = samples.stream()
          .min(Comparator.comparingLong(x -> Math.abs(x.posts() - mid)))
          .map(MemorySampler.Sample::activeStories)
          .orElse(Double.NaN);
      out.add(new BenchReport.Segment(from, to, active, nanos / 1e3 / step, step / (nanos / 1e9),
          probe.p99ToAssignmentMs(k - 1)));
      previous = at[k];
    }
    return out;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not delete the benchmark data directory {}: {}", dir, e.getMessage());
    }
  }
}
