package io.storyline.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.common.model.Post;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue #7: every native parser, fed generated hostile payloads (random JSON trees in each format's
 * shape, real fixtures with a subtree replaced by a value of another type, real fixtures with bytes
 * cut, flipped or inserted, hostile Unicode in the text fields), either returns a post that stays
 * within {@link PostLimits} and round-trips through the real {@code posts} serde, or throws {@link
 * PostParseException} naming the format, never a parser defect (a runtime exception wrapped by {@link
 * NativeParsers}, which the Normalizer dead-letters as {@code parser_bug}). Whole native files, mutated,
 * read as the replay connector reads them ({@link NativeFiles}), give items that do the same.
 */
class HostilePayloadsPropertyTest {
  private static final Map<NativeFormat, byte[]> SAMPLES = samples();

  private static Map<NativeFormat, byte[]> samples() {
    Map<NativeFormat, byte[]> out = new EnumMap<>(NativeFormat.class);
    for (String file : List.of("reddit/listing_top_all_2020-01_subset.json", "reddit/thread_context_2025-06.json",
        "twitter/twarc2_lookup_many_urls.jsonl", "discord/rest_channel_messages.json", "discord/dce_export_ai_news.json",
        "arxiv/api_2026_search_query_testing_start0_max10.xml")) {
      for (RawItem item : Fixtures.read(file).items()) {
        out.putIfAbsent(item.format(), item.payload());
      }
    }
    return out;
  }

  @Provide
  Arbitrary<NativeFormat> postFormats() {
    return Arbitraries.of(NativeFormat.REDDIT_THING, NativeFormat.X_V2_TWEET, NativeFormat.DISCORD_MESSAGE,
        NativeFormat.DISCORD_DCE_MESSAGE, NativeFormat.ARXIV_ATOM_ENTRY);
  }

  @Provide
  Arbitrary<NativeFormat> jsonFormats() {
    return Arbitraries.of(NativeFormat.REDDIT_THING, NativeFormat.X_V2_TWEET, NativeFormat.DISCORD_MESSAGE,
        NativeFormat.DISCORD_DCE_MESSAGE);
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return Payloads.tree(4);
  }

  @Provide
  Arbitrary<JsonNode> values() {
    return Payloads.tree(2);
  }

  @Provide
  Arbitrary<List<Payloads.ByteMutation>> mutations() {
    return Payloads.byteMutation().list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> hostile() {
    return Payloads.hostileText();
  }

  @Property(tries = 400)
  void shouldParseOrRejectRandomJsonTreesInTheShapeOfEveryFormat(
      @ForAll("jsonFormats") NativeFormat format, @ForAll("trees") JsonNode tree, @ForAll("trees") JsonNode other) {
    ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
    switch (format) {
      case REDDIT_THING -> wrapped.put("kind", "t3").set("data", tree);
      case X_V2_TWEET -> wrapped.set("data", tree);
      case DISCORD_DCE_MESSAGE -> wrapped.set("message", tree);
      default -> {
        assertParsedOrRejected(format, JsonSupport.bytes(tree));
        return;
      }
    }
    wrapped.set("includes", other);
    assertParsedOrRejected(format, JsonSupport.bytes(wrapped));
    assertParsedOrRejected(format, JsonSupport.bytes(tree));
  }

  @Property(tries = 400)
  void shouldParseOrRejectRealPayloadsWithOneValueOfAnotherTypeOrRemoved(
      @ForAll("jsonFormats") NativeFormat format, @ForAll int pick, @ForAll("values") JsonNode value) throws Exception {
    JsonNode real = JsonSupport.mapper().readTree(SAMPLES.get(format));
    net.jqwik.api.statistics.Statistics.collect(assertParsedOrRejected(format, JsonSupport.bytes(Payloads.replaceAt(real, pick, value))));
    net.jqwik.api.statistics.Statistics.coverage(c -> {
      c.check("parsed").percentage(p -> p > 20);
      c.check("rejected").count(n -> n > 0);
    });
  }

  @Property(tries = 400)
  void shouldParseOrRejectRealPayloadsWithBytesCutFlippedOrInserted(
      @ForAll("postFormats") NativeFormat format, @ForAll("mutations") List<Payloads.ByteMutation> mutations) {
    byte[] payload = SAMPLES.get(format);
    for (Payloads.ByteMutation m : mutations) {
      payload = m.apply(payload);
    }
    net.jqwik.api.statistics.Statistics.collect(assertParsedOrRejected(format, payload));
    net.jqwik.api.statistics.Statistics.coverage(c -> c.check("rejected").percentage(p -> p > 20));
  }

  @Property(tries = 300)
  void shouldParseAnyTextInTheTextFieldsAndWriteItAsValidUtf8(
      @ForAll("postFormats") NativeFormat format, @ForAll("hostile") String title, @ForAll("hostile") String text)
      throws Exception {
    byte[] payload;
    if (format == NativeFormat.ARXIV_ATOM_ENTRY) {
      String xml = new String(SAMPLES.get(format), StandardCharsets.UTF_8);
      payload = xml.replaceFirst("<title>[^<]*</title>", "<title>" + xmlText(title) + "</title>")
          .replaceFirst("<summary>[^<]*</summary>", "<summary>" + xmlText(text) + "</summary>")
          .getBytes(StandardCharsets.UTF_8);
    } else {
      JsonNode root = JsonSupport.mapper().readTree(SAMPLES.get(format));
      switch (format) {
        case REDDIT_THING -> ((ObjectNode) root.get("data")).put("title", title).put("selftext", text);
        case X_V2_TWEET -> ((ObjectNode) root.get("data")).put("text", title + " " + text);
        case DISCORD_MESSAGE -> ((ObjectNode) root).put("content", title + " " + text);
        default -> ((ObjectNode) root.get("message")).put("content", title + " " + text);
      }
      payload = JsonSupport.bytes(root);
    }

    Post post = NativeParsers.parse(format, payload, Instant.EPOCH);

    assertWritable(post);
  }

  /** Whole native files as the replay connector reads them (real fixtures, mutated). */
  private static final List<String> FILES = List.of("reddit/listing_top_all_2020-01_subset.json",
      "reddit/thread_context_2025-06.json", "twitter/twarc2_lookup_many_urls.jsonl",
      "twitter/twarc2_search_recent_brexit_page.jsonl", "discord/rest_channel_messages.json",
      "discord/dce_export_ai_news.json", "arxiv/api_2026_search_query_testing_start0_max10.xml");

  @Provide
  Arbitrary<String> files() {
    return Arbitraries.of(FILES);
  }

  @Property(tries = 80)
  void shouldReadAnyMutatedNativeFileIntoItemsThatParseOrAreRejectedWithoutThrowing(
      @ForAll("files") String file, @ForAll("mutations") List<Payloads.ByteMutation> mutations) throws Exception {
    byte[] bytes = java.nio.file.Files.readAllBytes(Fixtures.path(file));
    for (Payloads.ByteMutation m : mutations) {
      bytes = m.apply(bytes);
    }
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("hostile-files");
    java.nio.file.Path copy = dir.resolve(java.nio.file.Path.of(file).getFileName().toString());
    try {
      java.nio.file.Files.write(copy, bytes);

      FileReadResult result = NativeFiles.read(copy);

      assertThat(result.warnings()).isNotNull();
      for (RawItem item : result.items()) {
        if (item.format() != NativeFormat.UNKNOWN) {
          assertParsedOrRejected(item.format(), item.payload());
        }
      }
    } finally {
      java.nio.file.Files.deleteIfExists(copy);
      java.nio.file.Files.deleteIfExists(dir);
    }
  }

  /** Keeps the chars XML 1.0 allows (https://www.w3.org/TR/xml/#charsets), escaped. */
  private static String xmlText(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000).forEach(b::appendCodePoint);
    return b.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** @return "parsed" or "rejected" */
  static String assertParsedOrRejected(NativeFormat format, byte[] payload) {
    Post post;
    try {
      post = NativeParsers.parse(format, payload, Instant.EPOCH);
    } catch (PostParseException e) {
      assertThat(e.getMessage()).startsWith(format.id() + ":");
      assertThat(e.getCause() instanceof RuntimeException).as("a parser defect, not a rejection: %s", e.getMessage()).isFalse();
      return "rejected";
    }
    assertThat(post.id()).startsWith(format.source().id() + ":");
    assertWritable(post);
    return "parsed";
  }

  /** The bounded post has no lone surrogate or bidi override, is small, and round-trips through the posts serde. */
  static void assertWritable(Post post) {
    PostLimits.Bounded bounded;
    try {
      bounded = PostLimits.apply(post);
    } catch (PostParseException e) {
      assertThat(e.getMessage()).contains("limit of " + PostLimits.ID_MAX_CHARS);
      return;
    }
    Post p = bounded.post();
    for (String s : new String[] {p.title(), p.text(), p.author(), p.channel()}) {
      if (s != null) {
        assertThat(PostLimits.repair(s)).as("repaired already").isEqualTo(s);
      }
    }
    byte[] bytes = StorylineSerdes.post().serializer().serialize(Topics.POSTS.name(), p);
    assertThat(bytes.length).isLessThan(1024 * 1024);
    assertThat(StorylineSerdes.post().deserializer().deserialize(Topics.POSTS.name(), bytes)).isEqualTo(p);
  }
}
