package io.storyline.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Replay files as other tools save them: with a UTF-8 byte-order mark (Windows editors), with CRLF line ends,
 * or both, or as UTF-16 with its byte-order mark (Windows PowerShell 5's {@code >} and {@code Out-File}, e.g.
 * {@code twarc2 search ... > tweets.jsonl}), or as UTF-32 with its mark ({@code Out-File -Encoding utf32}). Each native fixture read that way gives the same items
 * (format, native id, creation time) and the same number of warnings as the file itself. A UTF-16 file was
 * "neither JSON nor XML": every post of it went to the dead-letter topic. (A UTF-8 BOM was already skipped;
 * this pins it, and CRLF, for every fixture.) A UTF-32LE file, whose mark FF FE 00 00 starts like UTF-16LE's, was
 * read as UTF-16 and went the same way.
 */
class NativeFilesEncodingPropertyTest {
  private static Path dir;

  enum Variant { BOM, CRLF, BOM_AND_CRLF, UTF16LE_BOM_AND_CRLF, UTF16BE_BOM, UTF32LE_BOM_AND_CRLF, UTF32BE_BOM }

  @BeforeContainer
  static void createDir() throws IOException {
    dir = Files.createTempDirectory("native-files-encoding-");
  }

  @AfterContainer
  static void deleteDir() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<Path> fixtures() throws IOException {
    Path root = Fixtures.path("reddit").getParent();
    try (Stream<Path> files = Files.walk(root)) {
      return Arbitraries.of(files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".md")).sorted().toList());
    }
  }

  private record Item(NativeFormat format, String nativeId, java.time.Instant createdAt) {}

  private static List<Item> items(FileReadResult r) {
    return r.items().stream().map(i -> new Item(i.format(), i.nativeId(), i.createdAt())).toList();
  }

  @net.jqwik.api.Example
  void shouldReadAUtf32FileWithItsByteOrderMarkAsTheFileItself() throws IOException {
    Path fixture = Fixtures.path("reddit");
    for (Variant variant : List.of(Variant.UTF32LE_BOM_AND_CRLF, Variant.UTF32BE_BOM)) {
      shouldReadAFileSavedWithAByteOrderMarkOrCrlfAsTheFileItself(Files.isDirectory(fixture) ? firstFile(fixture) : fixture,
          variant);
    }
  }

  private static Path firstFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".md")).sorted().findFirst().orElseThrow();
    }
  }

  @Property(tries = 160)
  void shouldReadAFileSavedWithAByteOrderMarkOrCrlfAsTheFileItself(@ForAll("fixtures") Path fixture,
      @ForAll Variant variant) throws IOException {
    byte[] original = Files.readAllBytes(fixture);
    String text = new String(original, StandardCharsets.UTF_8);
    if (variant != Variant.BOM && variant != Variant.UTF16BE_BOM && variant != Variant.UTF32BE_BOM) {
      text = text.replace("\r\n", "\n").replace("\n", "\r\n");
    }
    if (variant != Variant.CRLF) {
      text = "\uFEFF" + text;
    }
    Path copy = dir.resolve(variant + "-" + fixture.getFileName());
    Files.writeString(copy, text, switch (variant) {
      case UTF16LE_BOM_AND_CRLF -> StandardCharsets.UTF_16LE;
      case UTF16BE_BOM -> StandardCharsets.UTF_16BE;
      case UTF32LE_BOM_AND_CRLF -> java.nio.charset.Charset.forName("UTF-32LE");
      case UTF32BE_BOM -> java.nio.charset.Charset.forName("UTF-32BE");
      default -> StandardCharsets.UTF_8;
    });

    FileReadResult expected = NativeFiles.read(fixture);
    FileReadResult actual = NativeFiles.read(copy);

    assertThat(items(actual)).as("%s as %s", fixture.getFileName(), variant).isEqualTo(items(expected));
    assertThat(actual.formatDescription()).as("%s as %s", fixture.getFileName(), variant)
        .isEqualTo(expected.formatDescription());
    assertThat(actual.warnings()).as("%s as %s", fixture.getFileName(), variant).hasSameSizeAs(expected.warnings());
  }
}
