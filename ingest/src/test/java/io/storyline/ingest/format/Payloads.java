package io.storyline.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of hostile payloads for the bad-input property tests (issue #7): random JSON trees
 * whose keys are the platforms' field names and whose values are of right and wrong types, hostile
 * Unicode (lone surrogates, ZWJ emoji, RTL text, bidi controls, zero-width characters), and mutations
 * of real fixtures (a byte range cut, bytes flipped or inserted, a subtree replaced).
 */
public final class Payloads {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Field names the parsers and page splitters look at, across platforms. */
  public static final List<String> KEYS = List.of("kind", "data", "children", "after", "id", "name", "created_utc",
      "title", "selftext", "body", "url", "permalink", "subreddit", "author", "link_id", "parent_id", "replies",
      "crosspost_parent", "score", "num_comments", "text", "note_tweet", "entities", "urls", "expanded_url",
      "unwound_url", "referenced_tweets", "type", "includes", "users", "tweets", "username", "author_id",
      "public_metrics", "like_count", "edit_history_tweet_ids", "created_at", "meta", "next_token", "newest_id",
      "errors", "__twarc", "retrieved_at", "lang", "channel_id", "guild_id", "timestamp", "content", "embeds",
      "attachments", "reactions", "count", "message_reference", "message_id", "flags", "message", "messages",
      "guild", "channel", "reference", "messageId", "exportedAt", "nickname");

  private Payloads() {}

  /** @return strings mixing ASCII, emoji with ZWJ, Arabic/Hebrew, bidi controls, zero-width chars and lone surrogates */
  public static Arbitrary<String> hostileText() {
    Arbitrary<String> special = Arbitraries.of(
        "\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
        "\u2066", "\u2067", "\u2068", "\u2069", "\u2060", "\uFEFF", "\u00AD", "\uD83D", "\uDE80", "\uD83D\uDE80",
        "\uD83D\uDC68\u200D\uD83D\uDCBB", "\uD83C\uDDFA\uD83C\uDDE6", "\u0646\u0645\u0648\u0630\u062C", "\u05E2\u05D1\u05E8\u05D9\u05EA",
        "Kimi K2", "GPT-5.2", "27B", " ", "\n", "&amp;", "&#x200B;", "[x](https://t.co/a)", "https://github.com/o/r",
        "**", "\\", "\"", "<b>", "\u0000", "\u001F", "\uFFFD", "\uFFFF", "e\u0301");
    Arbitrary<String> mixed = special.list().ofMaxSize(12).map(parts -> String.join("", parts));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, mixed),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('\uD800', '\uDFFF').ofMaxLength(6)));
  }

  /** @return JSON leaves of every type: null, booleans, numbers (incl. huge and fractional), strings */
  public static Arbitrary<JsonNode> leaf() {
    return Arbitraries.oneOf(
        Arbitraries.just(F.nullNode()),
        Arbitraries.of(true, false).map(F::booleanNode),
        Arbitraries.longs().map(F::numberNode),
        Arbitraries.of(-1L, 0L, 1L, 1_700_000_000L, 1_391_234_567_890_123_456L, 4_194_304L).map(F::numberNode),
        Arbitraries.doubles().map(F::numberNode),
        Arbitraries.of(1e308, -0.0, 1.5e9, 1_456_821_187.0).map(F::numberNode),
        Arbitraries.of("", "t3", "t1", "Listing", "more", "t3_48fb7p", "1576994746135764992", "2025-07-08T14:02:11.123+00:00",
            "1456821187", "yesterday", "[deleted]", "https://x.com/a/status/1", "retweeted", "quoted", "replied_to",
            "https://arxiv.org/abs/2501.00001v1", "NaN", "-1e999").map(F::textNode),
        hostileText().map(F::textNode));
  }

  /**
   * @param depth remaining nesting depth, &ge; 0
   * @return random JSON values up to {@code depth} levels of objects (keys from {@link #KEYS}) and arrays
   */
  public static Arbitrary<JsonNode> tree(int depth) {
    if (depth <= 0) {
      return leaf();
    }
    Arbitrary<JsonNode> child = Arbitraries.lazy(() -> tree(depth - 1));
    Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.of(KEYS), child).ofMaxSize(6).map(m -> {
      ObjectNode o = F.objectNode();
      m.forEach(o::set);
      return o;
    });
    Arbitrary<JsonNode> array = child.list().ofMaxSize(4).map(l -> {
      ArrayNode a = F.arrayNode();
      l.forEach(a::add);
      return a;
    });
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, leaf()), net.jqwik.api.Tuple.of(3, object),
        net.jqwik.api.Tuple.of(1, array));
  }

  /**
   * Replaces the value at one position of {@code root} (chosen by {@code pick} among every field and
   * element of every container) with {@code value}.
   *
   * @return a mutated deep copy; {@code root} is unchanged
   */
  public static JsonNode replaceAt(JsonNode root, int pick, JsonNode value) {
    JsonNode copy = root.deepCopy();
    List<Runnable> slots = new ArrayList<>();
    collect(copy, value, slots);
    if (!slots.isEmpty()) {
      slots.get(Math.floorMod(pick, slots.size())).run();
    }
    return copy;
  }

  private static void collect(JsonNode node, JsonNode value, List<Runnable> slots) {
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        slots.add(() -> o.set(n, value));
        slots.add(() -> o.remove(n));
        collect(o.get(n), value, slots);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        int at = i;
        slots.add(() -> a.set(at, value));
        collect(a.get(i), value, slots);
      }
    }
  }

  /** A byte-level mutation: cut, flip, insert or truncate at a relative position. */
  public record ByteMutation(int op, double at, double length, byte b) {
    /** @return a mutated copy of {@code payload} */
    public byte[] apply(byte[] payload) {
      if (payload.length == 0) {
        return new byte[] {b};
      }
      int i = (int) Math.min(payload.length - 1, Math.max(0, at * payload.length));
      int n = (int) Math.max(1, length * Math.min(64, payload.length - i));
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      switch (Math.floorMod(op, 4)) {
        case 0 -> { // cut a range
          out.write(payload, 0, i);
          out.write(payload, Math.min(payload.length, i + n), payload.length - Math.min(payload.length, i + n));
        }
        case 1 -> { // flip bytes
          byte[] copy = payload.clone();
          for (int k = i; k < Math.min(payload.length, i + n); k++) {
            copy[k] = (byte) (copy[k] ^ b);
          }
          return copy;
        }
        case 2 -> { // insert a byte n times
          out.write(payload, 0, i);
          for (int k = 0; k < n; k++) {
            out.write(b);
          }
          out.write(payload, i, payload.length - i);
        }
        default -> out.write(payload, 0, i); // truncate
      }
      return out.toByteArray();
    }
  }

  /** @return byte mutations at random relative positions */
  public static Arbitrary<ByteMutation> byteMutation() {
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.doubles().between(0, 1),
        Arbitraries.doubles().between(0, 1), Arbitraries.bytes()).as(ByteMutation::new);
  }

  /** @return the bytes of a test resource */
  public static byte[] resource(String path) {
    try (InputStream in = Payloads.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
