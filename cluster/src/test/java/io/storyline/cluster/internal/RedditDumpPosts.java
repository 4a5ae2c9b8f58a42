package io.storyline.cluster.internal;

import io.storyline.cluster.eval.EvalDatasets;
import io.storyline.common.model.Post;
import io.storyline.common.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Real r/LocalLLaMA posts from {@code ../shared/data/reddit-localllama}, for tests of the cluster stage's stores. */
final class RedditDumpPosts {
  private RedditDumpPosts() {}

  /**
   * @return the dump folder ({@code -Dstoryline.shared.dir}, else {@code ../shared} or {@code ../../shared}),
   *     or null if absent (callers skip)
   */
  static Path dump() {
    String prop = System.getProperty("storyline.shared.dir");
    for (Path shared : prop != null ? List.of(Path.of(prop)) : List.of(Path.of("../shared"), Path.of("../../shared"))) {
      Path dir = shared.resolve("data/reddit-localllama");
      if (Files.isRegularFile(dir.resolve("posts-part1.jsonl"))) {
        return dir;
      }
    }
    return null;
  }

  /** @return the dump's posts created in [from, to), in created time then id order */
  static List<Post> posts(Path dir, Instant from, Instant to) throws IOException {
    List<Post> out = new ArrayList<>();
    for (String file : List.of("posts-part1.jsonl", "posts-part2.jsonl")) {
      for (String line : Files.readAllLines(dir.resolve(file))) {
        if (!line.isBlank()) {
          Post p = EvalDatasets.redditPost(Json.mapper().readTree(line));
          if (!p.createdAt().isBefore(from) && p.createdAt().isBefore(to)) {
            out.add(p);
          }
        }
      }
    }
    out.sort(Comparator.comparing(Post::createdAt).thenComparing((Post p) -> p.id()));
    return out;
  }
}
