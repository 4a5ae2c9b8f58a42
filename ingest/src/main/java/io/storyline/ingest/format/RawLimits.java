package io.storyline.ingest.format;

import io.storyline.common.topic.Topics;
import java.util.Arrays;

/**
 * How large a raw record the connectors write. A payload up to {@link #MAX_PAYLOAD_BYTES} goes to its
 * raw topic as it is (the topics accept {@link Topics#RAW_MAX_MESSAGE_BYTES}; the rest is headroom for
 * key, headers and batch overhead); a larger one, which Kafka would refuse and so fail the Connect task,
 * goes to the same topic cut to its first {@link #KEPT_BYTES} bytes with header {@link #OVERSIZE_HEADER}
 * carrying the original size, and the Normalizer dead-letters it with reason {@code oversize}. Stateless.
 */
public final class RawLimits {
  /** Largest payload written whole, in bytes. */
  public static final int MAX_PAYLOAD_BYTES = Topics.RAW_MAX_MESSAGE_BYTES - 64 * 1024;
  /** Bytes of an oversized payload kept in its record, for the dead letter. */
  public static final int KEPT_BYTES = 64 * 1024;
  /** Header on a record whose payload was cut: the original payload size in bytes (decimal, UTF-8). */
  public static final String OVERSIZE_HEADER = "storyline.raw.oversize.bytes";

  private RawLimits() {}

  /** @return true if {@code payload} is too large to be written whole */
  public static boolean oversized(byte[] payload) {
    return payload != null && payload.length > MAX_PAYLOAD_BYTES;
  }

  /** @return the first {@link #KEPT_BYTES} bytes of {@code payload} */
  public static byte[] kept(byte[] payload) {
    return Arrays.copyOf(payload, Math.min(payload.length, KEPT_BYTES));
  }
}
