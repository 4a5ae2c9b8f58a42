package io.storyline.cluster.bench;

import io.storyline.cluster.eval.EvalDatasets;
import io.storyline.cluster.eval.LabeledPost;
import io.storyline.common.model.Post;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Real posts for the benchmarks, replayed from {@code <shared>/data} (the eval datasets: MStream
 * News-T and Tweets-T, AINews items, r/LocalLLaMA posts and comments, CrisisLexT26 tweets), interleaved
 * round-robin in each dataset's stream order so every slice mixes platforms and styles.
 *
 * <p>Split: every {@link #MEASURE_EVERY}-th post of the interleaved stream, up to {@code measured},
 * is held out as a measured post; the rest seed the active stories. When more seeds are wanted than
 * the corpus holds (about 88k posts), the seed list cycles with ids suffixed {@code ~1}, {@code ~2},
 * ... (same text, new post). Event times are re-stamped: seeds {@link #SEED_SPACING} apart from
 * {@link #T0}, measured posts after the last seed, so nothing ages out (idle horizon 72 h) and the
 * time factor stays near 1 whatever the datasets' own clocks; reply/parent links are kept (parent ids
 * carry the same suffix).
 */
public final class BenchCorpus {
  /** Datasets replayed, in interleaving order. */
  public static final List<String> DATASETS = List.of("tweets-t", "news-t", "ainews", "reddit", "crisis");
  /** One post in this many (of the interleaved stream) is held out for measurement. */
  public static final int MEASURE_EVERY = 40;
  /** First event time. */
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  /** Event-time spacing of seed posts. */
  public static final Duration SEED_SPACING = Duration.ofMillis(500);

  private final List<Post> seeds;
  private final List<Post> measured;

  private BenchCorpus(List<Post> seeds, List<Post> measured) {
    this.seeds = seeds;
    this.measured = measured;
  }

  /**
   * Loads the corpus.
   *
   * @param seedCount seed posts wanted, &ge; 0
   * @param measuredCount measured posts wanted, &ge; 1
   * @return the corpus
   * @throws IllegalStateException naming the folder if the shared data is absent
   */
  public static BenchCorpus load(int seedCount, int measuredCount) {
    return load(seedCount, measuredCount, false);
  }

  /**
   * Loads the corpus with seeds of distinct texts: the same split as {@link #load(int, int)}, but a seed
   * whose title and text (whitespace collapsed, lower case) equal an earlier seed's is left out (retweets,
   * cross-posts, repeated alerts), and the seed list never cycles, so no two seeds repeat one text and
   * there are fewer seeds than asked for once the corpus's distinct texts run out ({@link #seeds()} says
   * how many). Measured posts are the same as {@link #load(int, int)}'s and may repeat a seed's text.
   *
   * @param seedCount most seed posts wanted, &ge; 0
   * @param measuredCount measured posts wanted, &ge; 1
   * @return the corpus
   * @throws IllegalStateException naming the folder if the shared data is absent
   */
  public static BenchCorpus loadDistinct(int seedCount, int measuredCount) {
    return load(seedCount, measuredCount, true);
  }

  private static BenchCorpus load(int seedCount, int measuredCount, boolean distinct) {
    List<Post> stream = interleaved();
    List<Post> held = new ArrayList<>();
    List<Post> rest = new ArrayList<>();
    for (int i = 0; i < stream.size(); i++) {
      if (i % MEASURE_EVERY == 0 && held.size() < measuredCount) {
        held.add(stream.get(i));
      } else {
        rest.add(stream.get(i));
      }
    }
    if (held.size() < measuredCount) {
      throw new IllegalStateException("the corpus holds only " + held.size() + " measured posts, wanted " + measuredCount);
    }
    List<Post> seeds = new ArrayList<>(Math.min(seedCount, rest.size()));
    if (distinct) {
      java.util.Set<String> texts = new java.util.HashSet<>();
      for (int i = 0; i < rest.size() && seeds.size() < seedCount; i++) {
        if (texts.add(textKey(rest.get(i)))) {
          seeds.add(restamp(rest.get(i), 0, T0.plus(SEED_SPACING.multipliedBy(seeds.size()))));
        }
      }
    } else {
      for (int i = 0; i < seedCount; i++) {
        int cycle = i / rest.size();
        seeds.add(restamp(rest.get(i % rest.size()), cycle, T0.plus(SEED_SPACING.multipliedBy(i))));
      }
    }
    Instant after = T0.plus(SEED_SPACING.multipliedBy(seeds.size()));
    List<Post> measuredPosts = new ArrayList<>(measuredCount);
    for (int i = 0; i < measuredCount; i++) {
      measuredPosts.add(restamp(held.get(i), 0, after.plus(SEED_SPACING.multipliedBy(i))));
    }
    return new BenchCorpus(List.copyOf(seeds), List.copyOf(measuredPosts));
  }

  /** @return the shared folder; throws naming what is missing if absent */
  public static Path shared() {
    Path shared = EvalDatasets.sharedDir();
    if (shared == null) {
      throw new IllegalStateException("benchmark data not found: no ../shared (or ../../shared) folder relative to "
          + Path.of("").toAbsolutePath() + "; run from the project root or pass -Dstoryline.shared.dir=/path/to/shared");
    }
    for (String name : DATASETS) {
      Path dir = shared.resolve("data").resolve(EvalDatasets.folder(name));
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("benchmark data not found: " + dir + " (dataset " + name + ") is missing");
      }
    }
    return shared;
  }

  /** @return every post of {@link #DATASETS}, interleaved round-robin, original ids and times */
  public static List<Post> interleaved() {
    Path shared = shared();
    List<Iterator<LabeledPost>> its = new ArrayList<>();
    for (String name : DATASETS) {
      its.add(EvalDatasets.load(name, shared, null, null).posts().iterator());
    }
    List<Post> out = new ArrayList<>();
    boolean any = true;
    while (any) {
      any = false;
      for (Iterator<LabeledPost> it : its) {
        if (it.hasNext()) {
          out.add(it.next().post());
          any = true;
        }
      }
    }
    return out;
  }

  /** @return title and text, whitespace collapsed and lower-cased: equal for posts of the same text */
  private static String textKey(Post p) {
    String title = p.title() == null ? "" : p.title();
    String text = p.text() == null ? "" : p.text();
    return (title.strip() + "\n" + text.strip()).replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
  }

  private static Post restamp(Post p, int cycle, Instant t) {
    String suffix = cycle == 0 ? "" : "~" + cycle;
    return new Post(null, p.source(), p.nativeId() + suffix, p.url(), p.author(), p.channel(), p.title(), p.text(),
        p.links(), t, t, p.engagement(), p.relation(), p.parentId() == null ? null : p.parentId() + suffix,
        p.rootId() == null ? null : p.rootId() + suffix, p.lang(), p.schemaVersion());
  }

  /** @return the seed posts, in order; never null */
  public List<Post> seeds() {
    return seeds;
  }

  /**
   * @param start the event time of the first measured post
   * @return the measured posts re-stamped {@link #SEED_SPACING} apart from {@code start}, in order
   */
  public List<Post> measuredFrom(Instant start) {
    List<Post> out = new ArrayList<>(measured.size());
    for (int i = 0; i < measured.size(); i++) {
      out.add(restamp(measured.get(i), 0, start.plus(SEED_SPACING.multipliedBy(i))));
    }
    return List.copyOf(out);
  }

  /** @return the measured posts, in order; never null */
  public List<Post> measured() {
    return measured;
  }
}
