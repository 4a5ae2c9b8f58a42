package io.storyline.cluster.partitioned;

import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.StoryState;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import java.util.List;
import java.util.Objects;

/**
 * What one partition's clusterer decided for one post, as the linking stage ({@link StoryLinker})
 * needs it: the value of the internal links topic of the partitioned cluster stage. Immutable;
 * JSON-serialisable as is.
 *
 * @param partition the partition of {@code posts} the post came from, &ge; 0
 * @param kind the local decision; never null
 * @param assignment the local assignment (its {@code storyId} is the partition's local story id,
 *     e.g. {@code s-000042}); never null
 * @param story the local story's state after the post; null for a {@link Decision.Kind#DUPLICATE}
 * @param snapshot the local story's published form after the post (the core's {@link
 *     Decision#story()}); null for a {@link Decision.Kind#DUPLICATE}
 * @param mergedLocal local ids of stories of the same partition merged into {@code story}; never null
 * @param closedLocal local ids of stories of the same partition closed before the post; never null
 */
public record LocalStoryUpdate(int partition, Decision.Kind kind, StoryAssignment assignment, StoryState story,
    Story snapshot, List<String> mergedLocal, List<String> closedLocal) {

  /**
   * @throws IllegalArgumentException if {@code partition} is negative, or the story is missing for
   *     a decision that is not a duplicate
   */
  public LocalStoryUpdate {
    if (partition < 0) {
      throw new IllegalArgumentException("illegal partition " + partition + " in local story update, must be >= 0");
    }
    Objects.requireNonNull(kind, "local story update kind can't be null");
    Objects.requireNonNull(assignment, "local story update assignment can't be null");
    if (kind != Decision.Kind.DUPLICATE && (story == null || snapshot == null)) {
      throw new IllegalArgumentException("local story update for post " + assignment.postId() + " (" + kind
          + ") must carry the story state and snapshot; only a DUPLICATE has none");
    }
    mergedLocal = mergedLocal == null ? List.of() : List.copyOf(mergedLocal);
    closedLocal = closedLocal == null ? List.of() : List.copyOf(closedLocal);
  }

  /**
   * @param partition the post's partition, &ge; 0
   * @param d the core's decision; may not be null
   * @param updated the state of {@code d}'s story after the decision (read back from the
   *     partition's state); null exactly when {@code d} is a duplicate
   * @return the update
   */
  public static LocalStoryUpdate of(int partition, Decision d, StoryState updated) {
    return new LocalStoryUpdate(partition, d.kind(), d.assignment(), updated, d.story(),
        d.mergedStories().stream().map(Story::id).toList(), d.closedStories());
  }
}
