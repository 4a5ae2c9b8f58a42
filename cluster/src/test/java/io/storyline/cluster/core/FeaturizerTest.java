package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeaturizerTest {
  private final Featurizer featurizer = new Featurizer(new PostAnalyzer(), ClusterParams.DEFAULTS);

  private PostFeatures features(Post p, Map<String, Long> df, long n) {
    return featurizer.features(p, featurizer.count(p), t -> df.getOrDefault(t, 1L), n);
  }

  @Test
  void shouldWeightTitleTermsAboveBodyTermsAndNormalise() {
    Post p = Posts.reddit("a", "Kimi", "benchmark", Posts.T0);
    PostFeatures f = features(p, Map.of(), 10);
    assertThat(f.vector().get("kimi")).isGreaterThan(f.vector().get("benchmark"));
    assertThat(Vectors.norm(f.vector())).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void shouldGiveRareTermsMoreWeightWithSmoothedIdf() {
    Post p = Posts.reddit("a", "kimi model", "", Posts.T0);
    PostFeatures f = features(p, Map.of("kimi", 1L, "model", 90L), 100);
    assertThat(f.vector().get("kimi")).isGreaterThan(f.vector().get("model"));
    assertThat(Featurizer.idf(0, 0)).isEqualTo(Featurizer.IDF_OFFSET);
    assertThat(Featurizer.idf(100, 100)).isEqualTo(Featurizer.IDF_OFFSET);
    assertThat(Featurizer.idf(1, 100)).isCloseTo(Math.log(101.0 / 2) + 0.3, within(1e-12));
  }

  @Test
  void shouldExtractLinkArxivAndRepoKeysButNotTheOwnPermalink() {
    Post p = Post.builder(Source.REDDIT, "t3_x").url("https://www.reddit.com/r/LocalLLaMA/comments/x/")
        .title("see arXiv:2507.12345").text("code at https://github.com/MoonshotAI/Kimi-K2/tree/main, weights https://huggingface.co/moonshotai/Kimi-K2-Instruct")
        .links(java.util.List.of("https://arxiv.org/pdf/2507.20534v2", "https://www.reddit.com/r/LocalLLaMA/comments/x/", "https://example.com/"))
        .createdAt(Posts.T0).build();
    assertThat(LinkKeys.of(p)).containsExactlyInAnyOrder(
        "arxiv:2507.12345", "arxiv:2507.20534", "gh:moonshotai/kimi-k2", "hf:moonshotai/kimi-k2-instruct");
  }

  @Test
  void shouldKeyAGitHubPullRequestIssueOrReleaseApartFromItsRepo() {
    assertThat(LinkKeys.keyOf(LinkKeys.normalizeUrl("https://github.com/ggml-org/llama.cpp/pull/15091/files"))).isEqualTo("gh:ggml-org/llama.cpp/pull/15091");
    assertThat(LinkKeys.keyOf(LinkKeys.normalizeUrl("https://github.com/ggml-org/llama.cpp/issues/7"))).isEqualTo("gh:ggml-org/llama.cpp/issues/7");
    assertThat(LinkKeys.keyOf(LinkKeys.normalizeUrl("https://github.com/foo/bar/releases/tag/v1.2"))).isEqualTo("gh:foo/bar/releases/tag/v1.2");
    assertThat(LinkKeys.keyOf(LinkKeys.normalizeUrl("https://github.com/foo/bar/tree/main/docs"))).isEqualTo("gh:foo/bar");
    assertThat(LinkKeys.keyOf(LinkKeys.normalizeUrl("https://github.com/foo/bar/releases"))).isEqualTo("gh:foo/bar");
  }

  @Test
  void shouldMarkPaperAndToolPosts() {
    Post paper = Posts.withLinks("p", "A paper", Posts.T0, "https://arxiv.org/abs/2507.20534");
    Post tool = Posts.withLinks("t", "my thing", Posts.T0, "https://github.com/foo/bar");
    Post news = Posts.reddit("n", "OpenAI delays its open model", "", Posts.T0);
    assertThat(features(paper, Map.of(), 3).paper()).isTrue();
    assertThat(features(tool, Map.of(), 3).tool()).isTrue();
    assertThat(features(news, Map.of(), 3)).extracting(PostFeatures::paper, PostFeatures::tool).containsExactly(false, false);
  }
}
