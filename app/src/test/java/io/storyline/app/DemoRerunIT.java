package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code storyline demo --data-dir DIR} run a second time on the same directory, as the README's option invites: the
 * broker, the stores and the replay's Connect offsets are kept, so the replay resumes where it stopped.
 */
@Tag("integration")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DemoRerunIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @TempDir Path dataDir;

  private int runDemo(StringWriter out, StringWriter err) throws Exception {
    DemoSettings settings = new DemoSettings(List.of(), null, null, null, dataDir, 0, List.of("all/24h"), true, TIMEOUT);
    return new Demo(settings, new PrintWriter(out, true), new PrintWriter(err, true)).run();
  }

  @Test
  void shouldPrintTheListsAgainWhenRunOnTheDataDirOfAFinishedRun() throws Exception {
    // session 11: the demo waited for as many new raw records as the input holds; the resumed replay had written them
    // all in the first run, so the second waited until its --timeout and failed ("gave up waiting until Connect has
    // written all 687 raw records"), as did a run after a crash for the records written before it
    StringWriter firstOut = new StringWriter();
    assertThat(runDemo(firstOut, new StringWriter())).as("first run").isZero();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long start = System.nanoTime();

    int code = runDemo(out, err);

    assertThat(code).as("second run, stderr: %s", err).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("done before the timeout").isLessThan(TIMEOUT);
    assertThat(out.toString()).contains("Top 10 of all/24h");
    assertThat(tableOf(out.toString())).as("the same list as the first run").isEqualTo(tableOf(firstOut.toString()));
    // session 12: --exit-when-done printed "HTTP: http://127.0.0.1:<port>/..." and "Kafka: 127.0.0.1:<port>" after the
    // tables, addresses of a server and a broker it stopped a moment later
    assertThat(firstOut.toString() + out).as("--exit-when-done names no address it will not serve")
        .doesNotContain("HTTP:").doesNotContain("Kafka:").doesNotContain("Serving until Ctrl-C");
  }

  /** @return the printed rows of all/24h, from its heading to the closing rule */
  private static String tableOf(String printed) {
    int start = printed.indexOf("Top 10 of all/24h");
    int end = printed.indexOf("HTTP:", start);
    return printed.substring(start, end < 0 ? printed.length() : end);
  }
}
