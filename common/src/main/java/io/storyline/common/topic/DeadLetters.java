package io.storyline.common.topic;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the headers of a dead-letter record: the original record's headers plus every {@link
 * DeadLetterHeaders} key (a key the original already had is replaced). One place, so that every stage's
 * dead-letter records ({@code posts.dlq}, {@code stories.dlq}) carry the same headers. Stateless and
 * thread-safe.
 */
public final class DeadLetters {
  private DeadLetters() {}

  /**
   * @param original the rejected record's headers; may not be null (not modified)
   * @param reason what was wrong: names the thing, the value and the rule; may not be null
   * @param error the exception class that described it, or a short tag when there was no exception; may
   *     not be null
   * @param stage the rejecting stage, e.g. {@code normalizer}; may not be null
   * @param topic topic the record was read from; may not be null ({@code "?"} if unknown)
   * @param partition partition it was read from, or -1 if unknown
   * @param offset offset it was read from, or -1 if unknown
   * @return new headers; never null
   */
  public static Headers headers(Headers original, String reason, String error, String stage, String topic,
      int partition, long offset) {
    Headers headers = new RecordHeaders(Objects.requireNonNull(original, "original headers can't be null").toArray());
    put(headers, DeadLetterHeaders.REASON, Objects.requireNonNull(reason, "reason can't be null"));
    put(headers, DeadLetterHeaders.ERROR_CLASS, Objects.requireNonNull(error, "error can't be null"));
    put(headers, DeadLetterHeaders.STAGE, Objects.requireNonNull(stage, "stage can't be null"));
    put(headers, DeadLetterHeaders.SOURCE_TOPIC, Objects.requireNonNull(topic, "topic can't be null"));
    put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition));
    put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset));
    return headers;
  }

  /**
   * @param error an exception; may not be null
   * @return its message, or its {@code toString()} when it has none
   */
  public static String reason(Throwable error) {
    return error.getMessage() == null ? error.toString() : error.getMessage();
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
