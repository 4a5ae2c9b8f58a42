package io.storyline.publish.rank;

import io.storyline.common.model.Story;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A story with its ranking score at one "now" and the named parts the score is made of. Immutable.
 *
 * @param story the story; never null
 * @param score the score, higher ranks first; finite and non-negative
 * @param scoreParts the factors whose product is {@link #score()}, in insertion order ({@code
 *     authors, sources, engagement, posts, decay}); never null, unmodifiable
 */
public record ScoredStory(Story story, double score, Map<String, Double> scoreParts) {

  /**
   * The ranking order, a total order: score descending, then {@link Story#lastSeen()} descending
   * (fresher first), then story id ascending. Uses {@link Double#compare} and {@link
   * java.time.Instant#compareTo}, never subtraction casts.
   */
  public static final Comparator<ScoredStory> RANKING =
      Comparator.comparingDouble(ScoredStory::score)
          .reversed()
          .thenComparing((ScoredStory s) -> s.story().lastSeen(), Comparator.reverseOrder())
          .thenComparing(s -> s.story().id());

  /**
   * @throws NullPointerException if {@code story} or {@code scoreParts} is null
   * @throws IllegalArgumentException if {@code score} is not finite or negative
   */
  public ScoredStory {
    Objects.requireNonNull(story, "story can't be null");
    Objects.requireNonNull(scoreParts, () -> "score parts can't be null (story " + story.id() + ")");
    if (!Double.isFinite(score) || score < 0) {
      throw new IllegalArgumentException(
          "illegal score " + score + " for story " + story.id() + ", must be finite and >= 0");
    }
    scoreParts = Collections.unmodifiableMap(new LinkedHashMap<>(scoreParts));
  }

  /** @return the story id */
  public String id() {
    return story.id();
  }
}
