package io.storyline.cluster.internal;

import io.storyline.common.topic.Topics;

/**
 * The cluster stage's answer to a {@code posts} record it cannot read (truncated or invalid JSON, a
 * value of the wrong shape such as a post without {@code createdAt}): the record goes to {@link
 * Topics#POSTS_DLQ} with its reason and stage {@value #STAGE}, and processing resumes; see {@link
 * io.storyline.common.stage.DeadLetterDeserializationHandler}. Stateless and thread-safe; Kafka Streams
 * instantiates it from {@code deserialization.exception.handler}.
 */
public final class DeadLetterDeserializationHandler extends io.storyline.common.stage.DeadLetterDeserializationHandler {
  /** The {@link io.storyline.common.topic.DeadLetterHeaders#STAGE} value. */
  public static final String STAGE = "cluster";

  /** Dead-letters to {@code posts.dlq}. */
  public DeadLetterDeserializationHandler() {
    super(Topics.POSTS_DLQ, STAGE);
  }
}
