package io.storyline.app;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Checks the value of a repeatable {@code KEY=VALUE} map option ({@code -D}, {@code -W}) before picocli splits it,
 * so that a value without {@code =} is refused with a message naming the option, the value and the rule, e.g.
 * {@code -D foo} → "Invalid value for option '-D' (--set): 'foo' is not KEY=VALUE; give a setting as -D
 * cluster.similarity.threshold=0.2". (Picocli's own message for this case reads "Value for option option …".)
 *
 * <p>Consumes nothing: it only inspects the top of the argument stack, where picocli also places an attached
 * value ({@code -Dfoo}, {@code --set=foo}). A missing value is left to picocli's "Missing required parameter".
 * Stateless and thread-safe; picocli instantiates it per option.
 */
final class KeyValueCheck implements CommandLine.IParameterPreprocessor {
  @Override
  public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
    if (args.isEmpty()) {
      return false;
    }
    String value = args.peek();
    if (value.isEmpty() || value.startsWith("-") && !value.contains("=")) {
      return false; // the next option, or nothing: picocli reports the missing parameter
    }
    int eq = value.indexOf('=');
    if (eq <= 0) {
      String name = argSpec instanceof OptionSpec option ? option.shortestName() : argSpec.paramLabel();
      String longName = argSpec instanceof OptionSpec option ? option.longestName() : name;
      String example = longName.equals("--worker") ? "offset.flush.timeout.ms=10000"
          : commandSpec.name().equals("ingest") ? "kafka.security.protocol=SASL_SSL" : "cluster.similarity.threshold=0.2";
      throw new CommandLine.ParameterException(commandSpec.commandLine(),
          "Invalid value for option '" + name + "' (" + longName + "): '" + value + "' is not KEY=VALUE"
              + (eq == 0 ? " (the key is empty)" : "") + "; give a setting as " + name + " " + example, argSpec, value);
    }
    return false;
  }
}
