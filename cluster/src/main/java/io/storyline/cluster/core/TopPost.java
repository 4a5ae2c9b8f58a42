package io.storyline.cluster.core;

import io.storyline.common.model.Source;
import java.time.Instant;
import java.util.Map;

/**
 * A post kept in a story's state as a candidate headline: bounded ({@link #MAX_VECTOR_TERMS} terms,
 * {@link #MAX_SNIPPET_CHARS} characters of text).
 *
 * @param id post id; never null
 * @param source platform; never null
 * @param url permalink; nullable
 * @param author author; nullable
 * @param title title, null if the post has none
 * @param snippet the start of the text, whitespace collapsed; never null
 * @param createdAt event time; never null
 * @param engagementMass engagement mass ({@link Featurizer#engagementMass}), &ge; 0
 * @param vector the post's strongest TF-IDF terms; never null
 */
public record TopPost(
    String id, Source source, String url, String author, String title, String snippet, Instant createdAt,
    long engagementMass, Map<String, Double> vector) {
  /** Terms of the post vector kept. */
  public static final int MAX_VECTOR_TERMS = 30;
  /** Characters of text kept. */
  public static final int MAX_SNIPPET_CHARS = 600;

  /**
   * How representative the post is of a story: cosine to the centroid times {@code 1 + ln(1 +
   * engagementMass)}.
   *
   * @param centroid the story centroid; may not be null
   * @return the weight, &ge; 0
   */
  public double weight(Map<String, Double> centroid) {
    return Vectors.cosine(vector, centroid) * (1 + Math.log1p(engagementMass));
  }

  /**
   * {@link #weight(Map)} with the centroid's norm supplied (the same value to the last bit).
   *
   * @param centroid the story centroid; may not be null
   * @param centroidNorm {@code Vectors.norm(centroid)}
   * @return the weight, &ge; 0
   */
  public double weight(Map<String, Double> centroid, double centroidNorm) {
    return Vectors.cosine(vector, Vectors.norm(vector), centroid, centroidNorm) * (1 + Math.log1p(engagementMass));
  }
}
