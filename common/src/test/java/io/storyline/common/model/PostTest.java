package io.storyline.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostTest {
  private static final Instant AT = Instant.parse("2025-07-01T10:00:00Z");

  @Test
  void shouldRejectAnIdThatIsNotSourceColonNativeIdNamingBoth() {
    assertThatThrownBy(() -> new Post("reddit:t3_other", Source.REDDIT, "t3_1abc", null, null, null, null, "",
            List.of(), AT, AT, null, null, null, null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("post id 'reddit:t3_other' must equal '<source>:<nativeId>' = 'reddit:t3_1abc'");
  }

  @Test
  void shouldDeriveTheIdAndDefaultsWhenBuilt() {
    Post post = Post.builder(Source.ARXIV, "2512.24880").createdAt(AT).build();

    assertThat(post.id()).isEqualTo("arxiv:2512.24880");
    assertThat(post.fetchedAt()).isEqualTo(AT);
    assertThat(post.engagement().isUnknown()).isTrue();
    assertThat(post.relation()).isEqualTo(Relation.NONE);
    assertThat(post.schemaVersion()).isEqualTo(Post.SCHEMA_VERSION);
  }

  @Test
  void shouldRequireCreatedAtNamingThePost() {
    assertThatThrownBy(() -> Post.builder(Source.DISCORD, "123").build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("createdAt")
        .hasMessageContaining("discord:123");
  }
}
