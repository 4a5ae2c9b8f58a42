package io.storyline.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Engagement counts of a post as the platform reported them when it was fetched. Every field is
 * nullable: {@code null} means the platform did not report it (unknown), which is not the same as
 * zero. Counts are non-negative.
 *
 * @param likes likes (X), reactions are separate; nullable
 * @param reposts reposts/retweets (X) or crossposts (Reddit); nullable
 * @param replies direct replies (X, Discord); nullable
 * @param score net vote score (Reddit, may be negative); nullable
 * @param comments comment count (Reddit {@code num_comments}); nullable
 * @param reactions sum of reaction counts (Discord); nullable
 * @param views impressions or views; nullable
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Engagement(
    Long likes, Long reposts, Long replies, Long score, Long comments, Long reactions, Long views) {

  /** Engagement with every count unknown. */
  public static final Engagement UNKNOWN = new Engagement(null, null, null, null, null, null, null);

  /** @return true if no count is known */
  @JsonIgnore
  public boolean isUnknown() {
    return likes == null
        && reposts == null
        && replies == null
        && score == null
        && comments == null
        && reactions == null
        && views == null;
  }

  /**
   * Sums this and another engagement field by field; an unknown field plus a known one is the
   * known one, two unknowns stay unknown. A sum beyond the range of {@code long} saturates at
   * {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE} (counts from a hostile or broken record must not
   * wrap a story's total to the opposite sign).
   *
   * @param other the engagement to add; may not be null
   * @return a new engagement holding the sums
   */
  public Engagement plus(Engagement other) {
    return new Engagement(
        add(likes, other.likes),
        add(reposts, other.reposts),
        add(replies, other.replies),
        add(score, other.score),
        add(comments, other.comments),
        add(reactions, other.reactions),
        add(views, other.views));
  }

  private static Long add(Long a, Long b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException overflow) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE; // both operands have a's sign when the sum overflows
    }
  }
}
