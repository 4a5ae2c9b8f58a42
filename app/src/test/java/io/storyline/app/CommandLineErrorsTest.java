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

  /**
   * Runs a command that must be refused before it connects (its bootstrap address takes seconds to give up on).
   *
   * @return what it wrote to stderr
   */
  private String refusedBeforeConnecting(int code, java.time.Duration within, String... args) {
    err.getBuffer().setLength(0);
    long start = System.nanoTime();
    int actual = run(args);
    assertThat(actual).as("%s", java.util.List.of(args)).isEqualTo(code);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("refused before connecting").isLessThan(within);
    assertNoStackTrace();
    return err.toString();
  }

  /** @return a new temporary connector file of the replay connector on /tmp; the caller deletes it */
  private static java.nio.file.Path replayConnectorFile() throws java.io.IOException {
    java.nio.file.Path connector = java.nio.file.Files.createTempFile("replay", ".properties");
    return java.nio.file.Files.writeString(connector, "connector.class=io.storyline.ingest.connect.ReplaySourceConnector\n"
        + "replay.paths=/tmp\n");
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
    assertThat(err.toString()).contains("storyline demo:").contains("cluster.similarity.threshold").contains("1.5")
        .as("the command that lists every setting's rule").endsWith("see 'storyline settings'" + System.lineSeparator());
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

  @Test
  void shouldRefuseAnEmptyPathInsteadOfUsingTheWorkingDirectory() {
    // Path.of("") is the working directory: --data-dir "" wrote broker/, state/, connect/ and sample/ there, and
    // --input "" replayed every file under it
    for (String option : new String[] {"--data-dir", "--input"}) {
      err.getBuffer().setLength(0);

      int code = run("demo", "--exit-when-done", option, "");

      assertThat(code).as(option).isEqualTo(2);
      assertThat(err.toString()).as(option).contains("Invalid value for option '" + option + "'")
          .contains("'' is an empty path");
      assertThat(out.toString()).as("nothing replayed").doesNotContain("Replaying");
    }
  }

  @Test
  void shouldSayWhyTheDemoDataDirCannotBeUsedNamingTheOption() throws java.io.IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("not-a-dir", ".txt");
    try {
      int code = run("demo", "--exit-when-done", "--data-dir", file.toString());

      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).contains("storyline demo: could not use --data-dir " + file)
          .contains("exists and is not a directory");
      assertThat(out.toString()).as("nothing replayed").doesNotContain("Replaying");
      assertNoStackTrace();
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void shouldNameTheReasonAConfigFileCannotBeReadAlikeInEveryRunCommand() throws java.io.IOException {
    // session 14: run ingest refused it as a usage error (exit 2), the other run commands as a file they cannot use
    java.nio.file.Path connector = replayConnectorFile();
    try {
      String[][] cases = {{"cluster"}, {"ingest", "-c", connector.toString()}}; // the stage, then its own arguments
      for (String[] c : cases) {
        String stage = c[0];
        err.getBuffer().setLength(0);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", stage, "--bootstrap-servers",
            "127.0.0.1:1", "--config", "/nonexistent/stage.properties"));
        args.addAll(java.util.Arrays.asList(c).subList(1, c.length));

        int code = run(args.toArray(String[]::new));

        assertThat(code).as(stage).isEqualTo(1);
        assertThat(err.toString()).as(stage).isEqualTo("storyline run " + stage + ": could not read --config"
            + " /nonexistent/stage.properties: /nonexistent/stage.properties: no such file or directory" + System.lineSeparator());
      }
    } finally {
      java.nio.file.Files.delete(connector);
    }
  }

  @Test
  void shouldReadAStageConfigFileWithAByteOrderMarkAsWithout() throws java.io.IOException {
    // a BOM became part of the first key: "unknown setting '\uFEFFcluster.similarity.threshold'", which reads as if
    // the key right there were unknown
    java.nio.file.Path file = java.nio.file.Files.createTempFile("stage", ".properties");
    try {
      java.nio.file.Files.writeString(file, "\uFEFFcluster.similarity.threshold=1.5\r\n");

      int code = run("run", "cluster", "--bootstrap-servers", "127.0.0.1:1", "--config", file.toString());

      assertThat(code).isEqualTo(Storyline.EXIT_BAD_SETTING);
      assertThat(err.toString()).contains("cluster.similarity.threshold").contains("1.5").doesNotContain("unknown setting");
      assertNoStackTrace();
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void shouldSayThatAConfigFileIsNotUtf8() throws java.io.IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("latin1", ".properties");
    try {
      java.nio.file.Files.write(file, "kafka.client.id=caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

      int code = run("run", "publish", "--bootstrap-servers", "127.0.0.1:1", "--config", file.toString());

      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).contains("could not read --config " + file + ": not UTF-8 text");
      assertNoStackTrace();
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void shouldRefuseBootstrapServersThatDoNotResolveOrAreNotHostPortNamingTheOptionInEveryCommand() throws java.io.IOException {
    // the admin client threw KafkaException("Failed to create new KafkaAdminClient") caused by a ConfigException:
    // a 20-line stack trace for a typo in the host name; then (until session 14) one line in the client's words, naming
    // its key: "No resolvable bootstrap urls given in bootstrap.servers", "Configuration 'bootstrap.servers' values
    // must not be empty"
    java.nio.file.Path connector = replayConnectorFile();
    try {
      String[][] cases = { // what the message holds, then the arguments
          {"illegal --bootstrap-servers no-such-host.invalid:9092: no host of it resolves", "run", "normalizer",
              "--bootstrap-servers", "no-such-host.invalid:9092"},
          {"illegal --bootstrap-servers ',': names no HOST:PORT", "demo", "--exit-when-done", "--http-port", "0",
              "--bootstrap-servers", ","},
          {"illegal --bootstrap-servers broker-without-port: 'broker-without-port' is not HOST:PORT", "run", "ingest",
              "-c", connector.toString(), "--bootstrap-servers", "broker-without-port"},
          {"illegal --bootstrap-servers no-such-host.invalid:9092: no host of it resolves", "bench", "pipeline",
              "--sample-only", "--bootstrap-servers", "no-such-host.invalid:9092"}};
      for (String[] c : cases) {
        String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);

        String stderr = refusedBeforeConnecting(Storyline.EXIT_BAD_SETTING, java.time.Duration.ofSeconds(10), args);

        assertThat(stderr).as("%s", String.join(" ", args)).contains(c[0]).doesNotContain("bootstrap.servers");
      }
    } finally {
      java.nio.file.Files.delete(connector);
    }
  }

  @Test
  void shouldRefuseBenchOptionsOutsideTheirRuleBeforeStartingAnything() {
    String[][] cases = { // the option, the value as the message shows it, then the arguments after "bench"
        {"--rate", "-1", "pipeline", "--rate", "-1"},
        {"--rate", "NaN", "pipeline", "--rate", "NaN"},
        {"--sweep-rates", "-5", "pipeline", "--sweep-rates", "1000,-5"},
        {"--segments", "0", "pipeline", "--segments", "0"},
        {"--cluster-partitions", "0", "pipeline", "--cluster-partitions", "0"},
        {"--posts", "2147483647", "pipeline", "--posts", "2147483647"},
        {"--only", "nope", "floor", "--only", "nope"},
        {"--posts", "-3", "day", "--posts", "-3"},
        {"--rate", "Infinity", "soak", "--rate", "Infinity"},
        {"--sample-seconds", "0", "soak", "--sample-seconds", "0"},
        {"--event-seconds-per-post", "1.0E300", "soak", "--event-seconds-per-post", "1e300"},
        {"--event-seconds-per-post", "-1", "soak", "--event-seconds-per-post", "-1"},
        {"--active-topics", "0", "soak", "--active-topics", "0"},
        {"--topic-lifetime", "5", "soak", "--topic-lifetime", "5"},
        {"--set", "cluster.similarity.threshold", "soak", "--set", "cluster.similarity.threshold"},
        // a mistyped directory fell back to the bundled sample without a word
        {"--shared-data", "/nonexistent-storyline-shared-data", "pipeline", "--shared-data", "/nonexistent-storyline-shared-data"},
        // picocli's "cannot convert '2025-13-01' to class java.time.LocalDate (java.time.format.DateTimeParseException: ..."
        {"--date", "2025-13-01", "day", "--date", "2025-13-01"},
        {"--warm-up-days", "-1", "day", "--warm-up-days", "-1"}};
    for (String[] c : cases) {
      err.getBuffer().setLength(0);
      out.getBuffer().setLength(0);
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bench"));
      args.addAll(java.util.Arrays.asList(c).subList(2, c.length));
      args.add("--sample-only");
      String shown = String.join(" ", args);

      int code = run(args.toArray(String[]::new));

      assertThat(code).as(shown).isEqualTo(2);
      assertThat(err.toString()).as(shown).contains(c[0]).contains(c[1]);
      assertThat(out.toString()).as("%s: nothing ran", shown).isEmpty();
      assertNoStackTrace();
    }
  }

  @Test
  void shouldSayWhereLogFormatGoesWhenItIsGivenAfterTheSubcommand() {
    // before: only "Unknown options: '--log-format', 'json'" and demo's usage, which does not list it
    int code = run("run", "cluster", "--bootstrap-servers", "127.0.0.1:1", "--log-format", "json");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown options: '--log-format', 'json'")
        .contains("--log-format belongs to storyline itself: give it before the subcommand, e.g. storyline --log-format json"
            + " run cluster ...");
    err.getBuffer().setLength(0);

    int attached = run("demo", "--log-format=json");

    assertThat(attached).isEqualTo(2);
    assertThat(err.toString()).contains("e.g. storyline --log-format json demo ...");
  }

  @Test
  void shouldTakeBenchSettingsAsDLikeEveryOtherCommand() {
    // demo and run took -D KEY=VALUE, bench only --set: "Unknown options: '-D', 'cluster.similarity.treshold=0.3'"
    int code = run("bench", "pipeline", "--sample-only", "-D", "cluster.similarity.treshold=0.3");

    assertThat(code).isEqualTo(Storyline.EXIT_BAD_SETTING);
    assertThat(err.toString()).contains("unknown setting 'cluster.similarity.treshold'")
        .contains("did you mean 'cluster.similarity.threshold'?").doesNotContain("Unknown option");
    assertThat(out.toString()).as("nothing ran").isEmpty();
  }

  @Test
  void shouldRefuseADemoCreatedRangeNamingTheOptionNotTheNormalizerSetting() {
    // before: "Invalid value yesterday for configuration normalizer.created.from: ...", a key the user never typed
    String[][] cases = { // what the message must hold, then the arguments after "demo"
        {"illegal --from: 'yesterday' is neither an ISO-8601 instant", "--from", "yesterday"},
        {"illegal --to: '2025-13-01' is neither an ISO-8601 instant", "--to", "2025-13-01"},
        {"illegal --from 2025-07-10 after --to 2025-07-01", "--from", "2025-07-10", "--to", "2025-07-01"}};
    for (String[] c : cases) {
      err.getBuffer().setLength(0);
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("demo", "--exit-when-done", "--http-port", "0"));
      args.addAll(java.util.Arrays.asList(c).subList(1, c.length));

      int code = run(args.toArray(String[]::new));

      assertThat(code).as("%s", args).isEqualTo(2);
      assertThat(err.toString()).as("%s", args).contains(c[0]).doesNotContain("normalizer.created");
      assertThat(out.toString()).as("%s: nothing replayed", args).doesNotContain("Replaying");
      assertNoStackTrace();
    }
  }

  @Test
  void shouldNameTheDemoHttpPortWhenItIsInUseBeforeSayingItReplaysAnything() throws java.io.IOException {
    // the README's default 8080 taken by another demo: before, the broker, topics and stages started first and the demo
    // then failed with "Failed to bind to /127.0.0.1:8080: Address already in use", not naming --http-port; until
    // session 14 it still printed "Replaying 687 native records from [...]" before refusing the port
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int code = run("demo", "--exit-when-done", "--http-port", Integer.toString(taken.getLocalPort()));

      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).contains("storyline demo: could not serve --http-port " + taken.getLocalPort()
          + " on 127.0.0.1 (give a free port, or --http-port 0 for any free one)").contains("Address already in use");
      assertThat(out.toString()).as("nothing claimed: the replay will not happen").isEmpty();
      assertNoStackTrace();
    }
  }

  @Test
  void shouldRefuseAPartitionCountOutsideTheSettingsRuleNamingTheOptionTypedInEveryCommand() throws java.io.IOException {
    // session 14: demo --cluster-partitions 2000 was refused as "Invalid value 2000 for configuration cluster.partitions",
    // a key the user never typed, and bench said the same after its broker had started
    java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("no-shared-data");
    try {
      String[][] cases = { // the option as typed, its value, then the arguments
          {"--cluster-partitions", "2000", "demo", "--exit-when-done", "--http-port", "0", "--cluster-partitions", "2000"},
          {"--cluster-partitions", "0", "demo", "--exit-when-done", "--http-port", "0", "--cluster-partitions", "0"},
          {"--cluster-partitions", "2000", "bench", "pipeline", "--sample-only", "--posts", "10", "--cluster-partitions", "2000"},
          {"--cluster-partitions", "1025", "run", "cluster", "--bootstrap-servers", "127.0.0.1:1", "--cluster-partitions", "1025"},
          {"--partitions", "2000", "eval", "--dataset", "ainews", "--shared-dir", empty.toString(), "--partitions", "2000"}};
      for (String[] c : cases) {
        out.getBuffer().setLength(0);
        String[] args = java.util.Arrays.copyOfRange(c, 2, c.length);

        String stderr = refusedBeforeConnecting(2, java.time.Duration.ofSeconds(10), args);

        assertThat(stderr).as("%s", String.join(" ", args))
            .contains("illegal " + c[0] + ": " + c[1] + ", must be in [1,...,1024] (cluster.partitions)")
            .doesNotContain("for configuration");
        assertThat(out.toString()).as("%s: nothing started", String.join(" ", args)).isEmpty();
      }
    } finally {
      java.nio.file.Files.delete(empty);
    }
  }

  @Test
  void shouldRefuseStageOptionsOutsideTheirRuleNamingTheOptionNotTheSetting() {
    // before: "Invalid value 99999 for configuration http.port", "... for configuration cluster.partitions"
    String[][] cases = { // what the message must hold, then the arguments after "run"
        {"illegal --http-port: 99999, must be between 0 (any free port) and 65535", "publish", "--http-port", "99999"},
        {"illegal --http-port: -1", "normalizer", "--http-port", "-1"},
        {"illegal --cluster-partitions: 0, must be in [1,...,1024]", "cluster", "--cluster-partitions", "0"}};
    for (String[] c : cases) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", c[1], "--bootstrap-servers",
          "127.0.0.1:1"));
      args.addAll(java.util.Arrays.asList(c).subList(2, c.length));

      String message = refusedBeforeConnecting(2, java.time.Duration.ofSeconds(10), args.toArray(String[]::new));

      assertThat(message).as("%s", args).contains("storyline run " + c[1] + ": " + c[0]);
    }
  }

  @Test
  void shouldRefuseIngestOptionsOutsideTheirRuleBeforeConnecting() throws java.io.IOException {
    // an --http-port of -1 or a --replication-factor of 0 failed only after the admin client had tried the brokers
    // (30 s against an unreachable one) or Connect had started
    java.nio.file.Path connector = replayConnectorFile();
    try {
      String[][] cases = {{"--http-port", "-1"}, {"--http-port", "65536"}, {"--replication-factor", "0"},
          {"--http-host", " "}, {"--connect-group", " ", "--exactly-once"}};
      for (String[] c : cases) {
        err.getBuffer().setLength(0);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "ingest", "--bootstrap-servers",
            "127.0.0.1:1", "-c", connector.toString()));
        args.addAll(java.util.List.of(c));

        long start = System.nanoTime();
        int code = run(args.toArray(String[]::new));

        assertThat(code).as("%s", args).isEqualTo(2);
        assertThat(err.toString()).as("%s", args).contains("illegal " + c[0] + ": " + c[1].strip());
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("refused before connecting")
            .isLessThan(java.time.Duration.ofSeconds(10));
        assertNoStackTrace();
      }
    } finally {
      java.nio.file.Files.delete(connector);
    }
  }

  @Test
  void shouldRefuseAnIngestSettingThatIsNeitherKafkaNorHttpOrOutsideItsRuleBeforeConnecting() throws java.io.IOException {
    java.nio.file.Path connector = replayConnectorFile();
    try {
      String[][] cases = { // the setting, what the message holds
          {"http.max.conections=64", "illegal setting 'http.max.conections' for storyline run ingest (did you mean"
              + " 'http.max.connections'?), must be a Kafka client setting with the kafka. prefix or one of http.host,"
              + " http.max.connections, http.port"},
          {"cluster.similarity.threshold=0.2", "illegal setting 'cluster.similarity.threshold' for storyline run ingest,"},
          {"http.max.connections=4", "Invalid value 4 for configuration http.max.connections: Value must be at least 8"}};
      for (String[] c : cases) {
        String stderr = refusedBeforeConnecting(2, java.time.Duration.ofSeconds(10),
            "run", "ingest", "--bootstrap-servers", "127.0.0.1:1", "-c", connector.toString(), "-D", c[0]);

        assertThat(stderr).as(c[0]).startsWith("storyline run ingest: ").contains(c[1]);
      }
    } finally {
      java.nio.file.Files.delete(connector);
    }
  }

  @Test
  void shouldRefuseEvalOptionsOutsideTheirRuleBeforePrintingAnything() throws java.io.IOException {
    java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("no-shared-data");
    try {
      String[][] cases = { // the option, the value as the message shows it, then the arguments
          {"--partitions", "100000", "--partitions", "100000"},
          {"--local-threshold", "-3.0", "--partitions", "2", "--local-threshold", "-3"},
          {"--tfidf-threshold", "-1.0", "--tfidf-threshold", "-1"},
          {"--mlt-min-score", "NaN", "--mlt-min-score", "NaN"},
          {"--from-month", "2025-13", "--from-month", "2025-13"},
          {"--to-month", "2025", "--to-month", "2025"},
          {"--from-month", "2026-03", "--from-month", "2026-03", "--to-month", "2025-01"},
          // "illegal similarity threshold: 2.0" (the core's words, no option); --limit and --partitions below 1 without
          // the command's name
          {"--threshold", "2.0", "--threshold", "2"},
          {"--limit", "0", "--limit", "0"},
          {"--partitions", "0", "--partitions", "0"}};
      for (String[] c : cases) {
        err.getBuffer().setLength(0);
        out.getBuffer().setLength(0);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("eval", "--dataset", "ainews",
            "--shared-dir", empty.toString()));
        args.addAll(java.util.Arrays.asList(c).subList(2, c.length));

        int code = run(args.toArray(String[]::new));

        assertThat(code).as("%s", args).isEqualTo(2);
        assertThat(err.toString()).as("%s", args).contains("storyline eval: ").contains(c[0]).contains(c[1]);
        assertThat(out.toString()).as("%s: no table header", args).isEmpty();
      }
      err.getBuffer().setLength(0);

      int missing = run("eval", "--dataset", "reddit", "--shared-dir", empty.resolve("nope").toString());

      assertThat(missing).isEqualTo(2);
      assertThat(err.toString()).contains("--shared-dir " + empty.resolve("nope") + " is not a directory");
    } finally {
      java.nio.file.Files.delete(empty);
    }
  }

  @Test
  void shouldReportADemoBrokerThatDoesNotAnswerAsOneLineNamingTheOption() {
    // storyline demo --bootstrap-servers 127.0.0.1:1 printed the IllegalStateException's stack trace after 30 s;
    // run <stage> already said it in one line. The wait itself is not repeated here (30 s): the mapping is.
    IllegalStateException timeout = new IllegalStateException(
        "broker did not confirm creation of topic posts.raw.reddit within 30000 ms", new java.util.concurrent.TimeoutException());

    RuntimeException reported = Pipeline.unreachable("127.0.0.1:1", timeout);

    assertThat(reported).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no answer from Kafka at --bootstrap-servers 127.0.0.1:1 within 30000 ms")
        .hasMessageContaining("posts.raw.reddit");
    assertThat(Pipeline.unreachable("127.0.0.1:1", new IllegalStateException("other"))).as("anything else unchanged")
        .isNotInstanceOf(IllegalArgumentException.class).hasMessage("other");
  }

  @Test
  void shouldRefuseAnHttpHostThatDoesNotResolveBeforeConnecting() {
    // it failed only after the admin client had connected and created the topics, as "Unresolved address"
    long start = System.nanoTime();

    int code = run("run", "publish", "--bootstrap-servers", "127.0.0.1:1", "--http-host", "no such host!");

    assertThat(code).isEqualTo(Storyline.EXIT_BAD_SETTING);
    assertThat(err.toString()).contains("storyline run publish: illegal HTTP host 'no such host!' (--http-host");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("refused before connecting")
        .isLessThan(java.time.Duration.ofSeconds(10));
    assertNoStackTrace();
  }

  @Test
  void shouldRefuseADemoHttpHostSettingThatDoesNotResolveBeforeStartingTheBroker() {
    // session 13: the demo ignored -D http.host; now that it binds there, a host it cannot bind is refused first
    String stderr = refusedBeforeConnecting(Storyline.EXIT_BAD_SETTING, java.time.Duration.ofSeconds(10),
        "demo", "--exit-when-done", "-D", "http.host=no such host!");

    assertThat(stderr).contains("storyline demo: illegal HTTP host 'no such host!' (the http.host setting)");
  }

  @Test
  void shouldRefuseAStateDirThatCannotBeMadeBeforeConnectingInOneLine() throws java.io.IOException {
    // session 11: it failed only after the stage had connected and created its topics, with Kafka Streams'
    // ProcessorStateException stack trace ("base state directory [/proc/x] doesn't exist and couldn't be created")
    java.nio.file.Path file = java.nio.file.Files.createTempFile("not-a-dir", ".txt");
    try {
      for (String[] c : new String[][] {{"--state-dir", file + "/state"}, {"-D", "state.dir=" + file}}) {
        String stderr = refusedBeforeConnecting(1, java.time.Duration.ofSeconds(10),
            "run", "cluster", "--bootstrap-servers", "127.0.0.1:1", c[0], c[1]);

        String dir = c[1].startsWith("state.dir=") ? c[1].substring("state.dir=".length()) : c[1];
        assertThat(stderr).as(c[0]).contains("storyline run cluster: could not use state directory " + dir
            + " (--state-dir, or the state.dir setting): ");
      }
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void shouldRefuseAnOffsetsFileThatCannotBeUsedBeforeConnectingInOneLine() throws java.io.IOException {
    // session 11: a directory, or a path under a file, failed once Connect had started, with a ConnectException stack
    // trace; a path in a directory that did not exist started, and then every offset flush failed
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("offsets");
    java.nio.file.Path file = java.nio.file.Files.createFile(dir.resolve("a-file"));
    java.nio.file.Path connector = java.nio.file.Files.writeString(dir.resolve("replay.properties"),
        "connector.class=io.storyline.ingest.connect.ReplaySourceConnector\nreplay.paths=" + dir + "\n");
    try {
      for (java.nio.file.Path offsets : java.util.List.of(dir, file.resolve("connect.offsets"))) {
        String stderr = refusedBeforeConnecting(1, java.time.Duration.ofSeconds(10),
            "run", "ingest", "--bootstrap-servers", "127.0.0.1:1", "-c", connector.toString(), "--offsets-file", offsets.toString());

        assertThat(stderr).as("%s", offsets).contains("storyline run ingest: could not use --offsets-file " + offsets + ": ");
      }
      java.nio.file.Path fresh = dir.resolve("new/sub/connect.offsets");
      RunIngestCommand.requireUsableOffsetsFile(fresh);
      assertThat(fresh.getParent()).as("its directory is made, so the first flush can write the file").isDirectory();
    } finally {
      try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(dir)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void shouldRefuseACommandGroupWithoutItsSubcommandAsRunDoes() {
    // session 11: 'storyline bench' printed its usage to stdout and exited 0 (a script went on as if a benchmark had
    // run), while 'storyline run' said what was missing and exited 2
    for (String group : new String[] {"bench", "run"}) {
      err.getBuffer().setLength(0);

      int code = run(group);

      assertThat(code).as(group).isEqualTo(2);
      assertThat(err.toString()).as(group).startsWith("storyline " + group + ": Missing required subcommand")
          .contains("give one of: " + (group.equals("run") ? "ingest, normalizer, cluster, publish" : "pipeline"))
          .contains("see 'storyline " + group + " --help'");
    }
  }

  @Test
  void shouldRefuseEveryOptionMistakeAsOneLineNamingItAndAPointerToTheHelpNotTheWholeUsage() throws java.io.IOException {
    // session 14: a mistake picocli or a command's own check found was followed by the command's whole usage (20 to 60
    // lines: "Invalid value for option '--http-port': 'abc' is not an int" then "Usage: storyline demo [-hV] ..."),
    // one found while the command ran was one line, and demo --cluster-partitions 0 printed its line without the
    // command's name
    java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("no-shared-data");
    try {
      String[][] cases = { // the command as the message names it, what its first line holds, then the arguments
          {"storyline demo", "Invalid value for option '--http-port': 'abc' is not an int", "demo", "--http-port", "abc"},
          {"storyline demo", "illegal --http-port: 70000", "demo", "--http-port", "70000"},
          {"storyline demo", "illegal --cluster-partitions: 0, must be in [1,...,1024]", "demo", "--cluster-partitions", "0"},
          {"storyline demo", "'10m' is not an ISO-8601 duration", "demo", "--timeout", "10m"},
          {"storyline demo", "Unknown option: '--nope'", "demo", "--nope"},
          {"storyline demo", "unknown --list 'foo'", "demo", "--list", "foo"},
          {"storyline demo", "'foo' is not KEY=VALUE", "demo", "-D", "foo"},
          {"storyline demo", "illegal --input /nonexistent-storyline-input: does not exist", "demo", "--input",
              "/nonexistent-storyline-input"},
          {"storyline run cluster", "Invalid value for option '--cluster-partitions': 'x' is not an int", "run", "cluster",
              "--bootstrap-servers", "127.0.0.1:1", "--cluster-partitions", "x"},
          {"storyline run normalizer", "Missing required option: '--bootstrap-servers=HOST:PORT[,...]'", "run", "normalizer"},
          {"storyline run publish", "illegal --http-port: 99999", "run", "publish", "--bootstrap-servers", "127.0.0.1:1",
              "--http-port", "99999"},
          {"storyline eval", "--limit", "eval", "--dataset", "ainews", "--shared-dir", empty.toString(), "--limit", "0"},
          {"storyline eval", "unknown dataset 'nope'", "eval", "--dataset", "nope", "--shared-dir", empty.toString()},
          {"storyline bench pipeline", "illegal --rate: -1.0", "bench", "pipeline", "--sample-only", "--rate", "-1"},
          {"storyline settings", "unknown section 'nope'", "settings", "nope"},
          {"storyline broker", "Invalid value for option '--port': 'x' is not an int", "broker", "--port", "x"},
          {"storyline", "Invalid value for option '--log-format'", "--log-format", "xml", "broker"}};
      for (String[] c : cases) {
        err.getBuffer().setLength(0);
        out.getBuffer().setLength(0);
        String[] args = java.util.Arrays.copyOfRange(c, 2, c.length);
        String shown = String.join(" ", args);

        int code = run(args);

        assertThat(code).as(shown).isEqualTo(2);
        java.util.List<String> lines = err.toString().lines().toList();
        assertThat(lines.get(0)).as(shown).startsWith(c[0] + ": ").contains(c[1]);
        assertThat(lines.get(lines.size() - 1)).as(shown).isEqualTo("see '" + c[0] + " --help'");
        assertThat(lines).as("%s: the error and the pointer, not the usage", shown).hasSizeLessThanOrEqualTo(3)
            .noneMatch(l -> l.startsWith("Usage:"));
        assertThat(out.toString()).as("%s: nothing on stdout", shown).isEmpty();
        assertNoStackTrace();
      }
    } finally {
      java.nio.file.Files.delete(empty);
    }
  }

  @Test
  void shouldRefuseAConnectorFileItsConnectorWouldRejectBeforeConnectingInOneLine() throws java.io.IOException {
    // session 11: the worker started, the topics were created, and then Connect's refusal ended the command with a
    // 30-line stack trace ("java.lang.IllegalStateException: connector missing was rejected: ...")
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("connectors");
    String replay = "connector.class=io.storyline.ingest.connect.ReplaySourceConnector\n";
    String[][] cases = {
        {"missing.properties", replay + "replay.paths=" + dir.resolve("nonexistent") + "\n", "replay.paths",
            "path does not exist"},
        {"reddit.properties", "connector.class=io.storyline.ingest.live.reddit.RedditSourceConnector\nreddit.oauth.token=t\n"
            + "reddit.subreddits=Local LLaMA\n", "reddit.subreddits", "Local LLaMA"},
        {"string.properties", "connector.class=java.lang.String\n", "connector.class 'java.lang.String'",
            "is not a Kafka Connect connector"},
        {"typo.properties", "connector.class=io.storyline.ingest.connect.ReplaySourceConector\nreplay.paths=/tmp\n",
            "connector.class 'io.storyline.ingest.connect.ReplaySourceConector'", "is not on the class path"}};
    try {
      for (String[] c : cases) {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve(c[0]), c[1]);

        String stderr = refusedBeforeConnecting(2, java.time.Duration.ofSeconds(5), "run", "ingest", "--bootstrap-servers",
            "127.0.0.1:1", "-c", file.toString(), "--offsets-file", dir.resolve("connect.offsets").toString());

        assertThat(stderr).as(c[0]).contains("connector file " + file).contains(c[2]).contains(c[3]);
      }
    } finally {
      try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(dir)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
