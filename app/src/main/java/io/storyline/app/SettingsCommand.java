package io.storyline.app;

import io.storyline.cluster.ClusterConfig;
import io.storyline.common.config.CommonConfig;
import io.storyline.ingest.connect.ReplayConnectorConfig;
import io.storyline.ingest.live.arxiv.ArxivConfig;
import io.storyline.ingest.live.discord.DiscordConfig;
import io.storyline.ingest.live.reddit.RedditConfig;
import io.storyline.ingest.live.x.XConfig;
import io.storyline.ingest.normalize.NormalizerConfig;
import io.storyline.publish.PublishConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code storyline settings}: every setting a stage or connector takes, read from the same Kafka
 * {@link ConfigDef}s that validate them, so the reference cannot drift from the code: key, type,
 * default, valid values, importance and documentation, as text or (with {@code --markdown}) as the
 * tables of docs/SETTINGS.md. Stage sections list only their own keys; the keys every stage shares are
 * in {@code common}. A default under the JVM's temporary directory is printed as {@code
 * ${java.io.tmpdir}/...}, so the output does not depend on the machine.
 */
@Command(name = "settings", mixinStandardHelpOptions = true,
    header = "Lists every setting of the stages and connectors: key, type, default, valid values and what it does.",
    description = "Reads the settings' own definitions (the ConfigDefs that validate them). Sections: common (every "
        + "stage), normalizer, cluster, publish, and the connectors replay, reddit, x, discord and arxiv. Settings "
        + "prefixed kafka. go to the stage's Kafka clients unchanged and are not listed.")
final class SettingsCommand implements Callable<Integer> {
  /** A section: its title and the definition it lists, without the shared keys of {@link CommonConfig} if asked. */
  private record Section(String title, Supplier<ConfigDef> definition, boolean withoutCommon) {}

  private static final Map<String, Section> SECTIONS = sections();

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SECTION", arity = "0..*",
      description = "Sections to list (default: all): common, normalizer, cluster, publish, replay, reddit, x, "
          + "discord, arxiv.")
  List<String> only = new ArrayList<>();

  @Option(names = "--markdown", description = "Print Markdown tables (the format of docs/SETTINGS.md).")
  boolean markdown;

  private static Map<String, Section> sections() {
    Map<String, Section> s = new LinkedHashMap<>();
    s.put("common", new Section("every stage (`run normalizer|cluster|publish`, the demo; `run ingest` takes the `http.*` "
        + "keys for its HTTP server; `run` binds its HTTP endpoints to " + StageOptions.DEFAULT_HTTP_HOST
        + " unless `http.host` or `--http-host` says otherwise)", CommonConfig::definition, false));
    s.put("normalizer", new Section("`storyline run normalizer`", NormalizerConfig::definition, true));
    s.put("cluster", new Section("`storyline run cluster`", ClusterConfig::definition, true));
    s.put("publish", new Section("`storyline run publish`", PublishConfig::configDef, true));
    s.put("replay", new Section("connector `io.storyline.ingest.connect.ReplaySourceConnector` (`run ingest`, the demo)",
        ReplayConnectorConfig::definition, false));
    s.put("reddit", new Section("connector `io.storyline.ingest.live.reddit.RedditSourceConnector`",
        RedditConfig::definition, false));
    s.put("x", new Section("connector `io.storyline.ingest.live.x.XSourceConnector`", XConfig::definition, false));
    s.put("discord", new Section("connector `io.storyline.ingest.live.discord.DiscordSourceConnector`",
        DiscordConfig::definition, false));
    s.put("arxiv", new Section("connector `io.storyline.ingest.live.arxiv.ArxivSourceConnector`",
        ArxivConfig::definition, false));
    return s;
  }

  @Override
  public Integer call() {
    List<String> names = only.isEmpty() ? List.copyOf(SECTIONS.keySet()) : only;
    for (String name : names) {
      if (!SECTIONS.containsKey(name)) {
        throw new ParameterException(spec.commandLine(),
            "unknown section '" + name + "': must be one of " + String.join(", ", SECTIONS.keySet()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (markdown) {
      out.print(markdown(names));
    } else {
      out.print(text(names));
    }
    out.flush();
    return 0;
  }

  /**
   * @param names section names, each a key of the known sections
   * @return the Markdown reference: a heading and a table per section
   */
  static String markdown(List<String> names) {
    StringBuilder b = new StringBuilder("# Settings\n\n")
        .append("Generated by `storyline settings --markdown` from the definitions that validate the settings; ")
        .append("`SettingsCommandTest` fails when this file and the code disagree. Stages take settings with ")
        .append("`--config FILE` and `-D key=value`; connectors in their `--connector` JSON files. Settings ")
        .append("prefixed `kafka.` go to the stage's Kafka clients unchanged (docs/OPERATIONS.md).\n");
    for (String name : names) {
      Section s = SECTIONS.get(name);
      b.append("\n## ").append(name).append(": ").append(s.title()).append("\n\n")
          .append("| key | type | default | valid values | importance | description |\n")
          .append("|---|---|---|---|---|---|\n");
      for (ConfigDef.ConfigKey k : keys(s)) {
        b.append("| `").append(k.name).append("` | ").append(type(k)).append(" | ").append(cell(defaultOf(k)))
            .append(" | ").append(cell(validValues(k))).append(" | ")
            .append(k.importance.name().toLowerCase(Locale.ROOT)).append(" | ").append(cell(k.documentation))
            .append(" |\n");
      }
    }
    return b.toString();
  }

  /**
   * @param names section names, each a key of the known sections
   * @return the plain-text reference
   */
  static String text(List<String> names) {
    StringBuilder b = new StringBuilder();
    for (String name : names) {
      Section s = SECTIONS.get(name);
      b.append("== ").append(name).append(": ").append(s.title().replace("`", "")).append(" ==\n");
      for (ConfigDef.ConfigKey k : keys(s)) {
        b.append(k.name).append('\n').append("    ").append(type(k)).append(", default ").append(defaultOf(k));
        if (k.validator != null) {
          b.append(", valid: ").append(validValues(k));
        }
        b.append(", importance ").append(k.importance.name().toLowerCase(Locale.ROOT)).append('\n');
        for (String line : wrap(k.documentation, 96)) {
          b.append("    ").append(line).append('\n');
        }
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static List<ConfigDef.ConfigKey> keys(Section s) {
    Set<String> common = s.withoutCommon() ? CommonConfig.definition().names() : Set.of();
    return s.definition().get().configKeys().values().stream().filter(k -> !common.contains(k.name)).toList();
  }

  /** The validator's own description; a validator without one (a bare lambda) is described by the documentation. */
  private static String validValues(ConfigDef.ConfigKey k) {
    if (k.validator == null) {
      return "";
    }
    String v = k.validator.toString();
    return v.contains("$$Lambda") ? "see description" : v;
  }

  private static String type(ConfigDef.ConfigKey k) {
    return k.type.name().toLowerCase(Locale.ROOT);
  }

  private static String defaultOf(ConfigDef.ConfigKey k) {
    if (!k.hasDefault()) {
      return "(required)";
    }
    if (k.defaultValue == null) {
      return "(none)";
    }
    if (k.type == ConfigDef.Type.PASSWORD) {
      return "[hidden]";
    }
    String v = k.defaultValue instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
        : String.valueOf(k.defaultValue);
    String tmp = System.getProperty("java.io.tmpdir");
    if (tmp != null && !tmp.isEmpty() && v.startsWith(tmp)) {
      String rest = v.substring(tmp.length());
      v = "${java.io.tmpdir}" + (rest.startsWith("/") ? rest : "/" + rest);
    }
    return v.isEmpty() ? "\"\"" : v;
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return lines;
    }
    StringBuilder line = new StringBuilder();
    for (String word : text.trim().split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
