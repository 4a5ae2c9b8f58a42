package io.storyline.ingest.format;

import io.storyline.common.model.Post;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: fixture paths under {@code src/test/resources/fixtures} and read-and-parse. */
final class Fixtures {
  private Fixtures() {}

  static Path path(String relative) {
    try {
      var url = Fixtures.class.getResource("/fixtures/" + relative);
      if (url == null) {
        throw new IllegalArgumentException("no test fixture fixtures/" + relative);
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static FileReadResult read(String relative) {
    return NativeFiles.read(path(relative));
  }

  /** Parses every item; fails the test on the first parse error. */
  static List<Post> posts(String relative) throws PostParseException {
    List<Post> out = new ArrayList<>();
    for (RawItem item : read(relative).items()) {
      out.add(NativeParsers.parse(item.format(), item.payload(), null));
    }
    return out;
  }

  static Post post(List<Post> posts, String id) {
    return posts.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no post " + id + " among " + posts.size()));
  }

  static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
