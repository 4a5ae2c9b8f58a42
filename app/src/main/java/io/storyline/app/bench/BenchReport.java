package io.storyline.app.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one benchmark run measured; written as text for people and as JSON ({@code --json}) for
 * machines (field names as below). Times are wall clock on this machine.
 *
 * @param name what ran, e.g. {@code pipeline}, {@code floor}, {@code cluster-stage}, {@code day}, {@code soak}
 * @param mode the stages that ran ({@link BenchStack.Mode})
 * @param posts posts sent
 * @param inputRate the requested input rate in posts/s; 0 = as fast as possible
 * @param seconds from the first send until the last stage had read everything (settled)
 * @param postsPerSecond {@code posts / seconds}: sustained throughput from input topic to last output
 * @param assigned distinct posts that got an assignment (must equal {@code posts})
 * @param duplicates assignments seen a second time for a post (must be 0)
 * @param storiesOpened posts that opened a story
 * @param listRecords top-list records read
 * @param listedPosts posts whose story appeared in a list after their assignment
 * @param toAssignment latency from a post's fetchedAt to its assignment (every post)
 * @param toList latency from a post's fetchedAt to the first list that includes its story (listed posts); null
 *     when lists were not tracked
 * @param peakHeapBytes largest heap-in-use sampled (broker and stages share this JVM)
 * @param peakRssBytes the process's peak RSS ({@code VmHWM}); -1 if unknown
 * @param segments cost per post along the run, as active stories grow
 * @param memory the memory samples
 * @param settings the stage settings of the run (overrides), key → value
 * @param corpus where the posts' text came from
 * @param cpu CPU time of the JVM from the first send until settled, in total and by thread group, and the
 *     machine's load averages at both ends
 * @param secondHalfPostsPerSecond posts/s over the second half of the posts (from the assignment of the
 *     middle post until settled): the rate once the JVM is warm; NaN if unknown
 * @param topicBytes bytes of log segments per topic on the embedded broker when the run settled (changelogs
 *     included), largest first; empty for an external cluster
 */
public record BenchReport(
    String name, String mode, int posts, double inputRate, double seconds, double postsPerSecond, long assigned,
    long duplicates, long storiesOpened, long listRecords, long listedPosts, Latency toAssignment, Latency toList,
    long peakHeapBytes, long peakRssBytes, List<Segment> segments, List<MemorySampler.Sample> memory,
    Map<String, String> settings, List<String> corpus, CpuMeter.Usage cpu, double secondHalfPostsPerSecond,
    Map<String, Long> topicBytes) {

  /** @return CPU milliseconds of the whole JVM per post (broker, stages, feeder and probe) */
  public double cpuMillisPerPost() {
    return cpu.processSeconds() * 1000 / posts;
  }

  /**
   * Latency percentiles in milliseconds.
   *
   * @param count values recorded
   * @param p50Ms median
   * @param p90Ms 90th percentile
   * @param p99Ms 99th percentile
   * @param maxMs maximum
   */
  public record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
    static Latency of(Histogram h) {
      return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
          h.getValueAtPercentile(99), h.getMaxValue());
    }
  }

  /**
   * The cost of one stretch of the run (equal numbers of posts), measured at the output.
   *
   * @param fromPost first post (by order of assignment)
   * @param toPost one past the last post
   * @param activeStories open stories in the clusterer during the stretch (sampled; NaN if unknown)
   * @param microsPerPost wall time per post in the stretch
   * @param postsPerSecond the stretch's throughput
   * @param p99ToAssignmentMs 99th percentile of send → assignment, ms, of the posts sent in the same stretch of
   *     the send order (posts fromPost .. toPost-1 by sequence number); shows whether a latency tail is the start
   */
  public record Segment(long fromPost, long toPost, double activeStories, double microsPerPost, double postsPerSecond,
      long p99ToAssignmentMs) {}

  /**
   * Prints the report for people.
   *
   * @param out where to; may not be null
   */
  public void print(PrintWriter out) {
    out.printf(Locale.ROOT, "%n== storyline bench %s (%s) ==%n", name, mode);
    out.printf(Locale.ROOT, "posts %d, input rate %s, corpus %s%n", posts,
        inputRate == 0 ? "as fast as possible" : String.format(Locale.ROOT, "%.0f/s", inputRate), corpus);
    out.printf(Locale.ROOT, "settled after %.2f s: %.0f posts/s sustained, input topic to last output%n", seconds,
        postsPerSecond);
    out.printf(Locale.ROOT, "second half of the posts: %.0f posts/s (warm JVM)%n", secondHalfPostsPerSecond);
    out.printf(Locale.ROOT, "CPU of the JVM in the run: %.2f s = %.3f ms per post; load average %s at the start, %s at the end%n",
        cpu.processSeconds(), cpuMillisPerPost(), cpu.loadAtStart(), cpu.loadAtEnd());
    out.printf(Locale.ROOT, "CPU s by thread group: %s%n", fmtCpu(cpu.topGroupsSeconds()));
    if (!topicBytes.isEmpty()) {
      StringBuilder t = new StringBuilder();
      topicBytes.entrySet().stream().limit(8).forEach(e -> t.append(t.isEmpty() ? "" : "; ").append(e.getKey())
          .append(' ').append(String.format(Locale.ROOT, "%.0f", e.getValue() / (double) posts)));
      out.printf(Locale.ROOT, "bytes on the broker per post, by topic: %s%n", t);
    }
    out.printf(Locale.ROOT, "assigned %d of %d (duplicates %d), stories opened %d, lists read %d, posts listed %d%n",
        assigned, posts, duplicates, storiesOpened, listRecords, listedPosts);
    out.printf(Locale.ROOT, "latency send -> assignment: %s%n", fmt(toAssignment));
    if (toList != null) {
      out.printf(Locale.ROOT, "latency send -> first list with its story: %s%n", fmt(toList));
    }
    out.printf(Locale.ROOT, "peak heap used %.0f MiB, peak RSS %.0f MiB (broker and stages in this JVM)%n",
        peakHeapBytes / 1048576.0, peakRssBytes / 1048576.0);
    if (!segments.isEmpty()) {
      out.printf(Locale.ROOT, "cost per post along the run:%n  %-17s %14s %12s %10s %14s%n", "posts", "active stories",
          "µs/post", "posts/s", "p99 ms to asg");
      for (Segment s : segments) {
        out.printf(Locale.ROOT, "  %7d-%-9d %14.0f %12.1f %10.0f %14d%n", s.fromPost(), s.toPost(), s.activeStories(),
            s.microsPerPost(), s.postsPerSecond(), s.p99ToAssignmentMs());
      }
    }
    if (!settings.isEmpty()) {
      out.printf(Locale.ROOT, "settings %s%n", settings);
    }
    out.flush();
  }

  /** Prints the memory samples as a table. */
  public void printMemory(PrintWriter out) {
    out.printf(Locale.ROOT, "  %8s %10s %14s %12s %16s %10s %9s %9s %12s %14s%n", "seconds", "posts", "heap used MiB",
        "heap MiB", "old after GC MiB", "RSS MiB", "anon MiB", "file MiB", "RocksDB MiB", "active stories");
    for (MemorySampler.Sample s : memory) {
      out.printf(Locale.ROOT, "  %8.0f %10d %14.0f %12.0f %16.0f %10.0f %9.0f %9.0f %12.0f %14.0f%n", s.seconds(), s.posts(),
          s.heapUsedBytes() / 1048576.0, s.heapCommittedBytes() / 1048576.0, s.oldGenAfterGcBytes() / 1048576.0,
          s.rssBytes() / 1048576.0, s.rssAnonBytes() / 1048576.0, s.rssFileBytes() / 1048576.0,
          s.rocksDbBytes() / 1048576.0, s.activeStories());
    }
    out.flush();
  }

  private static String fmtCpu(Map<String, Double> groups) {
    StringBuilder b = new StringBuilder();
    groups.forEach((k, v) -> b.append(b.isEmpty() ? "" : "; ").append(k).append(' ')
        .append(String.format(Locale.ROOT, "%.2f", v)));
    return b.toString();
  }

  private static String fmt(Latency l) {
    return String.format(Locale.ROOT, "p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms (%d posts)", l.p50Ms(),
        l.p90Ms(), l.p99Ms(), l.maxMs(), l.count());
  }
}
