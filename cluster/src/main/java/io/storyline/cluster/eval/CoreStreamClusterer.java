package io.storyline.cluster.eval;

import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.cluster.core.Decision;
import io.storyline.common.model.Post;
import io.storyline.common.model.Story;
import java.util.HashMap;
import java.util.Map;

/**
 * The production clustering core ({@link StoryClusterer}) over in-memory state. Stories the core
 * merges are resolved to their survivor ({@link #resolve}), as publish shows them. Not thread-safe.
 */
public final class CoreStreamClusterer implements StreamClusterer {
  private final StoryClusterer clusterer;
  private final ClusterParams params;
  /** Merged-away story id to the story it was merged into. */
  private final Map<String, String> mergedInto = new HashMap<>();

  /** @param params the core's parameters; may not be null */
  public CoreStreamClusterer(ClusterParams params) {
    this.params = params;
    this.clusterer = new StoryClusterer(params, new InMemoryClusterState());
  }

  @Override
  public String assign(Post post) {
    Decision d = clusterer.assign(post);
    for (Story m : d.mergedStories()) {
      mergedInto.put(m.id(), m.mergedInto());
    }
    return d.assignment().storyId();
  }

  @Override
  public String resolve(String clusterId) {
    String id = clusterId;
    for (String next = mergedInto.get(id); next != null; next = mergedInto.get(id)) {
      id = next;
    }
    return id;
  }

  @Override
  public String describe() {
    return "storyline core " + params;
  }

  @Override
  public void close() {
    clusterer.close();
  }
}
