package io.storyline.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code storyline} command line. Subcommands: {@code demo} (the whole pipeline on an embedded
 * broker, or on {@code --bootstrap-servers}) and {@code broker} (only the embedded KRaft broker).
 */
@Command(
    name = "storyline",
    mixinStandardHelpOptions = true,
    versionProvider = Storyline.Version.class,
    description = "Turns posts from X/Twitter, Reddit, Discord and arXiv into ranked stories on Apache Kafka.",
    subcommands = {DemoCommand.class, EvalCommand.class, RunCommand.class, BrokerCommand.class, BenchCommand.class, SettingsCommand.class,
        CommandLine.HelpCommand.class})
public final class Storyline {
  /** System property the logging configuration ({@code log4j2.xml}) reads to pick its layout. */
  static final String LOG_FORMAT_PROPERTY = "storyline.log.format";

  /** Log line formats. */
  enum LogFormat { TEXT, JSON }

  /**
   * Chooses the log layout. Must run before the first logger is created, which picocli guarantees
   * by setting options of the top-level command before any subcommand runs.
   *
   * @param format {@code text} (one line per event) or {@code json} (one JSON object per event)
   */
  @picocli.CommandLine.Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
      description = "Log format on stderr: text, or json (one ECS JSON object per event, for log shippers). "
          + "Give it before the subcommand: storyline --log-format json run cluster ...")
  void logFormat(LogFormat format) {
    System.setProperty(LOG_FORMAT_PROPERTY, format.name().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Runs the command line and exits with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }

  /** @return the configured picocli command line, for tests */
  public static CommandLine commandLine() {
    return new CommandLine(new Storyline()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** Version from the jar manifest, or {@code dev} when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Storyline.class.getPackage().getImplementationVersion();
      return new String[] {"storyline " + (v == null ? "dev" : v)};
    }
  }
}
