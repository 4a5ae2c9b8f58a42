package io.storyline.cluster.core;

import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of assigning one post, with its explanation.
 *
 * @param assignment the assignment to publish; never null
 * @param kind why the post went where it went; never null
 * @param story the updated story snapshot; null for a {@link Kind#DUPLICATE} and for a decision
 *     made without its snapshot ({@link StoryClusterer#decide})
 * @param candidates the scored candidates, best first (empty when none were retrieved); never null
 * @param threshold the similarity threshold in force
 * @param closedStories ids of stories closed (aged out) before this post was assigned; never null
 * @param mergedStories final snapshots of stories merged into {@link #story()} after this post
 *     joined (their {@code mergedInto} is set, their summary is empty); never null
 * @param closedSnapshots latest snapshots of closed stories that {@link StoryClusterer#decide} was
 *     asked for, in the order of {@code closedStories}; empty from {@link StoryClusterer#assign}, which
 *     published them with their last post; never null
 */
public record Decision(
    StoryAssignment assignment, Kind kind, Story story, List<CandidateScore> candidates, double threshold,
    List<String> closedStories, List<Story> mergedStories, List<Story> closedSnapshots) {

  /** A decision without closed stories' snapshots. */
  public Decision(StoryAssignment assignment, Kind kind, Story story, List<CandidateScore> candidates, double threshold,
      List<String> closedStories, List<Story> mergedStories) {
    this(assignment, kind, story, candidates, threshold, closedStories, mergedStories, List.of());
  }

  /** A decision that merged no stories. */
  public Decision(StoryAssignment assignment, Kind kind, Story story, List<CandidateScore> candidates, double threshold,
      List<String> closedStories) {
    this(assignment, kind, story, candidates, threshold, closedStories, List.of());
  }

  /** Why a post went to its story. */
  public enum Kind {
    /** Joined the best candidate, whose score cleared the threshold. */
    JOINED,
    /** Opened a new story: no candidate cleared the threshold. */
    NEW_STORY,
    /** Followed the story of its parent (reply, quote, repost, crosspost). */
    FOLLOWED_PARENT,
    /** The post was seen before; its earlier assignment is repeated and nothing is counted. */
    DUPLICATE
  }

  /** @return a one-line explanation: decision, post, story, best candidate and its score parts */
  public String explain() {
    CandidateScore best = candidates.isEmpty() ? null : candidates.get(0);
    String why = switch (kind) {
      case JOINED -> String.format(Locale.ROOT, "best candidate %s clears threshold %.3f", best, threshold);
      case NEW_STORY -> best == null
          ? "no candidate retrieved"
          : String.format(Locale.ROOT, "best candidate %s is below threshold %.3f", best, threshold);
      case FOLLOWED_PARENT -> "follows its parent's story" + (best == null ? "" : " (" + best + ")");
      case DUPLICATE -> "post seen before, repeating its assignment";
    };
    return String.format(Locale.ROOT, "%s %s -> %s: %s; %d candidates%s%s", kind, assignment.postId(), assignment.storyId(),
        why, candidates.size(), closedStories.isEmpty() ? "" : "; closed " + closedStories,
        mergedStories.isEmpty() ? "" : "; merged " + mergedStories.stream().map(Story::id).toList());
  }

  @Override
  public String toString() {
    return explain();
  }
}
