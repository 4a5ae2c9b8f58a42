package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StorylineCliTest {
  @AfterEach
  void clearLogFormat() {
    System.clearProperty(Storyline.LOG_FORMAT_PROPERTY);
  }

  /** @return storyline and every subcommand below it, breadth first */
  private static List<CommandLine> everyCommand() {
    List<CommandLine> commands = new ArrayList<>(List.of(Storyline.commandLine()));
    for (int i = 0; i < commands.size(); i++) {
      commands.addAll(commands.get(i).getSubcommands().values().stream().filter(c -> !commands.contains(c)).toList());
    }
    return commands;
  }

  @Test
  void shouldKeepEveryWordOfEveryHelpTextWholeOnOneLine() {
    // storyline eval --help printed "from ..|/shared/data." and run ingest "e.g. kafka.|security.protocol": picocli
    // wraps at java.text.BreakIterator's line breaks, which fall after '.', ':' and before '/' inside a path or key
    List<String> broken = new ArrayList<>();
    for (CommandLine command : everyCommand()) {
      String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
      java.util.Set<String> printed = new java.util.HashSet<>(List.of(usage.split("\\s+")));
      List<String> texts = new ArrayList<>(List.of(command.getCommandSpec().usageMessage().description()));
      command.getCommandSpec().args().forEach(a -> texts.addAll(List.of(a.description())));
      for (String text : texts) {
        for (String word : text.split("\\s+")) {
          if (!word.isEmpty() && !word.contains("${") && !word.contains("%") && !printed.contains(word)) {
            broken.add(command.getCommandSpec().qualifiedName() + ": " + word);
          }
        }
      }
    }
    assertThat(broken).as("words not printed whole (split across lines)").isEmpty();
  }

  @Test
  void shouldLabelEveryOptionValueWithWhatItTakesNotTheJavaFieldName() {
    // storyline eval --help showed --limit=<limit>, --from-month=<fromMonth>, bench --posts=<posts>, broker
    // --data-dir=<dataDir>: picocli's default label is the field name; and --sweep-rates=R1,R2,..[,R1,R2,.....]
    List<String> unlabelled = new ArrayList<>();
    for (CommandLine command : everyCommand()) {
      for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
        String label = option.paramLabel();
        if (option.arity().max() > 0 && (label.startsWith("<") || label.replace("...", "").contains(".."))) {
          unlabelled.add(command.getCommandSpec().qualifiedName() + " " + option.longestName() + "=" + label);
        }
      }
    }
    assertThat(unlabelled).as("options whose value label is picocli's default").isEmpty();
  }

  @Test
  void shouldPrintTheVersionFromEveryCommandThatListsTheVersionOption() {
    // storyline demo -V (and every other subcommand's -V, --version, listed in its help) printed nothing
    List<String> silent = new ArrayList<>();
    for (CommandLine command : everyCommand()) {
      if (command.getCommandSpec().findOption("-V") == null) {
        continue;
      }
      StringWriter out = new StringWriter();
      command.setOut(new PrintWriter(out));

      int code = command.execute("-V");

      if (code != 0 || !out.toString().startsWith("storyline ")) {
        silent.add(command.getCommandSpec().qualifiedName() + ": '" + out + "'");
      }
    }
    assertThat(silent).as("commands whose -V does not print the version").isEmpty();
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
