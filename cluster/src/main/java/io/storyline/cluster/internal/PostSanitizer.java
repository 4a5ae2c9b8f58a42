package io.storyline.cluster.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.storyline.common.model.Post;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step before the clustering core in every cluster processor (single and partitioned mode):
 * cuts a post to the post limits ({@link PostText#bound}) and replaces lone UTF-16 surrogates
 * ({@link PostText#repair}, which a state store could write but not read back), counting each
 * change in {@code storyline_cluster_posts_repaired_total{task,fix="bounded"|"surrogates"}} and
 * logging it with the post id.
 *
 * <p>Not thread-safe: one per processor instance (a stream task's thread).
 */
public final class PostSanitizer {

  private static final Logger LOG = LoggerFactory.getLogger(PostSanitizer.class);

  private final Counter bounded;
  private final Counter repaired;

  /**
   * @param registry where the two counters go; may not be null
   * @param task the meters' tags (e.g. {@code task=0_1}); may not be null
   */
  public PostSanitizer(MeterRegistry registry, Tags task) {
    Objects.requireNonNull(registry, "registry can't be null");
    Objects.requireNonNull(task, "task can't be null");
    repaired = Counter.builder("storyline.cluster.posts.repaired").description("Posts changed before clustering")
        .tags(task).tag("fix", "surrogates").register(registry);
    bounded = Counter.builder("storyline.cluster.posts.repaired").description("Posts changed before clustering")
        .tags(task).tag("fix", "bounded").register(registry);
  }

  /**
   * @param post a post read from {@code posts}; may not be null
   * @return the same instance when it is within the limits and well-formed, else a cut and
   *     repaired copy (counted and logged)
   */
  public Post apply(Post post) {
    Post within = PostText.bound(post);
    if (within != post) {
      bounded.increment();
      LOG.warn("post {} exceeds the post limits (title {} chars, text {} chars, {} links); cut before clustering",
          post.id(), post.title() == null ? 0 : post.title().length(), post.text().length(), post.links().size());
    }
    Post valid = PostText.repair(within);
    if (valid != within) {
      repaired.increment();
      LOG.warn("post {} has lone UTF-16 surrogates in its text; replaced by U+FFFD before clustering", post.id());
    }
    return valid;
  }
}
