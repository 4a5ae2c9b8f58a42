package io.storyline.ingest.format;

import java.time.Instant;
import java.util.Objects;

/**
 * One post's native payload cut out of a native file, ready to be written to a raw topic.
 *
 * @param format the payload's format; never null
 * @param nativeId the platform's id of the post, the record key; null when the payload could not be
 *     read far enough to find it (it will be dead-lettered)
 * @param createdAt the post's event time if it could be read, else null; used to replay in event-time order
 * @param payload the payload bytes (UTF-8 JSON or XML); never null
 * @param file the file it was read from, as given; never null
 * @param index the 0-based position of the item within {@code file}
 */
public record RawItem(NativeFormat format, String nativeId, Instant createdAt, byte[] payload, String file, int index) {
  public RawItem {
    Objects.requireNonNull(format, "raw item format can't be null");
    Objects.requireNonNull(payload, "raw item payload can't be null");
    Objects.requireNonNull(file, "raw item file can't be null");
  }
}
