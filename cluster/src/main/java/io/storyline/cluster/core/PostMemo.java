package io.storyline.cluster.core;

import io.storyline.common.model.StoryAssignment;
import java.time.Instant;

/**
 * What the core remembers of a post it assigned: enough to re-emit the same assignment for a
 * duplicate and to let replies follow it.
 *
 * @param storyId the story it was assigned to; never null
 * @param score its score at decision time, in [0, 1]
 * @param newStory true if it opened the story
 * @param createdAt post creation time; never null
 * @param fetchedAt post fetch time; never null
 * @param seq its position in the post memory ring, &ge; 1
 */
public record PostMemo(String storyId, double score, boolean newStory, Instant createdAt, Instant fetchedAt, long seq) {
  /**
   * @param postId the post's id
   * @return the assignment this memo records
   */
  public StoryAssignment toAssignment(String postId) {
    return new StoryAssignment(postId, storyId, score, newStory, createdAt, fetchedAt);
  }
}
