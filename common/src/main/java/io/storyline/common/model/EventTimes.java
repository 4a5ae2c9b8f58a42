package io.storyline.common.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The range of instants a record of this model may carry: the years 1970 to 9999, so that every
 * time is a valid Kafka record timestamp ({@code toEpochMilli()} neither negative nor overflowing).
 * ISO-8601, and so Jackson, reads far more ({@code +1000000000-12-31T23:59:59Z}); the ingest parsers
 * already refuse such times ({@code Times.iso}), and the record constructors refuse them here, so a
 * record written to {@code posts} or {@code stories} by anyone else is not read (the stage
 * dead-letters or skips it) instead of failing a stage deep inside its processing.
 *
 * <p>A second rule needs the wall clock, so the stages apply it, not the constructors: an event time may
 * not lie more than {@link #MAX_FUTURE} after the wall clock of the stage that reads it ({@link
 * #isFuture}). Nothing is created in the future; a time that far ahead is a wrong clock at the source or
 * a forged record, and an event clock that followed it would jump ahead for good (every real story
 * would then look days old and be pruned). Stateless and thread-safe.
 */
public final class EventTimes {
  /** Earliest accepted instant, the Unix epoch (a Kafka timestamp can't be negative). */
  public static final Instant EARLIEST = Instant.EPOCH;
  /** Latest accepted instant, the end of year 9999. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
  /** The rule, as error messages name it. */
  public static final String RULE = "an instant in the years 1970 to 9999 (" + EARLIEST + " to " + LATEST + ")";

  /** How far past a stage's wall clock an event time may lie (clock skew between a source and us): 1 h. */
  public static final Duration MAX_FUTURE = Duration.ofHours(1);

  private EventTimes() {}

  /**
   * @param time an event time; may not be null
   * @param wallClockMs the reading stage's wall clock, epoch ms
   * @return true if {@code time} is more than {@link #MAX_FUTURE} after {@code wallClockMs}
   */
  public static boolean isFuture(Instant time, long wallClockMs) {
    return time.isAfter(Instant.ofEpochMilli(wallClockMs).plus(MAX_FUTURE));
  }

  /**
   * The error message for a time that {@link #isFuture} refuses.
   *
   * @param thing what carries the time, e.g. {@code post reddit:t3_x}; may not be null
   * @param field the field, e.g. {@code createdAt}; may not be null
   * @param time the value; may not be null
   * @param wallClockMs the reading stage's wall clock, epoch ms
   * @return a message naming the thing, the field, the value, the wall clock and the rule
   */
  public static String futureMessage(String thing, String field, Instant time, long wallClockMs) {
    return thing + " " + field + " '" + time + "' is " + Duration.between(Instant.ofEpochMilli(wallClockMs), time)
        .toHours() + " h after this stage's wall clock " + Instant.ofEpochMilli(wallClockMs)
        + "; an event time may be at most " + MAX_FUTURE.toMinutes() + " min ahead (clock skew), since nothing is"
        + " created in the future";
  }

  /**
   * @param time an instant; may be null
   * @return true if {@code time} is null or within [{@link #EARLIEST}, {@link #LATEST}]
   */
  public static boolean inRange(Instant time) {
    return time == null || (!time.isBefore(EARLIEST) && !time.isAfter(LATEST));
  }

  /**
   * @param thing what carries the time, e.g. {@code post reddit:t3_x}; may not be null
   * @param field the field, e.g. {@code createdAt}; may not be null
   * @param time the value; may be null (passes)
   * @return {@code time}
   * @throws IllegalArgumentException naming thing, field, value and {@link #RULE} if out of range
   */
  public static Instant require(String thing, String field, Instant time) {
    if (!inRange(time)) {
      throw new IllegalArgumentException(thing + " " + field + " '" + time + "' is not " + RULE);
    }
    return time;
  }
}
