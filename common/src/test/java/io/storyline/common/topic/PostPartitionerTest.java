package io.storyline.common.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PostPartitionerTest {
  private static final Instant AT = Instant.parse("2025-07-11T12:00:00Z");
  private final PostPartitioner partitioner = new PostPartitioner();

  private static Post submission(String id) {
    return Post.builder(Source.REDDIT, "t3_" + id).createdAt(AT).build();
  }

  private static Post comment(String id, String parentId, String rootId) {
    return Post.builder(Source.REDDIT, "t1_" + id).relation(Relation.REPLY, parentId).root(rootId).createdAt(AT).build();
  }

  @Test
  void shouldPutAPostWithoutParentWhereKafkasDefaultPartitionerPutsItsKey() {
    for (int i = 0; i < 500; i++) {
      Post post = submission(Integer.toString(i, 36));
      for (int partitions : new int[] {1, 2, 3, 4, 7, 16}) {
        int kafka = BuiltInPartitioner.partitionForKey(post.id().getBytes(StandardCharsets.UTF_8), partitions);

        assertThat(partitioner.partitions("posts", post.id(), post, partitions)).isEqualTo(Optional.of(Set.of(kafka)));
      }
    }
  }

  @Test
  void shouldPutEveryCommentOfAThreadOnItsSubmissionsPartition() {
    Set<Integer> partitionsUsed = new HashSet<>();
    for (int t = 0; t < 200; t++) {
      Post root = submission("s" + t);
      Post top = comment("a" + t, root.id(), null);
      Post nested = comment("b" + t, top.id(), root.id());
      Post deeper = comment("c" + t, nested.id(), root.id());
      int expected = PostPartitioner.partition(root, 4);
      partitionsUsed.add(expected);

      assertThat(PostPartitioner.partition(top, 4)).as("a reply to the submission").isEqualTo(expected);
      assertThat(PostPartitioner.partition(nested, 4)).as("a reply to a comment, with the root named").isEqualTo(expected);
      assertThat(PostPartitioner.partition(deeper, 4)).isEqualTo(expected);
    }
    assertThat(partitionsUsed).as("threads still spread over all partitions").containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void shouldPutATombstoneWhereItsKeyHashes() {
    int kafka = BuiltInPartitioner.partitionForKey("reddit:t1_gone".getBytes(StandardCharsets.UTF_8), 4);

    assertThat(partitioner.partitions("posts", "reddit:t1_gone", null, 4)).isEqualTo(Optional.of(Set.of(kafka)));
  }

  @Test
  void shouldRejectNoPartitionsAndARecordWithNeitherKeyNorPost() {
    assertThatThrownBy(() -> PostPartitioner.partition("reddit:t3_x", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("illegal partition count 0 for key reddit:t3_x, must be >= 1");
    assertThatThrownBy(() -> partitioner.partitions("posts", null, null, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot partition a record of posts with neither a key nor a post");
  }
}
