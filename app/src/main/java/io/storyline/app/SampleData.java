package io.storyline.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The small real sample shipped inside the jar (under {@code sample/}, listed in {@code
 * sample/INDEX}): arXiv listings as export API Atom pages (CC0 metadata) and Reddit and X API
 * payloads from permissively licensed fixtures; see {@code NOTICE}.
 */
final class SampleData {
  private static final String ROOT = "/sample/";

  private SampleData() {}

  /**
   * Copies the sample into {@code dir}.
   *
   * @param dir an existing, writable directory; may not be null
   * @return {@code dir/sample}, holding the files
   * @throws UncheckedIOException if the index or a file is missing from the classpath or cannot be written
   */
  static Path extractTo(Path dir) {
    Path target = dir.resolve("sample");
    try {
      for (String name : index()) {
        Path file = target.resolve(name).normalize();
        if (!file.startsWith(target)) {
          throw new IOException("sample index entry '" + name + "' escapes the sample directory");
        }
        Files.createDirectories(file.getParent());
        try (InputStream in = SampleData.class.getResourceAsStream(ROOT + name)) {
          if (in == null) {
            throw new IOException("sample file '" + name + "' listed in sample/INDEX is not on the classpath");
          }
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract the bundled sample to " + target + ": " + e.getMessage(), e);
    }
    return target;
  }

  private static List<String> index() throws IOException {
    try (InputStream in = SampleData.class.getResourceAsStream(ROOT + "INDEX")) {
      if (in == null) {
        throw new IOException("sample/INDEX is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    }
  }
}
