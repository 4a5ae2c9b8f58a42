package io.storyline.cluster.eval;

import io.storyline.common.model.Post;
import java.util.Objects;

/**
 * One post of a labelled stream.
 *
 * @param post the post as the clusterer sees it; never null
 * @param gold the gold class, or null if the post is fed to the clusterer but not scored (unlabelled
 *     Reddit posts, CrisisLex "Not related" tweets)
 * @param block the scoring block (pairs across blocks are not scored, see {@link ClusteringMetrics}),
 *     or null for one block
 * @param gold2 a second gold labelling at another granularity (AINews link level: the theme), or null
 */
public record LabeledPost(Post post, String gold, String block, String gold2) {
  /** @throws NullPointerException if {@code post} is null */
  public LabeledPost {
    Objects.requireNonNull(post, "post can't be null");
  }

  /** @return a post scored against {@code gold} with no block */
  public static LabeledPost of(Post post, String gold) {
    return new LabeledPost(post, gold, null, null);
  }
}
