package io.storyline.publish.rank;

import static io.storyline.publish.testing.StoryBuilder.story;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Category;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListDefinitionTest {
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

  @Test
  void shouldParseScopesAndWindows() {
    assertThat(ListDefinition.parse("all/24h")).isEqualTo(new ListDefinition("all/24h", Optional.empty(), Duration.ofHours(24)));
    assertThat(ListDefinition.parse("tools/24h").category()).contains(Category.TOOL);
    assertThat(ListDefinition.parse("papers/7d").window()).isEqualTo(Duration.ofDays(7));
    assertThat(ListDefinition.parse("news/90m").window()).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void shouldRejectMalformedAndUnknownIds() {
    assertThatThrownBy(() -> ListDefinition.parse("all/24"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed list id 'all/24'");
    assertThatThrownBy(() -> ListDefinition.parse("all/0h")).hasMessageContaining("malformed list id 'all/0h'");
    assertThatThrownBy(() -> ListDefinition.parse("memes/1d")).hasMessageContaining("unknown scope 'memes'");
  }

  @Test
  void shouldAcceptAWindowOfThirtyDaysInEveryUnitAndRefuseALongerOneNamingIdAndRule() {
    for (String id : java.util.List.of("all/30d", "news/720h", "tools/43200m")) {
      assertThat(ListDefinition.parse(id).window()).as(id).isEqualTo(ListDefinition.MAX_WINDOW);
    }
    for (String id : java.util.List.of("all/31d", "news/721h", "tools/43201m", "all/999999d")) {
      assertThatThrownBy(() -> ListDefinition.parse(id)).as(id)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("window of list '" + id + "'")
          .hasMessageContaining("longer than the longest a list may span, 30 days (30d, 720h or 43200m)");
    }
    assertThatThrownBy(() -> ListDefinition.parse("all/999999d")).hasMessageContaining("is 999999 days");
  }

  @Test
  void shouldIncludeStoriesSeenWithinTheWindowOfTheRightCategoryOnly() {
    ListDefinition news = ListDefinition.parse("news/1h");

    assertThat(news.includes(story("s-1").lastSeen(NOW.minus(Duration.ofMinutes(60))).build(), NOW)).isTrue();
    assertThat(news.includes(story("s-2").lastSeen(NOW.minus(Duration.ofMinutes(61))).build(), NOW)).isFalse();
    assertThat(news.includes(story("s-3").category(Category.TOOL).lastSeen(NOW).build(), NOW)).isFalse();
    assertThat(news.includes(story("s-4").mergedInto("s-1").lastSeen(NOW).build(), NOW)).isFalse();
  }
}
