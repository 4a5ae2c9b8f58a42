package io.storyline.publish;

import io.storyline.common.config.CommonConfig;
import io.storyline.publish.rank.ListDefinition;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed settings of the publish stage: the {@link CommonConfig} keys plus the {@code publish.*} keys
 * below. Immutable after construction; thread-safe.
 */
public final class PublishConfig extends CommonConfig {
  public static final String APPLICATION_ID_CONFIG = "publish.application.id";
  public static final String DEFAULT_APPLICATION_ID = "storyline-publish";
  private static final String APPLICATION_ID_DOC =
      "Kafka Streams application.id of the ranking topology; also the prefix of its changelog topics.";

  public static final String TOP_N_CONFIG = "publish.top.n";
  public static final int DEFAULT_TOP_N = 10;
  private static final String TOP_N_DOC =
      "Number of stories per published list, 1 to 100. All candidates are kept in state; the cut to N"
          + " happens only when a list is built.";

  public static final String LISTS_CONFIG = "publish.lists";
  public static final List<String> DEFAULT_LISTS =
      List.of("all/1h", "all/24h", "all/7d", "news/24h", "tools/24h", "papers/24h");
  private static final String LISTS_DOC =
      "Lists to publish, comma-separated ids <scope>/<window>: scope one of all, news, tools, papers,"
          + " discussions; window a positive number with unit m, h or d, at most 30 days (30d, 720h, 43200m: the stage"
          + " keeps every story seen within its widest window as a ranking candidate) (e.g. all/24h, news/7d).";

  public static final String CLOCK_CONFIG = "publish.clock";
  public static final String CLOCK_EVENT = "event";
  public static final String CLOCK_WALL = "wall";
  public static final String DEFAULT_CLOCK = CLOCK_WALL;
  private static final String CLOCK_DOC =
      "What \"now\" is when ranking: 'event' = the newest Story.lastSeen seen so far (deterministic,"
          + " for replays and tests); 'wall' = the wall clock (for live operation, so recency decay"
          + " moves ranks while input is quiet).";

  public static final String EMIT_INTERVAL_MS_CONFIG = "publish.emit.interval.ms";
  public static final long DEFAULT_EMIT_INTERVAL_MS = 5_000L;
  private static final String EMIT_INTERVAL_MS_DOC =
      "Wall-clock period in milliseconds at which every list is recomputed and re-emitted if it"
          + " changed (stories age out of windows, decay reorders), 100 to 3,600,000.";

  public static final String RECOMPUTE_INTERVAL_MS_CONFIG = "publish.recompute.interval.ms";
  public static final long DEFAULT_RECOMPUTE_INTERVAL_MS = 200L;
  private static final String RECOMPUTE_INTERVAL_MS_DOC =
      "Longest wall-clock time, in milliseconds (0 to 60,000), that a list changed by a story update waits"
          + " before it is re-ranked and re-emitted. 0 re-ranks the affected lists on every story update."
          + " A ranking pass scores every candidate story, so under a high update rate a few hundred"
          + " milliseconds coalesce many updates into one pass, at the price of up to that much latency"
          + " (storyline_publish_lists_pending counts the lists waiting).";

  public static final String DIGEST_HOUR_UTC_CONFIG = "publish.digest.hour.utc";
  public static final int DEFAULT_DIGEST_HOUR_UTC = 6;
  private static final String DIGEST_HOUR_UTC_DOC =
      "Hour of the day (UTC, 0 to 23) at which the daily edition of each digest list is published to"
          + " the digests topic, by the ranking clock.";

  public static final String DIGEST_LISTS_CONFIG = "publish.digest.lists";
  public static final List<String> DEFAULT_DIGEST_LISTS = List.of("news/24h", "tools/24h", "papers/24h");
  private static final String DIGEST_LISTS_DOC =
      "Lists published as daily editions, same syntax as publish.lists; empty = no editions.";

  private static final ConfigDef CONFIG =
      definition()
          .define(APPLICATION_ID_CONFIG, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyString(),
              Importance.HIGH, APPLICATION_ID_DOC)
          .define(TOP_N_CONFIG, Type.INT, DEFAULT_TOP_N, Range.between(1, 100), Importance.HIGH, TOP_N_DOC)
          .define(LISTS_CONFIG, Type.LIST, DEFAULT_LISTS,
              ConfigDef.LambdaValidator.with(PublishConfig::validateLists, () -> "list ids <scope>/<window>, windows up to 30d"),
              Importance.HIGH, LISTS_DOC)
          .define(CLOCK_CONFIG, Type.STRING, DEFAULT_CLOCK, ValidString.in(CLOCK_EVENT, CLOCK_WALL),
              Importance.MEDIUM, CLOCK_DOC)
          .define(EMIT_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_EMIT_INTERVAL_MS, Range.between(100, 3_600_000),
              Importance.MEDIUM, EMIT_INTERVAL_MS_DOC)
          .define(RECOMPUTE_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_RECOMPUTE_INTERVAL_MS, Range.between(0, 60_000),
              Importance.LOW, RECOMPUTE_INTERVAL_MS_DOC)
          .define(DIGEST_HOUR_UTC_CONFIG, Type.INT, DEFAULT_DIGEST_HOUR_UTC, Range.between(0, 23),
              Importance.MEDIUM, DIGEST_HOUR_UTC_DOC)
          .define(DIGEST_LISTS_CONFIG, Type.LIST, DEFAULT_DIGEST_LISTS,
              ConfigDef.LambdaValidator.with(PublishConfig::validateDigestLists,
                  () -> "empty, or list ids <scope>/<window>, windows up to 30d"),
              Importance.MEDIUM, DIGEST_LISTS_DOC);

  /**
   * @param originals the settings; {@code bootstrap.servers} is required
   * @throws ConfigException naming the key, the value and the rule
   */
  public PublishConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
  }

  /** @return a copy of the full definition (common plus publish keys), e.g. for generating docs */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  /** @return the Streams application id */
  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  /** @return stories per list, 1 to 100 */
  public int topN() {
    return getInt(TOP_N_CONFIG);
  }

  /** @return the lists to publish, in configured order, distinct */
  public List<ListDefinition> lists() {
    return getList(LISTS_CONFIG).stream().map(s -> ListDefinition.parse(s.trim())).toList();
  }

  /** @return true if "now" is the newest event time seen, false if it is the wall clock */
  public boolean eventClock() {
    return CLOCK_EVENT.equals(getString(CLOCK_CONFIG).toLowerCase(Locale.ROOT));
  }

  /** @return the wall-clock recompute period */
  public Duration emitInterval() {
    return Duration.ofMillis(getLong(EMIT_INTERVAL_MS_CONFIG));
  }

  /** @return how long a changed list may wait before it is re-ranked; zero = at every story update */
  public Duration recomputeInterval() {
    return Duration.ofMillis(getLong(RECOMPUTE_INTERVAL_MS_CONFIG));
  }

  /** @return the daily edition hour, 0 to 23 UTC */
  public int digestHourUtc() {
    return getInt(DIGEST_HOUR_UTC_CONFIG);
  }

  /** @return the lists published as daily editions, possibly empty */
  public List<ListDefinition> digestLists() {
    return getList(DIGEST_LISTS_CONFIG).stream().map(String::trim).filter(s -> !s.isEmpty())
        .map(ListDefinition::parse).toList();
  }

  private static void validateDigestLists(String name, Object value) {
    @SuppressWarnings("unchecked")
    List<String> ids = (List<String>) value;
    if (ids == null || ids.stream().allMatch(s -> s.trim().isEmpty())) {
      return;
    }
    validateLists(name, value);
  }

  private static void validateLists(String name, Object value) {
    @SuppressWarnings("unchecked")
    List<String> ids = (List<String>) value;
    if (ids == null || ids.isEmpty()) {
      throw new ConfigException(name, value, "must name at least one list, e.g. all/24h");
    }
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      try {
        ListDefinition.parse(id.trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
      if (!seen.add(id.trim())) {
        throw new ConfigException(name, value, "list '" + id.trim() + "' is listed twice");
      }
    }
  }
}
