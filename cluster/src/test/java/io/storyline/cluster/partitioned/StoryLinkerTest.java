package io.storyline.cluster.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoryLinkerTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");
  private static final ClusterParams PARAMS = ClusterParams.DEFAULTS;

  /** Two partitions' clusterers and one linker, fed by hand so the test chooses each post's partition. */
  private static final class Harness implements AutoCloseable {
    final InMemoryClusterState[] states = {new InMemoryClusterState(), new InMemoryClusterState()};
    final StoryClusterer[] clusterers = {new StoryClusterer(PARAMS, states[0]), new StoryClusterer(PARAMS, states[1])};
    final InMemoryLinkerState linkerState = new InMemoryLinkerState();
    StoryLinker linker = new StoryLinker(PARAMS, linkerState);

    LinkResult feed(int partition, Post post) {
      Decision d = clusterers[partition].assign(post);
      return linker.apply(LocalStoryUpdate.of(partition, d,
          d.kind() == Decision.Kind.DUPLICATE ? null : states[partition].story(d.assignment().storyId())));
    }

    void restartLinker() {
      linker.close();
      linker = new StoryLinker(PARAMS, linkerState);
    }

    @Override
    public void close() {
      for (StoryClusterer c : clusterers) {
        c.close();
      }
      linker.close();
    }
  }

  private final List<Harness> open = new ArrayList<>();

  private Harness harness() {
    Harness h = new Harness();
    open.add(h);
    return h;
  }

  @AfterEach
  void closeAll() {
    open.forEach(Harness::close);
  }

  private static Post post(String id, String title, double hours) {
    return Post.builder(Source.REDDIT, "t3_" + id).author("u-" + id).title(title)
        .createdAt(T0.plusMillis((long) (hours * 3_600_000))).build();
  }

  private static Post withLink(String id, String title, double hours, String link) {
    return Post.builder(Source.REDDIT, "t3_" + id).author("u-" + id).title(title).links(List.of(link))
        .createdAt(T0.plusMillis((long) (hours * 3_600_000))).build();
  }

  private static Post paper(String arxivId, String title, String abstractText, double hours) {
    return Post.builder(Source.ARXIV, arxivId).author("authors-of-" + arxivId).title(title).text(abstractText)
        .url("https://arxiv.org/abs/" + arxivId).createdAt(T0.plusMillis((long) (hours * 3_600_000))).build();
  }

  @Test
  void shouldKeepDistinctPapersInDistinctGlobalStoriesAcrossPartitionsButLinkANewVersionAndAThreadToTheirPaper() {
    Harness h = harness();
    String abstractText = "Prompt learning and adapters extend vision-language models like CLIP to downstream tasks; "
        + "we fine-tune a multi-modal adapter for personalised federated vision-language fine-tuning.";
    LinkResult a = h.feed(0, paper("2507.05394", "pFedMMA: Personalized Federated Fine-Tuning with Multi-Modal Adapter for "
        + "Vision-Language Models", abstractText, 0));
    LinkResult b = h.feed(1, paper("2507.05401", "Integrated Structural Prompt Learning for Vision-Language Models",
        abstractText, 0));
    LinkResult again = h.feed(1, paper("2507.05394v2", "pFedMMA: Personalized Federated Fine-Tuning with Multi-Modal "
        + "Adapter for Vision-Language Models", abstractText, 3));
    LinkResult thread = h.feed(1, withLink("t", "pFedMMA: federated fine-tuning of vision-language models with a "
        + "multi-modal adapter", 2, "https://arxiv.org/abs/2507.05394"));

    assertThat(b.kind()).as("another paper with the same abstract, in another partition").isEqualTo(LinkResult.Kind.NEW_GLOBAL);
    assertThat(b.assignment().storyId()).isNotEqualTo(a.assignment().storyId());
    assertThat(again.assignment().storyId()).as("a new version of the first paper").isEqualTo(a.assignment().storyId());
    assertThat(thread.assignment().storyId()).as("a thread linking the first paper").isEqualTo(a.assignment().storyId());
  }

  @Test
  void shouldLinkAStoryOpenedInAnotherPartitionToTheGlobalStoryItMatches() {
    Harness h = harness();
    LinkResult a = h.feed(0, post("a", "Kimi K2 released: 1T MoE with 32B active", 0));
    LinkResult b = h.feed(1, post("b", "Kimi K2 is a 1T MoE, impressive release", 0.1));

    assertThat(a.kind()).isEqualTo(LinkResult.Kind.NEW_GLOBAL);
    assertThat(a.assignment().newStory()).isTrue();
    assertThat(b.kind()).isEqualTo(LinkResult.Kind.LINKED);
    assertThat(b.assignment().storyId()).isEqualTo(a.assignment().storyId()).startsWith("g-");
    assertThat(b.assignment().newStory()).isFalse();
    assertThat(b.assignment().score()).isGreaterThanOrEqualTo(PARAMS.similarityThreshold());
  }

  @Test
  void shouldOpenANewGlobalStoryWhenNoGlobalStoryClearsTheThreshold() {
    Harness h = harness();
    LinkResult a = h.feed(0, post("a", "Kimi K2 released: 1T MoE with 32B active", 0));
    LinkResult b = h.feed(1, post("b", "Cheapest DDR5 RAM for a 4090 inference rig", 0.1));

    assertThat(b.kind()).isEqualTo(LinkResult.Kind.NEW_GLOBAL);
    assertThat(b.assignment().storyId()).isNotEqualTo(a.assignment().storyId());
    assertThat(List.of(a.assignment().storyId(), b.assignment().storyId())).containsExactly("g-000001", "g-000002");
  }

  @Test
  void shouldPublishTheGlobalSnapshotWithThePostsOfEveryPartition() {
    Harness h = harness();
    h.feed(0, post("a", "Kimi K2 released: 1T MoE with 32B active", 0));
    h.feed(1, post("b", "Kimi K2 is a 1T MoE, impressive release", 0.1));
    h.feed(0, post("c", "Kimi K2 1T MoE weights on Hugging Face", 0.2));
    LinkResult d = h.feed(1, post("d", "Kimi K2 MoE GGUF quants released", 0.3));

    assertThat(d.kind()).isEqualTo(LinkResult.Kind.FOLLOWED_LOCAL);
    Story s = d.stories().get(d.stories().size() - 1);
    assertThat(s.id()).isEqualTo(d.assignment().storyId());
    assertThat(s.postCount()).isEqualTo(4);
    assertThat(s.authorCount()).isEqualTo(4);
    assertThat(s.mergedInto()).isNull();
    assertThat(s.topPosts()).extracting(p -> p.id()).contains("reddit:t3_a", "reddit:t3_b", "reddit:t3_c", "reddit:t3_d");
  }

  @Test
  void shouldRaiseTheVersionOfAGlobalStoryOnEverySnapshot() {
    Harness h = harness();
    long v1 = last(h.feed(0, post("a", "Kimi K2 released: 1T MoE with 32B active", 0))).version();
    long v2 = last(h.feed(1, post("b", "Kimi K2 is a 1T MoE, impressive release", 0.1))).version();
    long v3 = last(h.feed(0, post("c", "Kimi K2 1T MoE weights on Hugging Face", 0.2))).version();
    assertThat(List.of(v1, v2, v3)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void shouldLinkAcrossPartitionsOnASharedLinkEvenWithDifferentWords() {
    Harness h = harness();
    LinkResult a = h.feed(0, withLink("a", "Moonshot open-sources its trillion parameter model", 0,
        "https://huggingface.co/moonshotai/Kimi-K2-Instruct"));
    LinkResult b = h.feed(1, withLink("b", "New weights dropped today", 0.2,
        "https://huggingface.co/moonshotai/Kimi-K2-Instruct"));
    assertThat(b.kind()).isEqualTo(LinkResult.Kind.LINKED);
    assertThat(b.assignment().storyId()).isEqualTo(a.assignment().storyId());
  }

  @Test
  void shouldRepeatTheGlobalAssignmentOfADuplicatePostWithoutPublishing() {
    Harness h = harness();
    h.feed(0, post("a", "Kimi K2 released: 1T MoE with 32B active", 0));
    LinkResult b = h.feed(1, post("b", "Kimi K2 is a 1T MoE, impressive release", 0.1));
    LinkResult again = h.feed(1, post("b", "Kimi K2 is a 1T MoE, impressive release", 0.1));

    assertThat(again.kind()).isEqualTo(LinkResult.Kind.DUPLICATE);
    assertThat(again.assignment().storyId()).isEqualTo(b.assignment().storyId());
    assertThat(again.stories()).isEmpty();
  }

  @Test
  void shouldCloseAGlobalStoryOnlyWhenItsLastFragmentCloses() {
    Harness h = harness();
    String g = h.feed(0, post("a", "Kimi K2 released: 1T MoE with 32B active", 0)).assignment().storyId();
    assertThat(h.feed(1, post("b", "Kimi K2 is a 1T MoE, impressive release", 5)).assignment().storyId()).isEqualTo(g);
    // partition 0 passes the 72 h idle horizon of its fragment (last post at 0 h) while partition 1
    // is still at 5 h: the fragment closes, the global story stays open
    LinkResult c = h.feed(0, post("c", "Cheapest DDR5 RAM for a 4090 inference rig", 80));
    assertThat(c.closedGlobals()).isEmpty();
    LinkResult d = h.feed(1, post("d", "Kimi K2 GGUF quants for the 1T MoE", 6));
    assertThat(d.assignment().storyId()).isEqualTo(g);
    assertThat(last(d).postCount()).as("the closed fragment's post still counts").isEqualTo(3);
    // partition 1 passes the horizon too: the global story has no open fragment left
    LinkResult e = h.feed(1, post("e", "Grok 4 benchmarks leaked", 200));
    assertThat(e.closedGlobals()).contains(g);
    assertThat(e.assignment().storyId()).isNotEqualTo(g);
  }

  @Test
  void shouldNeverReuseAGlobalIdAfterItsStoryClosed() {
    Harness h = harness();
    String first = h.feed(0, post("a", "Kimi K2 released: 1T MoE with 32B active", 0)).assignment().storyId();
    LinkResult later = h.feed(0, post("b", "Kimi K2 released: 1T MoE with 32B active", 200));
    assertThat(later.closedGlobals()).containsExactly(first);
    assertThat(later.assignment().storyId()).isNotEqualTo(first).isEqualTo("g-000002");
  }

  @Test
  void shouldContinueExactlyAsAnUninterruptedRunWhenRebuiltFromItsState() {
    List<Object[]> posts = List.of(
        new Object[] {0, post("a", "Kimi K2 released: 1T MoE with 32B active", 0)},
        new Object[] {1, post("b", "Cheapest DDR5 RAM for a 4090 inference rig", 0.1)},
        new Object[] {1, post("c", "Kimi K2 is a 1T MoE, impressive release", 0.2)},
        new Object[] {0, post("d", "DDR5 RAM prices for an inference rig", 0.3)},
        new Object[] {0, post("e", "Kimi K2 GGUF quants are out, 1T MoE", 1)},
        new Object[] {1, post("f", "Grok 4 benchmarks leaked", 1.1)},
        new Object[] {1, post("g", "DDR5 RAM rig for inference, prices?", 1.2)},
        new Object[] {0, post("h", "Grok 4 benchmark results leaked online", 1.3)});
    Harness straight = harness();
    List<String> expected = new ArrayList<>();
    posts.forEach(x -> expected.add(straight.feed((int) x[0], (Post) x[1]).assignment().storyId()));

    Harness restarted = harness();
    List<String> actual = new ArrayList<>();
    for (int i = 0; i < posts.size(); i++) {
      if (i == 4) {
        restarted.restartLinker();
      }
      actual.add(restarted.feed((int) posts.get(i)[0], (Post) posts.get(i)[1]).assignment().storyId());
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(expected).as("three stories, each spread over both partitions").containsExactly(
        "g-000001", "g-000002", "g-000001", "g-000002", "g-000001", "g-000003", "g-000002", "g-000003");
  }

  @Test
  void shouldMergeTheGlobalStoryOfALocalStoryItsPartitionMergedAwayAndPublishItOnceWithMergedInto() {
    Harness h = harness();
    String kimi = h.feed(0, post("a1", "Kimi K2 weights released", 0)).assignment().storyId();
    h.feed(0, post("a2", "Kimi K2 weights are out", 0.1));
    String moonshot = h.feed(0, post("b1", "Moonshot trillion parameter MoE open", 0.2)).assignment().storyId();
    h.feed(0, post("b2", "Moonshot trillion parameter MoE, open source", 0.3));
    assertThat(moonshot).isNotEqualTo(kimi);
    // the core of partition 0 merges the two local stories once posts bridge them (as in
    // ClusterTopologyTest); the global story of the absorbed one goes with it
    List<LinkResult> rest = List.of(
        h.feed(0, post("x", "Kimi K2 weights: Moonshot trillion parameter MoE open", 0.4)),
        h.feed(0, post("y", "Kimi K2 from Moonshot: trillion parameter MoE weights", 0.5)));
    List<Story> published = rest.stream().flatMap(r -> r.stories().stream()).toList();
    Story absorbed = published.stream().filter(s -> s.mergedInto() != null).findFirst().orElseThrow();
    LinkResult lastResult = rest.get(rest.size() - 1);
    assertThat(List.of(kimi, moonshot)).contains(absorbed.id(), absorbed.mergedInto());
    assertThat(absorbed.mergedInto()).isEqualTo(lastResult.assignment().storyId());
    assertThat(last(lastResult).mergedFrom()).containsExactly(absorbed.id());
    assertThat(last(lastResult).postCount()).isEqualTo(6);
    String survivor = absorbed.mergedInto();
    assertThat(h.feed(0, post("a1", "Kimi K2 weights released", 0)).assignment().storyId())
        .as("a repeated post of either story maps to the survivor").isEqualTo(survivor);
  }

  @Test
  void shouldMergeAConvergedGlobalStoryWhenAPostFollowsItsLocalStoryAsTheCoreMergesWhenAPostJoins() {
    // partitions with local parameters (they never merge); Kimi K2 lives in partition 0, Moonshot in 1
    ClusterParams local = StoryLinker.localParams(PARAMS, PARAMS.similarityThreshold());
    for (ClusterParams linkerParams : List.of(PARAMS, PARAMS.withMergeThreshold(1.0))) {
      List<LinkResult> results = twoPartitions(local, linkerParams, List.of(post("a1", "Kimi K2 weights released", 0),
          post("b1", "Moonshot trillion parameter MoE open", 0.1),
          post("a2", "Kimi K2 weights are out", 0.2), post("b2", "Moonshot trillion parameter MoE, open source", 0.3),
          post("x", "Kimi K2 weights: Moonshot trillion parameter MoE open", 0.4),
          post("y", "Kimi K2 from Moonshot: trillion parameter MoE weights", 0.5)), "b");
      String kimi = results.get(0).assignment().storyId();
      String moonshot = results.get(1).assignment().storyId();
      assertThat(moonshot).isNotEqualTo(kimi);
      assertThat(results.subList(4, 6)).as("x and y join Kimi K2 in partition 0")
          .allSatisfy(r -> assertThat(r.kind()).isEqualTo(LinkResult.Kind.FOLLOWED_LOCAL));
      List<Story> absorbed = results.stream().flatMap(r -> r.stories().stream()).filter(s -> s.mergedInto() != null).toList();
      if (linkerParams.merging()) {
        assertThat(absorbed).as("the post's own terms retrieve Moonshot, whose fold converged with Kimi K2's").hasSize(1);
        assertThat(List.of(absorbed.get(0).id(), absorbed.get(0).mergedInto())).containsExactlyInAnyOrder(kimi, moonshot);
        assertThat(results.get(5).assignment().storyId()).isEqualTo(absorbed.get(0).mergedInto());
        assertThat(last(results.get(5)).postCount()).isEqualTo(6);
      } else {
        assertThat(absorbed).as("merging off").isEmpty();
        assertThat(results.get(5).assignment().storyId()).isEqualTo(kimi);
      }
    }
  }

  @Test
  void shouldMergeGlobalStoriesOnlyWhenThePostThatGrewOneAlsoMatchesTheOtherAsTheCoreDoes() {
    // Super Bowl XLV in partition 0, the 2013 blackout in partition 1; the last blackout post names the
    // Super Bowl and pulls the two folds together without matching the game's story as well as its own
    ClusterParams local = StoryLinker.localParams(PARAMS, PARAMS.similarityThreshold());
    for (double bridge : new double[] {0, 0.99}) {
      ClusterParams linkerParams = PARAMS.withMergeThreshold(0.1).withMergeBridge(bridge);
      List<LinkResult> results = twoPartitions(local, linkerParams, List.of(post("g1", "Super Bowl XLV: Packers beat Steelers", 0),
          post("b1", "Blackout at the Superdome, power outage stops the game", 0.1),
          post("g2", "Packers beat Steelers in Super Bowl XLV", 0.2),
          post("b2", "Superdome power outage: blackout stops the game", 0.3),
          post("b3", "Super Bowl blackout: Superdome power outage", 0.4)), "b");
      String game = results.get(0).assignment().storyId();
      assertThat(results.get(1).assignment().storyId()).isNotEqualTo(game);
      assertThat(results.get(4).kind()).as("b3 joins the blackout in partition 1").isEqualTo(LinkResult.Kind.FOLLOWED_LOCAL);
      List<Story> absorbed = results.stream().flatMap(r -> r.stories().stream()).filter(s -> s.mergedInto() != null).toList();
      if (bridge == 0) {
        assertThat(absorbed).as("centroid cosine alone merges them").extracting(Story::id).containsExactly(game);
      } else {
        assertThat(absorbed).as("b3 does not reach %.2f against the game's story", bridge).isEmpty();
        assertThat(results.get(4).assignment().storyId()).isEqualTo(results.get(1).assignment().storyId());
      }
    }
  }

  @Test
  void shouldGiveThePartitionsTheLocalThresholdAndLeaveMergingConvergedStoriesToTheLinker() {
    ClusterParams local = StoryLinker.localParams(PARAMS, 0.5);
    assertThat(local).isEqualTo(PARAMS.withSimilarityThreshold(0.5).withMergeThreshold(1.0));
    assertThat(local.merging()).isFalse();
    // the posts that make a merging core merge two local stories (the test above) leave a partition
    // with local parameters with two stories: the linker alone decides whether their global stories merge
    InMemoryClusterState state = new InMemoryClusterState();
    List<Decision> decisions = new ArrayList<>();
    try (StoryClusterer partition = new StoryClusterer(local, state)) {
      decisions.add(partition.assign(post("a1", "Kimi K2 weights released", 0)));
      decisions.add(partition.assign(post("a2", "Kimi K2 weights are out", 0.1)));
      decisions.add(partition.assign(post("b1", "Moonshot trillion parameter MoE open", 0.2)));
      decisions.add(partition.assign(post("b2", "Moonshot trillion parameter MoE, open source", 0.3)));
      decisions.add(partition.assign(post("x", "Kimi K2 weights: Moonshot trillion parameter MoE open", 0.4)));
      decisions.add(partition.assign(post("y", "Kimi K2 from Moonshot: trillion parameter MoE weights", 0.5)));
    }
    assertThat(decisions).allSatisfy(d -> assertThat(d.mergedStories()).isEmpty());
  }

  @Test
  void shouldCountLinkedPostsButNotDuplicatesAndRememberWhenEachGlobalStoryLastGrewForTheIdleDiscount() {
    Harness h = harness();
    LinkResult a = h.feed(0, post("a", "Kimi K2 released: 1T MoE with 32B active", 0));
    LinkResult b = h.feed(1, post("b", "Cheapest DDR5 RAM for a 4090 inference rig", 0.1));
    LinkResult c = h.feed(1, post("c", "Kimi K2 is a 1T MoE, impressive release", 0.2));
    h.feed(1, post("c", "Kimi K2 is a 1T MoE, impressive release", 0.2));
    h.feed(0, post("d", "Grok 4 benchmarks leaked", 0.3));

    assertThat(c.assignment().storyId()).isEqualTo(a.assignment().storyId());
    assertThat(h.linkerState.meta().postSeq()).as("four posts linked, the repeat of c not counted").isEqualTo(4);
    assertThat(h.linkerState.global(a.assignment().storyId()).lastPostSeq()).as("Kimi K2 last grew with post 3").isEqualTo(3);
    assertThat(h.linkerState.global(b.assignment().storyId()).lastPostSeq()).isEqualTo(2);
    h.restartLinker();
    LinkResult e = h.feed(0, post("e", "DDR5 RAM prices for an inference rig", 0.4));
    assertThat(e.assignment().storyId()).isEqualTo(b.assignment().storyId());
    assertThat(h.linkerState.global(b.assignment().storyId()).lastPostSeq()).as("counted on across a restart").isEqualTo(5);
  }

  /**
   * Feeds posts through two partitions' clusterers (local parameters) and one linker, in order.
   *
   * @param inSecond posts whose id contains this go to partition 1, the others to partition 0
   * @return the linker's result per post
   */
  private static List<LinkResult> twoPartitions(ClusterParams local, ClusterParams linkerParams, List<Post> posts,
      String inSecond) {
    InMemoryClusterState[] states = {new InMemoryClusterState(), new InMemoryClusterState()};
    List<LinkResult> results = new ArrayList<>();
    try (StoryClusterer p0 = new StoryClusterer(local, states[0]); StoryClusterer p1 = new StoryClusterer(local, states[1]);
        StoryLinker linker = new StoryLinker(linkerParams, new InMemoryLinkerState())) {
      for (Post post : posts) {
        int p = post.id().contains(inSecond) ? 1 : 0;
        Decision d = (p == 0 ? p0 : p1).assign(post);
        results.add(linker.apply(LocalStoryUpdate.of(p, d, states[p].story(d.assignment().storyId()))));
      }
    }
    return results;
  }

  private static Story last(LinkResult r) {
    return r.stories().get(r.stories().size() - 1);
  }
}
