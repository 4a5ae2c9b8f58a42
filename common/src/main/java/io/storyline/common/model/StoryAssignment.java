package io.storyline.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The decision taken for one post: the value of the {@code story-assignments} topic, keyed by post id.
 *
 * @param postId the post's id; never null
 * @param storyId the story it joined or opened; never null
 * @param score similarity to the story at decision time, in [0, 1]; 0 for a new story
 * @param newStory true if the post opened {@code storyId}
 * @param postCreatedAt event time of the post; never null
 * @param postFetchedAt when the post was fetched, for end-to-end latency; never null
 */
public record StoryAssignment(
    String postId, String storyId, double score, boolean newStory, Instant postCreatedAt, Instant postFetchedAt) {
  public StoryAssignment {
    Objects.requireNonNull(postId, "assignment postId can't be null");
    Objects.requireNonNull(storyId, "assignment storyId can't be null");
    Objects.requireNonNull(postCreatedAt, "assignment postCreatedAt can't be null");
    Objects.requireNonNull(postFetchedAt, "assignment postFetchedAt can't be null");
  }
}
