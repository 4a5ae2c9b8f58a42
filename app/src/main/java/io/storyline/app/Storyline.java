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
    CommandLine cl = new CommandLine(new Storyline()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(CommandLineErrors::executionException)
        .setHelpFactory(WordWrapHelp::new);
    cl.registerConverter(java.time.Duration.class, Storyline::duration);
    cl.registerConverter(java.nio.file.Path.class, Storyline::path);
    cl.registerConverter(java.time.LocalDate.class, Storyline::date);
    cl.setParameterExceptionHandler(CommandLineErrors::parameterException);
    // every subcommand lists -V, --version; picocli gives subcommands no version provider, so "storyline demo -V"
    // printed nothing
    java.util.ArrayDeque<CommandLine> commands = new java.util.ArrayDeque<>(cl.getSubcommands().values());
    while (!commands.isEmpty()) {
      CommandLine sub = commands.pop();
      sub.getCommandSpec().versionProvider(new Version());
      commands.addAll(sub.getSubcommands().values());
    }
    return cl;
  }

  /**
   * Reads a file or directory option. An empty value is refused: {@code Path.of("")} is the working directory,
   * so {@code --data-dir ""} wrote the broker, state and offsets there, and {@code --input ""} replayed every
   * file under it.
   */
  private static java.nio.file.Path path(String text) {
    if (text.isBlank()) {
      throw new CommandLine.TypeConversionException("'" + text + "' is an empty path; give a file or directory"
          + " (. for the working directory)");
    }
    try {
      return java.nio.file.Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      throw new CommandLine.TypeConversionException("'" + text + "' is not a path: " + e.getReason());
    }
  }

  /**
   * @param e an I/O failure; not null
   * @return its message with the reason a {@link java.nio.file.FileSystemException} leaves out (its message is
   *     often just the path: "/etc/passwd" for a directory that cannot be created because a file is there)
   */
  static String describe(java.io.IOException e) {
    if (!(e instanceof java.nio.file.FileSystemException fs) || fs.getReason() != null) {
      return String.valueOf(e.getMessage());
    }
    String why = switch (fs) {
      case java.nio.file.NoSuchFileException x -> "no such file or directory";
      case java.nio.file.AccessDeniedException x -> "permission denied";
      case java.nio.file.FileAlreadyExistsException x -> "exists and is not a directory";
      case java.nio.file.NotDirectoryException x -> "not a directory";
      case java.nio.file.DirectoryNotEmptyException x -> "directory not empty";
      default -> e.getClass().getSimpleName();
    };
    return fs.getMessage() + ": " + why;
  }

  /**
   * Reads a date, with a message that says what one looks like. Picocli's own ("cannot convert '2025-13-01' to class
   * java.time.LocalDate (java.time.format.DateTimeParseException: Text '2025-13-01' could not be parsed: ...)") named
   * Java classes instead of the rule.
   */
  private static java.time.LocalDate date(String text) {
    try {
      return java.time.LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("'" + text + "' is not an ISO-8601 date (yyyy-MM-dd), e.g. 2025-07-10");
    }
  }

  /** Reads an ISO-8601 duration, with a message that says so when it is not one. */
  private static java.time.Duration duration(String text) {
    try {
      return java.time.Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not an ISO-8601 duration (PnDTnHnMn.nS), e.g. PT10M for ten minutes or PT30S");
    }
  }

  /**
   * Longest {@code --timeout} a command accepts: 100 years, beyond any run, while its nanoseconds still
   * fit in a long (from 292 years on, {@code Duration.toNanos()} overflows).
   */
  static final java.time.Duration MAX_TIMEOUT = java.time.Duration.ofDays(36_500);

  /**
   * @param timeout a {@code --timeout} value; not null
   * @return null if it is positive and at most {@link #MAX_TIMEOUT}, else why not, naming the value and the rule
   */
  static String timeoutProblem(java.time.Duration timeout) {
    return timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0
        ? "illegal --timeout: " + timeout + ", must be a positive ISO-8601 duration of at most P" + MAX_TIMEOUT.toDays()
            + "D (100 years), such as PT10M"
        : null;
  }

  /** Exit code of a command refused for a bad setting or option value (picocli's usage-error code). */
  static final int EXIT_BAD_SETTING = 2;

  /** Version from the jar manifest, or {@code dev} when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Storyline.class.getPackage().getImplementationVersion();
      return new String[] {"storyline " + (v == null ? "dev" : v)};
    }
  }
}
