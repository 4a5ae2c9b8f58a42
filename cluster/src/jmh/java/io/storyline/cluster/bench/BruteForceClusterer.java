package io.storyline.cluster.bench;

import io.storyline.cluster.core.CandidateScore;
import io.storyline.cluster.core.ClusterMeta;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Featurizer;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.PostAnalyzer;
import io.storyline.cluster.core.PostFeatures;
import io.storyline.cluster.core.StoryScorer;
import io.storyline.cluster.core.StoryState;
import io.storyline.cluster.eval.StreamClusterer;
import io.storyline.common.model.Post;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Peer: the exact scan. Featurises a post exactly as the core does (same analyser, document
 * frequencies, TF-IDF), then scores it against EVERY open story with the core's {@link StoryScorer}
 * (centroid cosine, chaining guard, shared keys, time factor) instead of the index's top-k
 * candidates, and joins the best if it clears the threshold, else opens a story. No parent following,
 * no merging, no ageing (nothing ages in the benchmark). This is the quality upper bound of the
 * core's retrieval: the core can only miss a story this finds. Not thread-safe.
 */
public final class BruteForceClusterer implements StreamClusterer {
  private final ClusterParams params;
  private final InMemoryClusterState state;
  private final Featurizer featurizer;
  private final StoryScorer scorer;
  private final List<StoryState> stories;
  private final Map<String, Integer> slot = new HashMap<>();

  /**
   * @param params parameters; may not be null
   * @param seeded the seeded stories; may not be null
   */
  public BruteForceClusterer(ClusterParams params, ActiveStories seeded) {
    this.params = params;
    this.state = seeded.newState();
    this.featurizer = new Featurizer(new PostAnalyzer(), params);
    this.scorer = new StoryScorer(params);
    this.stories = new ArrayList<>(seeded.stories());
    for (int i = 0; i < stories.size(); i++) {
      slot.put(stories.get(i).id(), i);
    }
  }

  /**
   * @param post the post; may not be null
   * @return the id of the story it joined or opened
   */
  @Override
  public String assign(Post post) {
    ClusterMeta meta = state.meta();
    Featurizer.TermCounts counts = featurizer.count(post);
    for (String term : counts.distinctTerms()) {
      state.putDocFreq(term, state.docFreq(term) + 1);
    }
    long docCount = meta.docCount() + 1;
    PostFeatures f = featurizer.features(post, counts, state::docFreq, docCount);
    int best = -1;
    double bestScore = -1;
    for (int i = 0; i < stories.size(); i++) {
      CandidateScore cs = scorer.score(f, stories.get(i));
      if (cs.score() > bestScore || (cs.score() == bestScore && stories.get(i).id().compareTo(stories.get(best).id()) < 0)) {
        best = i;
        bestScore = cs.score();
      }
    }
    long counter = meta.storyCounter();
    StoryState updated;
    if (best >= 0 && bestScore >= params.similarityThreshold()) {
      updated = stories.get(best).join(f, params);
      stories.set(best, updated);
    } else {
      counter++;
      updated = StoryState.open(counter, f, params);
      slot.put(updated.id(), stories.size());
      stories.add(updated);
    }
    state.putStory(updated);
    state.putMeta(new ClusterMeta(docCount, counter, meta.postSeq() + 1, meta.watermark()));
    return updated.id();
  }

  @Override
  public String describe() {
    return "exact scan of every open story with the core's features and scorer " + params;
  }

  @Override
  public void close() {
    // nothing to release
  }

  /** @return open stories */
  public int openStories() {
    return stories.size();
  }
}
