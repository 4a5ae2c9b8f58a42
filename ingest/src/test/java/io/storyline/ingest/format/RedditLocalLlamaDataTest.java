package io.storyline.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Reads the real r/LocalLLaMA dump in {@code ../shared/data/reddit-localllama} (skipped when absent). */
class RedditLocalLlamaDataTest {

  private static Path dataDir() {
    String shared = System.getProperty("storyline.shared.dir");
    Path base = shared != null ? Path.of(shared) : Path.of("").toAbsolutePath();
    if (shared == null) {
      // the module dir (surefire's working dir) or the project root: ../shared is next to the project root
      Path root = Files.exists(base.resolve("ingest")) ? base : base.getParent();
      base = root == null ? base : root.resolveSibling("shared");
    }
    return base.resolve("data").resolve("reddit-localllama");
  }

  @Test
  void shouldReadEveryFileOfTheFolderAndParseEveryItem() throws Exception {
    Path dir = dataDir();
    Assumptions.assumeTrue(Files.isDirectory(dir), "shared data folder " + dir + " is absent");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    List<RawItem> posts = new ArrayList<>();
    Set<String> threadPostIds = new HashSet<>();
    int threadItems = 0;
    List<String> warnings = new ArrayList<>();
    for (Path f : files) {
      FileReadResult r = NativeFiles.read(f);
      warnings.addAll(r.warnings());
      String name = f.getFileName().toString();
      if (name.startsWith("posts-")) {
        posts.addAll(r.items());
      } else if (name.startsWith("threads-")) {
        threadItems += r.items().size();
        r.items().stream().map(RawItem::nativeId).filter(id -> id.startsWith("t3_")).forEach(threadPostIds::add);
      } else {
        assertThat(r.items()).as("%s is not a native format", name).isEmpty();
      }
      for (RawItem i : r.items()) {
        assertThat(NativeParsers.parse(i.format(), i.payload(), null).nativeId()).isEqualTo(i.nativeId());
        assertThat(i.createdAt()).as("event time of %s", i.nativeId()).isNotNull();
      }
    }
    assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("ainews-labels.jsonl: not a known native format"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("SOURCE.md: not a known native format"));
    assertThat(posts).hasSize(3747);
    assertThat(posts).allSatisfy(i -> assertThat(i.format()).isEqualTo(NativeFormat.REDDIT_THING));
    Set<String> postIds = new HashSet<>();
    posts.forEach(i -> postIds.add(i.nativeId()));
    assertThat(threadPostIds).hasSize(214);
    assertThat(postIds).containsAll(threadPostIds);
    assertThat(threadItems).isGreaterThan(threadPostIds.size());
  }
}
