package io.storyline.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StoryTest {
  private static final Instant AT = Instant.parse("2025-07-01T10:00:00Z");

  @Test
  void shouldKeepOnlyTheFirstTenOfFiftyTopPosts() {
    List<PostRef> fifty = IntStream.range(0, 50)
        .mapToObj(i -> new PostRef("reddit:t3_" + i, Source.REDDIT, null, null, "p" + i, AT, 50 - i))
        .toList();
    List<String> thirty = IntStream.range(0, 30).mapToObj(i -> "term" + i).toList();

    Story story = new Story("s-1", "l", "h", "s", Category.NEWS, thirty, thirty, AT, AT, 50, 50, null, null,
        fifty, null, null, 1, 1);

    assertThat(story.topPosts()).hasSize(Story.MAX_TOP_POSTS).isEqualTo(fifty.subList(0, 10));
    assertThat(story.terms()).hasSize(Story.MAX_TERMS).isEqualTo(thirty.subList(0, 20));
    assertThat(story.links()).hasSize(Story.MAX_LINKS);
    assertThat(story.postCount()).isEqualTo(50);
  }
}
