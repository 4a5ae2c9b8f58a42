package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.common.serde.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code storyline bench pipeline} on a real embedded broker, small: the report has its shape and
 * every post sent reached an assignment exactly once. Speed is not asserted here (see
 * docs/BENCHMARKS.md for the figures and how to rerun them).
 */
@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BenchCommandIT {
  private static final int POSTS = 300;

  @Test
  void shouldAssignEveryPostOnceAndReportThroughputLatencyAndMemoryAsJson() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Storyline.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

    int code = cli.execute("bench", "pipeline", "--sample-only", "--posts", Integer.toString(POSTS), "--segments", "3",
        "--json", "--timeout", "PT3M", "--set", "publish.emit.interval.ms=500");

    assertThat(code).as("exit code; stderr: %s", err).isZero();
    JsonNode r = Json.mapper().readTree(out.toString());
    assertThat(r.path("name").asText()).isEqualTo("pipeline");
    assertThat(r.path("posts").asInt()).isEqualTo(POSTS);
    assertThat(r.path("assigned").asLong()).as("posts that reached an assignment").isEqualTo(POSTS);
    assertThat(r.path("duplicates").asLong()).isZero();
    assertThat(r.path("toAssignment").path("count").asLong()).isEqualTo(POSTS);
    assertThat(r.path("toAssignment").path("p99Ms").asDouble())
        .isGreaterThanOrEqualTo(r.path("toAssignment").path("p50Ms").asDouble());
    assertThat(r.path("listRecords").asLong()).as("top lists read").isPositive();
    assertThat(r.path("listedPosts").asLong()).as("posts whose story reached a list").isPositive()
        .isEqualTo(r.path("toList").path("count").asLong());
    assertThat(r.path("postsPerSecond").asDouble()).isPositive();
    assertThat(r.path("seconds").asDouble()).isPositive();
    assertThat(r.path("peakHeapBytes").asLong()).isPositive();
    assertThat(r.path("peakRssBytes").asLong()).isGreaterThanOrEqualTo(r.path("memory").path(0).path("rssBytes").asLong());
    assertThat(r.path("segments")).hasSize(3);
    assertThat(r.path("settings").path("publish.emit.interval.ms").asText()).isEqualTo("500");
    assertThat(r.path("corpus").path(0).asText()).startsWith("bundled sample");
  }

  @Test
  void shouldReportARunThatGivesUpAtItsTimeoutInOneLineWithExitCodeOne() {
    // before: the TimeoutException's stack trace, as for a bug
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Storyline.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

    int code = cli.execute("bench", "pipeline", "--sample-only", "--posts", "50", "--timeout", "PT0.001S");

    assertThat(code).as("stderr: %s", err).isEqualTo(1);
    assertThat(err.toString()).contains("storyline bench pipeline: gave up on the run 'pipeline': ")
        .contains("of 50 posts assigned").contains("when --timeout PT0.001S passed")
        .doesNotContain("\tat ").doesNotContain("TimeoutException");
    assertThat(out.toString()).as("no report").isEmpty();
  }

  @Test
  void shouldReplayTheWarmUpDaysUnmeasuredBeforeTheMeasuredDayAndReportTheJvmsOwnCpu() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Storyline.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

    int code = cli.execute("bench", "day", "--sample-only", "--posts", "150", "--date", "2025-07-10", "--warm-up-days", "1",
        "--timeout", "PT3M");

    assertThat(code).as("exit code; stderr: %s", err).isZero();
    String report = out.toString();
    assertThat(report).contains("warm-up: the day 2025-07-09 settled in")
        .contains("== storyline bench day 2025-07-10 (pipeline) ==")
        .contains("assigned 150 of 150 (duplicates 0)")
        .contains("a day of 150 posts settled in")
        .contains("after 1 warm-up day(s)");
    assertThat(report.indexOf("warm-up:")).as("the warm-up comes first").isLessThan(report.indexOf("== storyline bench day"));
    if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
      assertThat(report).as("CPU of the JIT compiler threads, read from /proc").contains("jvm: JIT compiler");
    }
  }

  @Test
  void shouldMoveEveryRawPostThroughTheNormalizerToOneTrivialAssignmentInThePipelineFloor() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Storyline.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

    int code = cli.execute("bench", "floor", "--only", "pipeline-floor", "--sample-only", "--posts", Integer.toString(POSTS),
        "--json", "--timeout", "PT3M");

    assertThat(code).as("exit code; stderr: %s", err).isZero();
    JsonNode r = Json.mapper().readTree(out.toString());
    assertThat(r.path("mode").asText()).isEqualTo("pipeline_floor");
    assertThat(r.path("assigned").asLong()).as("raw posts that reached an assignment").isEqualTo(POSTS);
    assertThat(r.path("duplicates").asLong()).isZero();
    assertThat(r.path("storiesOpened").asLong()).as("the pass-through opens one story per post").isEqualTo(POSTS);
    assertThat(r.path("listRecords").asLong()).as("no ranking in the floor").isZero();
    JsonNode bytes = r.path("topicBytes");
    assertThat(bytes.path("posts").asLong()).as("the normalizer wrote posts; bytes per topic: %s", bytes).isPositive();
    assertThat(bytes.properties()).as("the feeder wrote raw records").anyMatch(e -> e.getKey().startsWith("posts.raw."));
  }
}
