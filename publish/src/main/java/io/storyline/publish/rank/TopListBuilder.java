package io.storyline.publish.rank;

import io.storyline.common.model.PostRef;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Builds a ranked {@link TopList} from all candidate stories: filters by the list's window and
 * category (dropping merged stories), scores with a {@link StoryRanker}, orders by {@link
 * ScoredStory#RANKING} and cuts to the top N. The candidate set is never cut before this point, so
 * a story that fell out of the top N can climb back in (cf. KAFKA-12446 / TopFiveSongs).
 *
 * <p>Cost: one pass over the candidates with a bounded heap of N, O(c log N) for c candidates; once the
 * heap holds N, a candidate that ranks below its worst is scored without building its named score parts.
 * Thread-safe and stateless.
 */
public final class TopListBuilder {
  private final StoryRanker ranker;
  private final int topN;

  /**
   * @param ranker the ranker; may not be null
   * @param topN the number of items per list, 1 to 1000
   * @throws IllegalArgumentException if topN is out of range
   */
  public TopListBuilder(StoryRanker ranker, int topN) {
    this.ranker = Objects.requireNonNull(ranker, "ranker can't be null");
    if (topN < 1 || topN > 1000) {
      throw new IllegalArgumentException("illegal topN " + topN + ", must be between 1 and 1000");
    }
    this.topN = topN;
  }

  /** @return the ranker */
  public StoryRanker ranker() {
    return ranker;
  }

  /** @return the number of items per list */
  public int topN() {
    return topN;
  }

  /**
   * Ranks the candidates for one list.
   *
   * @param list the list; may not be null
   * @param candidates every candidate story, in any order (stories outside the list are skipped);
   *     may not be null, elements not null
   * @param now the instant to rank at, becomes {@link TopList#generatedAt()}; may not be null
   * @param previous the last list emitted under the same id, for rank movement; null if none
   * @return the new list, at most topN items, rank 1 first; {@code movement} = previous rank − new
   *     rank (positive = climbed), null for stories not in {@code previous}
   */
  public TopList build(ListDefinition list, Iterable<Story> candidates, Instant now, TopList previous) {
    return build(list, candidates, now, previous, id -> null, ranker.weights().units());
  }

  /**
   * Ranks the candidates for one list with each story's activity (velocity) and learned engagement
   * units.
   *
   * @param list the list; may not be null
   * @param candidates every candidate story, in any order; may not be null, elements not null
   * @param now the instant to rank at; may not be null
   * @param previous the last list emitted under the same id; null if none
   * @param activity story id → its activity, or null if unknown; may not be null
   * @param units the engagement units; may not be null
   * @return the new list, as {@link #build(ListDefinition, Iterable, Instant, TopList)}
   */
  public TopList build(ListDefinition list, Iterable<Story> candidates, Instant now, TopList previous,
      java.util.function.Function<String, StoryActivity> activity, StoryRanker.EngagementUnits units) {
    Objects.requireNonNull(list, "list can't be null");
    Objects.requireNonNull(activity, "activity can't be null");
    Objects.requireNonNull(units, "units can't be null");
    Objects.requireNonNull(candidates, "candidates can't be null");
    Objects.requireNonNull(now, "now can't be null");
    // min-heap on the ranking order: the head is the worst of the kept top N
    PriorityQueue<ScoredStory> best = new PriorityQueue<>(topN + 1, ScoredStory.RANKING.reversed());
    for (Story story : candidates) {
      if (!list.includes(story, now)) {
        continue;
      }
      StoryActivity storyActivity = activity.apply(story.id());
      if (best.size() == topN
          && ranksBelow(ranker.scoreOnly(story, now, list.window(), storyActivity, units), story, best.peek())) {
        // it would be added and polled again at once: skip building its score parts
        continue;
      }
      best.add(ranker.score(story, now, list.window(), storyActivity, units));
      if (best.size() > topN) {
        best.poll();
      }
    }
    List<ScoredStory> ranked = new ArrayList<>(best);
    ranked.sort(ScoredStory.RANKING);

    Map<String, Integer> previousRanks = new HashMap<>();
    if (previous != null) {
      for (TopList.Item item : previous.items()) {
        previousRanks.put(item.storyId(), item.rank());
      }
    }
    List<TopList.Item> items = new ArrayList<>(ranked.size());
    for (int i = 0; i < ranked.size(); i++) {
      int rank = i + 1;
      ScoredStory s = ranked.get(i);
      Integer before = previousRanks.get(s.id());
      items.add(item(rank, s, before == null ? null : before - rank));
    }
    return new TopList(list.id(), now, items, TopList.SCHEMA_VERSION);
  }

  /**
   * Decides whether a freshly built list differs from the last emitted one in what a reader sees
   * ranked: the stories, their order, and each item's headline, summary, category, post count,
   * sources and links. Scores, score parts, movement and {@code generatedAt} are ignored: they drift
   * with "now" (recency decay) on every recomputation, and re-emitting for that alone would publish
   * an unchanged ranking every time.
   *
   * @param previous the last emitted list; null if none
   * @param next the new list; may not be null
   * @return true if {@code next} should be emitted
   */
  public static boolean changed(TopList previous, TopList next) {
    Objects.requireNonNull(next, "next list can't be null");
    if (previous == null || previous.items().size() != next.items().size()) {
      return true;
    }
    for (int i = 0; i < next.items().size(); i++) {
      TopList.Item a = previous.items().get(i);
      TopList.Item b = next.items().get(i);
      if (!a.storyId().equals(b.storyId())
          || !a.headline().equals(b.headline())
          || !a.summary().equals(b.summary())
          || a.category() != b.category()
          || a.postCount() != b.postCount()
          || !a.sources().equals(b.sources())
          || !a.links().equals(b.links())) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@link #changed} or any item's score or score parts differ: what a list emitted at a coalesced
   * re-ranking is compared with. Emitting on score changes too makes the last list per id a function
   * of the input alone (the state and "now" after the last update), whichever updates the wall clock
   * happened to batch together; at most one list per id per re-ranking interval is emitted anyway.
   *
   * @param previous the last emitted list; null if none
   * @param next the new list; may not be null
   * @return true if {@code next} should be emitted
   */
  public static boolean changedOrRescored(TopList previous, TopList next) {
    if (changed(previous, next)) {
      return true;
    }
    for (int i = 0; i < next.items().size(); i++) {
      TopList.Item a = previous.items().get(i);
      TopList.Item b = next.items().get(i);
      if (Double.compare(a.score(), b.score()) != 0 || !Objects.equals(a.scoreParts(), b.scoreParts())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a story with this score ranks strictly after {@code worst} in {@link ScoredStory#RANKING}
   * (score descending, then lastSeen descending, then id ascending). A score that {@link ScoredStory}
   * would refuse (not finite, negative) never does, so it still reaches the constructor and its error.
   */
  private static boolean ranksBelow(double score, Story story, ScoredStory worst) {
    if (!Double.isFinite(score) || score < 0) {
      return false;
    }
    int byScore = Double.compare(worst.score(), score);
    if (byScore != 0) {
      return byScore > 0;
    }
    int byLastSeen = worst.story().lastSeen().compareTo(story.lastSeen());
    if (byLastSeen != 0) {
      return byLastSeen > 0;
    }
    return story.id().compareTo(worst.story().id()) > 0;
  }

  private static TopList.Item item(int rank, ScoredStory scored, Integer movement) {
    Story story = scored.story();
    List<String> sources = new ArrayList<>();
    for (Source source : Source.values()) {
      if (story.sourceCounts().getOrDefault(source, 0) > 0) {
        sources.add(source.id());
      }
    }
    List<String> links = new ArrayList<>();
    for (PostRef post : story.topPosts()) {
      if (post.url() != null && !links.contains(post.url())) {
        links.add(post.url());
      }
    }
    return new TopList.Item(
        rank,
        story.id(),
        story.headline(),
        story.summary(),
        story.category(),
        scored.score(),
        scored.scoreParts(),
        story.postCount(),
        sources,
        links,
        movement);
  }
}
