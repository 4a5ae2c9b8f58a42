package io.storyline.ingest.live;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every rule spanning several keys that one live connector configuration breaks, thrown at once so that
 * {@link LiveSourceConnector#validate} can show each on its key and a user fixes them in one round. The
 * message joins the violations' messages with {@code "; "}; each names its key, value and rule. Immutable.
 */
public final class ConfigViolations extends ConfigException {
  private static final long serialVersionUID = 1L;

  /** The violations, in the order the rules were checked; not empty. */
  private final List<ConfigException> violations;

  /**
   * @param violations the broken rules, each a {@link ConfigException} naming key, value and rule; not empty
   * @throws IllegalArgumentException if empty
   */
  public ConfigViolations(List<ConfigException> violations) {
    super(violations.stream().map(ConfigException::getMessage).collect(Collectors.joining("; ")));
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("no violations to report");
    }
    this.violations = List.copyOf(violations);
  }

  /** @return the violations, in checking order; unmodifiable, not empty */
  public List<ConfigException> violations() {
    return violations;
  }
}
