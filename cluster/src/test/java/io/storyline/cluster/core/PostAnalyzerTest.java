package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostAnalyzerTest {
  private final PostAnalyzer analyzer = new PostAnalyzer();

  @Test
  void shouldKeepModelNamesVersionsAndSizesWhole() {
    assertThat(analyzer.terms("GPT-5.2 beats Llama-3.1-8B on DDR5 with 27B params"))
        .contains("gpt-5.2", "llama-3.1-8b", "ddr5", "27b", "param")
        .doesNotContain("5", "2");
  }

  @Test
  void shouldAddCompoundPartsSoSpelledVariantsMatch() {
    // "Kimi K2" and "Kimi-K2" and "moonshotai/Kimi-K2-Instruct" share kimi and k2
    assertThat(analyzer.terms("Kimi K2")).containsExactly("kimi", "k2");
    assertThat(analyzer.terms("Kimi-K2's release")).contains("kimi-k2", "kimi", "k2", "release");
    assertThat(analyzer.terms("moonshotai/Kimi-K2-Instruct")).contains("moonshotai/kimi-k2-instruct", "kimi", "k2", "instruct");
    assertThat(analyzer.terms("deepseek-v3 vs DeepSeek V3")).contains("deepseek-v3", "deepseek", "v3");
    assertThat(analyzer.terms("Grok4 and Qwen3")).contains("grok4", "grok", "qwen3", "qwen");
  }

  @Test
  void shouldLowerCaseDropStopWordsUrlsAndChatter() {
    assertThat(analyzer.terms("Has anyone tried THE new https://github.com/foo/bar-baz model? Thanks u/someone"))
        .containsExactly("tried", "new", "model");
  }

  @Test
  void shouldStemPluralsLightlyWithoutMergingUnrelatedWords() {
    assertThat(analyzer.terms("models cards benchmarks")).containsExactly("model", "card", "benchmark");
    assertThat(analyzer.terms("university universe")).containsExactly("university", "universe");
    assertThat(analyzer.terms("news")).containsExactly("news");
  }

  @Test
  void shouldKeepSurfaceFormsForLabels() {
    assertThat(analyzer.tokens("Kimi K2 launch")).extracting(PostAnalyzer.Token::surface).containsExactly("Kimi", "K2", "launch");
  }

  @Test
  void shouldAnalyseRealRedditTitles() {
    assertThat(analyzer.terms("Kimi K2 q4km is here and also the instructions to run it locally with KTransformers 10-14tps"))
        .contains("kimi", "k2", "q4km", "ktransformer", "10-14tps", "locally").doesNotContain("is", "the", "it");
    assertThat(analyzer.terms("IQ2_KL 345.687 GiB (2.892 BPW) Kimi-K2-Instruct GGUF ik exclusive!"))
        .contains("iq2_kl", "345.687", "gib", "kimi-k2-instruct", "gguf");
    assertThat(analyzer.terms("Hunyuan-A13B model support has been merged into llama.cpp"))
        .contains("hunyuan-a13b", "hunyuan", "a13b", "llama.cpp", "llama", "cpp", "merged");
  }
}
