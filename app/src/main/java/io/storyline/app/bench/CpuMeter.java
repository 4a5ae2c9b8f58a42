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
 * wall-clock throughput is not.
 *
 * <p>The JVM's own threads (JIT compilers, garbage collector, VM thread) are not Java threads, so {@code
 * ThreadMXBean} does not see them; on Linux they are read from {@code /proc/self/task/<tid>/stat}
 * (utime + stime, in clock ticks of 10 ms, {@code USER_HZ} = 100 as on every mainstream Linux; see
 * proc(5)) and grouped as {@code jvm: JIT compiler}, {@code jvm: GC} and {@code jvm: VM thread}. Where
 * {@code /proc} is absent these groups are simply missing. Not thread-safe.
 */
public final class CpuMeter {
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final Pattern TEMP_DIR = Pattern.compile("/tmp/\\S*");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final Map<Long, Long> startByThread = new HashMap<>();
  private final Map<String, Long> startByNativeThread = new HashMap<>();
  private long startProcessNanos;
  private String startLoad;

  /** Takes the starting snapshot. */
  public void start() {
    startLoad = loadAverage();
    startProcessNanos = os.getProcessCpuTime();
    for (long id : threads.getAllThreadIds()) {
      startByThread.put(id, threads.getThreadCpuTime(id));
    }
    nativeThreads().forEach((tid, t) -> startByNativeThread.put(tid, t.nanos()));
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
    nativeThreads().forEach((tid, t) ->
        groups.merge(t.group(), t.nanos() - startByNativeThread.getOrDefault(tid, 0L), Long::sum));
    Map<String, Double> top = new LinkedHashMap<>();
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(16)
        .forEach(e -> top.put(e.getKey(), e.getValue() / 1e9));
    return new Usage(process / 1e9, top, startLoad, loadAverage());
  }

  static String group(String threadName) {
    String n = UUID.matcher(threadName).replaceAll("*");
    n = TEMP_DIR.matcher(n).replaceAll("<dir>");
    return NUMBER.matcher(n).replaceAll("N");
  }

  /**
   * @param comm a thread's name as the kernel keeps it ({@code /proc/self/task/<tid>/comm}, at most 15
   *     characters)
   * @return the group of a HotSpot-internal thread, or null for any other thread (Java threads are
   *     measured through {@code ThreadMXBean})
   */
  static String jvmGroup(String comm) {
    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
      return "jvm: JIT compiler";
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("GC ")) {
      return "jvm: GC";
    }
    if (comm.equals("VM Thread")) {
      return "jvm: VM thread";
    }
    return null;
  }

  /** CPU time of one HotSpot-internal thread. */
  record NativeThread(String group, long nanos) {}

  /** @return the HotSpot-internal threads of this process by thread id; empty where /proc is absent */
  static Map<String, NativeThread> nativeThreads() {
    Map<String, NativeThread> out = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (var dirs = Files.list(tasks)) {
      dirs.forEach(dir -> {
        try {
          String group = jvmGroup(Files.readString(dir.resolve("comm")).strip());
          if (group != null) {
            out.put(dir.getFileName().toString(), new NativeThread(group, ticksToNanos(Files.readString(dir.resolve("stat")))));
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read: it is in the process total only
        }
      });
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /**
   * @param stat the content of {@code /proc/<pid>/task/<tid>/stat}
   * @return utime + stime (fields 14 and 15) in nanoseconds
   */
  static long ticksToNanos(String stat) {
    // the name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
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
