package io.storyline.ingest.connect;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * How every storyline source task treats a committed source offset it cannot honour (a value not of its key's
 * shape, a replay position past the last item): it fails, with a message naming the connector's stream, the key,
 * the value and the rule, and how to reset the offset. It neither starts over (re-reading what it may have
 * written) nor jumps ahead (skipping what it may not have written) on a guess: Connect's offsets are written by
 * the task itself or by an operator (KIP-875), so such a value means an edit or a corrupt store that the operator
 * must see. docs/RELIABILITY.md, "Committed source offsets". Stateless.
 */
public final class UnusableOffsetException extends ConnectException {
  private static final long serialVersionUID = 1L;

  /** What to do, appended to every message. */
  static final String RESET = "the task stops rather than re-read or skip on a guess. Fix or reset the offset and "
      + "restart the task: with Connect's REST API, stop the connector and PATCH or DELETE /connectors/<name>/offsets "
      + "(KIP-875); with storyline run ingest, whose Connect REST API is not exposed, give the connector a new name "
      + "(offsets are kept per connector name) or, standalone, start with a new --offsets-file";

  /**
   * @param problem what is wrong, naming the stream or replay, the key, the value and the rule, e.g. {@code "replay
   *     sha256:… committed position 12 is past the last of 10 items"}; not null
   */
  public UnusableOffsetException(String problem) {
    super(problem + "; " + RESET);
  }
}
