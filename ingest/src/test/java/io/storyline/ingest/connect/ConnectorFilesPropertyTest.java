package io.storyline.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@code storyline run ingest -c FILE}: connector files as editors and shells leave them. Whatever bytes a
 * file holds, {@link ConnectorFiles#read} returns a connector or refuses with an {@link IllegalArgumentException}
 * naming the file (nothing else escapes to print a stack trace); and the same settings written with a UTF-8
 * byte-order mark or Windows line ends read the same as plain ones.
 */
class ConnectorFilesPropertyTest {
  private static Path dir;

  @BeforeContainer
  static void createDir() throws IOException {
    dir = Files.createTempDirectory("connector-files-");
  }

  @AfterContainer
  static void deleteDir() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  @Provide
  Arbitrary<byte[]> contents() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> textual = Arbitraries.strings().withChars("{}[]\":,=\\\n\r\t #!abc.\u00e9\uFEFF").ofMaxLength(120)
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> latin1 = Arbitraries.strings().withCharRange('\u0020', '\u00ff').ofMaxLength(60)
        .map(s -> ("connector.class=x\nname=" + s + "\n").getBytes(StandardCharsets.ISO_8859_1));
    return Arbitraries.oneOf(random, textual, latin1);
  }

  @Property(tries = 300)
  void shouldReadAConnectorFileOrRefuseItNamingTheFile(@ForAll("contents") byte[] bytes,
      @ForAll("extensions") String extension) throws IOException {
    Path file = write("c" + extension, bytes);

    Throwable refused = catchThrowable(() -> ConnectorFiles.read(file));

    if (refused != null) {
      assertThat(refused).isInstanceOf(IllegalArgumentException.class);
      assertThat(refused.getMessage()).contains(file.toString());
    }
  }

  @Provide
  Arbitrary<String> extensions() {
    return Arbitraries.of(".properties", ".json", ".JSON", ".txt", "");
  }

  @Provide
  Arbitrary<Map<String, String>> settings() {
    Arbitrary<String> keys = Arbitraries.strings().withChars("abcdefghij.").ofMinLength(1).ofMaxLength(12)
        .filter(k -> !k.equals("name") && !k.equals("connector.class"));
    Arbitrary<String> values = Arbitraries.strings().withChars("abcXYZ019.,|/:- ").ofMaxLength(20).map(String::strip);
    return Arbitraries.maps(keys, values).ofMaxSize(6).map(m -> {
      Map<String, String> all = new LinkedHashMap<>(m);
      all.put("connector.class", "io.storyline.ingest.live.reddit.RedditSourceConnector");
      return all;
    });
  }

  @Property(tries = 200)
  void shouldReadTheSameSettingsWithAByteOrderMarkOrWindowsLineEnds(@ForAll("settings") Map<String, String> settings,
      @ForAll boolean json) throws IOException {
    String text = json
        ? settings.entrySet().stream().map(e -> "  \"" + e.getKey() + "\": \"" + e.getValue() + "\"")
            .collect(Collectors.joining(",\n", "{\"name\": \"reddit-live\", \"config\": {\n", "\n}}\n"))
        : settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "name=reddit-live\n", "\n"));
    String ext = json ? ".json" : ".properties";
    Path plain = write("plain" + ext, text.getBytes(StandardCharsets.UTF_8));
    Path bom = write("bom" + ext, ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8));
    Path crlf = write("crlf" + ext, text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));

    ConnectorFiles.Named expected = ConnectorFiles.read(plain);

    assertThat(expected.name()).isEqualTo("reddit-live");
    assertThat(expected.config()).isEqualTo(settings);
    assertThat(ConnectorFiles.read(bom)).as("with a byte-order mark").isEqualTo(expected);
    assertThat(ConnectorFiles.read(crlf)).as("with CRLF line ends").isEqualTo(expected);
  }

  @Example
  void shouldSayWhyAConnectorFileCannotBeRead() {
    Path missing = dir.resolve("missing.properties");

    Throwable refused = catchThrowable(() -> ConnectorFiles.read(missing));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("no such file");
  }

  @Example
  void shouldSayThatAFileIsNotUtf8NamingTheByte() throws IOException {
    Path latin1 = write("latin1.properties", "connector.class=x\nname=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    Throwable refused = catchThrowable(() -> ConnectorFiles.read(latin1));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(latin1.toString()).hasMessageContaining("is not UTF-8 text (byte 26");
  }

  @Example
  void shouldRefuseARootPathNamingIt() {
    Throwable refused = catchThrowable(() -> ConnectorFiles.read(Path.of("/")));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connector file /");
  }
}
