package io.storyline.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.storyline.ingest.connect.ReplayConnectorConfig;
import io.storyline.ingest.connect.ReplaySourceConnector;
import io.storyline.ingest.live.arxiv.ArxivConfig;
import io.storyline.ingest.live.arxiv.ArxivSourceConnector;
import io.storyline.ingest.live.discord.DiscordConfig;
import io.storyline.ingest.live.discord.DiscordSourceConnector;
import io.storyline.ingest.live.reddit.RedditConfig;
import io.storyline.ingest.live.reddit.RedditSourceConnector;
import io.storyline.ingest.live.x.XConfig;
import io.storyline.ingest.live.x.XSourceConnector;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceTask;

/**
 * The ingest connectors' settings, one key at a time set to a generated odd value (negative, huge, empty,
 * blank, not a number, a number with a unit, control characters, a URL with spaces, lists with empty
 * elements, very long text) on top of a valid configuration. Whatever the value, Connect's {@code
 * validate} answers (it does not throw), and the connector either starts, and then so do its tasks, or
 * refuses with a {@link ConnectException} or {@link ConfigException} whose message names the key. A
 * connector that starts must not leave a task that cannot (Connect would report the connector RUNNING and
 * its task FAILED on a setting the connector accepted).
 */
class ConnectorConfigPropertyTest {
  /** A valid configuration of one connector, and how to make the connector and its task. */
  record Subject(String name, Supplier<SourceConnector> connector, Supplier<SourceTask> task, Map<String, String> valid) {
    List<String> keys() {
      return new ArrayList<>(connector.get().config().names());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Subject> SUBJECTS = List.of(
      new Subject("x", XSourceConnector::new, io.storyline.ingest.live.x.XSourceTask::new,
          Map.of(XConfig.QUERIES_CONFIG, "kimi k2", XConfig.BEARER_TOKEN_CONFIG, "t", XConfig.USER_IDS_CONFIG, "12")),
      new Subject("reddit", RedditSourceConnector::new, io.storyline.ingest.live.reddit.RedditSourceTask::new,
          Map.of(RedditConfig.SUBREDDITS_CONFIG, "LocalLLaMA", RedditConfig.TOKEN_CONFIG, "t")),
      new Subject("discord", DiscordSourceConnector::new, io.storyline.ingest.live.discord.DiscordSourceTask::new,
          Map.of(DiscordConfig.CHANNEL_IDS_CONFIG, "1380000000000000001", DiscordConfig.BOT_TOKEN_CONFIG, "t")),
      new Subject("arxiv", ArxivSourceConnector::new, io.storyline.ingest.live.arxiv.ArxivSourceTask::new,
          Map.of(ArxivConfig.CATEGORIES_CONFIG, "cs.AI", ArxivConfig.OAI_SETS_CONFIG, "cs")),
      new Subject("replay", ReplaySourceConnector::new, null,
          Map.of(ReplayConnectorConfig.PATHS_CONFIG, replayDir().toString())));

  private static Path replayDir() {
    try {
      return Path.of(ConnectorConfigPropertyTest.class.getResource("/replay").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Example
  void shouldReportARuleSpanningTwoKeysInValidateOnTheKeyItIsAbout() {
    // found by the property below (http.backoff.max.ms=0 under the default base of 1000):
    // validate() said nothing, start() then refused
    Map<String, String> props = new HashMap<>(SUBJECTS.get(2).valid());
    props.put(LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG, "5000");
    props.put(LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG, "1000");

    Config validated = new DiscordSourceConnector().validate(props);

    assertThat(validated.configValues()).filteredOn(v -> !v.errorMessages().isEmpty())
        .singleElement().satisfies(v -> {
          assertThat(v.name()).isEqualTo(LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG);
          assertThat(v.errorMessages()).singleElement().asString().contains("5000")
              .contains("must not exceed " + LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG);
        });
  }

  @Example
  void shouldReportEveryBrokenRuleInOneValidationEachOnItsKey() {
    // before: a key's own error hid every rule spanning keys, and of those only the first was reported
    Map<String, String> props = new HashMap<>();
    props.put(XConfig.BEARER_TOKEN_CONFIG, " ");
    props.put(LiveConnectorConfig.HTTP_MAX_RETRIES_CONFIG, "-1");
    props.put(LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG, "5000");
    props.put(LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG, "1000");

    Config validated = new XSourceConnector().validate(props);

    Map<String, List<String>> errors = new HashMap<>();
    validated.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
        .forEach(v -> errors.put(v.name(), v.errorMessages()));
    assertThat(errors).containsOnlyKeys(LiveConnectorConfig.HTTP_MAX_RETRIES_CONFIG, XConfig.BEARER_TOKEN_CONFIG,
        XConfig.QUERIES_CONFIG, LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG);
    assertThat(errors.get(XConfig.BEARER_TOKEN_CONFIG)).singleElement().asString().contains("must not be blank");
    assertThat(errors.get(XConfig.QUERIES_CONFIG)).singleElement().asString().contains("nothing to poll");
    assertThat(errors.get(LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG)).singleElement().asString()
        .contains("must not exceed " + LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG);
  }

  @Example
  void shouldLeaveOutASpanningErrorAboutAKeyThatBrokeItsOwnRule() {
    // http.backoff.base.ms is not a number: checked at its default (1000) it would exceed the max of 500, an error
    // about a value the user never wrote
    Map<String, String> props = new HashMap<>(SUBJECTS.get(2).valid());
    props.put(LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG, "5 s");
    props.put(LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG, "500");

    Config validated = new DiscordSourceConnector().validate(props);

    assertThat(validated.configValues()).filteredOn(v -> !v.errorMessages().isEmpty()).singleElement()
        .satisfies(v -> {
          assertThat(v.name()).isEqualTo(LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG);
          assertThat(v.errorMessages()).anySatisfy(m -> assertThat(m).contains("5 s"))
              .noneSatisfy(m -> assertThat(m).contains("must not exceed"));
        });
  }

  @Example
  void shouldReportABlankTokenInValidateWithoutShowingIt() {
    Map<String, String> props = new HashMap<>(SUBJECTS.get(0).valid());
    props.put(XConfig.BEARER_TOKEN_CONFIG, "   ");

    Config validated = new XSourceConnector().validate(props);

    assertThat(validated.configValues()).filteredOn(v -> !v.errorMessages().isEmpty())
        .singleElement().satisfies(v -> {
          assertThat(v.name()).isEqualTo(XConfig.BEARER_TOKEN_CONFIG);
          assertThat(v.errorMessages()).singleElement().asString().contains("[hidden]").contains("must not be blank");
        });
  }

  @Provide
  Arbitrary<String> oddValues() {
    Arbitrary<String> fixed = Arbitraries.of("", " ", "\t", "-1", "0", "-0", "1", "-9223372036854775808",
        "9223372036854775807", "9223372036854775808", "99999999999999999999999", "2147483648", "-2147483649", "NaN",
        "Infinity", "1e3", "0x10", "1_000", "10 ms", "10ms", "3.5", ",", ",,", " , ", "a,,b", "true", "null", "[hidden]",
        "http://", "https:// x.org", "https://x.org/ a", "https://x.org/?q=1", "ftp://x.org", "//x.org", "x.org",
        "https://[::1", "https://x.org/\u0000", "\u0000", "\r\n", "line\nbreak", "\uFEFFcs.AI", "\uD800", "r/LocalLLaMA",
        "2026-02-30", "2026-13-01", "0000-01-01", "+2026-01-01", "cs.AI,", "||", "|| ||", "%", "%zz", "#", "é");
    Arbitrary<String> numbers = Arbitraries.longs().map(String::valueOf);
    Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40);
    Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(20);
    Arbitrary<String> longText = Arbitraries.strings().withChars("ab ,|.%").ofMinLength(5_000).ofMaxLength(70_000);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, fixed), net.jqwik.api.Tuple.of(2, numbers), net.jqwik.api.Tuple.of(2, text),
        net.jqwik.api.Tuple.of(1, unicode), net.jqwik.api.Tuple.of(1, longText));
  }

  @Provide
  Arbitrary<Map.Entry<Subject, String>> keys() {
    return Arbitraries.of(SUBJECTS).flatMap(s -> Arbitraries.of(s.keys()).map(k -> Map.entry(s, k)));
  }

  @Property(tries = 600)
  void shouldStartOrRefuseNamingTheKeyWhateverOneSettingHolds(@ForAll("keys") Map.Entry<Subject, String> target,
      @ForAll("oddValues") String value) {
    Subject subject = target.getKey();
    String key = target.getValue();
    Map<String, String> props = new HashMap<>(subject.valid());
    props.put(key, value);
    String shown = value.length() > 60 ? value.substring(0, 60) + "… (" + value.length() + " chars)" : value;

    Config validated = subject.connector().get().validate(props);

    List<String> errors = validated.configValues().stream().flatMap(v -> v.errorMessages().stream()).toList();
    SourceConnector connector = subject.connector().get();
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> connector.start(props));
    Statistics.label("outcome").collect(subject.name() + (refused == null ? " started" : " refused"));
    if (refused != null) {
      assertThat(refused).as("%s=%s", key, shown).isInstanceOfAny(ConnectException.class, ConfigException.class);
      assertThat(refused.getMessage()).as("%s=%s", key, shown).contains(key);
      assertThat(errors).as("validate(%s=%s) agrees with start, which refused: %s", key, shown, refused.getMessage())
          .isNotEmpty();
      return;
    }
    assertThat(errors).as("validate(%s=%s) agrees with start, which accepted it", key, shown).isEmpty();
    if (subject.task() == null) {
      return;
    }
    for (Map<String, String> taskConfig : connector.taskConfigs(2)) {
      SourceTask task = subject.task().get();
      assertThatCode(() -> task.start(taskConfig)).as("task of %s with %s=%s", subject, key, shown)
          .doesNotThrowAnyException();
      task.stop();
    }
    connector.stop();
  }
}
