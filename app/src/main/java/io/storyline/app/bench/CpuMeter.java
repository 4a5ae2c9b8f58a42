package io.storyline.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time spent by this JVM (broker, stages and benchmark threads alike) between {@link #start()} and
 * {@link #stop()}: the process total ({@code OperatingSystemMXBean.getProcessCpuTime}, user + system,
 * all threads) and per group of threads, a group being a thread name with ids and numbers removed
 * ({@code ThreadMXBean.getThreadCpuTime}; threads that end within the window are missing from the
 * groups, not from the total). On a machine shared with other work this is what a run costs, which
 * wall-clock throughput is not. Not thread-safe.
 */
public final class CpuMeter {
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final Pattern TEMP_DIR = Pattern.compile("/tmp/\\S*");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final Map<Long, Long> startByThread = new HashMap<>();
  private long startProcessNanos;
  private String startLoad;

  /** Takes the starting snapshot. */
  public void start() {
    startLoad = loadAverage();
    startProcessNanos = os.getProcessCpuTime();
    for (long id : threads.getAllThreadIds()) {
      startByThread.put(id, threads.getThreadCpuTime(id));
    }
  }

  /**
   * Takes the closing snapshot.
   *
   * @return the CPU time of the window: process total and the groups using most, largest first
   */
  public Usage stop() {
    long process = os.getProcessCpuTime() - startProcessNanos;
    Map<String, Long> groups = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long now = threads.getThreadCpuTime(info.getThreadId());
      if (now < 0) {
        continue;
      }
      long used = now - startByThread.getOrDefault(info.getThreadId(), 0L);
      groups.merge(group(info.getThreadName()), used, Long::sum);
    }
    Map<String, Double> top = new LinkedHashMap<>();
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(12)
        .forEach(e -> top.put(e.getKey(), e.getValue() / 1e9));
    return new Usage(process / 1e9, top, startLoad, loadAverage());
  }

  static String group(String threadName) {
    String n = UUID.matcher(threadName).replaceAll("*");
    n = TEMP_DIR.matcher(n).replaceAll("<dir>");
    return NUMBER.matcher(n).replaceAll("N");
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * @param processSeconds CPU seconds of the whole JVM in the window (user + system); negative if unknown
   * @param topGroupsSeconds CPU seconds of the thread groups using most, largest first
   * @param loadAtStart the machine's 1/5/15-minute load averages at the start ({@code /proc/loadavg})
   * @param loadAtEnd the same at the end
   */
  public record Usage(double processSeconds, Map<String, Double> topGroupsSeconds, String loadAtStart,
      String loadAtEnd) {
    public Usage {
      topGroupsSeconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(topGroupsSeconds));
    }
  }
}
