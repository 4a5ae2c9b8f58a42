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
            List.of(), AT, AT, null, null, null, null, null, 1))
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

  @Test
  void shouldKeyAPostByItsThreadRootThenItsParentThenItself() {
    Post submission = Post.builder(Source.REDDIT, "t3_1abc").createdAt(AT).build();
    Post topComment = Post.builder(Source.REDDIT, "t1_c1").relation(Relation.REPLY, "reddit:t3_1abc").createdAt(AT).build();
    Post nestedComment = Post.builder(Source.REDDIT, "t1_c2").relation(Relation.REPLY, "reddit:t1_c1")
        .root("reddit:t3_1abc").createdAt(AT).build();

    assertThat(submission.threadKey()).isEqualTo("reddit:t3_1abc");
    assertThat(topComment.threadKey()).isEqualTo("reddit:t3_1abc");
    assertThat(nestedComment.threadKey()).as("the root, not the parent comment").isEqualTo("reddit:t3_1abc");
  }

  @Test
  void shouldDropARootThatIsTheParent() {
    Post reply = Post.builder(Source.TWITTER, "2").relation(Relation.REPLY, "twitter:1").root("twitter:1").createdAt(AT).build();

    assertThat(reply.rootId()).isNull();
    assertThat(reply.threadKey()).isEqualTo("twitter:1");
  }

  @Test
  void shouldRejectARootWithoutAParentOrEqualToThePostNamingBoth() {
    assertThatThrownBy(() -> Post.builder(Source.TWITTER, "5").root("twitter:1").createdAt(AT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("post twitter:5 has root id 'twitter:1' but no parent id: only a post in a thread has a root");
    assertThatThrownBy(() -> Post.builder(Source.TWITTER, "5").relation(Relation.REPLY, "twitter:4").root("twitter:5")
            .createdAt(AT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("post twitter:5 has root id 'twitter:5' but a post cannot be its own thread's root");
  }

  @Test
  void shouldKeepTheRootThroughToBuilder() {
    Post reply = Post.builder(Source.REDDIT, "t1_c2").relation(Relation.REPLY, "reddit:t1_c1").root("reddit:t3_1abc")
        .createdAt(AT).build();

    assertThat(reply.toBuilder().text("edited").build().rootId()).isEqualTo("reddit:t3_1abc");
  }
}
