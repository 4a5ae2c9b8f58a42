package io.storyline.app.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code storyline run <stage> ...} in a child JVM started from the packaged jar ({@code
 * app/target/storyline.jar} with {@code app/target/lib/}), as an operator runs it, so that {@link
 * #kill()} is a real {@code kill -9} ({@link Process#destroyForcibly()} sends SIGKILL on Linux): no
 * shutdown hook, no Streams close, no transaction abort, no offset flush. Output goes to a log file.
 * Not thread-safe.
 */
final class ChildStage implements AutoCloseable {
  private static final Pattern PORT = Pattern.compile("on port (\\d+)");
  private static final Path JAR = Path.of("target", "storyline.jar");

  private final String name;
  private final Path log;
  private final Process process;

  private ChildStage(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code storyline <args>} in a child JVM.
   *
   * @param name for messages and the log file name
   * @param logDir where {@code <name>-<n>.log} is written
   * @param args the command line after {@code storyline}, e.g. {@code run cluster --bootstrap-servers ...}
   * @return the running child
   */
  static ChildStage start(String name, Path logDir, List<String> args) {
    return start(name, logDir, List.of(), args);
  }

  /**
   * Starts {@code storyline <args>} in a child JVM with extra JVM options.
   *
   * @param name for messages and the log file name
   * @param logDir where {@code <name>-<n>.log} is written
   * @param jvmOptions options before the main class, e.g. {@code -Djava.io.tmpdir=...}
   * @param args the command line after {@code storyline}
   * @return the running child
   */
  static ChildStage start(String name, Path logDir, List<String> jvmOptions, List<String> args) {
    assertThat(JAR).as("the packaged jar (mvn package builds it before the integration tests)").exists();
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        // the children start a dozen times per test run: share one class-data archive to start faster
        "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + Path.of("target", "fault-children.jsa").toAbsolutePath(),
        "--enable-native-access=ALL-UNNAMED", "-cp", JAR + File.pathSeparator + Path.of("target", "lib") + "/*"));
    command.addAll(jvmOptions);
    command.add("io.storyline.app.Storyline");
    command.addAll(args);
    try {
      Files.createDirectories(logDir);
      Path log;
      int n = 0;
      do {
        log = logDir.resolve(name + "-" + (++n) + ".log");
      } while (Files.exists(log));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new ChildStage(name, log, p);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + command, e);
    }
  }

  /**
   * Waits until the child prints its HTTP port and {@code /health/ready} answers 200.
   *
   * @param timeout the longest wait
   * @return the HTTP port
   */
  int awaitReady(Duration timeout) {
    int[] port = {-1};
    await(name + " prints its port and reports ready (log " + log + ")").atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .failFast(name + " exited early; log tail:\n" + tail(), () -> !process.isAlive())
        .until(() -> {
          if (port[0] < 0) {
            Matcher m = PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (!m.find()) {
              return false;
            }
            port[0] = Integer.parseInt(m.group(1));
          }
          return ready(port[0]);
        });
    return port[0];
  }

  private static boolean ready(int port) {
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits until the child's output contains a text.
   *
   * @param text the text, e.g. {@code "Serving until Ctrl-C"}
   * @param timeout the longest wait
   */
  void awaitOutput(String text, Duration timeout) {
    await(name + " prints '" + text + "' (log " + log + ")").atMost(timeout).pollInterval(Duration.ofMillis(200))
        .failFast(name + " exited early; log tail:\n" + tail(), () -> !process.isAlive())
        .until(() -> Files.readString(log, StandardCharsets.UTF_8).contains(text));
  }

  /** @return the child's exit code; the child must have exited */
  int exitValue() {
    return process.exitValue();
  }

  /** @return true while the child runs */
  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, then waits until the process is gone. */
  void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM (the stage's shutdown hook closes it cleanly), then waits until it exits. */
  void stop() {
    process.destroy();
    awaitExit();
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** @return the last lines of the child's log, for failure messages */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
