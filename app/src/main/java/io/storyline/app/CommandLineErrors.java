package io.storyline.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every {@code storyline} command refuses what it was given, in one shape whichever part noticed it (picocli while
 * parsing, a command's own check, or a setting refused while the command runs):
 *
 * <pre>
 * storyline demo: Invalid value for option '--http-port': 'abc' is not an int
 * see 'storyline demo --help'
 * </pre>
 *
 * <p>The first line names the command, then the problem (the option or setting, the value, the rule); then lines
 * that help with this one mistake, if any (picocli's "Possible solutions" for an unknown option, where {@code
 * --log-format} goes, the subcommands of a group given none); last, for a usage error (exit code {@value
 * Storyline#EXIT_BAD_SETTING}), where what was mistaken is described. Before session 14 a refusal picocli made
 * (and a command's own {@link ParameterException}) was followed by the command's whole usage, 20 to 60 lines, while
 * one made while the command ran was one line, and {@code demo --cluster-partitions 0} printed its line without the
 * command's name. Stateless.
 */
final class CommandLineErrors {
  private CommandLineErrors() {}

  /**
   * Picocli's {@link CommandLine.IParameterExceptionHandler}: a mistake in the arguments.
   *
   * @param e what picocli or a command threw; not null
   * @param args the arguments; not used
   * @return {@value Storyline#EXIT_BAD_SETTING}, picocli's exit code for invalid input
   */
  static int parameterException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    List<String> help = new ArrayList<>();
    if (e instanceof UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        help.add((unmatched.isUnknownOption() ? "Possible solutions: " : "Did you mean: ") + String.join(", ", suggestions));
      }
      if (unmatched.getUnmatched().stream().anyMatch(a -> a.equals("--log-format") || a.startsWith("--log-format="))) {
        // "storyline demo --log-format json" said only "Unknown options: '--log-format', 'json'"
        String sub = cmd.getCommandSpec().qualifiedName(" ").replaceFirst("^storyline ?", "");
        help.add("--log-format belongs to storyline itself: give it before the subcommand, e.g. storyline --log-format json "
            + sub + " ...");
      }
    }
    if (cmd.getCommandSpec().subcommands().size() > 0 && String.valueOf(e.getMessage()).startsWith("Missing required subcommand")) {
      help.add("give one of: " + String.join(", ", cmd.getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
    }
    refuse(cmd, String.valueOf(e.getMessage()), help, cmd.getCommandSpec().qualifiedName() + " --help");
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * Picocli's {@link CommandLine.IExecutionExceptionHandler}. A command that failed on what the user gave it (a setting
   * outside its rule, a file that cannot be read, an illegal argument) is refused in the one shape of this class, with
   * the messages of the exception's causes, instead of a stack trace; the trace goes to the log at debug level. A run
   * that gave up at its {@code --timeout} ({@link TimeoutException}, {@code bench}) is reported
   * the same way, exit 1. Anything else is a bug: its stack trace is printed, as picocli does by default.
   *
   * @param e what the command threw; not null
   * @param cmd the command that threw it; not null
   * @param parsed the parse result; not used
   * @return 1 for a timeout or an I/O failure, {@value Storyline#EXIT_BAD_SETTING} for any other mistake of the user,
   *     the command's execution-exception exit code for a bug
   */
  static int executionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (e instanceof TimeoutException) {
      // before: the TimeoutException's stack trace, as for a bug
      refuse(cmd, e.getMessage(), List.of(), null);
      return 1;
    }
    boolean io = e instanceof IOException || e instanceof UncheckedIOException;
    boolean userError = io || e instanceof ConfigException
        || e instanceof IllegalArgumentException || e instanceof DateTimeException || causedByConfig(e);
    if (!userError) {
      e.printStackTrace(cmd.getErr()); // a bug: the whole trace, as picocli prints it by default
      cmd.getErr().flush();
      return cmd.getCommandSpec().exitCodeOnExecutionException();
    }
    StringBuilder message = new StringBuilder(e instanceof IOException ioe ? Storyline.describe(ioe) : String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !message.toString().contains(c.getMessage())) {
        message.append(": ").append(c.getMessage());
      }
    }
    // an I/O failure (a port in use, a file that cannot be read) is not a usage error: no pointer to the options; a
    // setting's rule is listed by the settings command, not in the command's help
    refuse(cmd, message.toString(), List.of(), io ? null
        : e instanceof ConfigException ? "storyline settings" : cmd.getCommandSpec().qualifiedName() + " --help");
    LoggerFactory.getLogger(CommandLineErrors.class).debug("{} refused", cmd.getCommandSpec().qualifiedName(), e);
    return io ? 1 : Storyline.EXIT_BAD_SETTING;
  }

  /**
   * Prints a refusal in the one shape: "{@code storyline <command>: <problem>}", the help lines, then, for a usage
   * error, "{@code see '<where>'}".
   *
   * @param cmd the refusing command; not null
   * @param problem names the thing, the value and the rule; not null
   * @param help lines that help with this mistake; may be empty
   * @param see for a mistake in the arguments, the command that describes what they take ({@code storyline demo
   *     --help}, {@code storyline settings}); null for a failure that is not one (nothing more is printed)
   */
  private static void refuse(CommandLine cmd, String problem, List<String> help, String see) {
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + problem);
    help.forEach(err::println);
    if (see != null) {
      err.println("see '" + see + "'");
    }
    err.flush();
  }

  /**
   * A Kafka client that refuses its settings throws a {@code KafkaException} ("Failed to create new
   * KafkaAdminClient") caused by a {@code ConfigException} ("No resolvable bootstrap urls given in
   * bootstrap.servers"): a user's mistake, reported like one.
   */
  private static boolean causedByConfig(Throwable e) {
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof ConfigException) {
        return true;
      }
    }
    return false;
  }
}
