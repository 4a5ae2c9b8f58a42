package io.storyline.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeFilesTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void shouldEmitTruncatedJsonDocumentAsOneSniffedItemThatFailsToParse() throws Exception {
    String whole = Files.readString(Fixtures.path("reddit/submission_crosspost_2017.json"));
    Path f = write("cut.json", whole.substring(0, whole.length() / 2));
    FileReadResult r = NativeFiles.read(f);
    assertThat(r.items()).singleElement().satisfies(i -> {
      assertThat(i.format()).as("sniffed from the fields read before the cut").isEqualTo(NativeFormat.REDDIT_THING);
      assertThat(i.nativeId()).isNull();
      assertThat(i.file()).isEqualTo(f.toString());
    });
    assertThat(r.warnings()).singleElement().asString().startsWith("cut.json: the document is not valid JSON");
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.REDDIT_THING, r.items().get(0).payload(), null))
        .isInstanceOf(PostParseException.class).hasMessageStartingWith("reddit-thing: payload is not valid JSON");
  }

  @Test
  void shouldEmitUnsniffableBrokenJsonAsUnknown() throws Exception {
    FileReadResult r = NativeFiles.read(write("odd.json", "{\"a\": [1, 2"));
    assertThat(r.items()).singleElement().satisfies(i -> assertThat(i.format()).isEqualTo(NativeFormat.UNKNOWN));
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.UNKNOWN, r.items().get(0).payload(), null))
        .isInstanceOf(PostParseException.class).hasMessageStartingWith("unknown:");
  }

  @Test
  void shouldEmitEveryLineOfUnreadableJsonlAsUnknown() throws Exception {
    FileReadResult r = NativeFiles.read(write("garbage.jsonl", "not json\n\nstill {not json\n"));
    assertThat(r.items()).hasSize(2).allSatisfy(i -> {
      assertThat(i.format()).isEqualTo(NativeFormat.UNKNOWN);
      assertThat(i.nativeId()).isNull();
    });
    assertThat(r.items()).extracting(RawItem::index).containsExactly(0, 1);
  }

  @Test
  void shouldEmitEveryLineOfJsonlWhoseFirstLineIsATruncatedObjectAsItsOwnItem() throws Exception {
    // a truncated object whose string runs into the next line must not swallow the lines after it
    FileReadResult r = NativeFiles.read(write("cut.jsonl", "{\"id\":\"zz2\",\"title\":\"half a post\n{{{ not json\n"));
    assertThat(r.items()).hasSize(2).allSatisfy(i -> assertThat(i.nativeId()).isNull());
    assertThat(r.items()).extracting(RawItem::index).containsExactly(0, 1);
  }

  @Test
  void shouldSkipTextAndUnknownJsonWithWarningNamingFileAndReason() throws Exception {
    FileReadResult md = NativeFiles.read(write("README.md", "# notes\nnothing here"));
    assertThat(md.items()).isEmpty();
    assertThat(md.formatDescription()).isEmpty();
    assertThat(md.warnings()).containsExactly("README.md: not a known native format (text starting with '# notes nothing here')");
    FileReadResult labels = NativeFiles.read(write("labels.jsonl", "{\"post_id\":\"1\",\"ainews\":[]}\n{\"post_id\":\"2\",\"ainews\":[]}\n"));
    assertThat(labels.items()).isEmpty();
    assertThat(labels.warnings()).containsExactly("labels.jsonl: not a known native format (JSON objects with keys post_id, ainews)");
  }

  @Test
  void shouldDescribeABinaryFileByItsFirstBytesInHexNotByReplacementCharacters() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    Path file = dir.resolve("logo.png");
    Files.write(file, png);
    byte[] latin1 = "caf\u00e9 au lait".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Path notes = dir.resolve("notes.json");
    Files.write(notes, latin1);
    String longUtf8 = "é".repeat(60); // 2 bytes each after one "x": the 80-byte window cuts the 40th in half
    Path text = dir.resolve("accents.txt");
    Files.writeString(text, "x" + longUtf8);

    FileReadResult r = NativeFiles.read(file);

    assertThat(r.items()).isEmpty();
    assertThat(r.warnings()).containsExactly(
        "logo.png: not a known native format (content starting with bytes 89 50 4e 47 0d 0a 1a 0a (binary, not UTF-8 text))");
    assertThat(NativeFiles.read(notes).warnings()).singleElement().asString()
        .contains("bytes 63 61 66 e9 20 61 75 20 (binary, not UTF-8 text)").doesNotContain("\uFFFD");
    assertThat(NativeFiles.read(text).warnings()).singleElement().asString()
        .contains("text starting with 'xééé").doesNotContain("\uFFFD");
  }

  @Test
  void shouldTurnBadLineOfKnownNdjsonIntoItemOfThatFormatEvenBeforeTheFirstGoodLine() throws Exception {
    String good = "{\"name\":\"t3_a1\",\"id\":\"a1\",\"subreddit\":\"s\",\"title\":\"t\",\"created_utc\":1700000000}";
    FileReadResult r = NativeFiles.read(write("dump.ndjson", "{\"name\":\"t3_broken\",\n" + good + "\n" + good + "\n"));
    assertThat(r.items()).hasSize(3);
    assertThat(r.items().get(0).format()).isEqualTo(NativeFormat.REDDIT_THING);
    assertThat(r.items().get(0).nativeId()).isNull();
    assertThat(r.items().get(1).nativeId()).as("a post met twice is emitted twice").isEqualTo("t3_a1");
    assertThat(r.items().get(2).nativeId()).isEqualTo("t3_a1");
    assertThat(r.warnings()).singleElement().asString().contains("line 1 is not valid JSON");
  }

  @Test
  void shouldReadRedditNdjsonOfThreadArraysAndSkipMoreStubs() throws Exception {
    String thread = "[{\"kind\":\"Listing\",\"data\":{\"children\":[{\"kind\":\"t3\",\"data\":{\"name\":\"t3_p\",\"id\":\"p\",\"title\":\"T\",\"created_utc\":1700000000}}]}},"
        + "{\"kind\":\"Listing\",\"data\":{\"children\":[{\"kind\":\"t1\",\"data\":{\"name\":\"t1_c\",\"id\":\"c\",\"parent_id\":\"t3_p\",\"link_id\":\"t3_p\",\"body\":\"b\",\"created_utc\":1700000100,\"replies\":\"\"}},"
        + "{\"kind\":\"more\",\"data\":{\"count\":3,\"children\":[\"x\",\"y\",\"z\"]}}]}}]";
    FileReadResult r = NativeFiles.read(write("threads.jsonl", thread + "\n" + thread + "\n"));
    assertThat(r.items()).extracting(RawItem::nativeId).containsExactly("t3_p", "t1_c", "t3_p", "t1_c");
    assertThat(r.warnings()).containsExactly("threads.jsonl: skipped 2 Reddit 'more' stubs (collapsed comments, not in the file)");
  }

  @Test
  void shouldWarnOnUnreadableFile() {
    FileReadResult r = NativeFiles.read(dir.resolve("missing.json"));
    assertThat(r.items()).isEmpty();
    assertThat(r.warnings()).singleElement().asString().startsWith("missing.json: can't be read");
  }

  @Test
  void shouldReadAFileOfJsonNestedDeeperThanJacksonAllowsOrWithAThousandDigitNumberWithAWarningNotAnException() throws Exception {
    // session 11: Jackson's StreamReadConstraints errors have no location, and building the warning from it threw
    // NullPointerException out of read(): the demo died with its stack trace, a replay task failed on the file
    String good = Files.readString(Fixtures.path("reddit/submission_crosspost_2017.json")).replace("\n", " ");
    String deep = "[".repeat(2000) + "]".repeat(2000);
    String longNumber = "{\"kind\":\"t3\",\"data\":{\"id\":\"x\",\"created_utc\":" + "9".repeat(1500) + "}}";

    FileReadResult doc = NativeFiles.read(write("deep.json", deep));
    FileReadResult lines = NativeFiles.read(write("dump.jsonl", good + "\n" + deep + "\n" + longNumber + "\n" + good + "\n"));

    assertThat(doc.items()).singleElement().satisfies(i -> assertThat(i.format()).isEqualTo(NativeFormat.UNKNOWN));
    assertThat(doc.warnings()).singleElement().asString().startsWith("deep.json: the document is not valid JSON (")
        .contains("nesting depth").contains("1000");
    assertThat(lines.items()).hasSize(4);
    assertThat(lines.items()).filteredOn(i -> i.nativeId() != null).hasSize(2);
    assertThat(String.join("\n", lines.warnings())).contains("line 2").contains("nesting depth").contains("line 3")
        .contains("Number value length");
  }
}
