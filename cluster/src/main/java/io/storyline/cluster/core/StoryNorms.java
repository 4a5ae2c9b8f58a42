package io.storyline.cluster.core;

import java.util.List;

/**
 * The Euclidean norms of a story's centroid and of its top posts' vectors, computed once per story
 * version so that scoring many posts against the story does not iterate its vectors for their norms
 * ({@link Vectors#cosine(java.util.Map, double, java.util.Map, double)} gives the same cosine to the
 * last bit). Immutable; the array is not modified after construction.
 *
 * @param storyId the story; never null
 * @param version the story version the norms were computed from
 * @param centroidNorm {@code Vectors.norm(centroid)}, &ge; 0
 * @param topPostNorms {@code Vectors.norm(topPosts.get(i).vector())} per top post, in order; never null
 */
public record StoryNorms(String storyId, long version, double centroidNorm, double[] topPostNorms) {
  /**
   * @param s a story; may not be null
   * @return its norms
   */
  public static StoryNorms of(StoryState s) {
    List<TopPost> top = s.topPosts();
    double[] tops = new double[top.size()];
    for (int i = 0; i < tops.length; i++) {
      tops[i] = Vectors.norm(top.get(i).vector());
    }
    return new StoryNorms(s.id(), s.version(), Vectors.norm(s.centroid()), tops);
  }

  /**
   * @param s a story; may not be null
   * @return true if the story's vectors (centroid and every top post's) are {@link RankedTerms}, which
   *     hold their norms: {@link #of} then costs one read per vector
   */
  public static boolean held(StoryState s) {
    if (!(s.centroid() instanceof RankedTerms)) {
      return false;
    }
    List<TopPost> top = s.topPosts();
    for (int i = 0; i < top.size(); i++) {
      if (!(top.get(i).vector() instanceof RankedTerms)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param s a story; may not be null
   * @return true if these norms were computed from this story's id and version (and its top-post count)
   */
  public boolean matches(StoryState s) {
    return version == s.version() && storyId.equals(s.id()) && topPostNorms.length == s.topPosts().size();
  }
}
