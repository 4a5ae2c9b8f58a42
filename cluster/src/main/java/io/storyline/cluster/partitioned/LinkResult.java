package io.storyline.cluster.partitioned;

import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import java.util.List;

/**
 * What {@link StoryLinker#apply} decided for one local update.
 *
 * @param kind how the post's local story relates to its global story; never null
 * @param assignment the post's assignment with the global story id; null only for {@link
 *     Kind#DUPLICATE_UNMAPPED}
 * @param stories snapshots to publish, in order: global stories merged away (with {@code
 *     mergedInto}) first, then the post's global story; empty for duplicates; never null
 * @param closedGlobals global stories closed because their last open fragment closed; never null
 */
public record LinkResult(Kind kind, StoryAssignment assignment, List<Story> stories, List<String> closedGlobals) {
  public LinkResult {
    stories = List.copyOf(stories);
    closedGlobals = List.copyOf(closedGlobals);
  }

  /** How the post's local story relates to its global story. */
  public enum Kind {
    /** A new local story joined the best existing global story, whose score cleared the threshold. */
    LINKED,
    /** A new local story opened a new global story. */
    NEW_GLOBAL,
    /** The post joined a local story already linked; its global story follows. */
    FOLLOWED_LOCAL,
    /** A repeated post whose local story is still mapped: its global story is repeated. */
    DUPLICATE,
    /** A repeated post whose local story's global story has closed: no assignment (counted). */
    DUPLICATE_UNMAPPED
  }
}
