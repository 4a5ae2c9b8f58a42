package io.storyline.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TextUrlsTest {
  @Test
  void shouldEndAUrlAtAMarkdownTableCellBorder() {
    // r/LocalLLaMA release tables: "| [name](url) | size |" reduced to plain text keeps the pipes
    assertThat(TextUrls.find("https://huggingface.co/Qwen/Qwen3-Coder-480B-A35B-Instruct|480B-A35B|Text-to-Text|"))
        .containsExactly("https://huggingface.co/Qwen/Qwen3-Coder-480B-A35B-Instruct");
  }

  @Test
  void shouldEndAUrlAtACodeSpanBacktickOrAMarkdownLineBreakBackslash() {
    assertThat(TextUrls.find("set `http://127.0.0.1:1234` as base url, see https://github.com/resemble-ai/chatterbox\\"))
        .containsExactly("http://127.0.0.1:1234", "https://github.com/resemble-ai/chatterbox");
  }

  @Test
  void shouldDropTrailingSentencePunctuationAndEmphasisButKeepBalancedParentheses() {
    assertThat(TextUrls.find("(see https://en.wikipedia.org/wiki/Mamba_(deep_learning)). Also **https://arxiv.org/abs/2507.20534**!"))
        .containsExactly("https://en.wikipedia.org/wiki/Mamba_(deep_learning)", "https://arxiv.org/abs/2507.20534");
  }

  @Test
  void shouldFindSchemesInAnyCaseAndKeepQueryAndFragment() {
    assertThat(TextUrls.find("HTTPS://Example.org/a?b=1&c=2#top and http://x.org"))
        .containsExactly("HTTPS://Example.org/a?b=1&c=2#top", "http://x.org");
  }

  @Test
  void shouldFindNothingInNullEmptyOrUrlFreeTextOrABareScheme() {
    assertThat(TextUrls.find(null)).isEmpty();
    assertThat(TextUrls.find("")).isEmpty();
    assertThat(TextUrls.find("no links here, just ftp://x.org")).isEmpty();
    assertThat(TextUrls.find("a bare https://. in prose")).isEmpty();
  }

  /** Any URL put between characters that delimit one (or trailing punctuation before a space) is found exactly. */
  @Property(tries = 300)
  void shouldFindAUrlBetweenAnyDelimitersExactly(@ForAll("urls") String url, @ForAll("delimiters") String before,
      @ForAll("delimiters") String after) {
    assertThat(TextUrls.find("x" + before + url + after + "y")).containsExactly(url);
  }

  @Provide
  Arbitrary<String> urls() {
    Arbitrary<String> host = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> path = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-/=&%+$@")
        .ofMinLength(0).ofMaxLength(30);
    Arbitrary<String> scheme = Arbitraries.of("http://", "https://", "HTTPS://");
    return scheme.flatMap(s -> host.flatMap(h -> path.map(p -> s + h + ".org/" + p + "z")));
  }

  @Provide
  Arbitrary<String> delimiters() {
    return Arbitraries.of(" ", "\n", "|", "`", "<", ">", "\"", "'", "[", "]", "{", "}", "\\", "^", " (", "). ", ", ", "** ", "! ", "? ");
  }
}
