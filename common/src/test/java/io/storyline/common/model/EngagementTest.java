package io.storyline.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngagementTest {
  private static Engagement likes(Long likes, Long score) {
    return new Engagement(likes, null, null, score, null, null, null);
  }

  @Test
  void shouldSumFieldByFieldKeepingUnknownsUnknownAndNegativeScores() {
    Engagement sum = likes(3L, -5L).plus(likes(null, 2L));

    assertThat(sum.likes()).isEqualTo(3L);
    assertThat(sum.score()).isEqualTo(-3L);
    assertThat(sum.views()).isNull();
  }

  @Test
  void shouldSaturateASumBeyondTheRangeOfLongInsteadOfWrappingToTheOppositeSign() {
    // a hostile or broken record on posts: two posts with Long.MAX_VALUE likes gave a negative story total
    Engagement high = likes(Long.MAX_VALUE, Long.MIN_VALUE + 1);

    Engagement sum = high.plus(likes(1L, -2L));

    assertThat(sum.likes()).isEqualTo(Long.MAX_VALUE);
    assertThat(sum.score()).isEqualTo(Long.MIN_VALUE);
    assertThat(high.plus(likes(-1L, 1L)).likes()).as("no overflow, exact").isEqualTo(Long.MAX_VALUE - 1);
  }
}
