package io.storyline.publish.rank;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Category;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The ranking on small hand-made streams of posts, each post turned into the story snapshot the
 * clusterer would publish (distinct authors, posts per platform, summed engagement), folded into
 * activity and learned engagement units exactly as the publish processor does.
 */
class RankingScenariosTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private final TopListBuilder builder = new TopListBuilder(new StoryRanker(), 10);

  /** A hand-made stream: posts arrive in order, every post updates its story's snapshot. */
  private static final class Stream {
    private final Map<String, Acc> stories = new LinkedHashMap<>();
    private final Map<String, Story> latest = new LinkedHashMap<>();
    private final Map<String, StoryActivity> activity = new HashMap<>();
    private EngagementNorms norms = EngagementNorms.EMPTY;
    private Instant now = T0;

    private static final class Acc {
      Instant first;
      Instant last;
      int posts;
      final TreeSet<String> authors = new TreeSet<>();
      final EnumMap<Source, Integer> sources = new EnumMap<>(Source.class);
      Engagement engagement = Engagement.UNKNOWN;
    }

    Stream post(String storyId, Instant at, String author, Source source, Engagement e) {
      Acc a = stories.computeIfAbsent(storyId, k -> new Acc());
      a.first = a.first == null || at.isBefore(a.first) ? at : a.first;
      a.last = a.last == null || at.isAfter(a.last) ? at : a.last;
      a.posts++;
      a.authors.add(author);
      a.sources.merge(source, 1, Integer::sum);
      a.engagement = a.engagement.plus(e);
      Story next = new Story(storyId, storyId, "Headline " + storyId, "", Category.NEWS, List.of(), List.of(),
          a.first, a.last, a.posts, a.authors.size(), a.sources, a.engagement, List.of(), null, List.of(),
          a.posts, Story.SCHEMA_VERSION);
      Story old = latest.put(storyId, next);
      activity.put(storyId, StoryActivity.fold(activity.get(storyId), old, next));
      norms = norms.observe(old, next);
      now = at.isAfter(now) ? at : now;
      return this;
    }

    /** n posts spread evenly over [from, from + span), authors cycling through {@code authors}. */
    Stream posts(String storyId, int n, Instant from, Duration span, int authors, Source source, Engagement e) {
      for (int i = 0; i < n; i++) {
        post(storyId, from.plus(span.multipliedBy(i).dividedBy(n)), storyId + "-author-" + (i % authors), source, e);
      }
      return this;
    }

    TopList rank(TopListBuilder builder, String listId, Instant at) {
      return builder.build(ListDefinition.parse(listId), latest.values(), at, null, activity::get,
          norms.units(StoryRanker.EngagementUnits.DEFAULT));
    }
  }

  private static Engagement likes(long likes) {
    return new Engagement(likes, null, null, null, null, null, null);
  }

  private static Engagement redditScore(long score) {
    return new Engagement(null, null, null, score, 5L, null, null);
  }

  private static List<String> order(TopList list) {
    return list.items().stream().map(TopList.Item::storyId).toList();
  }

  @Test
  void shouldLetAFreshSmallerStoryOvertakeATwoDayOldBigOneInTheWeeklyList() {
    // given: a big story two days ago (40 posts, 20 authors), then a smaller fresh one (12 posts, 10 authors)
    Stream stream = new Stream()
        .posts("s-old-big", 40, T0, Duration.ofHours(6), 20, Source.REDDIT, redditScore(200))
        .posts("s-fresh", 12, T0.plus(Duration.ofHours(54)), Duration.ofHours(2), 10, Source.REDDIT, redditScore(120));
    Instant now = T0.plus(Duration.ofHours(56));

    // when
    TopList weekly = stream.rank(builder, "all/7d", now);

    // then: the big one is still listed, but the fresh one leads
    assertThat(order(weekly)).containsExactly("s-fresh", "s-old-big");
    TopList.Item fresh = weekly.items().get(0);
    TopList.Item old = weekly.items().get(1);
    assertThat(old.scoreParts().get(StoryRanker.PART_AUTHORS)).isGreaterThan(fresh.scoreParts().get(StoryRanker.PART_AUTHORS));
    assertThat(old.scoreParts().get(StoryRanker.PART_DECAY)).isLessThan(fresh.scoreParts().get(StoryRanker.PART_DECAY));
    // and in the daily list the two-day-old story is gone altogether
    assertThat(order(stream.rank(builder, "all/24h", now))).containsExactly("s-fresh");
  }

  @Test
  void shouldRankOneHundredFiftyPostsFromThreeAccountsBelowTwentyPostsFromTwentyAccounts() {
    // given: a swarm of 3 accounts posting 150 times with likes, and 20 people posting once each
    Stream stream = new Stream()
        .posts("s-swarm", 150, T0, Duration.ofHours(3), 3, Source.TWITTER, likes(40))
        .posts("s-crowd", 20, T0, Duration.ofHours(3), 20, Source.TWITTER, likes(40));

    // when
    TopList list = stream.rank(builder, "all/24h", T0.plus(Duration.ofHours(3)));

    // then
    assertThat(order(list)).containsExactly("s-crowd", "s-swarm");
    TopList.Item swarm = list.items().get(1);
    assertThat(swarm.postCount()).isEqualTo(150);
    // the swarm's posts beyond 3 per author count neither as posts nor as engagement
    assertThat(swarm.scoreParts().get(StoryRanker.PART_POSTS)).isCloseTo(1 + 0.2 * Math.log(9), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(swarm.scoreParts().get(StoryRanker.PART_ENGAGEMENT))
        .isLessThan(list.items().get(0).scoreParts().get(StoryRanker.PART_ENGAGEMENT));
  }

  @Test
  void shouldLetACrossPostAddEngagementButNotAVoice() {
    // given: two identical stories; in one the author cross-posts the item to another community
    Instant t = T0.plus(Duration.ofHours(1));
    Stream plain = new Stream().posts("s-a", 5, T0, Duration.ofHours(1), 5, Source.REDDIT, redditScore(100));
    Stream crossPosted = new Stream().posts("s-a", 5, T0, Duration.ofHours(1), 5, Source.REDDIT, redditScore(100))
        .post("s-a", t, "s-a-author-0", Source.REDDIT, redditScore(300));
    Stream newVoice = new Stream().posts("s-a", 5, T0, Duration.ofHours(1), 5, Source.REDDIT, redditScore(100))
        .post("s-a", t, "someone-new", Source.REDDIT, redditScore(300));

    // when
    TopList.Item base = plain.rank(builder, "all/24h", t).items().get(0);
    TopList.Item cross = crossPosted.rank(builder, "all/24h", t).items().get(0);
    TopList.Item voice = newVoice.rank(builder, "all/24h", t).items().get(0);

    // then: same voices, more engagement; a new voice counts more than the cross-post
    assertThat(cross.scoreParts().get(StoryRanker.PART_AUTHORS)).isEqualTo(base.scoreParts().get(StoryRanker.PART_AUTHORS));
    assertThat(cross.scoreParts().get(StoryRanker.PART_ENGAGEMENT)).isGreaterThan(base.scoreParts().get(StoryRanker.PART_ENGAGEMENT));
    assertThat(voice.scoreParts().get(StoryRanker.PART_AUTHORS)).isGreaterThan(cross.scoreParts().get(StoryRanker.PART_AUTHORS));
    assertThat(voice.score()).isGreaterThan(cross.score());
  }

  @Test
  void shouldOrderTiesDeterministicallyWhateverTheInputOrder() {
    // given: five stories with identical numbers and times, offered in shuffled orders
    List<Story> stories = new ArrayList<>();
    for (String id : List.of("s-c", "s-a", "s-e", "s-b", "s-d")) {
      stories.add(io.storyline.publish.testing.StoryBuilder.story(id).authors(3).posts(3).lastSeen(T0).build());
    }
    List<List<String>> orders = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < 5; i++) {
      Collections.shuffle(stories, random);
      orders.add(order(builder.build(ListDefinition.parse("all/24h"), stories, T0, null)));
    }

    // then: ties break by story id, the same every time
    assertThat(orders).allSatisfy(o -> assertThat(o).containsExactly("s-a", "s-b", "s-c", "s-d", "s-e"));
  }

  @Test
  void shouldBoostAStoryAcceleratingAgainstItsOwnBaseline() {
    // given: two stories with the same totals; one posted steadily over a day, one with a burst in the last hour
    Instant now = T0.plus(Duration.ofHours(24));
    Stream stream = new Stream()
        .posts("s-steady", 24, T0, Duration.ofHours(24), 24, Source.REDDIT, redditScore(10))
        .posts("s-burst", 12, T0, Duration.ofHours(23), 12, Source.REDDIT, redditScore(10))
        .posts("s-burst", 12, now.minus(Duration.ofMinutes(50)), Duration.ofMinutes(40), 12, Source.REDDIT, redditScore(10));

    // when
    TopList list = stream.rank(builder, "all/24h", now);

    // then
    Map<String, TopList.Item> byId = new HashMap<>();
    list.items().forEach(i -> byId.put(i.storyId(), i));
    assertThat(byId.get("s-burst").scoreParts().get(StoryRanker.PART_VELOCITY))
        .isGreaterThan(byId.get("s-steady").scoreParts().get(StoryRanker.PART_VELOCITY));
    assertThat(byId.get("s-steady").scoreParts().get(StoryRanker.PART_VELOCITY)).isLessThan(1.5);
  }

  @Test
  void shouldLearnEngagementUnitsPerSourceFromTheStream() {
    // given: Reddit posts typically score about 1,000, X posts get about 5 likes
    Stream stream = new Stream()
        .posts("s-r", 30, T0, Duration.ofHours(3), 30, Source.REDDIT, redditScore(1000))
        .posts("s-x", 30, T0, Duration.ofHours(3), 30, Source.TWITTER, likes(5));

    // when
    StoryRanker.EngagementUnits units = stream.norms.units(StoryRanker.EngagementUnits.DEFAULT);

    // then: one typical Reddit post and one typical X post are each worth about one unit
    assertThat(units.score()).isCloseTo(1000, org.assertj.core.api.Assertions.within(1.0));
    assertThat(units.likes()).isCloseTo(5, org.assertj.core.api.Assertions.within(0.01));
    assertThat(units.reactions()).as("no Discord data: default").isEqualTo(StoryRanker.EngagementUnits.DEFAULT.reactions());
  }
}
