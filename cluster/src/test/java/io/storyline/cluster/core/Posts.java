package io.storyline.cluster.core;

import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import java.time.Instant;
import java.util.List;

/** Test post builders. */
final class Posts {
  static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");

  private Posts() {}

  static Post reddit(String id, String title, String text, Instant at) {
    return Post.builder(Source.REDDIT, "t3_" + id).author("author-" + id).title(title).text(text).createdAt(at).build();
  }

  static Post withLinks(String id, String title, Instant at, String... links) {
    return Post.builder(Source.REDDIT, "t3_" + id).author("author-" + id).title(title).links(List.of(links)).createdAt(at).build();
  }

  static Post reply(String id, String text, String parentId, Instant at) {
    return Post.builder(Source.REDDIT, "t1_" + id).author("author-" + id).text(text).createdAt(at)
        .relation(Relation.REPLY, parentId).build();
  }

  static Instant hours(double h) {
    return T0.plusMillis((long) (h * 3_600_000));
  }
}
