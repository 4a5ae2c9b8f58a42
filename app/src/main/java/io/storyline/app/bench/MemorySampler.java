package io.storyline.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Samples this process's memory at a fixed period on its own thread: heap used and committed (JMX)
 * and resident set size from {@code /proc/self/status} ({@code VmRSS}; the kernel's own peak {@code
 * VmHWM} is read once at the end), with the run's progress and the active story count next to each
 * sample. On systems without {@code /proc} the RSS figures are -1. Thread-safe.
 */
public final class MemorySampler implements AutoCloseable {
  private static final Path STATUS = Path.of("/proc/self/status");

  /**
   * One sample.
   *
   * @param seconds since the sampler started
   * @param posts posts assigned so far
   * @param heapUsedBytes heap in use
   * @param heapCommittedBytes heap committed
   * @param rssBytes resident set size, -1 if unknown
   * @param activeStories open stories in the clusterer, NaN if unknown
   * @param oldGenAfterGcBytes the old generation's occupancy after its latest collection (the live set
   *     as of that GC), -1 if the collector does not report it
   * @param rssAnonBytes the anonymous part of the RSS ({@code RssAnon}: heap, malloc, RocksDB), -1 if unknown
   * @param rssFileBytes the file-backed part of the RSS ({@code RssFile}: mapped jars, the embedded
   *     broker's memory-mapped segment indexes), -1 if unknown
   * @param rocksDbBytes native memory in use by the stages' RocksDB stores (their shared caches), -1 if unknown
   */
  public record Sample(double seconds, long posts, long heapUsedBytes, long heapCommittedBytes, long rssBytes,
      double activeStories, long oldGenAfterGcBytes, long rssAnonBytes, long rssFileBytes, long rocksDbBytes) {}

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final ScheduledExecutorService timer;
  private final long startNanos = System.nanoTime();
  private final LongSupplier posts;
  private final DoubleSupplier activeStories;
  private final LongSupplier rocksDbBytes;
  private final List<Sample> samples = new ArrayList<>();
  private long peakHeap;

  /**
   * Starts sampling at once and then every {@code period}.
   *
   * @param period the sampling period; positive
   * @param posts progress, read at each sample
   * @param activeStories the active story count, read at each sample (NaN if unknown)
   */
  public MemorySampler(Duration period, LongSupplier posts, DoubleSupplier activeStories) {
    this(period, posts, activeStories, () -> -1);
  }

  /**
   * Starts sampling at once and then every {@code period}.
   *
   * @param period the sampling period; positive
   * @param posts progress, read at each sample
   * @param activeStories the active story count, read at each sample (NaN if unknown)
   * @param rocksDbBytes the stages' RocksDB native memory in use, bytes, read at each sample (-1 if unknown)
   */
  public MemorySampler(Duration period, LongSupplier posts, DoubleSupplier activeStories, LongSupplier rocksDbBytes) {
    this.posts = posts;
    this.activeStories = activeStories;
    this.rocksDbBytes = rocksDbBytes;
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "storyline-bench-memory");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::sample, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void sample() {
    var heap = memory.getHeapMemoryUsage();
    peakHeap = Math.max(peakHeap, heap.getUsed());
    samples.add(new Sample((System.nanoTime() - startNanos) / 1e9, posts.getAsLong(), heap.getUsed(),
        heap.getCommitted(), rssBytes(), activeStories.getAsDouble(), oldGenAfterGc(), kbToBytes(statusKb("RssAnon:")),
        kbToBytes(statusKb("RssFile:")), rocksDbBytes.getAsLong()));
  }

  private static long oldGenAfterGc() {
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getName().contains("Old")
          && pool.isCollectionUsageThresholdSupported() && pool.getCollectionUsage() != null) {
        return pool.getCollectionUsage().getUsed();
      }
    }
    return -1;
  }

  /** @return the samples so far, oldest first */
  public synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** @return the largest heap-in-use sampled */
  public synchronized long peakHeapBytes() {
    return peakHeap;
  }

  /** @return the process's peak resident set size ({@code VmHWM}), -1 if unknown */
  public static long peakRssBytes() {
    long kb = statusKb("VmHWM:");
    return kb < 0 ? -1 : kb * 1024;
  }

  /** @return the process's resident set size now ({@code VmRSS}), -1 if unknown */
  public static long rssBytes() {
    long kb = statusKb("VmRSS:");
    return kb < 0 ? -1 : kb * 1024;
  }

  private static long kbToBytes(long kb) {
    return kb < 0 ? -1 : kb * 1024;
  }

  private static long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field)) {
          String digits = line.substring(field.length()).replace("kB", "").strip();
          return Long.parseLong(digits);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Takes a last sample and stops. */
  @Override
  public void close() {
    timer.shutdownNow();
    sample();
  }
}
