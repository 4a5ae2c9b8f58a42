package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoryScorerTest {
  private final ClusterParams params = ClusterParams.DEFAULTS;
  private final StoryScorer scorer = new StoryScorer(params);

  private static PostFeatures features(Map<String, Double> v, Set<String> keys, Instant at) {
    return new PostFeatures(Posts.reddit("x", "t", "", at), v, Map.of(), keys, at, 0, false, false);
  }

  @Test
  void shouldScoreCosineTimesGaussianTimeFactorPlusKeyBonus() {
    StoryState story = StoryState.open(1, features(Map.of("kimi", 1.0), Set.of("gh:a/b"), Posts.T0), params);
    CandidateScore same = scorer.score(features(Map.of("kimi", 1.0), Set.of(), Posts.T0), story);
    assertThat(same.cosine()).isCloseTo(1.0, within(1e-9));
    assertThat(same.score()).isCloseTo(1.0, within(1e-9));

    double sigma = params.timeSigmaHours();
    CandidateScore later = scorer.score(features(Map.of("kimi", 0.6, "other", 0.8), Set.of("gh:a/b"), Posts.hours(sigma)), story);
    assertThat(later.sharedKeys()).isEqualTo(1);
    assertThat(later.timeFactor()).isCloseTo(Math.exp(-0.5), within(1e-9));
    assertThat(later.score()).isCloseTo(Math.min(1, 0.6 + params.linkBonus()) * Math.exp(-0.5), within(1e-9));
  }

  @Test
  void shouldGuardStoryWhenPostResemblesNoneOfItsTopPostsUnlessItSharesAKey() {
    StoryScorer guarding = new StoryScorer(params.withTopPostGuard(0.5));
    StoryState story = null;
    Map<String, Double> spread = new java.util.HashMap<>();
    for (int i = 0; i < 10; i++) {
      PostFeatures f = new PostFeatures(Posts.reddit("p" + i, "t", "", Posts.T0), Map.of("t" + i, 1.0), Map.of(),
          Set.of("gh:a/b"), Posts.T0, 0, false, false);
      story = story == null ? StoryState.open(1, f, params) : story.join(f, params);
      spread.put("t" + i, 1 / Math.sqrt(10));
    }
    // the post matches the centroid perfectly but each top post only at 1/sqrt(10) = 0.32 < 0.5
    CandidateScore blob = guarding.score(features(spread, Set.of(), Posts.T0), story);
    assertThat(blob.cosine()).isCloseTo(1.0, within(1e-9));
    assertThat(blob.topPostCosine()).isCloseTo(1 / Math.sqrt(10), within(1e-9));
    assertThat(blob.guarded()).isTrue();
    assertThat(blob.score()).isZero();
    assertThat(blob.toString()).contains("guarded");

    CandidateScore linked = guarding.score(features(spread, Set.of("gh:a/b"), Posts.T0), story);
    assertThat(linked.guarded()).as("a shared key is direct evidence").isFalse();
    assertThat(linked.score()).isCloseTo(1.0, within(1e-9));

    assertThat(new StoryScorer(params.withTopPostGuard(0)).score(features(spread, Set.of(), Posts.T0), story).guarded()).isFalse();
  }

  @Test
  void shouldReadFamilyAndFirstVersionNumberOfVersionedNamesOnly() {
    assertThat(StoryScorer.version("gpt-5.2")).isEqualTo("gpt|5.2");
    assertThat(StoryScorer.version("gpt-4o")).isEqualTo("gpt|4");
    assertThat(StoryScorer.version("llama-3.1-8b")).isEqualTo("llama|3.1");
    assertThat(StoryScorer.version("qwen3-coder")).isEqualTo("qwen|3");
    assertThat(StoryScorer.version("ddr5")).isEqualTo("ddr|5");
    assertThat(StoryScorer.version("27b")).as("a size alone").isNull();
    assertThat(StoryScorer.version("k2")).as("one letter").isNull();
    assertThat(StoryScorer.version("kimi-k2")).isNull();
    assertThat(StoryScorer.version("gpt")).isNull();
  }

  @Test
  void shouldGuardStoryNamingTheFamilyInAnotherVersionOnlyWithoutSharedKeyOrSharedVersion() {
    StoryState gpt52 = StoryState.open(1, features(Map.of("gpt-5.2", 0.6, "gpt", 0.4, "laba", 0.5, "ship", 0.5), Set.of("gh:a/b"), Posts.T0), params);
    CandidateScore gpt4 = scorer.score(features(Map.of("gpt-4", 0.6, "gpt", 0.4, "laba", 0.5, "ship", 0.5), Set.of(), Posts.T0), gpt52);
    assertThat(gpt4.cosine()).isGreaterThan(params.similarityThreshold());
    assertThat(gpt4.guarded()).isTrue();
    assertThat(gpt4.score()).isZero();

    CandidateScore comparison = scorer.score(features(Map.of("gpt-4", 0.5, "gpt-5.2", 0.5, "gpt", 0.5, "laba", 0.5), Set.of(), Posts.T0), gpt52);
    assertThat(comparison.guarded()).as("a post naming the story's version too").isFalse();
    CandidateScore sizes = scorer.score(features(Map.of("gpt-5.2-mini", 0.7, "gpt", 0.7), Set.of(), Posts.T0), gpt52);
    assertThat(sizes.guarded()).as("another variant of the same version").isFalse();
    CandidateScore plain = scorer.score(features(Map.of("gpt", 0.7, "laba", 0.7), Set.of(), Posts.T0), gpt52);
    assertThat(plain.guarded()).as("a post naming no version").isFalse();
    CandidateScore linked = scorer.score(features(Map.of("gpt-4", 0.6, "gpt", 0.4, "laba", 0.5, "ship", 0.5), Set.of("gh:a/b"), Posts.T0), gpt52);
    assertThat(linked.guarded()).as("a shared key is direct evidence").isFalse();
  }

  @Test
  void shouldMeasureGapToTheStoryIntervalNotToItsEnd() {
    assertThat(StoryScorer.gapHours(Posts.hours(1), Posts.T0, Posts.hours(2))).isZero();
    assertThat(StoryScorer.gapHours(Posts.hours(5), Posts.T0, Posts.hours(2))).isCloseTo(3.0, within(1e-9));
    assertThat(StoryScorer.gapHours(Posts.hours(-4), Posts.T0, Posts.hours(2))).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void shouldPrintItsParameters() {
    assertThat(scorer.toString()).contains("0.25").contains("sigma=24.0h");
  }

  @Test
  void shouldDiscountAStoryIdleForManyPostsButNotOneThatGrewJustNow() {
    StoryScorer discounting = new StoryScorer(params.withIdleDiscount(0.5, 100));
    StoryState story = StoryState.open(1, features(Map.of("kimi", 1.0), Set.of(), Posts.T0), params);
    PostFeatures post = features(Map.of("kimi", 1.0), Set.of(), Posts.T0);
    double norm = Vectors.norm(post.vector());
    CandidateScore fresh = discounting.score(post, norm, story, StoryNorms.of(story), 0);
    CandidateScore idle = discounting.score(post, norm, story, StoryNorms.of(story), 100);
    CandidateScore stale = discounting.score(post, norm, story, StoryNorms.of(story), 1_000_000);
    assertThat(fresh.activity()).isEqualTo(1.0);
    assertThat(fresh.score()).isCloseTo(1.0, within(1e-9));
    assertThat(idle.activity()).isCloseTo(1 - 0.5 * (1 - Math.exp(-1)), within(1e-12));
    assertThat(idle.score()).isCloseTo(idle.activity(), within(1e-9));
    assertThat(stale.score()).as("at most the discount is lost").isCloseTo(0.5, within(1e-9));
    assertThat(new StoryScorer(params.withIdleDiscount(0, 100)).score(post, norm, story, StoryNorms.of(story), 1_000_000).score())
        .as("idle discount 0: activity does not count").isCloseTo(1.0, within(1e-9));
  }

  @Test
  void shouldMeasureIdlenessInTheStreamsTypicalJoinGapsSoTheSameIdlenessGivesTheSameFactorAtAnyVolume() {
    StoryScorer relative = new StoryScorer(params.withIdleGaps(0.5, 100));
    // 300 posts idle where a story typically waits 3 posts for its next one: 1 scale; where it waits 30: 0.1
    assertThat(relative.activity(300, 3.0)).isCloseTo(1 - 0.5 * (1 - Math.exp(-1)), within(1e-12));
    assertThat(relative.activity(300, 30.0)).isCloseTo(1 - 0.5 * (1 - Math.exp(-0.1)), within(1e-12));
    // a stream ten times as busy (ten times the posts between a story's posts) gives the same factor
    assertThat(relative.activity(3000, 30.0)).isCloseTo(relative.activity(300, 3.0), within(1e-12));
    assertThat(relative.activity(0, 30.0)).isEqualTo(1.0);
    assertThat(relative.activity(Long.MAX_VALUE / 2, 30.0)).as("at most the discount is lost").isCloseTo(0.5, within(1e-9));
    // not measured yet (0) or below one post counts as one post
    assertThat(relative.activity(100, 0)).isEqualTo(relative.activity(100, 1.0)).isEqualTo(relative.activity(100));
    assertThat(relative.activity(100, 0.2)).isEqualTo(relative.activity(100, 1.0));
    // idleGaps 0: the fixed scale in posts, whatever the join gap
    StoryScorer fixed = new StoryScorer(params.withIdleDiscount(0.5, 100));
    assertThat(fixed.activity(100, 30.0)).isEqualTo(fixed.activity(100, 1.0)).isCloseTo(1 - 0.5 * (1 - Math.exp(-1)), within(1e-12));
    assertThat(relative.toString()).contains("100*joinGap");
  }

  @Test
  void shouldPassTheJoinGapThroughTheScore() {
    StoryScorer relative = new StoryScorer(params.withIdleGaps(0.5, 100));
    StoryState story = StoryState.open(1, features(Map.of("kimi", 1.0), Set.of(), Posts.T0), params);
    PostFeatures post = features(Map.of("kimi", 1.0), Set.of(), Posts.T0);
    CandidateScore busy = relative.score(post, story, 300, 30.0);
    CandidateScore quiet = relative.score(post, story, 300, 3.0);
    assertThat(busy.activity()).isEqualTo(relative.activity(300, 30.0));
    assertThat(quiet.score()).isCloseTo(relative.activity(300, 3.0), within(1e-9));
    assertThat(busy.score()).as("300 posts are 10 typical gaps on a busy stream, 100 on a quiet one").isGreaterThan(quiet.score());
  }

  @Test
  void shouldTrackTheTypicalJoinGapAsARunningGeometricMean() {
    assertThat(StoryScorer.nextJoinGap(0, 7)).as("the first gap is the estimate").isCloseTo(7.0, within(1e-12));
    assertThat(StoryScorer.nextJoinGap(0, 0)).as("a gap of 0 posts counts as 1").isCloseTo(1.0, within(1e-12));
    assertThat(StoryScorer.nextJoinGap(10, 10)).isCloseTo(10.0, within(1e-12));
    double w = StoryScorer.JOIN_GAP_WEIGHT;
    assertThat(StoryScorer.nextJoinGap(10, 1000)).isCloseTo(Math.exp(Math.log(10) + w * (Math.log(1000) - Math.log(10))), within(1e-9));
    // geometric: one gap of 10,000 among gaps of 10 moves the estimate by a factor 1000^w (about 7 %), not 1000-fold
    assertThat(StoryScorer.nextJoinGap(10, 10_000)).isLessThan(11.0);
    double g = 0;
    for (int i = 0; i < 2000; i++) {
      g = StoryScorer.nextJoinGap(g, i % 2 == 0 ? 4 : 16);
    }
    assertThat(g).as("alternating 4 and 16 posts: geometric mean 8").isCloseTo(8.0, within(0.2));
  }
}
