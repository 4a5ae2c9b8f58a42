package io.storyline.cluster.bench;

import io.storyline.cluster.core.ClusterMeta;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Featurizer;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.PostAnalyzer;
import io.storyline.cluster.core.PostFeatures;
import io.storyline.cluster.core.PostMemo;
import io.storyline.cluster.core.StoryState;
import io.storyline.common.model.Post;
import io.storyline.cluster.core.StoryClusterer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A clustering state of about {@code n} open stories, built once per trial; {@link #newState()} gives
 * each iteration a fresh mutable copy. Two ways to build it:
 *
 * <ul>
 *   <li>{@link #seed}: exactly {@code n} stories, each seeded from one real post: the seed post is
 *       featurised as the core would (its terms counted into the document frequencies, idf over all seeds
 *       so far), opens story {@code s-<i>} ({@link StoryState#open}) and is remembered in the post memory,
 *       so a measured reply to it follows its story. Seeding this way costs a featurisation per story
 *       instead of a full clustering run, so the 100k state is built in seconds. Seeded stories hold one
 *       post each (centroids of one post's terms, not the up to 200 a long-lived story keeps), and the
 *       state holds near-duplicate stories that a live state would have merged as they came (most at
 *       100k, where 17 % of the seeds repeat other seeds), so measured posts merge more than in a live
 *       state.
 *   <li>{@link #grow}: the seed posts clustered through the core ({@link StoryClusterer#assign}) in
 *       order until {@code n} stories are open or the posts run out: stories of many posts, merged as
 *       they converged, the state a live stage holds. The corpus cannot grow every size: repeated seeds
 *       join the stories of their originals, so {@link #size()} says how many stories it holds.
 * </ul>
 *
 * Immutable once built.
 */
public final class ActiveStories {
  private final List<StoryState> stories;
  private final InMemoryClusterState template;
  private final int postsUsed;
  private final Instant lastEventTime;

  private ActiveStories(InMemoryClusterState template, int postsUsed, Instant lastEventTime) {
    this.template = template;
    List<StoryState> all = new ArrayList<>();
    template.forEachStory(all::add);
    this.stories = List.copyOf(all);
    this.postsUsed = postsUsed;
    this.lastEventTime = lastEventTime;
  }

  /**
   * @param seeds one post per story, in event-time order; may not be null
   * @param params the core's parameters; may not be null
   * @return the seeded state
   */
  public static ActiveStories seed(List<Post> seeds, ClusterParams params) {
    Featurizer featurizer = new Featurizer(new PostAnalyzer(), params);
    Map<String, Long> df = new HashMap<>();
    InMemoryClusterState state = new InMemoryClusterState();
    long n = 0;
    for (Post p : seeds) {
      Featurizer.TermCounts counts = featurizer.count(p);
      for (String t : counts.distinctTerms()) {
        df.merge(t, 1L, Long::sum);
      }
      n++;
      PostFeatures f = featurizer.features(p, counts, t -> df.getOrDefault(t, 0L), n);
      StoryState s = StoryState.open(n, f, params);
      state.putStory(s);
      PostMemo memo = new PostMemo(s.id(), 0, true, p.createdAt(), p.fetchedAt(), n);
      state.putPost(p.id(), memo);
      state.putRingSlot(n, p.id());
    }
    df.forEach(state::putDocFreq);
    Instant last = seeds.isEmpty() ? null : Featurizer.eventTime(seeds.get(seeds.size() - 1));
    state.putMeta(new ClusterMeta(n, n, n, last));
    return new ActiveStories(state, seeds.size(), last);
  }

  /**
   * @param posts posts to cluster, in event-time order; may not be null
   * @param params the core's parameters; may not be null
   * @param n stop once this many stories are open
   * @return the state after clustering posts until {@code n} stories were open or the posts ran out
   */
  public static ActiveStories grow(List<Post> posts, ClusterParams params, int n) {
    InMemoryClusterState state = new InMemoryClusterState();
    int used = 0;
    try (StoryClusterer clusterer = new StoryClusterer(params, state)) {
      for (Post p : posts) {
        if (state.openStories() >= n) {
          break;
        }
        clusterer.decide(p, id -> false);
        used++;
      }
    }
    return new ActiveStories(state, used, used == 0 ? null : Featurizer.eventTime(posts.get(used - 1)));
  }

  /** @return a fresh mutable state with the stories, document frequencies and post memory */
  public InMemoryClusterState newState() {
    return template.copy();
  }

  /** @return the stories, in id order */
  public List<StoryState> stories() {
    return stories;
  }

  /** @return the number of stories */
  public int size() {
    return stories.size();
  }

  /** @return how many posts built the state (seeded or clustered) */
  public int postsUsed() {
    return postsUsed;
  }

  /** @return the event time of the last post that built the state, or null if none */
  public Instant lastEventTime() {
    return lastEventTime;
  }
}
