package io.storyline.cluster.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MoreLikeThis baseline with Lucene's defaults: a query term needs a term frequency of at least
 * 2 in the post and a document frequency of at least 5 in the index, so the fixtures repeat words.
 */
class MoreLikeThisBaselineTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");
  private int ids;

  private Post post(String text) {
    return Post.builder(Source.REDDIT, "t3_" + ids++).text(text).createdAt(T0).build();
  }

  private List<Post> posts(int n, String text) {
    List<Post> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(post(text));
    }
    return out;
  }

  @Test
  void shouldJoinASeedClusterWhenThePostRepeatsATermEnoughSeedsContain() {
    try (MoreLikeThisBaseline mlt = new MoreLikeThisBaseline(posts(6, "kimi weights released kimi"), 0.0)) {
      String cluster = mlt.assign(post("kimi kimi agentic benchmark"));

      assertThat(cluster).as("a seed's cluster, mlt-0 to mlt-5").matches("mlt-[0-5]");
    }
  }

  @Test
  void shouldOpenAClusterWhenNoQueryTermIsFrequentEnough() {
    try (MoreLikeThisBaseline mlt = new MoreLikeThisBaseline(posts(6, "kimi weights released kimi"), 0.0)) {
      assertThat(mlt.assign(post("zebra zebra crossing"))).isEqualTo("mlt-6");
      assertThat(mlt.assign(post("kimi agentic benchmark"))).as("kimi only once in the post: no query term").isEqualTo("mlt-7");
    }
  }

  @Test
  void shouldForgetAssignedPostsButKeepTheSeedsOnReset() {
    try (MoreLikeThisBaseline mlt = new MoreLikeThisBaseline(posts(6, "kimi weights released kimi"), 0.0)) {
      List<String> zebras = new ArrayList<>();
      for (Post p : posts(6, "zebra zebra crossing")) {
        zebras.add(mlt.assign(p));
      }
      assertThat(mlt.assign(post("zebra zebra stripes"))).as("six zebra posts are in the index").isIn(zebras);

      mlt.reset();

      assertThat(mlt.assign(post("zebra zebra stripes"))).as("the zebra posts are gone, numbering restarts after the seeds")
          .isEqualTo("mlt-6");
      assertThat(mlt.assign(post("kimi kimi agentic benchmark"))).as("the seeds stay").matches("mlt-[0-5]");
    }
  }

  @Test
  void shouldStartEmptyWithoutSeeds() {
    try (MoreLikeThisBaseline mlt = new MoreLikeThisBaseline(0.0)) {
      assertThat(mlt.assign(post("kimi kimi agentic benchmark"))).isEqualTo("mlt-0");
      assertThat(mlt.assign(post("kimi kimi again"))).as("one document: below the minimum document frequency of 5")
          .isEqualTo("mlt-1");
    }
  }
}
