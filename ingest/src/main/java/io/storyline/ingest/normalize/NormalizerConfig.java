package io.storyline.ingest.normalize;

import io.storyline.common.config.CommonConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed configuration of the Normalizer: the {@link CommonConfig} keys plus the keys below. Immutable
 * after construction; thread-safe.
 */
public final class NormalizerConfig extends CommonConfig {
  public static final String APPLICATION_ID_CONFIG = "normalizer.application.id";
  public static final String DEFAULT_APPLICATION_ID = "storyline-normalizer";
  private static final String APPLICATION_ID_DOC =
      "Kafka Streams application.id of the Normalizer: prefix of its consumer group, internal topics and state.";

  public static final String CREATED_FROM_CONFIG = "normalizer.created.from";
  private static final String CREATED_FROM_DOC =
      "Drop (and count) posts created before this time: an ISO-8601 instant (2025-07-07T12:00:00Z) or date "
          + "(2025-07-07 = start of that day, UTC). Empty = no lower bound.";

  public static final String CREATED_TO_CONFIG = "normalizer.created.to";
  private static final String CREATED_TO_DOC =
      "Drop (and count) posts created after this time, inclusive: an ISO-8601 instant or date "
          + "(2025-07-07 = up to the end of that day, UTC). Empty = no upper bound.";

  public static final String DEDUPE_RETENTION_HOURS_CONFIG = "normalizer.dedupe.retention.hours";
  public static final int DEFAULT_DEDUPE_RETENTION_HOURS = 7 * 24;
  private static final String DEDUPE_RETENTION_HOURS_DOC =
      "Hours of event time a post id is remembered for de-duplication; older entries are purged, so a copy of "
          + "a post arriving later than this after the newest record is emitted again. The same horizon bounds "
          + "the thread keys kept to route replies to replies (a reply to an older post routes by its parent).";

  public static final String DEDUPE_PURGE_INTERVAL_MS_CONFIG = "normalizer.dedupe.purge.interval.ms";
  public static final long DEFAULT_DEDUPE_PURGE_INTERVAL_MS = 10 * 60_000L;
  private static final String DEDUPE_PURGE_INTERVAL_MS_DOC =
      "Milliseconds of stream time between purges of expired post ids from the de-duplication and thread-key stores.";

  public static final String MERGE_WAIT_MS_CONFIG = "normalizer.merge.wait.ms";
  /** Live default: merge what has reached the broker in event-time order, never wait for a producer. */
  public static final long DEFAULT_MERGE_WAIT_MS = 0L;
  /** What a replay of several sources at once wants (the demo's setting): the merge order does not depend on timing. */
  public static final long REPLAY_MERGE_WAIT_MS = 2_000L;
  private static final String MERGE_WAIT_MS_DOC =
      "Milliseconds the normalizer waits, when a raw topic's partition is caught up, for more of its records "
          + "before merging the other raw topics without it (Kafka Streams max.task.idle.ms, KIP-695). 0 (default, "
          + "for live traffic): records already on the broker are still merged in event-time order, but a quiet "
          + "source (arXiv between its daily batches) never holds the others back. A replay of several sources "
          + "from separate producers wants about 2000, so that the merge order, and with it the stories, does not "
          + "depend on which producer ran ahead; every time a sparse source drains, all sources then wait that long.";

  private final CreatedRange createdRange;

  /**
   * @param originals the settings; {@code kafka.}-prefixed keys are passed to the Kafka clients
   * @throws ConfigException naming the key, the value and the rule
   */
  public NormalizerConfig(Map<?, ?> originals) {
    super(definition(), originals);
    try {
      createdRange = new CreatedRange(
          CreatedRange.parseFrom(getString(CREATED_FROM_CONFIG)), CreatedRange.parseTo(getString(CREATED_TO_CONFIG)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(CREATED_FROM_CONFIG + "/" + CREATED_TO_CONFIG, getString(CREATED_FROM_CONFIG)
          + " .. " + getString(CREATED_TO_CONFIG), e.getMessage());
    }
  }

  /** @return a fresh copy of the Normalizer's definition: the common keys plus its own */
  public static ConfigDef definition() {
    return CommonConfig.definition()
        .define(APPLICATION_ID_CONFIG, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyString(),
            Importance.HIGH, APPLICATION_ID_DOC)
        .define(CREATED_FROM_CONFIG, Type.STRING, null, new TimeBound(false), Importance.MEDIUM, CREATED_FROM_DOC)
        .define(CREATED_TO_CONFIG, Type.STRING, null, new TimeBound(true), Importance.MEDIUM, CREATED_TO_DOC)
        .define(DEDUPE_RETENTION_HOURS_CONFIG, Type.INT, DEFAULT_DEDUPE_RETENTION_HOURS, Range.between(1, 24 * 3650),
            Importance.MEDIUM, DEDUPE_RETENTION_HOURS_DOC)
        .define(DEDUPE_PURGE_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_DEDUPE_PURGE_INTERVAL_MS, Range.atLeast(1),
            Importance.LOW, DEDUPE_PURGE_INTERVAL_MS_DOC)
        .define(MERGE_WAIT_MS_CONFIG, Type.LONG, DEFAULT_MERGE_WAIT_MS, Range.between(0, 3_600_000L), Importance.MEDIUM,
            MERGE_WAIT_MS_DOC);
  }

  /** @return the Streams application id */
  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  /** @return the accepted creation-time range; {@link CreatedRange#ALL} when neither end is set */
  public CreatedRange createdRange() {
    return createdRange;
  }

  /** @return how long post ids are remembered, in event time */
  public Duration dedupeRetention() {
    return Duration.ofHours(getInt(DEDUPE_RETENTION_HOURS_CONFIG));
  }

  /** @return stream time between purges of the de-duplication store */
  public Duration dedupePurgeInterval() {
    return Duration.ofMillis(getLong(DEDUPE_PURGE_INTERVAL_MS_CONFIG));
  }

  /** @return how long the merge of the raw topics waits for a caught-up partition, in ms (0 .. 1 h) */
  public long mergeWaitMs() {
    return getLong(MERGE_WAIT_MS_CONFIG);
  }

  /** Accepts null, an ISO-8601 instant or an ISO-8601 date. */
  private record TimeBound(boolean upper) implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        if (upper) {
          CreatedRange.parseTo((String) value);
        } else {
          CreatedRange.parseFrom((String) value);
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "empty, an ISO-8601 instant (2025-07-07T12:00:00Z) or an ISO-8601 date (2025-07-07)";
    }
  }
}
