package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StorylineCliTest {
  @AfterEach
  void clearLogFormat() {
    System.clearProperty(Storyline.LOG_FORMAT_PROPERTY);
  }

  @Test
  void shouldSelectTheJsonLogLayoutBeforeAnySubcommandRuns() {
    Storyline.commandLine().parseArgs("--log-format", "json", "run", "cluster", "--bootstrap-servers", "b:9092");
    assertThat(System.getProperty(Storyline.LOG_FORMAT_PROPERTY)).isEqualTo("json");
  }

  @Test
  void shouldRejectAnUnknownLogFormatNamingTheValue() {
    assertThatThrownBy(() -> Storyline.commandLine().parseArgs("--log-format", "xml", "broker"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("xml");
  }

  @Test
  void shouldRequireBootstrapServersForEveryStage() {
    for (String stage : new String[] {"normalizer", "cluster", "publish"}) {
      assertThatThrownBy(() -> Storyline.commandLine().parseArgs("run", stage))
          .as("run %s without --bootstrap-servers", stage)
          .isInstanceOf(CommandLine.MissingParameterException.class)
          .hasMessageContaining("--bootstrap-servers");
    }
  }

  @Test
  void shouldListEverySubcommandInTheHelp() {
    StringWriter out = new StringWriter();
    CommandLine cli = Storyline.commandLine().setOut(new PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString()).contains("demo", "run", "broker");
  }
}
