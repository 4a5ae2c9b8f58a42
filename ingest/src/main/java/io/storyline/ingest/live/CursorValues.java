package io.storyline.ingest.live;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Predicate;
import io.storyline.ingest.connect.UnusableOffsetException;
import java.util.regex.Pattern;

/**
 * Reads the values of a poller's cursor. A cursor comes back from Connect's offsets, which an operator
 * may edit (the Connect REST API's {@code PATCH /connectors/{name}/offsets}, KIP-875) or an older
 * version may have written (the pollers themselves store only values of the shapes checked here). A value not
 * of its key's shape is refused with an {@link UnusableOffsetException} that names the stream, the key, the value and the
 * rule and says how to reset the offset; the task fails (as the replay task does on a position it cannot honour)
 * rather than start the stream over, re-reading, or from its first-sweep look-back, skipping on a guess.
 * Stateless, thread-safe.
 */
public final class CursorValues {
  private static final Pattern SNOWFLAKE = Pattern.compile("\\d{1,20}");
  private static final Pattern NON_NEGATIVE_INT = Pattern.compile("\\d{1,9}");

  private CursorValues() {}

  /**
   * @param id a value; may be null
   * @return whether it is 1 to 20 ASCII decimal digits, the shape of an X or Discord snowflake id
   */
  public static boolean isSnowflake(String id) {
    return id != null && SNOWFLAKE.matcher(id).matches();
  }

  /**
   * @param stream the stream, for the error, e.g. {@code "discord channel 138..."}; not null
   * @param cursor the cursor; not null
   * @param key the key to read; not null
   * @param shape what a usable value satisfies; not null
   * @param rule the shape in words, for the error, e.g. {@code "1 to 20 decimal digits"}; not null
   * @return the value, or null if absent
   * @throws UnusableOffsetException if present and not of the shape
   */
  public static String matching(String stream, Map<String, String> cursor, String key, Predicate<String> shape, String rule) {
    String value = cursor.get(key);
    if (value == null || shape.test(value)) {
      return value;
    }
    throw new UnusableOffsetException(stream + ": cursor " + key + " '" + value + "' is not " + rule);
  }

  /**
   * @return the value as an int in [0, 999999999], or {@code absent} if absent
   * @throws UnusableOffsetException if present and not such a number
   * @see #matching
   */
  public static int nonNegativeInt(String stream, Map<String, String> cursor, String key, int absent) {
    String value = matching(stream, cursor, key, v -> NON_NEGATIVE_INT.matcher(v).matches(),
        "a whole number from 0 to 999999999 in ASCII digits");
    return value == null ? absent : Integer.parseInt(value);
  }

  /**
   * @return the value as an instant, or null if absent
   * @throws UnusableOffsetException if present and not an ISO-8601 instant such as {@code 2026-07-01T12:00:00Z}
   * @see #matching
   */
  public static Instant instant(String stream, Map<String, String> cursor, String key) {
    String value = matching(stream, cursor, key, CursorValues::isInstant, "an ISO-8601 instant like 2026-07-01T12:00:00Z");
    return value == null ? null : Instant.parse(value);
  }

  private static boolean isInstant(String value) {
    try {
      Instant.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
