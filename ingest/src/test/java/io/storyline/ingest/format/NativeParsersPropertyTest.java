package io.storyline.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the bytes, every parser either returns a post or throws {@link PostParseException}. */
class NativeParsersPropertyTest {

  @Property(tries = 300)
  void shouldOnlyThrowPostParseExceptionForArbitraryBytes(
      @ForAll NativeFormat format, @ForAll byte[] payload) {
    assertOnlyParseException(format, payload);
  }

  @Property(tries = 300)
  void shouldOnlyThrowPostParseExceptionForArbitraryStrings(
      @ForAll NativeFormat format, @ForAll String payload) {
    assertOnlyParseException(format, payload.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 500)
  void shouldOnlyThrowPostParseExceptionForNearlyValidPayloads(
      @ForAll NativeFormat format, @ForAll("nearlyValid") String payload) {
    assertOnlyParseException(format, payload.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> nearlyValid() {
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
        Arbitraries.longs().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
        Arbitraries.of("null", "true", "[]", "{}", "\"\"", "\"[deleted]\"", "\"2025-07-08T10:00:00Z\"",
            "\"t3_x\"", "1e308", "-1", "\"https://t.co/x\"", "[{\"url\":\"https://t.co/x\"}]"));
    Arbitrary<String> keys = Arbitraries.of("kind", "data", "id", "name", "created_utc", "title", "selftext",
        "body", "url", "permalink", "text", "note_tweet", "entities", "urls", "referenced_tweets", "includes",
        "channel_id", "timestamp", "message", "guild", "channel", "reactions", "author", "public_metrics");
    Arbitrary<String> object = Arbitraries.maps(keys, values).ofMaxSize(8).map(m -> {
      StringBuilder b = new StringBuilder("{");
      m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
      return b.append('}').toString();
    });
    Arbitrary<String> xml = Arbitraries.of(
        "<entry xmlns=\"http://www.w3.org/2005/Atom\"><id>%s</id><published>%s</published><title>t</title></entry>")
        .flatMap(t -> Arbitraries.of("http://arxiv.org/abs/1234.5678v2", "x", "", "https://arxiv.org/abs/a/b/c")
            .flatMap(id -> Arbitraries.of("2020-01-01T00:00:00Z", "", "yesterday").map(p -> t.formatted(id, p))));
    return Arbitraries.oneOf(object, object.map(o -> "{\"kind\":\"t3\",\"data\":" + o + "}"),
        object.map(o -> "{\"data\":" + o + "}"), object.map(o -> "{\"message\":" + o + "}"), xml,
        object.map(o -> o.substring(0, o.length() / 2)));
  }

  private static void assertOnlyParseException(NativeFormat format, byte[] payload) {
    try {
      var post = NativeParsers.parse(format, payload, Instant.EPOCH);
      assertThat(post.id()).startsWith(format.source().id() + ":");
    } catch (PostParseException e) {
      assertThat(e.getMessage()).startsWith(format.id() + ":");
    }
  }
}
