package io.storyline.cluster.core;

import static io.storyline.cluster.core.Posts.hours;
import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who counts as a distinct voice of a story. */
class StoryStateVoicesTest {
  private static final ClusterParams PARAMS = ClusterParams.DEFAULTS;

  private static PostFeatures features(Post p) {
    return new PostFeatures(p, Map.of("kimi", 0.8, "k2", 0.6), Map.of(), Set.of(), p.createdAt(), 0, false, false);
  }

  private static Post post(Source source, String nativeId, String author, Relation relation, String parentId, long likes) {
    Post.Builder b = Post.builder(source, nativeId).author(author).text("Kimi K2 is out").createdAt(hours(nativeId.length()))
        .engagement(new Engagement(likes, null, null, null, null, null, null));
    if (relation != Relation.NONE) {
      b.relation(relation, parentId);
    }
    return b.build();
  }

  @Test
  void shouldCountRepostAndCrosspostEngagementButNotTheirAuthorsAsNewVoices() {
    Post original = post(Source.TWITTER, "1", "alice", Relation.NONE, null, 100);
    Post reply = post(Source.TWITTER, "22", "bob", Relation.REPLY, "twitter:1", 5);
    Post quote = post(Source.TWITTER, "333", "erin", Relation.QUOTE, "twitter:1", 7);
    Post repost = post(Source.TWITTER, "4444", "carol", Relation.REPOST, "twitter:1", 40);
    Post crosspost = post(Source.REDDIT, "t3_55555", "dave", Relation.CROSSPOST, "reddit:t3_1", 60);

    StoryState s = StoryState.open(1, features(original), PARAMS);
    for (Post p : new Post[] {reply, quote, repost, crosspost}) {
      s = s.join(features(p), PARAMS);
    }

    assertThat(s.authors()).as("replies and quotes are voices; reposts and crossposts are not").containsExactly("alice", "bob", "erin");
    assertThat(s.postCount()).isEqualTo(5);
    assertThat(s.engagement().likes()).as("engagement of every post, reposts included").isEqualTo(212L);
    assertThat(s.sourceCounts()).containsEntry(Source.TWITTER, 4).containsEntry(Source.REDDIT, 1);
    assertThat(StorySnapshots.toStory(s).authorCount()).isEqualTo(3);
  }

  @Test
  void shouldKeepOneVoiceWhenTwentyAccountsRepostOnePost() {
    StoryState s = StoryState.open(1, features(post(Source.TWITTER, "1", "alice", Relation.NONE, null, 1)), PARAMS);
    for (int i = 0; i < 20; i++) {
      s = s.join(features(post(Source.TWITTER, "2" + i, "swarm-" + i, Relation.REPOST, "twitter:1", 1)), PARAMS);
    }

    assertThat(s.postCount()).isEqualTo(21);
    assertThat(s.authors()).containsExactly("alice");
  }
}
