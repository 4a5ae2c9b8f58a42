package io.storyline.publish.rank;

import static io.storyline.publish.testing.StoryBuilder.story;
import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Category;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopListBuilderTest {
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
  private static final ListDefinition ALL_24H = ListDefinition.parse("all/24h");
  private final TopListBuilder builder = new TopListBuilder(new StoryRanker(), 3);

  /** A story whose score grows with {@code authors}, all else equal. */
  private static Story withAuthors(String id, int authors) {
    return story(id).authors(authors).posts(authors).lastSeen(NOW).build();
  }

  @Test
  void shouldCutToTopNOnlyWhenBuildingAndRankBestFirst() {
    List<Story> candidates = List.of(withAuthors("s-1", 1), withAuthors("s-2", 2), withAuthors("s-3", 3),
        withAuthors("s-4", 4), withAuthors("s-5", 5));

    TopList list = builder.build(ALL_24H, candidates, NOW, null);

    assertThat(list.list()).isEqualTo("all/24h");
    assertThat(list.generatedAt()).isEqualTo(NOW);
    assertThat(list.items()).extracting(TopList.Item::storyId).containsExactly("s-5", "s-4", "s-3");
    assertThat(list.items()).extracting(TopList.Item::rank).containsExactly(1, 2, 3);
    assertThat(list.items()).extracting(TopList.Item::movement).containsOnlyNulls();
  }

  @Test
  void shouldReportMovementAgainstThePreviousList() {
    TopList before = builder.build(ALL_24H, List.of(withAuthors("s-a", 5), withAuthors("s-b", 4),
        withAuthors("s-c", 3)), NOW, null);

    // s-c climbs from 3 to 1, s-a drops from 1 to 2, s-b drops out, s-new enters at 3
    TopList after = builder.build(ALL_24H, List.of(withAuthors("s-a", 5), withAuthors("s-b", 1),
        withAuthors("s-c", 9), withAuthors("s-new", 4)), NOW, before);

    assertThat(after.items()).extracting(TopList.Item::storyId).containsExactly("s-c", "s-a", "s-new");
    assertThat(after.items()).extracting(TopList.Item::movement).containsExactly(2, -1, null);
  }

  @Test
  void shouldExcludeMergedStories() {
    Story merged = story("s-merged").authors(50).posts(50).lastSeen(NOW).mergedInto("s-1").build();

    TopList list = builder.build(ALL_24H, List.of(merged, withAuthors("s-1", 1)), NOW, null);

    assertThat(list.items()).extracting(TopList.Item::storyId).containsExactly("s-1");
  }

  @Test
  void shouldApplyWindowAndCategoryFilters() {
    Story freshNews = story("s-news").lastSeen(NOW.minus(Duration.ofMinutes(30))).build();
    Story oldNews = story("s-old").lastSeen(NOW.minus(Duration.ofHours(30))).build();
    Story tool = story("s-tool").category(Category.TOOL).lastSeen(NOW.minus(Duration.ofHours(2))).build();
    Story paper = story("s-paper").category(Category.PAPER).lastSeen(NOW.minus(Duration.ofDays(3))).build();
    List<Story> all = List.of(freshNews, oldNews, tool, paper);

    assertThat(ids(builder.build(ListDefinition.parse("all/1h"), all, NOW, null))).containsExactly("s-news");
    assertThat(ids(builder.build(ALL_24H, all, NOW, null))).containsExactlyInAnyOrder("s-news", "s-tool");
    assertThat(ids(builder.build(ListDefinition.parse("all/7d"), all, NOW, null)))
        .containsExactlyInAnyOrder("s-news", "s-old", "s-tool");
    assertThat(ids(builder.build(ListDefinition.parse("tools/24h"), all, NOW, null))).containsExactly("s-tool");
    assertThat(ids(builder.build(ListDefinition.parse("papers/24h"), all, NOW, null))).isEmpty();
    assertThat(ids(builder.build(ListDefinition.parse("news/24h"), all, NOW, null))).containsExactly("s-news");
  }

  @Test
  void shouldFillItemsFromTheStory() {
    Story s = story("s-1").headline("DeepSeek publishes mHC").authors(3).posts(4)
        .source(Source.REDDIT, 1).source(Source.TWITTER, 3)
        .topPost("reddit:t3_a", Source.REDDIT, "https://reddit.com/r/x/comments/a")
        .topPost("twitter:1", Source.TWITTER, "https://x.com/u/status/1")
        .lastSeen(NOW).build();

    TopList.Item item = builder.build(ALL_24H, List.of(s), NOW, null).items().getFirst();

    assertThat(item.headline()).isEqualTo("DeepSeek publishes mHC");
    assertThat(item.summary()).isEqualTo("Summary of s-1");
    assertThat(item.category()).isEqualTo(Category.NEWS);
    assertThat(item.postCount()).isEqualTo(4);
    assertThat(item.sources()).containsExactly("twitter", "reddit");
    assertThat(item.links()).containsExactly("https://reddit.com/r/x/comments/a", "https://x.com/u/status/1");
    assertThat(item.scoreParts()).containsKeys("authors", "sources", "engagement", "posts", "decay");
    assertThat(item.score()).isEqualTo(new StoryRanker().score(s, NOW).score());
  }

  @Test
  void shouldLetAStoryThatFellOutOfTopNClimbBack() {
    List<Story> candidates = new ArrayList<>(List.of(withAuthors("s-a", 5), withAuthors("s-b", 4),
        withAuthors("s-c", 3), withAuthors("s-d", 2)));
    TopList first = builder.build(ALL_24H, candidates, NOW, null);
    assertThat(ids(first)).doesNotContain("s-d");

    candidates.set(3, withAuthors("s-d", 20));
    TopList second = builder.build(ALL_24H, candidates, NOW, first);

    assertThat(ids(second)).containsExactly("s-d", "s-a", "s-b");
  }

  @Test
  void shouldDetectChangesInRankingButNotInScoresAlone() {
    List<Story> candidates = List.of(withAuthors("s-a", 5), withAuthors("s-b", 4));
    TopList now = builder.build(ALL_24H, candidates, NOW, null);
    TopList later = builder.build(ALL_24H, candidates, NOW.plus(Duration.ofMinutes(5)), now);
    TopList reordered = builder.build(ALL_24H, List.of(withAuthors("s-a", 1), withAuthors("s-b", 4)), NOW, now);

    assertThat(TopListBuilder.changed(null, now)).isTrue();
    assertThat(later.items().getFirst().score()).isNotEqualTo(now.items().getFirst().score());
    assertThat(TopListBuilder.changed(now, later)).isFalse();
    assertThat(TopListBuilder.changed(now, reordered)).isTrue();
  }

  @Test
  void shouldCountAScoreChangeAloneAsRescoredButAnIdenticalRebuildAsNeither() {
    List<Story> candidates = List.of(withAuthors("s-a", 5), withAuthors("s-b", 4));
    TopList now = builder.build(ALL_24H, candidates, NOW, null);
    TopList later = builder.build(ALL_24H, candidates, NOW.plus(Duration.ofMinutes(5)), now);
    TopList again = builder.build(ALL_24H, candidates, NOW, now);

    assertThat(TopListBuilder.changedOrRescored(null, now)).isTrue();
    assertThat(TopListBuilder.changedOrRescored(now, later)).as("same ranking, decayed scores").isTrue();
    assertThat(TopListBuilder.changedOrRescored(now, again)).as("same stories, same now").isFalse();
  }

  private static List<String> ids(TopList list) {
    return list.items().stream().map(TopList.Item::storyId).toList();
  }

  @Test
  void shouldRankExactlyAsSortingEveryScoredCandidateWhenSkippingThoseBelowAFullTopN() {
    // many ties: few distinct author counts and last-seen hours, so order falls to lastSeen and then the id
    java.util.Random random = new java.util.Random(42);
    List<Story> candidates = new ArrayList<>();
    java.util.Map<String, StoryActivity> activities = new java.util.HashMap<>();
    for (int i = 0; i < 400; i++) {
      Story s = story("s-" + random.nextInt(1_000_000) + "-" + i).authors(1 + random.nextInt(4)).posts(1 + random.nextInt(6))
          .lastSeen(NOW.minus(Duration.ofHours(random.nextInt(5)))).build();
      candidates.add(s);
      if (random.nextBoolean()) {
        activities.put(s.id(), StoryActivity.fold(null, null, s));
      }
    }
    StoryRanker ranker = new StoryRanker();
    TopListBuilder top10 = new TopListBuilder(ranker, 10);
    ListDefinition week = ListDefinition.parse("all/7d");

    List<ScoredStory> everyScored = new ArrayList<>();
    for (Story s : candidates) {
      ScoredStory scored = ranker.score(s, NOW, week.window(), activities.get(s.id()), ranker.weights().units());
      assertThat(ranker.scoreOnly(s, NOW, week.window(), activities.get(s.id()), ranker.weights().units()))
          .as("scoreOnly of %s", s.id()).isEqualTo(scored.score());
      everyScored.add(scored);
    }
    everyScored.sort(ScoredStory.RANKING);
    for (int shuffle = 0; shuffle < 5; shuffle++) {
      java.util.Collections.shuffle(candidates, random);
      TopList list = top10.build(week, candidates, NOW, null, activities::get, ranker.weights().units());

      assertThat(list.items()).extracting(TopList.Item::storyId)
          .containsExactlyElementsOf(everyScored.subList(0, 10).stream().map(ScoredStory::id).toList());
      assertThat(list.items()).extracting(TopList.Item::scoreParts)
          .containsExactlyElementsOf(everyScored.subList(0, 10).stream().map(ScoredStory::scoreParts).toList());
    }
  }
}
