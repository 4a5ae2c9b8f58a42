package io.storyline.app;

import io.storyline.cluster.ClusterConfig;
import io.storyline.common.config.CommonConfig;
import io.storyline.ingest.normalize.NormalizerConfig;
import io.storyline.publish.PublishConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Refuses a setting key no stage defines, before anything starts: a mistyped key ({@code
 * cluster.similarity.treshold}) would otherwise be kept, passed nowhere, and leave the default in
 * force without a word. Keys prefixed {@code kafka.} go to the Kafka clients unchanged and are not
 * checked here (the clients warn about their own unknown keys). Stateless; thread-safe.
 */
final class SettingKeys {
  /** Prefix of the settings passed to a stage's Kafka clients (see {@code CommonConfig#kafkaClientOverrides}). */
  static final String KAFKA_PREFIX = "kafka.";
  /** Largest edit distance at which a known key is offered as the one meant. */
  private static final int SUGGEST_DISTANCE = 3;

  private SettingKeys() {}

  /** @return every key the three stages define (the demo passes its settings to all of them) */
  static Set<String> allStages() {
    Set<String> keys = new TreeSet<>(CommonConfig.definition().names());
    keys.addAll(NormalizerConfig.definition().names());
    keys.addAll(ClusterConfig.definition().names());
    keys.addAll(PublishConfig.configDef().names());
    return keys;
  }

  /**
   * @param settings the settings given (key to value); may not be null
   * @param known the keys the receiving stage(s) define; may not be null
   * @param where who reads them, for the message, e.g. {@code "storyline run cluster"}
   * @throws IllegalArgumentException naming every unknown key, the closest known key when one is
   *     within {@value #SUGGEST_DISTANCE} edits, and the rule
   */
  static void requireKnown(Map<String, ?> settings, Set<String> known, String where) {
    List<String> problems = new ArrayList<>();
    for (String key : new TreeSet<>(settings.keySet())) {
      if (key.startsWith(KAFKA_PREFIX) || known.contains(key)) {
        continue;
      }
      problems.add("'" + key + "'" + closest(key, known).map(k -> " (did you mean '" + k + "'?)").orElse(""));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("unknown setting" + (problems.size() > 1 ? "s " : " ") + String.join(", ", problems)
          + ": " + where + " takes the stage keys `storyline settings` lists, and keys prefixed " + KAFKA_PREFIX
          + " for the Kafka clients");
    }
  }

  /**
   * Checks the value of an option that stands for a setting against the setting's own rule, so that a value outside it
   * is refused naming the option the user typed, not the key it becomes ({@code demo --cluster-partitions 2000} was
   * refused as "Invalid value 2000 for configuration cluster.partitions", and {@code bench} said so only after its
   * broker had started).
   *
   * @param option the option as typed, e.g. {@code --cluster-partitions}; may not be null
   * @param value its value; may not be null
   * @param definition the definitions holding {@code key}, e.g. {@code ClusterConfig.definition()}; may not be null
   * @param key the setting the option stands for, e.g. {@code cluster.partitions}; must be defined there
   * @throws IllegalArgumentException "illegal --cluster-partitions: 2000, must be in [1,...,1024] (cluster.partitions)"
   *     if the setting's rule refuses the value
   */
  static void requireOptionValid(String option, Object value, ConfigDef definition, String key) {
    ConfigDef.Validator rule = definition.configKeys().get(key).validator;
    try {
      if (rule != null) {
        rule.ensureValid(key, value);
      }
    } catch (ConfigException e) {
      throw new IllegalArgumentException("illegal " + option + ": " + value + ", must be in " + rule + " (" + key + ")");
    }
  }

  /** @return the known key nearest to {@code key} by Levenshtein distance, if within {@value #SUGGEST_DISTANCE} */
  static Optional<String> closest(String key, Collection<String> known) {
    LevenshteinDistance distance = new LevenshteinDistance(SUGGEST_DISTANCE);
    return known.stream()
        .filter(k -> distance.apply(key, k) >= 0)
        .min(Comparator.comparingInt((String k) -> distance.apply(key, k)).thenComparing(Comparator.naturalOrder()));
  }
}
