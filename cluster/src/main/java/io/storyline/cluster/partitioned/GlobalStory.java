package io.storyline.cluster.partitioned;

import io.storyline.cluster.core.StoryState;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A global story of the partitioned cluster stage: the local stories, possibly of several
 * partitions, that {@link StoryLinker} linked. Bounded by the number of its fragments (closed
 * fragments are folded into {@link #retired}). Immutable; JSON-serialisable as is.
 *
 * @param id global story id, {@code g-000042}; never null
 * @param number creation number, &ge; 1; ids are never reused
 * @param members open local stories ({@code p<partition>/<local id>}) in the order they joined, which is
 *     the order of the story's fold ({@link StoryLinker}); never null (state written before session 7
 *     holds them sorted, which is one such order)
 * @param retired closed fragments folded into one state (counts, centroid, top posts), or null
 * @param retiredKeys local keys of closed or absorbed fragments that still map to this story (for
 *     repeated posts), sorted; never null
 * @param mergedFrom ids of global stories merged into this one, oldest first; never null
 * @param version incremented on every published snapshot, from 0 (none published yet)
 * @param lead the latest snapshot of the largest fragment when it was last updated, whose text
 *     (label, headline, summary, category, terms, links, top posts) the published snapshot reuses;
 *     null until the story has one (bounded like any {@link io.storyline.common.model.Story})
 * @param lastPostSeq the linker's post count ({@link LinkerMeta#postSeq}) when a post last joined the
 *     story, &ge; 0, for the core's idle discount ({@link io.storyline.cluster.core.StoryScorer#activity});
 *     0 in state written before it existed
 */
public record GlobalStory(String id, long number, List<String> members, StoryState retired, List<String> retiredKeys,
    List<String> mergedFrom, long version, io.storyline.common.model.Story lead, long lastPostSeq) {

  /** A global story without a post count, as built before it existed. */
  public GlobalStory(String id, long number, List<String> members, StoryState retired, List<String> retiredKeys,
      List<String> mergedFrom, long version, io.storyline.common.model.Story lead) {
    this(id, number, members, retired, retiredKeys, mergedFrom, version, lead, 0);
  }

  public GlobalStory {
    Objects.requireNonNull(id, "global story id can't be null");
    members = members == null ? List.of() : List.copyOf(members);
    retiredKeys = retiredKeys == null ? List.of() : List.copyOf(retiredKeys);
    mergedFrom = mergedFrom == null ? List.of() : List.copyOf(mergedFrom);
  }

  /**
   * @param number creation number, &ge; 1
   * @return the id for a number, e.g. {@code g-000042}
   */
  public static String globalId(long number) {
    return String.format(Locale.ROOT, "g-%06d", number);
  }

  /**
   * @param number creation number, &ge; 1
   * @return a new global story without fragments
   */
  public static GlobalStory open(long number) {
    return new GlobalStory(globalId(number), number, List.of(), null, List.of(), List.of(), 0, null);
  }
}
