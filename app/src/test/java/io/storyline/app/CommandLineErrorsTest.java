package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What a user sees for an ordinary mistake on the command line: one line naming the command, the
 * thing, the value and the rule, an exit code, no stack trace, and nothing started (no broker: these
 * all fail before one would start).
 */
class CommandLineErrorsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Storyline.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private void assertNoStackTrace() {
    assertThat(err.toString()).as("stderr").doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @Test
  void shouldRefuseAMistypedDemoSettingWithTheKeyMeant() {
    int code = run("demo", "--exit-when-done", "-D", "cluster.similarity.treshold=0.3");

    assertThat(code).isEqualTo(Storyline.EXIT_BAD_SETTING);
    assertThat(err.toString()).contains("storyline demo: unknown setting 'cluster.similarity.treshold'")
        .contains("did you mean 'cluster.similarity.threshold'?");
    assertNoStackTrace();
  }

  @Test
  void shouldRefuseADemoSettingOutsideItsRangeBeforeStartingAnything() {
    int code = run("demo", "--exit-when-done", "-D", "cluster.similarity.threshold=1.5");

    assertThat(code).isEqualTo(Storyline.EXIT_BAD_SETTING);
    assertThat(err.toString()).contains("storyline demo:").contains("cluster.similarity.threshold").contains("1.5");
    assertThat(out.toString()).as("nothing replayed").doesNotContain("Replaying");
    assertNoStackTrace();
  }

  @Test
  void shouldSayWhatADurationLooksLikeWhenTheTimeoutIsNotOne() {
    int code = run("demo", "--timeout", "10m");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("'10m' is not an ISO-8601 duration").contains("PT10M")
        .doesNotContain("java.time");
  }

  @Test
  void shouldRefuseANegativeHttpPortNamingTheOption() {
    int code = run("demo", "--http-port", "-1");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("illegal --http-port: -1").contains("65535");
    assertNoStackTrace();
  }

  @Test
  void shouldRefuseAStageSettingOutsideItsRuleWithoutAStackTrace() {
    int code = run("run", "normalizer", "--bootstrap-servers", "127.0.0.1:1", "-D", "http.port=-5");

    assertThat(code).isEqualTo(Storyline.EXIT_BAD_SETTING);
    assertThat(err.toString()).contains("storyline run normalizer:").contains("http.port").contains("-5");
    assertNoStackTrace();
  }

  @Test
  void shouldNameAConfigFileThatCannotBeRead() {
    int code = run("run", "cluster", "--bootstrap-servers", "127.0.0.1:1", "--config", "/nonexistent/stage.properties");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("storyline run cluster: could not read --config /nonexistent/stage.properties");
    assertNoStackTrace();
  }

  @Test
  void shouldRefuseADemoListThatIsNotPublishedNamingThoseThatAre() {
    int code = run("demo", "--list", "foo");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("unknown --list 'foo'").contains("all/24h");
    assertThat(out.toString()).as("nothing replayed").doesNotContain("Replaying");
  }

  @Test
  void shouldRefuseAnUnknownEvalDatasetBeforePrintingAnything() {
    int code = run("eval", "--dataset", "news-t,nope");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("unknown dataset 'nope'").contains("news-t");
    assertThat(out.toString()).as("no table header").isEmpty();
  }

  @Test
  void shouldRefuseASettingWithoutAnEqualsSignNamingTheOptionTheValueAndTheForm() {
    for (String[] args : new String[][] {
        {"run", "cluster", "--bootstrap-servers", "localhost:9092", "-D", "cluster.similarity.threshold"},
        {"run", "cluster", "--bootstrap-servers", "localhost:9092", "--set=cluster.similarity.threshold"},
        {"demo", "-Dcluster.similarity.threshold"}}) {
      err.getBuffer().setLength(0);

      int code = run(args);

      assertThat(code).as("%s", String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString()).as("%s", String.join(" ", args))
          .contains("Invalid value for option '-D' (--set): 'cluster.similarity.threshold' is not KEY=VALUE")
          .contains("-D cluster.similarity.threshold=0.2")
          .doesNotContain("option option");
      assertNoStackTrace();
    }
  }

  @Test
  void shouldRefuseAnIngestWorkerOrClientSettingWithAnEmptyKeyWithAnExampleOfItsOwnKind() {
    int worker = run("run", "ingest", "--bootstrap-servers", "localhost:9092", "-W", "=10000");
    String workerErr = err.toString();
    err.getBuffer().setLength(0);
    int client = run("run", "ingest", "--bootstrap-servers", "localhost:9092", "-D", "SASL_SSL");

    assertThat(worker).isEqualTo(2);
    assertThat(workerErr).contains("'-W' (--worker): '=10000' is not KEY=VALUE (the key is empty)")
        .contains("-W offset.flush.timeout.ms=10000");
    assertThat(client).isEqualTo(2);
    assertThat(err.toString()).contains("'SASL_SSL' is not KEY=VALUE").contains("-D kafka.security.protocol=SASL_SSL");
  }

  @Test
  void shouldRefuseADemoTimeoutWhoseNanosecondsOverflowBeforeStartingAnything() {
    // PT2562048H is 292 years: Duration.toNanos() threw ArithmeticException after the broker had started
    int code = run("demo", "--timeout", "PT2562048H", "--input", "no-such-input.jsonl");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("illegal --timeout: PT2562048H").contains("at most P36500D");
    assertThat(out.toString()).as("nothing replayed").doesNotContain("Replaying");
    assertNoStackTrace();
  }

  @Test
  void shouldRefuseABenchTimeoutWhoseNanosecondsOverflowOrThatIsNotPositive() {
    int tooLong = run("bench", "pipeline", "--sample-only", "--posts", "0", "--timeout", "PT2562048H");
    String tooLongErr = err.toString();
    err.getBuffer().setLength(0);
    int negative = run("bench", "pipeline", "--sample-only", "--posts", "0", "--timeout", "PT-1S");

    assertThat(tooLong).isEqualTo(2);
    assertThat(tooLongErr).contains("illegal --timeout: PT2562048H").contains("at most P36500D");
    assertThat(negative).isEqualTo(2);
    assertThat(err.toString()).contains("illegal --timeout: PT-1S").contains("positive");
    assertNoStackTrace();
  }
}
