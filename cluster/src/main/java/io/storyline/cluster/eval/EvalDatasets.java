package io.storyline.cluster.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Readers of the labelled datasets under {@code <shared>/data} (see each folder's {@code SOURCE.md}),
 * each into an {@link EvalDataset} in stream order. Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@code news-t}, {@code tweets-t}: MStream (Yin et al., KDD 2018) News/Tweets in the {@code
 *       *-T.order.txt} order, gold = {@code clusterNo}. No timestamps: post i is created at {@code
 *       2000-01-01T00:00:00Z + i seconds}.
 *   <li>{@code ainews}: AINews items (one bullet = one post: title + text, its links), gold = {@code
 *       theme_id}, block = issue + section, items of {@code top_tweets} and {@code memes} themes not fed.
 *       Created at the issue date + item order in seconds.
 *   <li>{@code ainews-links}: AINews tweet/Reddit links of story themes (one link = one post: anchor,
 *       context, item title), gold = {@code story_id}, second level {@code theme_id}, block = issue +
 *       section. A link cited twice is the same post (the clusterer repeats its assignment).
 *   <li>{@code reddit}: all r/LocalLLaMA posts in {@code created_utc} order; the 267 in {@code
 *       ainews-labels.jsonl} are scored against the {@code theme_id} of their first AINews mention,
 *       block = that issue.
 *   <li>{@code crisis}: CrisisLexT26 tweets in {@code created_at} order, gold = event; "Not related"
 *       rows are fed but not scored; rows without {@code created_at} are skipped and counted.
 * </ul>
 */
public final class EvalDatasets {
  /** Dataset names accepted by {@link #load(String, Path, String, String)}. */
  public static final List<String> NAMES = List.of("news-t", "tweets-t", "ainews", "ainews-links", "reddit", "crisis");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant MSTREAM_T0 = Instant.parse("2000-01-01T00:00:00Z");
  private static final Pattern MD_LINK = Pattern.compile("\\[([^\\]]*)\\]\\((https?://[^)\\s]+)\\)");
  private static final Pattern HANDLE = Pattern.compile("@?\\b(?:tw|rd|dc)_user_\\d+\\b");
  private static final Pattern TWEET = Pattern.compile("/status(?:es)?/(\\d+)");
  private static final Pattern REDDIT_POST = Pattern.compile("/comments/([a-z0-9]+)");

  private EvalDatasets() {}

  /**
   * Finds the shared folder: system property {@code storyline.shared.dir}, else {@code ../shared}
   * or {@code ../../shared} relative to the working directory.
   *
   * @return the folder, or null if none exists
   */
  public static Path sharedDir() {
    String prop = System.getProperty("storyline.shared.dir");
    List<Path> candidates = prop != null ? List.of(Path.of(prop)) : List.of(Path.of("../shared"), Path.of("../../shared"));
    return candidates.stream().filter(Files::isDirectory).findFirst().orElse(null);
  }

  /**
   * @param name a dataset name from {@link #NAMES}
   * @return the dataset's folder name under {@code data/}
   * @throws IllegalArgumentException for an unknown name
   */
  public static String folder(String name) {
    return switch (name) {
      case "news-t", "tweets-t" -> "mstream-short-text";
      case "ainews", "ainews-links" -> "ainews-items";
      case "reddit" -> "reddit-localllama";
      case "crisis" -> "crisislext26";
      default -> throw new IllegalArgumentException("unknown dataset '" + name + "', must be one of " + NAMES);
    };
  }

  /**
   * Loads a dataset.
   *
   * @param name a name from {@link #NAMES}
   * @param shared the shared folder (holding {@code data/}); may not be null
   * @param fromMonth first month ({@code yyyy-MM}) for the AINews sets, or null for all
   * @param toMonth last month ({@code yyyy-MM}, inclusive) for the AINews sets, or null for all
   * @return the dataset
   * @throws IllegalArgumentException for an unknown name or a malformed row (naming file and line)
   * @throws UncheckedIOException if a file can't be read
   */
  public static EvalDataset load(String name, Path shared, String fromMonth, String toMonth) {
    Path dir = shared.resolve("data").resolve(folder(name));
    return switch (name) {
      case "news-t" -> mstream(dir, "News", "news-t");
      case "tweets-t" -> mstream(dir, "Tweets", "tweets-t");
      case "ainews" -> ainewsItems(dir, fromMonth, toMonth);
      case "ainews-links" -> ainewsLinks(dir, fromMonth, toMonth);
      case "reddit" -> reddit(dir);
      case "crisis" -> crisis(dir);
      default -> throw new IllegalArgumentException("unknown dataset '" + name + "', must be one of " + NAMES);
    };
  }

  // ---------------------------------------------------------------- MStream

  static EvalDataset mstream(Path dir, String set, String name) {
    Map<String, JsonNode> byId = new HashMap<>();
    Path data = dir.resolve(set + ".jsonl");
    forEachLine(data, (line, no) -> {
      JsonNode n = json(data, no, line);
      byId.put(required(n, "Id", data, no).asText(), n);
    });
    Path order = dir.resolve(set + "-T.order.txt");
    List<LabeledPost> posts = new ArrayList<>();
    forEachLine(order, (line, no) -> {
      String id = line.strip();
      JsonNode n = byId.get(id);
      if (n == null) {
        throw new IllegalArgumentException(order + " line " + no + ": id '" + id + "' is not in " + data);
      }
      int i = posts.size();
      Post p = Post.builder(Source.TWITTER, set.toLowerCase(Locale.ROOT) + "-" + id)
          .text(required(n, "textCleaned", data, no).asText())
          .createdAt(MSTREAM_T0.plusSeconds(i))
          .build();
      posts.add(LabeledPost.of(p, required(n, "clusterNo", data, no).asText()));
    });
    return new EvalDataset(name, "MStream " + set + "-T: " + posts.size() + " stemmed short texts in topic-drifting order,"
        + " gold = clusterNo; no timestamps (1 s apart)", posts, List.of(), null);
  }

  // ---------------------------------------------------------------- AINews

  private record Item(JsonNode node, String issue, String date, String section, Path file, int line) {
    /** Runs {@code build} on this item; a failure names the item's file and line. */
    <T> T build(java.util.function.Supplier<T> build) {
      try {
        return build.get();
      } catch (RuntimeException e) {
        throw atLine(file, line, e);
      }
    }
  }

  private static List<Item> ainewsStoryItems(Path dir, String fromMonth, String toMonth, List<String> skipped) {
    List<Item> items = new ArrayList<>();
    int excluded = 0;
    for (Path f : files(dir, "items-\\d{4}-\\d{2}\\.jsonl")) {
      String month = f.getFileName().toString().substring(6, 13);
      if ((fromMonth != null && month.compareTo(fromMonth) < 0) || (toMonth != null && month.compareTo(toMonth) > 0)) {
        continue;
      }
      List<Item> fileItems = new ArrayList<>();
      int[] ex = {0};
      forEachLine(f, (line, no) -> {
        JsonNode n = json(f, no, line);
        if (!"story".equals(required(n, "theme_kind", f, no).asText())) {
          ex[0]++;
          return;
        }
        fileItems.add(new Item(n, required(n, "issue", f, no).asText(), required(n, "date", f, no).asText(),
            required(n, "section", f, no).asText(), f, no));
      });
      excluded += ex[0];
      items.addAll(fileItems);
    }
    // stream order: by date, then issue, then file order (stable sort)
    items.sort(Comparator.comparing(Item::date).thenComparing(Item::issue));
    if (excluded > 0) {
      skipped.add(excluded + " items of top_tweets/memes themes (not story themes; top_tweets repeats other themes)");
    }
    return items;
  }

  static EvalDataset ainewsItems(Path dir, String fromMonth, String toMonth) {
    List<String> skipped = new ArrayList<>();
    List<LabeledPost> posts = new ArrayList<>();
    Map<String, Integer> perDay = new HashMap<>();
    for (Item it : ainewsStoryItems(dir, fromMonth, toMonth, skipped)) {
      JsonNode n = it.node();
      int seq = perDay.merge(it.date(), 1, Integer::sum);
      posts.add(it.build(() -> {
        List<String> links = new ArrayList<>();
        n.path("links").forEach(l -> links.add(l.path("url").asText()));
        String title = n.path("item_title").isTextual() ? n.get("item_title").asText() : null;
        Post p = Post.builder(sourceOf(it.section()), required(n, "story_id").asText())
            .channel(it.section())
            .title(title)
            .text(plainText(n.path("text").asText("")))
            .links(links.stream().distinct().toList())
            .createdAt(LocalDate.parse(it.date()).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(seq))
            .build();
        return new LabeledPost(p, required(n, "theme_id").asText(), it.issue() + "/" + it.section(), null);
      }));
    }
    return new EvalDataset("ainews", "AINews items " + range(fromMonth, toMonth) + ": " + posts.size()
        + " bullets (title + text + links), gold = theme_id, merges across issue/section not scored", posts, skipped, null);
  }

  static EvalDataset ainewsLinks(Path dir, String fromMonth, String toMonth) {
    List<String> skipped = new ArrayList<>();
    List<LabeledPost> posts = new ArrayList<>();
    Map<String, Integer> perDay = new HashMap<>();
    int otherKinds = 0;
    for (Item it : ainewsStoryItems(dir, fromMonth, toMonth, skipped)) {
      JsonNode n = it.node();
      String title = n.path("item_title").isTextual() ? n.get("item_title").asText() : null;
      for (JsonNode l : n.path("links")) {
        String kind = l.path("kind").asText();
        String url = l.path("url").asText();
        Matcher m = kind.equals("tweet") ? TWEET.matcher(url) : kind.equals("reddit") ? REDDIT_POST.matcher(url) : null;
        if (m == null || !m.find()) {
          otherKinds++;
          continue;
        }
        int seq = perDay.merge(it.date(), 1, Integer::sum);
        Source source = kind.equals("tweet") ? Source.TWITTER : Source.REDDIT;
        String anchor = l.path("anchor").asText("");
        String text = (HANDLE.matcher(anchor).matches() ? "" : anchor + ". ") + plainText(l.path("context").asText(""));
        posts.add(it.build(() -> {
          Post p = Post.builder(source, kind.equals("tweet") ? m.group(1) : "t3_" + m.group(1))
              .channel(it.section())
              .title(title)
              .text(text)
              .createdAt(LocalDate.parse(it.date()).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(seq))
              .build();
          return new LabeledPost(p, required(n, "story_id").asText(), it.issue() + "/" + it.section(),
              required(n, "theme_id").asText());
        }));
      }
    }
    skipped.add(otherKinds + " links of other kinds (web, github, arxiv, ...) or without a post id");
    return new EvalDataset("ainews-links", "AINews tweet/Reddit links " + range(fromMonth, toMonth) + ": " + posts.size()
        + " citations (anchor + context + item title), gold = story_id, second level theme_id, merges across"
        + " issue/section not scored", posts, skipped, "theme_id");
  }

  private static String range(String from, String to) {
    return (from == null ? "all" : from) + ".." + (to == null ? "all" : to);
  }

  private static Source sourceOf(String section) {
    return switch (section) {
      case "reddit" -> Source.REDDIT;
      case "discord_recap" -> Source.DISCORD;
      default -> Source.TWITTER;
    };
  }

  /**
   * @param markdown AINews bullet text
   * @return the text with Markdown links replaced by their anchor, pseudonymous handles and bold
   *     markers removed
   */
  static String plainText(String markdown) {
    String s = MD_LINK.matcher(markdown).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1)));
    s = HANDLE.matcher(s).replaceAll("");
    return s.replace("**", "").replaceAll("\\(\\s*[,;]?\\s*\\)", "").replaceAll("\\s+", " ").strip();
  }

  // ---------------------------------------------------------------- Reddit

  static EvalDataset reddit(Path dir) {
    Map<String, String[]> labels = new HashMap<>();
    Path labelFile = dir.resolve("ainews-labels.jsonl");
    forEachLine(labelFile, (line, no) -> {
      JsonNode n = json(labelFile, no, line);
      JsonNode first = null;
      for (JsonNode a : required(n, "ainews", labelFile, no)) {
        if (first == null || a.path("date").asText().compareTo(first.path("date").asText()) < 0) {
          first = a;
        }
      }
      if (first != null) {
        labels.put("t3_" + required(n, "post_id", labelFile, no).asText(),
            new String[] {first.path("theme_id").asText(), first.path("issue").asText()});
      }
    });
    List<Post> all = new ArrayList<>();
    for (Path f : files(dir, "posts-.*\\.jsonl")) {
      forEachLine(f, (line, no) -> all.add(redditPost(json(f, no, line))));
    }
    all.sort(Comparator.comparing(Post::createdAt).thenComparing(p -> p.id()));
    List<LabeledPost> posts = new ArrayList<>();
    for (Post p : all) {
      String[] l = labels.get(p.nativeId());
      posts.add(new LabeledPost(p, l == null ? null : l[0], l == null ? null : l[1], null));
    }
    long scored = posts.stream().filter(p -> p.gold() != null).count();
    return new EvalDataset("reddit", "r/LocalLLaMA: " + posts.size() + " posts in created order, " + scored
        + " scored against the theme_id of their first AINews mention, merges across issues not scored", posts, List.of(), null);
  }

  /**
   * @param d a Reddit t3 object (native JSON fields)
   * @return the post: title, selftext, outbound URL as link, score and comments
   */
  public static Post redditPost(JsonNode d) {
    JsonNode created = required(d, "created_utc");
    double seconds;
    try {
      seconds = created.isNumber() ? created.asDouble() : Double.parseDouble(created.asText());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field 'created_utc' is " + created + ", not epoch seconds", e);
    }
    long epochSeconds = (long) seconds;
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
        .engagement(new Engagement(null, null, null, d.has("score") ? d.get("score").asLong() : null,
            d.has("num_comments") ? d.get("num_comments").asLong() : null, null, null))
        .build();
  }

  // ---------------------------------------------------------------- CrisisLexT26

  static EvalDataset crisis(Path dir) {
    List<LabeledPost> posts = new ArrayList<>();
    int[] noTime = {0};
    int[] notRelated = {0};
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (Path f : files(dir, "tweets-part\\d+\\.tsv")) {
      forEachLine(f, (line, no) -> {
        if (no == 1 && line.startsWith("event\t")) {
          return;
        }
        String[] c = line.split("\t", 7);
        if (c.length < 7) {
          throw new IllegalArgumentException(f + " line " + no + ": " + c.length + " tab-separated columns, expected 7");
        }
        if (c[2].isBlank()) {
          noTime[0]++;
          return;
        }
        if (seen.put(c[1], true) != null) {
          return; // the same tweet id twice: the clusterer would repeat it anyway
        }
        boolean related = !c[5].equalsIgnoreCase("Not related");
        if (!related) {
          notRelated[0]++;
        }
        Post p = Post.builder(Source.TWITTER, c[1]).text(c[6]).createdAt(Instant.parse(c[2])).build();
        posts.add(new LabeledPost(p, related ? c[0] : null, null, null));
      });
    }
    posts.sort(Comparator.comparing((LabeledPost lp) -> lp.post().createdAt()).thenComparing(lp -> lp.post().id()));
    return new EvalDataset("crisis", "CrisisLexT26: " + posts.size() + " tweets in created order, gold = event; "
        + notRelated[0] + " 'Not related' tweets fed but not scored", posts,
        List.of(noTime[0] + " rows without created_at (2013_Boston_bombings)"), null);
  }

  // ---------------------------------------------------------------- helpers

  private interface LineHandler {
    void accept(String line, int lineNo);
  }

  private static void forEachLine(Path file, LineHandler handler) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (no == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // a UTF-8 byte-order mark, as Windows tools write: not part of the first row
        }
        if (!line.isBlank()) {
          try {
            handler.accept(line, no);
          } catch (RuntimeException e) {
            throw atLine(file, no, e);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " failed", e);
    }
  }

  private static List<Path> files(Path dir, String regex) {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> out = s.filter(p -> p.getFileName().toString().matches(regex)).sorted().toList();
      if (out.isEmpty()) {
        throw new IllegalArgumentException("no file matching " + regex + " in " + dir);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + dir + " failed", e);
    }
  }

  private static JsonNode json(Path file, int no, String line) {
    try {
      return MAPPER.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " line " + no + ": not JSON (" + e.getMessage() + ")", e);
    }
  }

  /**
   * @return {@code e} if it already names the file (the readers' own refusals), else an {@link
   *     IllegalArgumentException} naming the file and line with {@code e}'s message (a missing field's
   *     NullPointerException or a DateTimeParseException said neither)
   */
  private static IllegalArgumentException atLine(Path file, int no, RuntimeException e) {
    if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(file.toString())) {
      return iae;
    }
    return new IllegalArgumentException(file + " line " + no + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
  }

  /** @throws IllegalArgumentException naming the field if {@code n} is not an object holding it (non-null) */
  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return v;
  }

  private static JsonNode required(JsonNode n, String field, Path file, int no) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(file + " line " + no + ": field '" + field + "' is missing");
    }
    return v;
  }
}
