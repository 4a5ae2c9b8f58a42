package io.storyline.ingest.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.ingest.format.arxiv.ArxivFeedSplitter;
import io.storyline.ingest.format.discord.DiscordSplitter;
import io.storyline.ingest.format.reddit.RedditSplitter;
import io.storyline.ingest.format.x.XPageSplitter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads native dump files and cuts them into one {@link RawItem} per post, recognising the format
 * by content (the extension is only a hint for content that can't be read).
 *
 * <p>Recognised whole documents, and the same shapes one per line (JSONL/NDJSON):
 * <ul>
 *   <li>Reddit: a Listing ({@code /r/<sub>/new.json}, {@code /api/info}), a thread array {@code
 *       [Listing(t3), Listing(t1 tree)]}, a wrapped thing, a bare dump object (see {@link RedditSplitter});
 *   <li>X API v2: a response page, twarc2 lines with {@code __twarc}, filtered-stream lines, twarc2's flattened output
 *       (one tweet per line, its expansions inline) (see {@link XPageSplitter});
 *   <li>Discord: a REST message array, one message, a DiscordChatExporter export (see {@link DiscordSplitter});
 *   <li>arXiv: an export API Atom feed (see {@link ArxivFeedSplitter}).
 * </ul>
 *
 * <p>Broken input is never dropped silently: a line that is not JSON becomes an item of the file's
 * detected format with a null native id (its parse fails and the normalizer dead-letters it); a
 * whole document that is not valid JSON/XML becomes one item of the format sniffed from what could be
 * read (a streaming scan of its field names), else {@link NativeFormat#UNKNOWN}; a file none of whose
 * content can be read but whose extension is {@code .json}, {@code .jsonl}, {@code .ndjson} or {@code
 * .xml} becomes {@link NativeFormat#UNKNOWN} items (one per line for line files). Files that are
 * readable but of no known shape (e.g. label files, README.md) give no items and a warning naming
 * the file and why. Every skip is a warning. A post met twice is emitted twice (dedupe is downstream).
 *
 * <p>Stateless and thread-safe; reads the whole file into memory.
 */
public final class NativeFiles {
  private static final Set<String> JSON_EXTENSIONS = Set.of("json", "jsonl", "ndjson");

  private NativeFiles() {}

  /**
   * @param file the file to read; may not be null
   * @return the items and warnings; an unreadable or unrecognised file gives no items and a warning
   */
  public static FileReadResult read(Path file) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    ItemCollector out = new ItemCollector(file.toString(), name);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      out.warn("can't be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      return result(file, null, out);
    }
    bytes = utf8(bytes);
    int start = firstNonWhitespace(bytes);
    if (start < 0) {
      out.warn("is empty (no content), not a native format");
      return result(file, null, out);
    }
    String ext = extension(name);
    byte first = bytes[start];
    String description;
    if (first == '<') {
      description = readXml(bytes, ext, out);
    } else if (first == '{' || first == '[') {
      description = readJson(bytes, start, ext, out);
    } else if (JSON_EXTENSIONS.contains(ext) || ext.equals("xml")) {
      description = unreadable(bytes, ext, out,
          "content starts with " + startOf(bytes, start) + ", neither JSON nor XML");
    } else {
      out.warn("not a known native format (" + (isText(bytes, start) ? "text" : "content") + " starting with "
          + startOf(bytes, start) + ")");
      description = null;
    }
    out.finishWarnings();
    return result(file, description, out);
  }

  // ---------------------------------------------------------------- JSON

  /** The recognised shapes of one JSON value. */
  private enum Shape {
    REDDIT_LISTING(NativeFormat.REDDIT_THING, "Reddit Listing"),
    REDDIT_THREAD(NativeFormat.REDDIT_THING, "Reddit thread array [Listing(t3), Listing(t1 tree)]"),
    REDDIT_THING(NativeFormat.REDDIT_THING, "Reddit thing"),
    REDDIT_BARE(NativeFormat.REDDIT_THING, "Reddit bare dump objects"),
    X_PAGE(NativeFormat.X_V2_TWEET, "X API v2 page"),
    X_FLATTENED(NativeFormat.X_V2_TWEET, "twarc2 flattened tweets"),
    DISCORD_ARRAY(NativeFormat.DISCORD_MESSAGE, "Discord REST message array"),
    DISCORD_MESSAGE(NativeFormat.DISCORD_MESSAGE, "Discord message"),
    DCE_EXPORT(NativeFormat.DISCORD_DCE_MESSAGE, "DiscordChatExporter JSON export"),
    NONE(NativeFormat.UNKNOWN, "unknown");

    final NativeFormat format;
    final String description;

    Shape(NativeFormat format, String description) {
      this.format = format;
      this.description = description;
    }
  }

  private static Shape classify(JsonNode n) {
    if (RedditSplitter.isListing(n)) {
      return Shape.REDDIT_LISTING;
    }
    if (RedditSplitter.isThread(n)) {
      return Shape.REDDIT_THREAD;
    }
    if (RedditSplitter.isWrappedThing(n)) {
      return Shape.REDDIT_THING;
    }
    if (XPageSplitter.isPage(n)) {
      return Shape.X_PAGE;
    }
    if (XPageSplitter.isFlattenedTweet(n)) {
      return Shape.X_FLATTENED;
    }
    if (DiscordSplitter.isDceExport(n)) {
      return Shape.DCE_EXPORT;
    }
    if (DiscordSplitter.isMessageArray(n)) {
      return Shape.DISCORD_ARRAY;
    }
    if (DiscordSplitter.isMessage(n)) {
      return Shape.DISCORD_MESSAGE;
    }
    if (RedditSplitter.isBareThing(n)) {
      return Shape.REDDIT_BARE;
    }
    return Shape.NONE;
  }

  private static void emit(Shape shape, JsonNode n, byte[] original, ItemCollector out) {
    switch (shape) {
      case REDDIT_LISTING -> RedditSplitter.listing(n, out);
      case REDDIT_THREAD -> RedditSplitter.thread(n, out);
      case REDDIT_THING -> RedditSplitter.child(n, out);
      case REDDIT_BARE -> RedditSplitter.bare(n, original, out);
      case X_PAGE -> XPageSplitter.page(n, out);
      case X_FLATTENED -> XPageSplitter.flattenedTweet(n, original, out);
      case DISCORD_ARRAY -> DiscordSplitter.messageArray(n, out);
      case DISCORD_MESSAGE -> DiscordSplitter.message(n, out);
      case DCE_EXPORT -> DiscordSplitter.dceExport(n, out);
      case NONE -> throw new IllegalArgumentException("no items for an unrecognised value");
    }
  }

  private static String readJson(byte[] bytes, int start, String ext, ItemCollector out) {
    JsonNode whole = null;
    boolean more = false;
    JsonProcessingException error = null;
    try (JsonParser p = JsonSupport.mapper().createParser(bytes)) {
      whole = JsonSupport.mapper().readTree(p);
      try {
        more = p.nextToken() != null;
      } catch (JsonProcessingException e) {
        more = true;
      }
    } catch (JsonProcessingException e) {
      error = e;
    } catch (IOException e) {
      error = null;
    }
    if (whole != null && !more) {
      Shape shape = classify(whole);
      if (shape == Shape.NONE) {
        out.warn("not a known native format (" + describe(whole) + ")");
        return null;
      }
      emit(shape, whole, Arrays.copyOfRange(bytes, start, bytes.length), out);
      return shape.description;
    }
    if (more || looksLineBased(bytes) || ext.equals("jsonl") || ext.equals("ndjson")) {
      return readLines(bytes, ext, out);
    }
    // one document that does not parse: keep it whole for the dead-letter topic
    NativeFormat sniffed = sniffPartial(bytes);
    String why = error == null ? "could not be read" : "is not valid JSON (" + JsonSupport.shorten(error.getOriginalMessage(), 100)
        + JsonSupport.at(error, " column ") + ")";
    if (sniffed == NativeFormat.UNKNOWN && !JSON_EXTENSIONS.contains(ext)) {
      out.warn("not a known native format: the document " + why);
      return null;
    }
    out.warn("the document " + why + "; emitted whole as one " + sniffed.id() + " item with no id for the dead-letter topic");
    out.add(sniffed, null, null, bytes);
    return "broken JSON document (" + sniffed.id() + ")";
  }

  /** Line mode: one JSON value per line; blank lines are keep-alives. */
  private static String readLines(byte[] bytes, String ext, ItemCollector out) {
    record Line(int number, byte[] raw, JsonNode node, Shape shape, String error) {}
    List<Line> lines = new ArrayList<>();
    Shape fileShape = null;
    int lineNo = 0;
    int pos = 0;
    while (pos < bytes.length) {
      int end = pos;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      lineNo++;
      int s = pos;
      int e = end;
      while (s < e && isWhitespace(bytes[s])) {
        s++;
      }
      while (e > s && isWhitespace(bytes[e - 1])) {
        e--;
      }
      pos = end + 1;
      if (s == e) {
        continue;
      }
      byte[] raw = Arrays.copyOfRange(bytes, s, e);
      try (JsonParser p = JsonSupport.mapper().createParser(raw)) {
        JsonNode node = JsonSupport.mapper().readTree(p);
        if (p.nextToken() != null) {
          throw new IllegalStateException("content after the first JSON value");
        }
        Shape shape = classify(node);
        if (fileShape == null && shape != Shape.NONE) {
          fileShape = shape;
        }
        lines.add(new Line(lineNo, raw, node, shape, null));
      } catch (JsonProcessingException ex) {
        lines.add(new Line(lineNo, raw, null, null, JsonSupport.shorten(ex.getOriginalMessage(), 100)
            + (ex.getLocation() == null ? "" : " at column " + ex.getLocation().getColumnNr())));
      } catch (IOException | IllegalStateException ex) {
        lines.add(new Line(lineNo, raw, null, null, JsonSupport.shorten(ex.getMessage(), 100)));
      }
    }
    if (fileShape == null) {
      boolean anyBroken = lines.stream().anyMatch(l -> l.node() == null);
      if (!anyBroken) {
        out.warn("not a known native format (" + describe(lines.get(0).node()) + ")");
        return null;
      }
      return unreadable(bytes, ext, out, "no line is a known native JSON value");
    }
    NativeFormat format = fileShape.format;
    int broken = 0;
    int unknown = 0;
    for (Line l : lines) {
      if (l.node() == null) {
        broken++;
        out.warn("line " + l.number() + " is not valid JSON (" + l.error() + "); emitted as a " + format.id()
            + " item with no id for the dead-letter topic");
        out.add(format, null, null, l.raw());
      } else if (l.shape() == Shape.NONE) {
        unknown++;
        out.warn("line " + l.number() + " is JSON of no known shape (" + describe(l.node()) + "); emitted as a "
            + format.id() + " item with no id for the dead-letter topic");
        out.add(format, null, null, l.raw());
      } else {
        emit(l.shape(), l.node(), l.raw(), out);
      }
    }
    return "JSON lines of " + fileShape.description + (broken + unknown > 0 ? " (" + (broken + unknown) + " bad lines)" : "");
  }

  /** Content that can't be read at all: UNKNOWN items if the extension promises JSON/XML, else a skip. */
  private static String unreadable(byte[] bytes, String ext, ItemCollector out, String why) {
    if (ext.equals("jsonl") || ext.equals("ndjson")) {
      out.warn(why + "; emitted every line as an unknown item for the dead-letter topic");
      String text = new String(bytes, StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          out.add(NativeFormat.UNKNOWN, null, null, line.strip().getBytes(StandardCharsets.UTF_8));
        }
      }
      return "unreadable JSON lines";
    }
    if (JSON_EXTENSIONS.contains(ext) || ext.equals("xml")) {
      out.warn(why + "; emitted whole as one unknown item for the dead-letter topic");
      out.add(NativeFormat.UNKNOWN, null, null, bytes);
      return "unreadable " + ext + " document";
    }
    out.warn("not a known native format (" + why + ")");
    return null;
  }

  /** True if at least one of the first lines (not the first) is on its own a JSON object/array with content. */
  private static boolean looksLineBased(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, 1 << 20), StandardCharsets.UTF_8);
    String[] lines = text.split("\n", 12);
    int checked = 0;
    for (int i = 1; i < lines.length && checked < 10; i++) {
      String l = lines[i].strip();
      if (l.isEmpty()) {
        continue;
      }
      checked++;
      try {
        JsonNode n = JsonSupport.mapper().readTree(l);
        if (n != null && n.isContainerNode() && !n.isEmpty()) {
          return true;
        }
      } catch (JsonProcessingException e) {
        // not a line of its own
      }
    }
    return false;
  }

  /** Streams the tokens of a broken document and guesses its format from the field names seen. */
  static NativeFormat sniffPartial(byte[] bytes) {
    Set<String> fields = new TreeSet<>();
    Set<String> kinds = new TreeSet<>();
    try (JsonParser p = JsonSupport.mapper().createParser(bytes)) {
      int tokens = 0;
      JsonToken t;
      String lastField = null;
      while ((t = p.nextToken()) != null && tokens++ < 20_000) {
        if (t == JsonToken.FIELD_NAME) {
          lastField = p.currentName();
          fields.add(lastField);
        } else if (t == JsonToken.VALUE_STRING && "kind".equals(lastField)) {
          kinds.add(p.getText());
        }
      }
    } catch (IOException | RuntimeException e) {
      // expected: the document is broken; use what was seen
    }
    if (kinds.contains("Listing") || kinds.contains("t3") || kinds.contains("t1")
        || fields.contains("subreddit") || fields.contains("selftext")) {
      return NativeFormat.REDDIT_THING;
    }
    if (fields.contains("edit_history_tweet_ids") || fields.contains("__twarc") || fields.contains("author_id")
        || fields.contains("public_metrics")) {
      return NativeFormat.X_V2_TWEET;
    }
    if (fields.contains("messages") && (fields.contains("guild") || fields.contains("channel"))) {
      return NativeFormat.DISCORD_DCE_MESSAGE;
    }
    if (fields.contains("channel_id")) {
      return NativeFormat.DISCORD_MESSAGE;
    }
    return NativeFormat.UNKNOWN;
  }

  private static String describe(JsonNode n) {
    if (n == null) {
      return "no value";
    }
    if (n.isObject()) {
      List<String> keys = new ArrayList<>();
      Iterator<String> it = n.fieldNames();
      while (it.hasNext() && keys.size() < 8) {
        keys.add(it.next());
      }
      return "JSON objects with keys " + String.join(", ", keys) + (it.hasNext() ? ", …" : "");
    }
    if (n.isArray()) {
      return n.isEmpty() ? "an empty JSON array" : "a JSON array of " + describe(n.get(0));
    }
    return "a JSON " + n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------- XML

  private static String readXml(byte[] bytes, String ext, ItemCollector out) {
    Document doc;
    try {
      doc = SecureXml.parse(bytes);
    } catch (Exception e) {
      String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
      String why = "is not well-formed XML (" + JsonSupport.shorten(e.getMessage(), 120) + ")";
      if (head.contains("<feed") && head.contains("arxiv")) {
        out.warn("the arXiv feed " + why + "; emitted whole as one " + NativeFormat.ARXIV_ATOM_ENTRY.id()
            + " item with no id for the dead-letter topic");
        out.add(NativeFormat.ARXIV_ATOM_ENTRY, null, null, bytes);
        return "broken arXiv Atom feed";
      }
      return unreadable(bytes, ext, out, "the document " + why);
    }
    if (ArxivFeedSplitter.isFeed(doc)) {
      ArxivFeedSplitter.feed(doc, out);
      return "arXiv export API Atom feed";
    }
    Element root = doc.getDocumentElement();
    out.warn("not a known native format (XML root element <" + root.getTagName() + "> in namespace "
        + root.getNamespaceURI() + ")");
    return null;
  }

  // ---------------------------------------------------------------- helpers

  private static FileReadResult result(Path file, String description, ItemCollector out) {
    return new FileReadResult(file, Optional.ofNullable(description), out.items(), out.warnings());
  }

  /**
   * @return the bytes as UTF-8: a file that starts with a UTF-32 byte-order mark (FF FE 00 00 or 00 00 FE FF) or a
   *     UTF-16 one (FF FE or FE FF, as Windows PowerShell 5 writes with {@code >} or {@code Out-File}) is transcoded,
   *     BOM included, so that the parsers (which read UTF-8) see its content; any other file is returned as it is.
   *     The four-byte marks are tested first: FF FE 00 00 also starts a UTF-16LE mark, but UTF-16 text does not begin
   *     with U+0000. Before, a UTF-16 file read as "neither JSON nor XML" and all its posts went to the dead-letter
   *     topic; a UTF-32 file was taken for UTF-16 and went the same way.
   */
  private static byte[] utf8(byte[] bytes) {
    java.nio.charset.Charset charset = bomCharset(bytes);
    return charset == null ? bytes : new String(bytes, charset).getBytes(StandardCharsets.UTF_8);
  }

  /** @return the UTF-32 or UTF-16 charset whose byte-order mark the bytes start with, or null */
  private static java.nio.charset.Charset bomCharset(byte[] b) {
    int n = b.length;
    int b0 = n > 0 ? b[0] & 0xFF : -1;
    int b1 = n > 1 ? b[1] & 0xFF : -1;
    int b2 = n > 2 ? b[2] & 0xFF : -1;
    int b3 = n > 3 ? b[3] & 0xFF : -1;
    if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
      return java.nio.charset.Charset.forName("UTF-32LE");
    }
    if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
      return java.nio.charset.Charset.forName("UTF-32BE");
    }
    if (b0 == 0xFF && b1 == 0xFE) {
      return StandardCharsets.UTF_16LE;
    }
    return b0 == 0xFE && b1 == 0xFF ? StandardCharsets.UTF_16BE : null;
  }

  private static int firstNonWhitespace(byte[] b) {
    int i = 0;
    if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
      i = 3;
    }
    for (; i < b.length; i++) {
      if (!isWhitespace(b[i])) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isWhitespace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private static String preview(byte[] b, int start) {
    return new String(b, start, Math.min(b.length - start, 80), StandardCharsets.UTF_8);
  }

  /**
   * @return the first characters of a text file in quotes, or the first 8 bytes in hex for binary content (a NUL byte
   *     or bytes that are not UTF-8 in the first 80), so that a log line never carries replacement characters
   */
  private static String startOf(byte[] b, int start) {
    if (isText(b, start)) {
      return "'" + JsonSupport.shorten(preview(b, start), 40) + "'";
    }
    return "bytes " + HexFormat.ofDelimiter(" ").formatHex(b, start, Math.min(b.length, start + 8))
        + " (binary, not UTF-8 text)";
  }

  private static boolean isText(byte[] b, int start) {
    int end = Math.min(b.length, start + 80);
    for (int i = start; i < end; i++) {
      if (b[i] == 0) {
        return false;
      }
    }
    int shortest = end < b.length ? Math.max(start, end - 3) : end; // the window may cut a multi-byte character
    for (int cut = end; cut >= shortest; cut--) {
      try {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, start, cut - start));
        return true;
      } catch (CharacterCodingException e) {
        // not UTF-8 up to this cut
      }
    }
    return false;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
