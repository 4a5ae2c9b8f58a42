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

  /** @return a one-line description with the settings, for reports */
  String describe();

  @Override
  void close();
}
