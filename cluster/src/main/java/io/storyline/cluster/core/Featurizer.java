package io.storyline.cluster.core;

import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * Turns a post into a sparse TF-IDF vector plus exact link/id keys.
 *
 * <p>Term frequency: {@code raw = titleWeight * tf(title) + tf(text)}, sublinear {@code 1 + ln(raw)}; a
 * closed compound the stream also writes apart ({@link CompoundSplitter}: {@code knockknocklive}) adds
 * half its raw count ({@link CompoundSplitter#PART_WEIGHT}) to each of its parts ({@code knock}, {@code
 * live}) and keeps its own;
 * inverse document frequency smoothed so it stays sensible on a small index, {@code idf = ln((N + 1)
 * / (df + 1)) + }{@link #IDF_OFFSET} (scikit-learn's smooth_idf, https://scikit-learn.org/stable/modules/feature_extraction.html#tfidf-term-weighting,
 * which adds 1),
 * where N and df count the posts seen so far including this one. The vector is L2-normalised. After
 * Miranda et al., "Multilingual Clustering of Streaming News", EMNLP 2018
 * (https://aclanthology.org/D18-1483/), with title and body merged into one weighted vector.
 *
 * <p>Thread-safe if the analyzer is (a {@link PostAnalyzer} is).
 */
public final class Featurizer {
  private static final Pattern RELEASE =
      Pattern.compile("(?i)\\b(releas(e|ed|es|ing)|launch(ed|es)?|open[- ]?sourc(e|ed|ing)|open[- ]weights?|weights|gguf|github|repo|library|tool|v\\d+(\\.\\d+)*)\\b");

  /**
   * Added to {@code ln((N + 1) / (df + 1))}: 1 in scikit-learn; 0.3 here, so a term in almost every
   * post keeps a small weight instead of a third of a rare term's (measured in docs/QUALITY.md: the
   * r/LocalLLaMA week no longer chains generic posts, "local", "LLMs", "models", into one story).
   */
  public static final double IDF_OFFSET = 0.3;
  private final PostAnalyzer analyzer;
  private final ClusterParams params;

  /**
   * @param analyzer the analyzer; may not be null
   * @param params the parameters; may not be null
   */
  public Featurizer(PostAnalyzer analyzer, ClusterParams params) {
    this.analyzer = analyzer;
    this.params = params;
  }

  /**
   * Term counts of a post before weighting.
   *
   * @param titleCounts term to count in the title
   * @param textCounts term to count in the body (first {@code maxTextChars})
   * @param surfaces term to surface form, title first
   */
  public record TermCounts(Map<String, Integer> titleCounts, Map<String, Integer> textCounts, Map<String, String> surfaces) {
    /** @return the distinct terms of title and text, sorted */
    public Set<String> distinctTerms() {
      TreeMap<String, Boolean> all = new TreeMap<>();
      titleCounts.keySet().forEach(t -> all.put(t, true));
      textCounts.keySet().forEach(t -> all.put(t, true));
      return all.keySet();
    }
  }

  /**
   * @param post the post; may not be null
   * @return its analysed term counts
   */
  public TermCounts count(Post post) {
    Map<String, Integer> title = new HashMap<>();
    Map<String, Integer> text = new HashMap<>();
    Map<String, String> surfaces = new HashMap<>();
    for (PostAnalyzer.Token t : analyzer.tokens(post.title())) {
      title.merge(t.term(), 1, Integer::sum);
      surfaces.putIfAbsent(t.term(), t.surface());
    }
    String body = post.text();
    if (body.length() > params.maxTextChars()) {
      body = body.substring(0, params.maxTextChars());
    }
    for (PostAnalyzer.Token t : analyzer.tokens(body)) {
      text.merge(t.term(), 1, Integer::sum);
      surfaces.putIfAbsent(t.term(), t.surface());
    }
    return new TermCounts(title, text, surfaces);
  }

  /**
   * Weights term counts into features.
   *
   * @param post the post; may not be null
   * @param counts its term counts from {@link #count(Post)}
   * @param docFreq document frequency of a term, counting this post; at least 1 for its terms
   * @param docCount posts seen so far, counting this one, at least 1
   * @return the features
   */
  public PostFeatures features(Post post, TermCounts counts, ToLongFunction<String> docFreq, long docCount) {
    Map<String, Double> raw = new HashMap<>();
    counts.titleCounts().forEach((t, c) -> raw.merge(t, params.titleWeight() * c, Double::sum));
    counts.textCounts().forEach((t, c) -> raw.merge(t, (double) c, Double::sum));
    // closed compounds also count as the words the stream writes apart (knockknocklive: knock, live)
    Map<String, Double> parts = new HashMap<>();
    raw.forEach((t, c) -> {
      List<String> split = CompoundSplitter.split(t, docFreq);
      if (split != null) {
        split.forEach(part -> parts.merge(part, CompoundSplitter.PART_WEIGHT * c, Double::sum));
      }
    });
    parts.forEach((t, c) -> raw.merge(t, c, Double::sum));
    Map<String, Double> weighted = new HashMap<>();
    double sq = 0;
    for (Map.Entry<String, Double> e : raw.entrySet()) {
      double tf = 1 + Math.log(e.getValue());
      double idf = idf(docFreq.applyAsLong(e.getKey()), docCount);
      double w = tf * idf;
      weighted.put(e.getKey(), w);
      sq += w * w;
    }
    double norm = Math.sqrt(sq);
    LinkedHashMap<String, Double> vector = Vectors.top(weighted, Integer.MAX_VALUE);
    if (norm > 0) {
      vector.replaceAll((t, w) -> w / norm);
    }
    Map<String, String> surfaces = new HashMap<>();
    vector.keySet().forEach(t -> surfaces.put(t, counts.surfaces().getOrDefault(t, t)));
    Set<String> keys = LinkKeys.of(post);
    boolean paper = post.source() == Source.ARXIV || keys.stream().anyMatch(k -> k.startsWith("arxiv:"));
    boolean tool = keys.stream().anyMatch(k -> k.startsWith("gh:") || k.startsWith("hf:"))
        || (post.title() != null && RELEASE.matcher(post.title()).find());
    return new PostFeatures(post, vector, surfaces, keys, eventTime(post), engagementMass(post.engagement()), paper, tool);
  }

  /**
   * Smoothed inverse document frequency, {@code ln((N + 1) / (df + 1)) + IDF_OFFSET}.
   *
   * @param df document frequency, &ge; 0
   * @param n document count, &ge; 0
   * @return idf, &ge; {@link #IDF_OFFSET} when df &le; n
   */
  public static double idf(long df, long n) {
    return Math.log((n + 1.0) / (df + 1.0)) + IDF_OFFSET;
  }

  /** @return createdAt, or fetchedAt if createdAt is later (guards the watermark against bad clocks) */
  public static Instant eventTime(Post post) {
    return post.createdAt().isAfter(post.fetchedAt()) ? post.fetchedAt() : post.createdAt();
  }

  /** @return likes + reposts + replies + max(score, 0) + comments + reactions; unknown counts as 0 */
  public static long engagementMass(Engagement e) {
    long m = 0;
    m += e.likes() == null ? 0 : Math.max(0, e.likes());
    m += e.reposts() == null ? 0 : Math.max(0, e.reposts());
    m += e.replies() == null ? 0 : Math.max(0, e.replies());
    m += e.score() == null ? 0 : Math.max(0, e.score());
    m += e.comments() == null ? 0 : Math.max(0, e.comments());
    m += e.reactions() == null ? 0 : Math.max(0, e.reactions());
    return m;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Featurizer(tf=1+ln(%.1f*title+text), idf=ln((N+1)/(df+1))+0.3, maxTextChars=%d)",
        params.titleWeight(), params.maxTextChars());
  }
}
