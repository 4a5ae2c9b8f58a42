package io.storyline.ingest.format;

import io.storyline.common.model.EventTimes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Lenient time parsing for native payloads (formats.md, edge case 50). Stateless and thread-safe.
 */
public final class Times {
  /** Discord epoch, ms: snowflake timestamps count from 2015-01-01T00:00:00Z (discord-api-docs reference.mdx). */
  public static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

  /** X/Twitter snowflake epoch, ms (developer.x.com "Twitter IDs"). */
  public static final long TWITTER_EPOCH_MS = 1_288_834_974_657L;

  /** Earliest event time accepted, {@link EventTimes#EARLIEST} (the records refuse earlier ones too). */
  public static final Instant EARLIEST = EventTimes.EARLIEST;
  /** Latest event time accepted, {@link EventTimes#LATEST}. */
  public static final Instant LATEST = EventTimes.LATEST;
  /** What {@link #iso} accepts, in words, for error messages. */
  public static final String ISO_RULE = "an ISO-8601 date-time in the years 1970 to 9999";

  private Times() {}

  /**
   * @param t an instant; may be null
   * @return whether it is non-null and within [{@link #EARLIEST}, {@link #LATEST}], so it is a valid
   *     Kafka record timestamp and its epoch ms never overflow
   */
  public static boolean inRange(Instant t) {
    return t != null && EventTimes.inRange(t);
  }

  /**
   * Parses ISO-8601 date-times: {@code Z} or an offset, 0–9 fractional digits, and offset-less values
   * taken as UTC.
   *
   * @param s the text; may be null
   * @return the instant, or null if {@code s} is null, blank, not ISO-8601 or outside the years 1970
   *     to 9999 ({@link #inRange}; ISO-8601 allows years such as {@code +300000000}, whose epoch ms overflow)
   */
  public static Instant iso(String s) {
    Instant t = isoUnbounded(s);
    return inRange(t) ? t : null;
  }

  private static Instant isoUnbounded(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String t = s.strip();
    try {
      return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return ZonedDateTime.parse(t, DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return java.time.LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Parses epoch seconds given as an integer, a float or a string of either (Reddit {@code created_utc}).
   *
   * @param s the text; may be null
   * @return the instant (millisecond precision), or null if not a finite number in the years 1970–9999
   */
  public static Instant epochSeconds(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    double d;
    try {
      d = Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
    if (!Double.isFinite(d) || d < 0 || d > 253_402_300_799d) {
      return null;
    }
    return Instant.ofEpochMilli(Math.round(d * 1000d));
  }

  /**
   * @param snowflake a snowflake id as decimal text; may be null
   * @param epochMs the platform's snowflake epoch in ms
   * @return {@code (id >> 22) + epochMs} as an instant, or null if the text is not a 64-bit integer of at least 2^22 (smaller ids carry no time)
   */
  public static Instant snowflake(String snowflake, long epochMs) {
    if (snowflake == null) {
      return null;
    }
    long id;
    try {
      id = Long.parseLong(snowflake.strip());
    } catch (NumberFormatException e) {
      return null;
    }
    if (id <= 0 || (id >> 22) == 0) {
      return null;
    }
    return Instant.ofEpochMilli((id >> 22) + epochMs);
  }
}
