package io.storyline.cluster.eval;

import io.storyline.common.model.Post;

/**
 * A single-pass clusterer that the eval harness replays a stream through: one cluster id per post,
 * in stream order. Implementations are not thread-safe.
 */
public interface StreamClusterer extends AutoCloseable {
  /**
   * @param post the next post; may not be null
   * @return its cluster id; never null
   */
  String assign(Post post);

  /**
   * The cluster a post assigned earlier ended up in, after later merges of clusters.
   *
   * @param clusterId an id returned by {@link #assign} at some point; never null
   * @return the id of the cluster it was merged into (transitively), or {@code clusterId} itself;
   *     the default never merges
   */
  default String resolve(String clusterId) {
    return clusterId;
  }

  /** @return a one-line description with the settings, for reports */
  String describe();

  @Override
  void close();
}
