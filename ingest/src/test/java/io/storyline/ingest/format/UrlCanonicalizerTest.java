package io.storyline.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlCanonicalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "HTTPS://Example.COM/Path?utm_source=x&id=7#frag | https://example.com/Path?id=7",
      "https://example.com | https://example.com/",
      "http://example.com:80/a | http://example.com/a",
      "https://example.com:8443/a | https://example.com:8443/a",
      "https://example.com/a?fbclid=1&gclid=2&ref=hn&ref_src=twsrc | https://example.com/a",
      "https://example.com/a?b=1&utm_medium=social&c=2 | https://example.com/a?b=1&c=2",
      "https://x.com/user/status/1?s=20&t=abc | https://x.com/user/status/1",
      "https://youtu.be/abc?si=tracker | https://youtu.be/abc",
      "https://example.com/keep/trailing/ | https://example.com/keep/trailing/",
      "  https://example.com/spaced  | https://example.com/spaced",
      "https://example.com/a b | https://example.com/a%20b",
  })
  void shouldCanonicalise(String in, String expected) {
    assertThat(UrlCanonicalizer.canonicalize(in)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "mailto:a@example.com", "ftp://example.com/file", "javascript:alert(1)",
      "example.com/no-scheme", "https:///no-host", "Example guild.json_Files\\x.png", "http://[broken"})
  void shouldReturnNullForNonHttpOrUnparseable(String in) {
    assertThat(UrlCanonicalizer.canonicalize(in)).isNull();
  }

  @Test
  void shouldReturnNullForNull() {
    assertThat(UrlCanonicalizer.canonicalize(null)).isNull();
  }

  @Test
  void shouldBeIdempotent() {
    String once = UrlCanonicalizer.canonicalize("HTTP://WWW.Example.com:80/x/?utm_campaign=a&q=1#top");
    assertThat(once).isEqualTo("http://www.example.com/x/?q=1");
    assertThat(UrlCanonicalizer.canonicalize(once)).isEqualTo(once);
  }
}
