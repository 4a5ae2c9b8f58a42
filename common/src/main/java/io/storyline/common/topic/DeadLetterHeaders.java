package io.storyline.common.topic;

/**
 * Header names on dead-letter records ({@code posts.dlq}, {@code stories.dlq}; built by {@link
 * DeadLetters}). Values are UTF-8 strings. The record's key and value are the original bytes, unchanged,
 * so it can be replayed after a fix; a story the publish stage read but refused (last seen in the
 * future) is written back with its topic's serde, the same JSON fields.
 */
public final class DeadLetterHeaders {
  private DeadLetterHeaders() {}

  /** Human-readable reason: names the thing, the value and the rule that failed. */
  public static final String REASON = "storyline.dlq.reason";
  /** Fully qualified class name of the exception. */
  public static final String ERROR_CLASS = "storyline.dlq.error.class";
  /** The stage that rejected the record, e.g. {@code normalizer}. */
  public static final String STAGE = "storyline.dlq.stage";
  /** Topic the record was read from. */
  public static final String SOURCE_TOPIC = "storyline.dlq.source.topic";
  /** Partition the record was read from (decimal). */
  public static final String SOURCE_PARTITION = "storyline.dlq.source.partition";
  /** Offset the record was read from (decimal). */
  public static final String SOURCE_OFFSET = "storyline.dlq.source.offset";
}
