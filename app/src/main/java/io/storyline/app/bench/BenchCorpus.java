package io.storyline.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.serde.Json;
import io.storyline.ingest.connect.ReplayPlan;
import io.storyline.ingest.format.NativeParsers;
import io.storyline.ingest.format.PostParseException;
import io.storyline.ingest.format.RawItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real posts the benchmarks replay: from the team's shared data when it is present ({@code
 * reddit-localllama} posts and threads through the ingest parsers, {@code ainews-items} Twitter and
 * Reddit recap items, optionally {@code mstream-short-text} tweets), else from the sample shipped in
 * the jar. Seeds keep their text, title, author and links; ids and times are given afresh when they
 * are rendered ({@link RawPosts}). Immutable after loading.
 */
public final class BenchCorpus {
  private static final Logger log = LoggerFactory.getLogger(BenchCorpus.class);
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[([^\\]]*)\\]\\((https?://[^)\\s]+)\\)");

  private final List<Seed> seeds;
  private final List<String> origins;

  private BenchCorpus(List<Seed> seeds, List<String> origins) {
    this.seeds = List.copyOf(seeds);
    this.origins = List.copyOf(origins);
  }

  /**
   * Loads the corpus.
   *
   * @param sharedData the shared data folder ({@code ../shared/data}); null or missing = use the sample
   * @param includeShortTweets also load the 30k MStream tweets (stemmed short text)
   * @param sample supplies the extracted sample directory when the shared data is absent; may not be null
   * @return the corpus, seeds in original-time order (undated seeds last, in file order)
   * @throws IllegalStateException if no seed could be read at all
   */
  public static BenchCorpus load(Path sharedData, boolean includeShortTweets, java.util.function.Supplier<Path> sample) {
    Objects.requireNonNull(sample, "sample supplier can't be null");
    List<Seed> dated = new ArrayList<>();
    List<Seed> undated = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    if (sharedData != null && Files.isDirectory(sharedData)) {
      Path reddit = sharedData.resolve("reddit-localllama");
      if (Files.isDirectory(reddit)) {
        List<Path> files = jsonl(reddit, "posts-part", "threads-part");
        int n = addNative(files, dated);
        origins.add(reddit + " (" + n + " posts and comments)");
      }
      Path ainews = sharedData.resolve("ainews-items");
      if (Files.isDirectory(ainews)) {
        int n = addAinews(jsonl(ainews, "items-"), dated);
        origins.add(ainews + " (" + n + " recap items)");
      }
      Path mstream = sharedData.resolve("mstream-short-text/Tweets.jsonl");
      if (includeShortTweets && Files.isRegularFile(mstream)) {
        int n = addMstream(mstream, undated);
        origins.add(mstream + " (" + n + " tweets)");
      }
    }
    if (dated.isEmpty() && undated.isEmpty()) {
      Path dir = sample.get();
      int n = addNative(List.of(dir), dated);
      origins.add("bundled sample (" + n + " posts)");
    }
    dated.sort(Comparator.comparing(Seed::originalTime, Comparator.nullsLast(Comparator.naturalOrder())));
    List<Seed> all = new ArrayList<>(dated);
    all.addAll(undated);
    if (all.isEmpty()) {
      throw new IllegalStateException("no benchmark posts could be read from " + sharedData + " or the bundled sample");
    }
    log.info("Benchmark corpus: {} seeds from {}", all.size(), origins);
    return new BenchCorpus(all, origins);
  }

  /** @return the seeds, in original-time order; never empty */
  public List<Seed> seeds() {
    return seeds;
  }

  /** @return where the seeds came from, one line per source with counts */
  public List<String> origins() {
    return origins;
  }

  /**
   * @param day a UTC day
   * @return the seeds created on that day, in time order; possibly empty
   */
  public List<Seed> onDay(LocalDate day) {
    Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return seeds.stream()
        .filter(s -> s.originalTime() != null && !s.originalTime().isBefore(from) && s.originalTime().isBefore(to))
        .toList();
  }

  private static List<Path> jsonl(Path dir, String... prefixes) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> {
            String name = p.getFileName().toString();
            return name.endsWith(".jsonl") && Stream.of(prefixes).anyMatch(name::startsWith);
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("can't list benchmark data folder " + dir, e);
    }
  }

  /** Reads native files with the ingest parsers: what the normalizer would make of them. */
  private static int addNative(List<Path> paths, List<Seed> out) {
    if (paths.isEmpty()) {
      return 0;
    }
    ReplayPlan plan = ReplayPlan.plan(paths);
    int n = 0;
    int failed = 0;
    for (RawItem item : plan.items()) {
      if (item.format().source() == null) {
        continue;
      }
      try {
        Post p = NativeParsers.parse(item.format(), item.payload(), null);
        Source as = p.source() == Source.REDDIT ? Source.REDDIT : Source.TWITTER;
        out.add(new Seed(as, p.title(), p.text(), p.author(), p.links(), p.createdAt()));
        n++;
      } catch (PostParseException e) {
        failed++;
      }
    }
    if (failed > 0) {
      log.info("Benchmark corpus: {} native records of {} did not parse and are not used", failed, paths);
    }
    return n;
  }

  private static int addAinews(List<Path> files, List<Seed> out) {
    int n = 0;
    for (Path file : files) {
      for (JsonNode item : readLines(file)) {
        String section = item.path("section").asText("");
        if ("top_tweets".equals(item.path("theme_kind").asText(""))) {
          continue; // repeats of tweets of other themes
        }
        Instant day = LocalDate.parse(item.path("date").asText("1970-01-01")).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant time = day.plusSeconds(60L * item.path("theme_idx").asInt(0) + item.path("item_idx").asInt(0));
        String raw = item.path("text").asText("");
        List<String> links = new ArrayList<>();
        for (JsonNode link : item.path("links")) {
          String url = link.path("url").asText(null);
          if (url != null) {
            links.add(url);
          }
        }
        String text = plain(raw);
        if ("reddit".equals(section)) {
          out.add(new Seed(Source.REDDIT, item.path("item_title").asText(null), text, null, links, time));
        } else {
          out.add(new Seed(Source.TWITTER, null, text, null, links, time));
        }
        n++;
      }
    }
    return n;
  }

  private static int addMstream(Path file, List<Seed> out) {
    int n = 0;
    for (JsonNode item : readLines(file)) {
      String text = item.path("textCleaned").asText("");
      if (!text.isBlank()) {
        out.add(new Seed(Source.TWITTER, null, text, null, List.of(), null));
        n++;
      }
    }
    return n;
  }

  /** Markdown links {@code [anchor](url)} become {@code anchor url}, as a tweet shows them. */
  private static String plain(String markdown) {
    Matcher m = MARKDOWN_LINK.matcher(markdown);
    return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + " " + r.group(2)));
  }

  private static List<JsonNode> readLines(Path file) {
    List<JsonNode> nodes = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          nodes.add(Json.mapper().readTree(line));
        } catch (IOException e) {
          log.warn("Benchmark corpus: {} line {} is not JSON ({}); skipped", file, lineNo, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("can't read benchmark data file " + file, e);
    }
    return nodes;
  }
}
