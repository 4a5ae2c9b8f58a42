package io.storyline.cluster.core;

import static io.storyline.cluster.core.Posts.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.serde.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class StoryClustererTest {
  private final InMemoryClusterState state = new InMemoryClusterState();

  private StoryClusterer clusterer(ClusterParams p) {
    return new StoryClusterer(p, state);
  }

  @Test
  void shouldJoinStoryWhenBestCandidateClearsThreshold() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS)) {
      // other posts first, so document frequencies mean something (on a two-post index every shared
      // term sits at the IDF floor and the label would come from the one-off words)
      String[] background = {"Cheapest DDR5 RAM for inference", "Qwen3 coder benchmarks", "llama.cpp adds Vulkan backend",
          "Grok 4 system prompt leaked", "Best 24GB GPU for LoRA training", "Mistral Devstral medium release"};
      for (int i = 0; i < background.length; i++) {
        c.assign(Posts.reddit("bg" + i, background[i], "", hours(-10 + i)));
      }
      Decision first = c.assign(Posts.reddit("a", "Kimi K2 released: 1T MoE with 32B active", "", hours(0)));
      Decision second = c.assign(Posts.reddit("b", "Kimi K2 is a 1T MoE, impressive", "", hours(1)));
      String id = first.assignment().storyId();
      assertThat(first.kind()).isEqualTo(Decision.Kind.NEW_STORY);
      assertThat(second.kind()).as(second.explain()).isEqualTo(Decision.Kind.JOINED);
      assertThat(second.assignment().storyId()).isEqualTo(id);
      assertThat(second.assignment().score()).isGreaterThanOrEqualTo(ClusterParams.DEFAULTS.similarityThreshold());
      assertThat(second.story().postCount()).isEqualTo(2);
      assertThat(second.story().label()).startsWith("Kimi K2");
      assertThat(second.explain()).contains("JOINED").contains(id).contains("cos=");
    }
  }

  /** Two stories about one event, opened apart, and a post that bridges them. */
  private static Post paper(String arxivId, String title, String abstractText, Instant at) {
    return Post.builder(Source.ARXIV, arxivId).author("authors-of-" + arxivId).title(title).text(abstractText)
        .url("https://arxiv.org/abs/" + arxivId).createdAt(at).build();
  }

  @Test
  void shouldKeepDistinctPapersOfOneSubfieldInDistinctStoriesButLetAThreadAboutAPaperJoinIt() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS)) {
      String abstractText = "Prompt learning and adapters extend vision-language models like CLIP to downstream tasks; "
          + "we fine-tune a multi-modal adapter for personalised federated vision-language fine-tuning.";
      Decision a = c.assign(paper("2507.05394", "pFedMMA: Personalized Federated Fine-Tuning with Multi-Modal Adapter for Vision-Language Models",
          abstractText, hours(0)));
      Decision b = c.assign(paper("2507.05401", "Integrated Structural Prompt Learning for Vision-Language Models",
          abstractText, hours(0)));
      Decision thread = c.assign(Posts.withLinks("t", "pFedMMA: federated fine-tuning of vision-language models with a multi-modal adapter",
          hours(2), "https://arxiv.org/abs/2507.05394"));
      Decision again = c.assign(paper("2507.05394v2", "pFedMMA: Personalized Federated Fine-Tuning with Multi-Modal Adapter for Vision-Language Models",
          abstractText, hours(3)));

      assertThat(b.kind()).as("a second paper with the same abstract: %s", b.explain()).isEqualTo(Decision.Kind.NEW_STORY);
      assertThat(b.assignment().storyId()).isNotEqualTo(a.assignment().storyId());
      assertThat(thread.assignment().storyId()).as(thread.explain()).isEqualTo(a.assignment().storyId());
      assertThat(again.assignment().storyId()).as("a new version of the same paper: %s", again.explain())
          .isEqualTo(a.assignment().storyId());
      assertThat(c.openStories()).isEqualTo(2);
    }
  }

  private static List<Decision> convergingStream(StoryClusterer c) {
    List<Decision> out = new ArrayList<>();
    out.add(c.assign(Posts.reddit("a1", "Kimi K2 weights released", "", hours(0))));
    out.add(c.assign(Posts.reddit("a2", "Kimi K2 weights are out", "", hours(1))));
    out.add(c.assign(Posts.reddit("b1", "Moonshot trillion parameter MoE open", "", hours(2))));
    out.add(c.assign(Posts.reddit("b2", "Moonshot trillion parameter MoE, open source", "", hours(3))));
    out.add(c.assign(Posts.reddit("x", "Kimi K2 weights: Moonshot trillion parameter MoE open", "", hours(4))));
    out.add(c.assign(Posts.reddit("y", "Kimi K2 from Moonshot: trillion parameter MoE weights", "", hours(5))));
    return out;
  }

  @Test
  void shouldKeepConvergingStoriesApartWhenMergingIsDisabled() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS.withMergeThreshold(1.0))) {
      List<Decision> d = convergingStream(c);
      assertThat(d.get(2).kind()).as(d.get(2).explain()).isEqualTo(Decision.Kind.NEW_STORY);
      assertThat(d).allSatisfy(x -> assertThat(x.mergedStories()).isEmpty());
      assertThat(d.stream().map(x -> x.assignment().storyId()).distinct()).hasSize(2);
    }
  }

  @Test
  void shouldPublishTheFinalSnapshotOfAMergedAwayStoryWithoutSummaryAsAFunctionOfItsStoredState() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS.withMergeThreshold(0.3))) {
      List<Decision> d = new ArrayList<>();
      d.add(c.assign(Posts.reddit("a1", "Kimi K2 weights released",
          "Moonshot posted the weights on Hugging Face today. The licence is a modified MIT licence.", hours(0))));
      d.add(c.assign(Posts.reddit("a2", "Kimi K2 weights are out",
          "The weights are about a terabyte in FP8. Early tests show strong coding results.", hours(1))));
      d.add(c.assign(Posts.reddit("b1", "Moonshot trillion parameter MoE open",
          "A trillion parameters with 32B active per token. It was trained with the Muon optimizer.", hours(2))));
      d.add(c.assign(Posts.reddit("b2", "Moonshot trillion parameter MoE, open source",
          "The model card lists a 128k context window. Agentic benchmarks are in the report.", hours(3))));
      Map<String, StoryState> stored = new HashMap<>();
      Map<String, Story> lastLive = new HashMap<>();
      Story gone = null;
      String survivor = null;
      for (Post p : List.of(Posts.reddit("x", "Kimi K2 weights: Moonshot trillion parameter MoE open", "", hours(4)),
          Posts.reddit("y", "Kimi K2 from Moonshot: trillion parameter MoE weights", "", hours(5)))) {
        for (Decision x : d) {
          stored.put(x.story().id(), state.story(x.story().id()));
          lastLive.put(x.story().id(), x.story());
        }
        Decision next = c.assign(p);
        d.add(next);
        if (!next.mergedStories().isEmpty()) {
          gone = next.mergedStories().get(0);
          survivor = next.assignment().storyId();
          assertThat(next.story().summary()).as("the survivor keeps a summary").isNotEmpty();
          break;
        }
      }
      assertThat(gone).as("a merge in %s", d).isNotNull();
      assertThat(lastLive.get(gone.id()).summary()).as("the absorbed story had a summary while live").isNotEmpty();
      assertThat(gone.mergedInto()).isEqualTo(survivor);
      assertThat(gone.summary()).as("the final snapshot of a merged-away story").isEmpty();
      // a pure function of the stored state: a fresh build (no summary cache, no memo) is the same record
      assertThat(gone).isEqualTo(StorySnapshots.toStory(stored.get(gone.id()), survivor));
      assertThat(gone.headline()).isEqualTo(lastLive.get(gone.id()).headline());
      assertThat(gone.postCount()).isEqualTo(lastLive.get(gone.id()).postCount());
    }
  }

  @Test
  void shouldMergeStoriesWhoseCentroidsConverge() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS.withMergeThreshold(0.3))) {
      List<Decision> d = convergingStream(c);
      String a = d.get(0).assignment().storyId();
      String b = d.get(2).assignment().storyId();
      assertThat(a).isNotEqualTo(b);
      List<Story> merged = d.stream().flatMap(x -> x.mergedStories().stream()).toList();
      assertThat(merged).as("merged snapshots").hasSize(1);
      Story gone = merged.get(0);
      Decision merging = d.stream().filter(x -> !x.mergedStories().isEmpty()).findFirst().orElseThrow();
      assertThat(merging.explain()).contains("merged [" + gone.id() + "]");
      // the survivor is the larger story; the absorbed one points at it
      String survivor = gone.id().equals(a) ? b : a;
      assertThat(gone.id()).isIn(a, b);
      assertThat(gone.mergedInto()).isEqualTo(survivor);
      assertThat(merging.assignment().storyId()).isEqualTo(survivor);
      assertThat(merging.story().mergedFrom()).containsExactly(gone.id());
      assertThat(merging.story().postCount()).isEqualTo(d.indexOf(merging) + 1);
      assertThat(merging.story().firstSeen()).isEqualTo(hours(0));
      assertThat(c.openStories()).isEqualTo(1);
      // the absorbed story has left the index: later posts only ever see the survivor
      Decision last = c.assign(Posts.reddit("z", "Moonshot Kimi K2 trillion parameter MoE weights, open", "", hours(6)));
      assertThat(last.assignment().storyId()).isEqualTo(survivor);
      assertThat(last.candidates()).extracting(CandidateScore::storyId).contains(survivor);
      assertThat(last.candidates()).extracting(CandidateScore::storyId).doesNotContain(gone.id());
      assertThat(state.story(gone.id())).isNull();
    }
  }

  @Test
  void shouldNotMergeTwoEstablishedStoriesBelowTheirHigherThresholdButStillAbsorbAFragmentBelowIt() {
    // both stories of the converging stream hold two posts when they converge (cosine about 0.3..0.5)
    ClusterParams merging = ClusterParams.DEFAULTS.withMergeThreshold(0.3);
    try (StoryClusterer c = clusterer(merging.withEstablishedMerge(2, 0.99))) {
      List<Decision> d = convergingStream(c);
      assertThat(d).allSatisfy(x -> assertThat(x.mergedStories()).as(x.explain()).isEmpty());
      assertThat(d.stream().map(x -> x.assignment().storyId()).distinct()).hasSize(2);
    }
    // from three posts on a story is established: a two-post story is still a fragment and merges at 0.3
    try (StoryClusterer c = new StoryClusterer(merging.withEstablishedMerge(3, 0.99), new InMemoryClusterState())) {
      List<Decision> d = convergingStream(c);
      assertThat(d.stream().flatMap(x -> x.mergedStories().stream())).hasSize(1);
    }
  }

  /**
   * Two neighbouring events that share their strongest words (Tweets-T: Super Bowl XLV and the 2013 Super Bowl
   * blackout); the last post is about the blackout, names the Super Bowl too, and pulls the two centroids
   * together without matching the game's story itself.
   */
  private static List<Decision> neighbouringEvents(StoryClusterer c) {
    String[] titles = {"Super Bowl XLV: Packers beat Steelers", "Packers beat Steelers in Super Bowl XLV",
        "Blackout at the Superdome, power outage stops the game", "Superdome power outage: blackout stops the game",
        "Super Bowl blackout: Superdome power outage"};
    List<Decision> out = new ArrayList<>();
    for (int i = 0; i < titles.length; i++) {
      out.add(c.assign(Posts.reddit(i < 2 ? "g" + (i + 1) : "b" + (i - 1), titles[i], "", hours(i))));
    }
    return out;
  }

  @Test
  void shouldMergeTwoStoriesOnlyWhenThePostThatJoinedOneAlsoMatchesTheOtherItself() {
    ClusterParams p = ClusterParams.DEFAULTS.withMergeThreshold(0.1);
    double bridge;
    // without the bridge rule the blackout story absorbs the game's on centroid cosine alone
    try (StoryClusterer c = new StoryClusterer(p.withMergeBridge(0), new InMemoryClusterState())) {
      List<Decision> d = neighbouringEvents(c);
      String game = d.get(0).assignment().storyId();
      Decision last = d.get(4);
      assertThat(last.kind()).as(last.explain()).isEqualTo(Decision.Kind.JOINED);
      assertThat(last.assignment().storyId()).isNotEqualTo(game);
      assertThat(last.mergedStories()).as(last.explain()).extracting(Story::id).containsExactly(game);
      // the post matches the game's story, but much less than its own
      bridge = last.candidates().stream().filter(cs -> cs.storyId().equals(game)).findFirst().orElseThrow().score();
      assertThat(bridge).isGreaterThan(0).isLessThan(last.assignment().score());
    }
    // asked for more than that, the two stories stay apart
    try (StoryClusterer c = new StoryClusterer(p.withMergeBridge(bridge + 0.01), new InMemoryClusterState())) {
      List<Decision> d = neighbouringEvents(c);
      assertThat(d).allSatisfy(x -> assertThat(x.mergedStories()).as(x.explain()).isEmpty());
      assertThat(d.stream().map(x -> x.assignment().storyId()).distinct()).hasSize(2);
    }
    // a post that reaches the bridge score against the other story still merges them
    try (StoryClusterer c = new StoryClusterer(p.withMergeBridge(bridge), new InMemoryClusterState())) {
      assertThat(neighbouringEvents(c).get(4).mergedStories()).hasSize(1);
    }
  }

  @Test
  void shouldRejectAMergeBridgeOutsideZeroToOneNamingIt() {
    assertThatThrownBy(() -> ClusterParams.DEFAULTS.withMergeBridge(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("merge bridge").hasMessageContaining("1.5");
    assertThatThrownBy(() -> ClusterParams.DEFAULTS.withMergeBridge(-0.1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("merge bridge");
  }

  @Test
  void shouldRaiseTheMergeThresholdOnlyWhenBothStoriesAreEstablished() {
    ClusterParams p = ClusterParams.DEFAULTS.withMergeThreshold(0.23).withEstablishedMerge(10, 0.3);
    assertThat(p.mergeThresholdFor(10, 10)).isEqualTo(0.3);
    assertThat(p.mergeThresholdFor(500, 10)).isEqualTo(0.3);
    assertThat(p.mergeThresholdFor(9, 500)).isEqualTo(0.23);
    assertThat(p.mergeThresholdFor(1, 1)).isEqualTo(0.23);
    // never below the ordinary threshold, and 0 treats established stories like any other
    assertThat(p.withMergeThreshold(0.4).mergeThresholdFor(50, 50)).isEqualTo(0.4);
    assertThat(p.withEstablishedMerge(10, 0).mergeThresholdFor(50, 50)).isEqualTo(0.23);
    assertThatThrownBy(() -> p.withEstablishedMerge(0, 0.3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("established posts").hasMessageContaining("0");
    assertThatThrownBy(() -> p.withEstablishedMerge(10, 1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("established merge threshold").hasMessageContaining("1.5");
  }

  @Test
  void shouldReadStoryStateWrittenBeforeMergedFromExisted() throws Exception {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS)) {
      c.assign(Posts.reddit("a", "Kimi K2 released", "", hours(0)));
    }
    StoryState s = state.story("s-000001");
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().valueToTree(s);
    tree.remove("mergedFrom");
    StoryState read = Json.mapper().treeToValue(tree, StoryState.class);
    assertThat(read.mergedFrom()).isEmpty();
    assertThat(read).isEqualTo(s);
  }

  @Test
  void shouldOpenNewStoryWhenNoCandidateClearsThreshold() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS)) {
      c.assign(Posts.reddit("a", "Kimi K2 released: 1T MoE with 32B active", "", hours(0)));
      Decision other = c.assign(Posts.reddit("b", "Cheapest DDR5 RAM for a 4090 inference rig", "", hours(1)));
      assertThat(other.kind()).as(other.explain()).isEqualTo(Decision.Kind.NEW_STORY);
      assertThat(other.assignment().storyId()).isEqualTo("s-000002");
      assertThat(other.assignment().newStory()).isTrue();
      assertThat(other.assignment().score()).isZero();
    }
  }

  @Test
  void shouldJoinOnSharedLinkEvenWithLittleTextOverlap() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS)) {
      c.assign(Posts.withLinks("a", "Kimi K2 weights", hours(0), "https://huggingface.co/moonshotai/Kimi-K2-Instruct"));
      c.assign(Posts.reddit("filler", "Best local model for coding agents", "", hours(0.5)));
      Decision d = c.assign(Posts.withLinks("b", "Moonshot drops huge open model", hours(1), "https://huggingface.co/moonshotai/Kimi-K2-Instruct/tree/main"));
      assertThat(d.candidates().get(0).sharedKeys()).isEqualTo(1);
      assertThat(d.assignment().storyId()).as(d.explain()).isEqualTo("s-000001");
    }
  }

  @Test
  void shouldNotJoinPostsAboutDifferentPullRequestsOfOneBusyRepoOnTheRepoAloneButJoinOnTheSamePullRequest() {
    // r/LocalLLaMA, July 2025: "<model> support merged into llama.cpp" posts each link their own
    // ggml-org/llama.cpp pull request; a repo-wide key chained them into one story across a week
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS)) {
      c.assign(Posts.withLinks("a", "Hunyuan-A13B support landed", hours(0), "https://github.com/ggml-org/llama.cpp/pull/14425"));
      c.assign(Posts.reddit("filler", "Best local model for coding agents", "", hours(0.5)));
      Decision other = c.assign(Posts.withLinks("b", "AMD GPU speedups incoming", hours(1), "https://github.com/ggml-org/llama.cpp/pull/14624"));
      Decision same = c.assign(Posts.withLinks("c", "Finally, Tencent's MoE runs locally", hours(2), "https://github.com/ggml-org/llama.cpp/pull/14425/files"));
      assertThat(other.assignment().storyId()).as(other.explain()).isNotEqualTo("s-000001");
      assertThat(same.assignment().storyId()).as(same.explain()).isEqualTo("s-000001");
    }
  }

  @Test
  void shouldFollowParentStoryForReplies() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS)) {
      Post parent = Posts.reddit("p", "Kimi K2 released", "", hours(0));
      c.assign(parent);
      c.assign(Posts.reddit("q", "Cheapest DDR5 RAM for a 4090 inference rig", "", hours(0.1)));
      Decision reply = c.assign(Posts.reply("r", "totally unrelated words about ram prices", parent.id(), hours(0.2)));
      assertThat(reply.kind()).isEqualTo(Decision.Kind.FOLLOWED_PARENT);
      assertThat(reply.assignment().storyId()).isEqualTo("s-000001");
      Decision orphan = c.assign(Posts.reply("o", "Kimi K2 released", "reddit:t3_unknown", hours(0.3)));
      assertThat(orphan.kind()).as("a reply whose parent was never seen is clustered normally").isEqualTo(Decision.Kind.JOINED);
    }
  }

  @Test
  void shouldHeadAStoryWithItsTitledPostEvenWhenRepliesAreCloserToTheCentroid() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS)) {
      Post parent = Posts.reddit("p", "Grok 4 Benchmarks", "", hours(0));
      c.assign(parent);
      Decision last = null;
      for (int i = 0; i < 12; i++) {
        last = c.assign(Posts.reply("r" + i, "grok 4 benchmarks look great on hle and arc agi, grok 4 heavy too",
            parent.id(), hours(0.1 + i * 0.01)));
      }
      assertThat(last.story().postCount()).isEqualTo(13);
      assertThat(last.story().headline()).isEqualTo("Grok 4 Benchmarks");
    }
  }

  @Test
  void shouldCloseStoriesIdleLongerThanHorizon() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS.withIdleHorizonHours(72))) {
      c.assign(Posts.reddit("a", "Kimi K2 released", "", hours(0)));
      Decision before = c.assign(Posts.reddit("b", "Kimi K2 released", "", hours(36)));
      assertThat(before.assignment().storyId()).as(before.explain()).isEqualTo("s-000001");
      Decision after = c.assign(Posts.reddit("c", "Kimi K2 released", "", hours(36 + 73)));
      assertThat(after.closedStories()).containsExactly("s-000001");
      assertThat(after.assignment().storyId()).isEqualTo("s-000002");
      assertThat(state.story("s-000001")).isNull();
      assertThat(c.openStories()).isEqualTo(1);
    }
  }

  @Test
  void shouldRepeatAssignmentForDuplicatePostWithoutCountingIt() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS)) {
      Post p = Posts.reddit("a", "Kimi K2 released", "", hours(0));
      Decision first = c.assign(p);
      long docs = state.meta().docCount();
      Decision again = c.assign(p);
      assertThat(again.kind()).isEqualTo(Decision.Kind.DUPLICATE);
      assertThat(again.assignment()).isEqualTo(first.assignment());
      assertThat(again.story()).isNull();
      assertThat(state.story("s-000001").postCount()).isEqualTo(1);
      assertThat(state.meta().docCount()).isEqualTo(docs);
    }
  }

  @Test
  void shouldForgetOldestPostsBeyondPostMemory() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS.withPostMemory(3))) {
      for (int i = 0; i < 5; i++) {
        c.assign(Posts.reddit("p" + i, "post number " + i, "", hours(i)));
      }
      assertThat(state.rememberedPosts()).isEqualTo(3);
      assertThat(state.post("reddit:t3_p0")).isNull();
      assertThat(state.post("reddit:t3_p4")).isNotNull();
    }
  }

  @Test
  void shouldRejectNullPost() {
    try (StoryClusterer c = clusterer(ClusterParams.DEFAULTS)) {
      assertThatThrownBy(() -> c.assign(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("post");
    }
  }

  @Test
  void shouldRejectIllegalParametersNamingThem() {
    assertThatThrownBy(() -> ClusterParams.DEFAULTS.withSimilarityThreshold(1.7))
        .hasMessage("illegal similarity threshold: 1.7, must be between 0 and 1");
  }

  @Test
  void shouldGiveSameAssignmentsForSamePostsAndWhenRebuiltFromState() {
    Path dir = RedditDump.dumpDir();
    Assumptions.assumeTrue(dir != null, "shared r/LocalLLaMA dump not found (../shared/data/reddit-localllama)");
    List<Post> posts = new ArrayList<>(RedditDump.posts(dir, Instant.parse("2025-07-10T00:00:00Z"), Instant.parse("2025-07-13T00:00:00Z")));
    long seed = new Random().nextLong();
    System.out.println("determinism seed = " + seed);
    Collections.shuffle(posts, new Random(seed));

    List<String> run1 = run(posts, new InMemoryClusterState(), null);
    List<String> run2 = run(posts, new InMemoryClusterState(), null);
    assertThat(run2).as("same shuffled posts (seed %d) give the same assignments", seed).isEqualTo(run1);
    List<String> restarted = run(posts, new InMemoryClusterState(), posts.size() / 2);
    assertThat(restarted).as("a clusterer rebuilt from the state halfway (seed %d) decides the same", seed).isEqualTo(run1);
  }

  private static List<String> run(List<Post> posts, InMemoryClusterState st, Integer restartAt) {
    List<String> out = new ArrayList<>();
    StoryClusterer c = new StoryClusterer(ClusterParams.DEFAULTS, st);
    for (int i = 0; i < posts.size(); i++) {
      if (restartAt != null && i == restartAt) {
        c.close();
        c = new StoryClusterer(ClusterParams.DEFAULTS, st);
      }
      Decision d = c.assign(posts.get(i));
      out.add(d.assignment().postId() + "->" + d.assignment().storyId() + String.format(java.util.Locale.ROOT, "@%.9f", d.assignment().score()));
    }
    c.close();
    return out;
  }

  @Test
  void shouldBoundStoryStateForFiftyThousandPosts() throws Exception {
    ClusterParams params = ClusterParams.DEFAULTS;
    Random random = new Random(42);
    StoryState s = null;
    for (int i = 0; i < 50_000; i++) {
      Map<String, Double> v = new HashMap<>();
      v.put("kimi", 0.5);
      for (int j = 0; j < 20; j++) {
        v.put("term" + random.nextInt(20_000), random.nextDouble());
      }
      Post p = Post.builder(Source.REDDIT, "t3_" + i).author("user" + i).title("Kimi K2 post " + i)
          .text("Kimi K2 text " + "x".repeat(2000)).links(List.of("https://example.com/" + i))
          .engagement(new Engagement(null, null, null, (long) i % 100, 3L, null, null)).createdAt(hours(i / 1000.0)).build();
      PostFeatures f = new PostFeatures(p, Vectors.top(v, 100), Map.of(), java.util.Set.of("url:example.com/" + i), p.createdAt(), i % 100, false, false);
      s = s == null ? StoryState.open(1, f, params) : s.join(f, params);
    }
    Story story = StorySnapshots.toStory(s);
    byte[] storyJson = Json.mapper().writeValueAsBytes(story);
    byte[] stateJson = Json.mapper().writeValueAsBytes(s);
    assertThat(s.postCount()).isEqualTo(50_000);
    assertThat(s.centroid()).hasSizeLessThanOrEqualTo(params.centroidMaxTerms());
    assertThat(s.authors()).hasSize(params.maxAuthors());
    assertThat(story.authorCount()).isEqualTo(params.maxAuthors());
    assertThat(storyJson.length).isLessThan(1 << 20);
    assertThat(stateJson.length).as("state JSON bytes").isLessThan(1 << 20);
    assertThat(Json.mapper().readValue(stateJson, StoryState.class)).isEqualTo(s);
  }

  /**
   * Replays: a story, {@code filler} unrelated posts, a second story, a post matching both (two title
   * words each, the first a little better: its body repeats one of them), then (merging off, so the two stay apart) a post repeating the idle story's first.
   */
  private List<Decision> activityScenario(ClusterParams p, int filler) {
    List<Decision> out = new ArrayList<>();
    try (StoryClusterer c = new StoryClusterer(p.withMergeThreshold(1.0), new InMemoryClusterState())) {
      out.add(c.assign(Posts.reddit("a", "Valmora harbour closes", "", hours(0))));
      for (int i = 0; i < filler; i++) {
        c.assign(Posts.reddit("f" + i, "filler" + i + " words" + i + " about" + i + " nothing" + i, "", hours(0)));
      }
      out.add(c.assign(Posts.reddit("b", "Ferries halted by strike", "", hours(0))));
      out.add(c.assign(Posts.reddit("probe", "Valmora harbour ferries halted", "harbour", hours(0))));
      out.add(c.assign(Posts.reddit("again", "Valmora harbour closes", "", hours(0))));
    }
    return out;
  }

  @Test
  void shouldGiveAPostMatchingTwoStoriesToTheOneActiveNowWhenTheOtherIdledForManyPosts() {
    ClusterParams discounting = ClusterParams.DEFAULTS.withIdleDiscount(0.5, 100);
    List<Decision> with = activityScenario(discounting, 300);
    List<Decision> without = activityScenario(ClusterParams.DEFAULTS.withIdleDiscount(0, 100), 300);
    String idle = with.get(0).assignment().storyId();
    String active = with.get(1).assignment().storyId();
    assertThat(active).isNotEqualTo(idle);
    assertThat(without.get(2).assignment().storyId()).as("without the discount the older story wins: %s",
        without.get(2).explain()).isEqualTo(idle);
    assertThat(with.get(2).assignment().storyId()).as("the story that grew just now wins: %s", with.get(2).explain())
        .isEqualTo(active);
    CandidateScore idleScore = with.get(2).candidates().stream().filter(cs -> cs.storyId().equals(idle)).findFirst().orElseThrow();
    assertThat(idleScore.activity()).as("idle for 301 posts at scale 100").isCloseTo(1 - 0.5 * (1 - Math.exp(-3.01)),
        org.assertj.core.api.Assertions.within(1e-9));
    // a strong match still takes an idle story: the discount halves the score at most
    assertThat(with.get(3).assignment().storyId()).as(with.get(3).explain()).isEqualTo(idle);
    // and the discount needs an idle story: right after the first story, both are active
    List<Decision> noFiller = activityScenario(discounting, 0);
    assertThat(noFiller.get(2).assignment().storyId()).as(noFiller.get(2).explain())
        .isEqualTo(noFiller.get(0).assignment().storyId());
  }

  @Test
  void shouldCountStoryActivityInPostsAcrossARestart() {
    ClusterParams p = ClusterParams.DEFAULTS.withIdleDiscount(0.5, 100).withMergeThreshold(1.0);
    InMemoryClusterState shared = new InMemoryClusterState();
    String idle;
    try (StoryClusterer c = new StoryClusterer(p, shared)) {
      idle = c.assign(Posts.reddit("a", "Valmora harbour closes", "", hours(0))).assignment().storyId();
      for (int i = 0; i < 300; i++) {
        c.assign(Posts.reddit("f" + i, "filler" + i + " words" + i + " about" + i + " nothing" + i, "", hours(0)));
      }
      c.assign(Posts.reddit("b", "Ferries halted by strike", "", hours(0)));
    }
    assertThat(shared.story(idle).lastPostSeq()).isEqualTo(1);
    try (StoryClusterer restarted = new StoryClusterer(p, shared)) {
      Decision probe = restarted.assign(Posts.reddit("probe", "Valmora harbour ferries halted", "harbour", hours(0)));
      assertThat(probe.assignment().storyId()).as(probe.explain()).isNotEqualTo(idle);
      assertThat(shared.story(probe.assignment().storyId()).lastPostSeq()).isEqualTo(303);
    }
  }

  @Test
  void shouldLearnTheStreamsJoinGapFromItsJoinsAndKeepItAcrossARestart() {
    ClusterParams p = ClusterParams.DEFAULTS.withMergeThreshold(1.0);
    InMemoryClusterState shared = new InMemoryClusterState();
    try (StoryClusterer c = new StoryClusterer(p, shared)) {
      c.assign(Posts.reddit("a", "Valmora harbour closes after storm", "", hours(0)));
      for (int i = 0; i < 5; i++) {
        c.assign(Posts.reddit("f" + i, "filler" + i + " words" + i + " about" + i + " nothing" + i, "", hours(0)));
      }
      assertThat(shared.meta().joinGap()).as("no join yet: not measured").isZero();
      Decision joined = c.assign(Posts.reddit("b", "Storm closes Valmora harbour", "", hours(0)));
      assertThat(joined.kind()).as(joined.explain()).isEqualTo(Decision.Kind.JOINED);
    }
    // the story's previous post was post 1, the joining post is post 7: 5 posts in between
    assertThat(shared.meta().joinGap()).isCloseTo(5.0, org.assertj.core.api.Assertions.within(1e-12));
    try (StoryClusterer restarted = new StoryClusterer(p, shared)) {
      Decision again = restarted.assign(Posts.reddit("c", "Valmora harbour storm damage", "", hours(0)));
      assertThat(again.kind()).as(again.explain()).isEqualTo(Decision.Kind.JOINED);
    }
    assertThat(shared.meta().joinGap()).as("the restarted clusterer continues the running mean")
        .isCloseTo(StoryScorer.nextJoinGap(5.0, 0), org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void shouldReadCountersWrittenBeforeTheJoinGapAsNotMeasured() throws Exception {
    ClusterMeta old = Json.mapper().readValue(
        "{\"docCount\":12,\"storyCounter\":3,\"postSeq\":12,\"watermark\":\"2025-07-10T00:00:00Z\"}", ClusterMeta.class);
    assertThat(old).isEqualTo(new ClusterMeta(12, 3, 12, Instant.parse("2025-07-10T00:00:00Z"), 0));
    ClusterMeta now = new ClusterMeta(12, 3, 12, Instant.parse("2025-07-10T00:00:00Z"), 7.5);
    assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(now), ClusterMeta.class)).isEqualTo(now);
    // and a clusterer over such state measures the gap afresh from its next join
    InMemoryClusterState state = new InMemoryClusterState();
    state.putMeta(new ClusterMeta(0, 0, 0, null));
    try (StoryClusterer c = new StoryClusterer(ClusterParams.DEFAULTS, state)) {
      c.assign(Posts.reddit("a", "Valmora harbour closes after storm", "", hours(0)));
      c.assign(Posts.reddit("b", "Storm closes Valmora harbour", "", hours(0)));
    }
    assertThat(state.meta().joinGap()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
  }
}
