package io.storyline.ingest.normalize;

import io.storyline.common.model.EventTimes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * An inclusive range of post creation times; either end may be open. Immutable and thread-safe.
 *
 * @param from earliest accepted {@code createdAt}, inclusive; null = no lower bound
 * @param to latest accepted {@code createdAt}, inclusive; null = no upper bound
 */
public record CreatedRange(Instant from, Instant to) {
  /** The range that accepts every time. */
  public static final CreatedRange ALL = new CreatedRange(null, null);

  /** @throws IllegalArgumentException if both ends are set and {@code from} is after {@code to} */
  public CreatedRange {
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("created range start " + from + " is after its end " + to);
    }
  }

  /**
   * @param createdAt a post's creation time; may not be null
   * @return true if {@code from <= createdAt <= to} for the ends that are set
   */
  public boolean contains(Instant createdAt) {
    return (from == null || !createdAt.isBefore(from)) && (to == null || !createdAt.isAfter(to));
  }

  /**
   * Parses a lower bound.
   *
   * @param text an ISO-8601 instant ({@code 2025-07-07T12:00:00Z}) or date ({@code 2025-07-07}, meaning
   *     the start of that day in UTC); null or blank = no bound
   * @return the instant, or null
   * @throws IllegalArgumentException naming the value if it is neither, or is after the end of 9999 (no post
   *     could be created there: {@link EventTimes})
   */
  public static Instant parseFrom(String text) {
    return parse(text, false);
  }

  /**
   * Parses an upper bound.
   *
   * @param text an ISO-8601 instant or date ({@code 2025-07-07}, meaning up to the end of that day in
   *     UTC, i.e. the last nanosecond before {@code 2025-07-08T00:00:00Z}); null or blank = no bound
   * @return the instant, or null
   * @throws IllegalArgumentException naming the value if it is neither, or is before 1970 (no post could be
   *     created then: {@link EventTimes})
   */
  public static Instant parseTo(String text) {
    return parse(text, true);
  }

  private static Instant parse(String text, boolean endOfDay) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim();
    Instant bound;
    try {
      bound = Instant.parse(t);
    } catch (DateTimeParseException notInstant) {
      try {
        LocalDate date = LocalDate.parse(t);
        // the last nanosecond of the day (LocalTime.MAX: plusDays(1) overflows on LocalDate.MAX)
        bound = endOfDay ? date.atTime(java.time.LocalTime.MAX).toInstant(ZoneOffset.UTC)
            : date.atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        throw new IllegalArgumentException("'" + t + "' is neither an ISO-8601 instant (2025-07-07T12:00:00Z) "
            + "nor an ISO-8601 date (2025-07-07)", notDate);
      }
    }
    // a bound past the far end of the times a post can carry would drop every post
    if (endOfDay ? bound.isBefore(EventTimes.EARLIEST) : bound.isAfter(EventTimes.LATEST)) {
      throw new IllegalArgumentException("'" + t + "' as the " + (endOfDay ? "upper" : "lower") + " bound would drop every post:"
          + " posts carry " + EventTimes.RULE);
    }
    return bound;
  }
}
