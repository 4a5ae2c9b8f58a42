package io.storyline.cluster.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
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

  static Post toPost(JsonNode d) {
    JsonNode created = d.get("created_utc");
    long epochSeconds = created.isNumber() ? (long) created.asDouble() : (long) Double.parseDouble(created.asText());
    String name = d.path("name").asText("t3_" + d.path("id").asText());
    String permalink = d.path("permalink").asText("");
    String url = d.path("url").asText(null);
    List<String> links = new ArrayList<>();
    if (url != null && !d.path("is_self").asBoolean(false) && url.startsWith("http")) {
      links.add(url);
    }
    return Post.builder(Source.REDDIT, name)
        .url(permalink.isEmpty() ? null : "https://www.reddit.com" + permalink)
        .author(d.path("author").asText(null))
        .channel(d.path("subreddit").asText(null))
        .title(d.path("title").asText(null))
        .text(d.path("selftext").asText(""))
        .links(links)
        .createdAt(Instant.ofEpochSecond(epochSeconds))
        .engagement(new Engagement(null, null, null,
            d.has("score") ? d.get("score").asLong() : null,
            d.has("num_comments") ? d.get("num_comments").asLong() : null, null, null))
        .build();
  }
}
