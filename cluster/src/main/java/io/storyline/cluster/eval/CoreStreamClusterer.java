package io.storyline.cluster.eval;

import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.common.model.Post;

/** The production clustering core ({@link StoryClusterer}) over in-memory state. Not thread-safe. */
public final class CoreStreamClusterer implements StreamClusterer {
  private final StoryClusterer clusterer;
  private final ClusterParams params;

  /** @param params the core's parameters; may not be null */
  public CoreStreamClusterer(ClusterParams params) {
    this.params = params;
    this.clusterer = new StoryClusterer(params, new InMemoryClusterState());
  }

  @Override
  public String assign(Post post) {
    return clusterer.assign(post).assignment().storyId();
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
