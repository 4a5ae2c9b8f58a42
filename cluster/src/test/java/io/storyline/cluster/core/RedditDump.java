package io.storyline.cluster.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyline.common.model.Post;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads the shared r/LocalLLaMA dump (bare t3 objects, one per line) into posts, for tests only. */
final class RedditDump {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RedditDump() {}

  /** @return the shared data folder, or null if absent */
  static Path sharedDir() {
    String prop = System.getProperty("storyline.shared.dir");
    List<Path> candidates = prop != null ? List.of(Path.of(prop)) : List.of(Path.of("../shared"), Path.of("../../shared"));
    return candidates.stream().filter(Files::isDirectory).findFirst().orElse(null);
  }

  /** @return the dump folder, or null if absent */
  static Path dumpDir() {
    Path shared = sharedDir();
    Path dir = shared == null ? null : shared.resolve("data/reddit-localllama");
    return dir != null && Files.isRegularFile(dir.resolve("posts-part1.jsonl")) ? dir : null;
  }

  /** @return posts created in [from, to), sorted by creation time then id */
  static List<Post> posts(Path dir, Instant from, Instant to) {
    List<Post> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("posts-.*\\.jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.isBlank()) {
            continue;
          }
          Post p = toPost(MAPPER.readTree(line));
          if (!p.createdAt().isBefore(from) && p.createdAt().isBefore(to)) {
            out.add(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + dir, e);
    }
    out.sort(Comparator.comparing(Post::createdAt).thenComparing((Post p) -> p.id()));
    return out;
  }

  /** The one t3 → Post mapping of the eval harness, so tests and {@code storyline eval} read posts alike. */
  static Post toPost(JsonNode d) {
    return io.storyline.cluster.eval.EvalDatasets.redditPost(d);
  }
}
