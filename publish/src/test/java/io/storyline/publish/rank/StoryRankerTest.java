package io.storyline.publish.rank;

import static io.storyline.publish.testing.StoryBuilder.story;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.storyline.common.model.Engagement;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoryRankerTest {
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
  private final StoryRanker ranker = new StoryRanker();

  @Test
  void shouldRankMoreDistinctAuthorsHigherAllElseEqual() {
    Story few = story("s-few").authors(2).posts(6).lastSeen(NOW).build();
    Story many = story("s-many").authors(6).posts(6).lastSeen(NOW).build();

    assertThat(ranker.score(many, NOW).score()).isGreaterThan(ranker.score(few, NOW).score());
  }

  @Test
  void shouldLowerTheScoreOfAnOlderStoryByDecay() {
    Story fresh = story("s-fresh").authors(5).posts(5).lastSeen(NOW.minus(Duration.ofMinutes(10))).build();
    Story old = story("s-old").authors(5).posts(5).lastSeen(NOW.minus(Duration.ofHours(10))).build();

    ScoredStory freshScore = ranker.score(fresh, NOW);
    ScoredStory oldScore = ranker.score(old, NOW);

    assertThat(oldScore.score()).isLessThan(freshScore.score());
    assertThat(oldScore.scoreParts().get(StoryRanker.PART_DECAY))
        .isLessThan(freshScore.scoreParts().get(StoryRanker.PART_DECAY));
  }

  @Test
  void shouldFollowHackerNewsGravityNormalisedToOneAtAgeZero() {
    assertThat(ranker.decay(NOW, NOW)).isEqualTo(1.0);
    // HN: (t + 2)^-1.8 with t in hours, divided by 2^-1.8 so that age 0 gives 1
    double tenHours = Math.pow(12.0, -1.8) / Math.pow(2.0, -1.8);
    assertThat(ranker.decay(NOW.minus(Duration.ofHours(10)), NOW)).isCloseTo(tenHours, within(1e-12));
    assertThat(ranker.decay(NOW.plus(Duration.ofHours(1)), NOW)).as("future lastSeen counts as age 0").isEqualTo(1.0);
  }

  @Test
  void shouldLetTheWeeksBigStoryOutrankAFresherSmallOneInTheWeeklyListButNotInTheDailyList() {
    // given: a story 4 days old with many authors, and a story of a few authors from the last hour
    Story big = story("s-big").authors(40).posts(60).lastSeen(NOW.minus(Duration.ofDays(4))).build();
    Story small = story("s-small").authors(3).posts(3).lastSeen(NOW.minus(Duration.ofHours(1))).build();

    // when / then: the 7-day time scale keeps the week's story alive, the 24-hour one does not
    assertThat(ranker.score(big, NOW, Duration.ofDays(7)).score())
        .isGreaterThan(ranker.score(small, NOW, Duration.ofDays(7)).score());
    assertThat(ranker.score(big, NOW, Duration.ofHours(24)).score())
        .isLessThan(ranker.score(small, NOW, Duration.ofHours(24)).score());
  }

  @Test
  void shouldDecayToTheSameFractionAtTheEdgeOfEveryWindowButNeverFasterThanHackerNews() {
    double edge = Math.pow(2.0, -1.8);
    for (Duration window : List.of(Duration.ofHours(24), Duration.ofDays(7))) {
      Story s = story("s-edge").authors(4).posts(4).lastSeen(NOW.minus(window)).build();
      assertThat(ranker.score(s, NOW, window).scoreParts().get(StoryRanker.PART_DECAY))
          .as("decay at the edge of %s", window).isCloseTo(edge, within(1e-12));
    }
    Story s = story("s-hour").authors(4).posts(4).lastSeen(NOW.minus(Duration.ofMinutes(30))).build();
    assertThat(ranker.score(s, NOW, Duration.ofHours(1)).score()).isEqualTo(ranker.score(s, NOW).score());
  }

  @Test
  void shouldNotLetOneAuthorFloodingBeatManyAuthors() {
    Story flood = story("s-flood").authors(1).posts(500).lastSeen(NOW).build();
    Story crowd = story("s-crowd").authors(8).posts(8).lastSeen(NOW).build();

    assertThat(ranker.score(crowd, NOW).score()).isGreaterThan(ranker.score(flood, NOW).score());
  }

  @Test
  void shouldCapCountedPostsPerAuthor() {
    Story threePosts = story("s-3").authors(1).posts(3).lastSeen(NOW).build();
    Story thousandPosts = story("s-1000").authors(1).posts(1000).lastSeen(NOW).build();

    assertThat(ranker.score(thousandPosts, NOW).scoreParts().get(StoryRanker.PART_POSTS))
        .isEqualTo(ranker.score(threePosts, NOW).scoreParts().get(StoryRanker.PART_POSTS));
  }

  @Test
  void shouldRankAStoryOnMorePlatformsHigher() {
    Story one = story("s-one").authors(4).posts(4).source(Source.REDDIT, 4).lastSeen(NOW).build();
    Story two = story("s-two").authors(4).posts(4).source(Source.REDDIT, 2).source(Source.TWITTER, 2)
        .lastSeen(NOW).build();

    assertThat(ranker.score(two, NOW).score()).isGreaterThan(ranker.score(one, NOW).score());
    assertThat(ranker.score(two, NOW).scoreParts().get(StoryRanker.PART_SOURCES)).isEqualTo(1.5);
  }

  @Test
  void shouldNormaliseEngagementPerFieldSoThatCurrenciesAreComparable() {
    // 50 X likes and 50 Reddit points are both one unit; 5 Discord reactions too
    Story xStory = story("s-x").engagement(new Engagement(50L, null, null, null, null, null, null)).build();
    Story redditStory = story("s-r").engagement(new Engagement(null, null, null, 50L, null, null, null)).build();
    Story discordStory = story("s-d").engagement(new Engagement(null, null, null, null, null, 5L, null)).build();
    Story none = story("s-none").build();

    double x = ranker.score(xStory, NOW).scoreParts().get(StoryRanker.PART_ENGAGEMENT);
    assertThat(x).isEqualTo(1 + 0.5 * Math.log1p(1.0));
    assertThat(ranker.score(redditStory, NOW).scoreParts().get(StoryRanker.PART_ENGAGEMENT)).isEqualTo(x);
    assertThat(ranker.score(discordStory, NOW).scoreParts().get(StoryRanker.PART_ENGAGEMENT)).isEqualTo(x);
    assertThat(ranker.score(none, NOW).scoreParts().get(StoryRanker.PART_ENGAGEMENT)).isEqualTo(1.0);
  }

  @Test
  void shouldCountNegativeRedditScoreAsZeroEngagement() {
    Story downvoted = story("s-down").engagement(new Engagement(null, null, null, -40L, null, null, null)).build();

    assertThat(ranker.score(downvoted, NOW).scoreParts().get(StoryRanker.PART_ENGAGEMENT)).isEqualTo(1.0);
  }

  @Test
  void shouldExposeNamedPartsInOrderWhoseProductIsTheScore() {
    Story s = story("s-1").authors(7).posts(12).source(Source.TWITTER, 5).source(Source.ARXIV, 7)
        .engagement(new Engagement(300L, 40L, 12L, 800L, 90L, null, null))
        .lastSeen(NOW.minus(Duration.ofHours(3))).build();

    ScoredStory scored = ranker.score(s, NOW);

    assertThat(scored.scoreParts()).containsOnlyKeys("authors", "sources", "engagement", "posts", "velocity", "decay");
    assertThat(new ArrayList<>(scored.scoreParts().keySet()))
        .containsExactly("authors", "sources", "engagement", "posts", "velocity", "decay");
    double product = scored.scoreParts().values().stream().reduce(1.0, (a, b) -> a * b);
    assertThat(scored.score()).isCloseTo(product, within(1e-12));
    assertThat(scored.scoreParts().get("authors")).isEqualTo(1 + Math.log1p(7));
  }

  @Test
  void shouldOrderTotallyByScoreThenLastSeenThenId() {
    Story a = story("s-a").lastSeen(NOW).build();
    Story b = story("s-b").lastSeen(NOW).build();
    Story newer = story("s-c").lastSeen(NOW.plusSeconds(1)).build();
    ScoredStory tieA = new ScoredStory(a, 2.0, java.util.Map.of());
    ScoredStory tieB = new ScoredStory(b, 2.0, java.util.Map.of());
    ScoredStory tieNewer = new ScoredStory(newer, 2.0, java.util.Map.of());
    ScoredStory high = new ScoredStory(story("s-z").lastSeen(NOW.minusSeconds(100)).build(), 3.0, java.util.Map.of());

    List<ScoredStory> sorted = new ArrayList<>(List.of(tieB, tieA, high, tieNewer));
    sorted.sort(ScoredStory.RANKING);

    assertThat(sorted).extracting(ScoredStory::id).containsExactly("s-z", "s-c", "s-a", "s-b");
  }

  @Test
  void shouldRejectIllegalWeightsNamingTheValueAndRule() {
    assertThatThrownBy(() -> new StoryRanker.Weights(-1, 2, 0.5, 0.5, 0.2, 3, StoryRanker.EngagementUnits.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("illegal gravity -1.0, must be finite and > 0");
    assertThatThrownBy(() -> new StoryRanker.Weights(1.8, 2, 0.5, 0.5, 0.2, 0, StoryRanker.EngagementUnits.DEFAULT))
        .hasMessageContaining("illegal postsPerAuthorCap 0");
  }
}
