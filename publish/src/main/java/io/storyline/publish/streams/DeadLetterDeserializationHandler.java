package io.storyline.publish.streams;

import io.storyline.common.topic.Topics;

/**
 * The publish stage's answer to a {@code stories} or {@code story-assignments} record it cannot read
 * (invalid JSON, a story without {@code lastSeen}, a time outside the years 1970 to 9999): the record
 * goes to {@link Topics#STORIES_DLQ} with its reason and stage {@value #STAGE}, and processing resumes;
 * see {@link io.storyline.common.stage.DeadLetterDeserializationHandler}. Stateless and thread-safe;
 * Kafka Streams instantiates it from {@code deserialization.exception.handler}.
 */
public final class DeadLetterDeserializationHandler extends io.storyline.common.stage.DeadLetterDeserializationHandler {
  /** The {@link io.storyline.common.topic.DeadLetterHeaders#STAGE} value. */
  public static final String STAGE = "publish";

  /** Dead-letters to {@code stories.dlq}. */
  public DeadLetterDeserializationHandler() {
    super(Topics.STORIES_DLQ, STAGE);
  }
}
