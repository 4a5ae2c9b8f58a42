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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A clustering state holding exactly {@code n} open stories, each seeded from one real post: the
 * seed post is featurised as the core would (its terms counted into the document frequencies, idf
 * over all seeds so far), opens story {@code s-<i>} ({@link StoryState#open}) and is remembered in
 * the post memory, so a measured reply to it follows its story. Seeding this way costs a
 * featurisation per story instead of a full clustering run, so the 100k state is built in seconds.
 * Seeded stories hold one post each: their centroids are one post's terms (tens, not the 200 a
 * long-lived story keeps), so scoring a candidate costs less than in a state grown by clustering.
 * Immutable once built; {@link #newState()} gives a fresh mutable copy.
 */
public final class ActiveStories {
  private final List<StoryState> stories;
  private final Map<String, Long> docFreq;
  private final List<Map.Entry<String, PostMemo>> memos;
  private final ClusterMeta meta;

  private ActiveStories(List<StoryState> stories, Map<String, Long> docFreq, List<Map.Entry<String, PostMemo>> memos,
      ClusterMeta meta) {
    this.stories = stories;
    this.docFreq = docFreq;
    this.memos = memos;
    this.meta = meta;
  }

  /**
   * @param seeds one post per story, in event-time order; may not be null
   * @param params the core's parameters; may not be null
   * @return the seeded state
   */
  public static ActiveStories seed(List<Post> seeds, ClusterParams params) {
    Featurizer featurizer = new Featurizer(new PostAnalyzer(), params);
    Map<String, Long> df = new HashMap<>();
    List<StoryState> stories = new ArrayList<>(seeds.size());
    List<Map.Entry<String, PostMemo>> memos = new ArrayList<>(seeds.size());
    long n = 0;
    for (Post p : seeds) {
      Featurizer.TermCounts counts = featurizer.count(p);
      for (String t : counts.distinctTerms()) {
        df.merge(t, 1L, Long::sum);
      }
      n++;
      PostFeatures f = featurizer.features(p, counts, t -> df.getOrDefault(t, 0L), n);
      StoryState s = StoryState.open(n, f, params);
      stories.add(s);
      memos.add(Map.entry(p.id(), new PostMemo(s.id(), 0, true, p.createdAt(), p.fetchedAt(), n)));
    }
    ClusterMeta meta = new ClusterMeta(n, n, n, seeds.isEmpty() ? null : Featurizer.eventTime(seeds.get(seeds.size() - 1)));
    return new ActiveStories(List.copyOf(stories), Map.copyOf(df), List.copyOf(memos), meta);
  }

  /** @return a fresh mutable state with the seeded stories, document frequencies and post memory */
  public InMemoryClusterState newState() {
    InMemoryClusterState state = new InMemoryClusterState();
    stories.forEach(state::putStory);
    docFreq.forEach(state::putDocFreq);
    for (Map.Entry<String, PostMemo> m : memos) {
      state.putPost(m.getKey(), m.getValue());
      state.putRingSlot(m.getValue().seq(), m.getKey());
    }
    state.putMeta(meta);
    return state;
  }

  /** @return the seeded stories, in seed order */
  public List<StoryState> stories() {
    return stories;
  }

  /** @return the number of seeded stories */
  public int size() {
    return stories.size();
  }
}
