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
  void shouldKeyUrlsInTextThatEndAtATableBorderACodeSpanOrALineBreakBackslash() {
    // real r/LocalLLaMA bodies: a release table's cells, a code span, a Markdown line break; the key
    // was lost (the whole run up to the next space failed to parse) before text URLs were found as the
    // normalizer finds them
    Post p = Post.builder(Source.REDDIT, "t3_y").title("GLM-4.5 is out")
        .text("https://huggingface.co/zai-org/GLM-4.5|355B-A32B|Text-to-Text|\nrun `http://127.0.0.1:1234/v1` or see"
            + " https://github.com/resemble-ai/chatterbox\\\nthanks")
        .createdAt(Posts.T0).build();
    assertThat(LinkKeys.of(p)).containsExactlyInAnyOrder("hf:zai-org/glm-4.5", "gh:resemble-ai/chatterbox");
  }

  @Test
  void shouldNotKeyUrlsWhoseHostNamesNoPublicResource() {
    // seven of the 3,747 r/LocalLLaMA posts of the eval set shared the key url:localhost/v1 (a local server, not a story)
    for (String url : java.util.List.of("http://localhost:8080/v1", "http://127.0.0.1:1234/v1/chat", "http://0.0.0.0:8000/docs",
        "http://192.168.1.20:11434/api/generate", "http://10.0.1.173/mcp", "http://172.20.0.3/x", "http://169.254.1.1/a",
        "http://[::1]:8080/v1", "http://[fe80::1]/a", "http://[fd00::2]/a", "http://host.docker.internal:4000/v1",
        "http://ollama:11434/api/chat", "http://printer.local/status", "http://nas.lan/share", "http://router.home.arpa/a",
        "http://app.localhost/a", "http://[::ffff:127.0.0.1]/a",
        // session 11 (common Hosts): the loopback written as a full IPv6 literal or as a name with its final dot was a key
        "http://[0:0:0:0:0:0:0:1]:8080/v1", "http://localhost.:8080/v1", "http://api.localhost./v1")) {
      assertThat(LinkKeys.keyOf(LinkKeys.normalizeUrl(url))).as(url).isNull();
    }
    for (String url : java.util.List.of("https://172.15.0.1/a", "https://8.8.8.8/dns-query", "https://[2001:db8::1]/a",
        "https://ollama.com/library/qwen3", "https://blog.acme-lab.example/posts/widget-9", "https://local.news/story")) {
      assertThat(LinkKeys.keyOf(LinkKeys.normalizeUrl(url))).as(url).isNotNull();
    }
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
