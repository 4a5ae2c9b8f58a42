package io.storyline.cluster.summary;

import io.storyline.cluster.vector.SparseVectors;
import io.storyline.common.text.TextCut;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Extractive summary of a story: the two or three most central sentences of its posts, by
 * continuous LexRank (G. Erkan and D. R. Radev, "LexRank: Graph-based Lexical Centrality as
 * Salience in Text Summarization", JAIR 22, 2004, https://doi.org/10.1613/jair.1523).
 *
 * <p>Steps:
 *
 * <ol>
 *   <li>Split each passage into sentences ({@link BreakIterator}, English rules). A candidate has at
 *       least {@link #MIN_TERMS} analysed terms and {@link #MIN_CHARS}..{@link #MAX_CHARS}
 *       characters; the last sentence of a truncated passage is dropped (it is cut mid-sentence).
 *       Over-long sentences are used, cut at a word with an ellipsis, only when no sentence fits.
 *   <li>Term vectors: term frequencies from the supplied analyser (the cluster's {@code
 *       PostAnalyzer}, so {@code Kimi-K2} and {@code 27B} stay whole) weighted by a smoothed inverse
 *       sentence frequency over this story's candidate sentences, {@code idf = ln((N + 1) / (df + 1))
 *       + 1}.
 *   <li>Similarity: the paper's idf-modified cosine (equation 1).
 *   <li>Centrality: the stationary distribution of the row-normalised similarity graph ("continuous
 *       LexRank", the paper's equation 5, {@code p = d/N + (1 - d) M^T p}), by power iteration to an
 *       L1 change below 1e-10 or 500 rounds. Self-similarity is left out so an off-topic sentence
 *       cannot rank by keeping its own mass. The jump is biased towards the headline, as in biased
 *       LexRank (J. Otterbacher, G. Erkan, D. R. Radev, "Using Random Walks for Question-focused
 *       Sentence Retrieval", HLT/EMNLP 2005, https://aclanthology.org/H05-1115/): {@code p = d b +
 *       (1 - d) M^T p} with {@code b} proportional to {@link #HEADLINE_FLOOR} + the sentence's
 *       similarity to the headline and {@code d =} {@link #DAMPING}, so when a story holds posts on
 *       more than one subject the summary stays with the one its headline names.
 *   <li>Selection: by centrality, ties (to 1e-9) broken by position (earlier passage, then earlier
 *       sentence), skipping a sentence that equals (case- and space-insensitively) or is a near
 *       duplicate of (idf-modified cosine &ge; {@link #REDUNDANCY}) the excluded headline or a
 *       sentence already chosen: the redundancy filter of MEAD's reranker that LexRank was
 *       evaluated in. Two sentences, and a third when all three fit in {@link #BUDGET_CHARS}.
 *   <li>Output: the chosen sentences in passage order, joined by a space.
 * </ol>
 *
 * <p>Deterministic: the same passages in the same order give the same summary. Thread-safe if the
 * analyser function is (the cluster's {@code PostAnalyzer::terms} is). Cost: O(S^2 · T) for S
 * candidate sentences of T terms; a story's bounded top posts give at most a few dozen sentences.
 */
public final class LexRankSummarizer {
  /** Jump probability of the random walk (the paper's d uses values in [0.1, 0.2]; see the class doc). */
  public static final double DAMPING = 0.3;
  /** Added to every sentence's similarity to the headline in the jump distribution. */
  public static final double HEADLINE_FLOOR = 0.05;
  /** idf-modified cosine at or above which two sentences count as near duplicates. */
  public static final double REDUNDANCY = 0.5;
  /** Fewest analysed terms a candidate sentence has. */
  public static final int MIN_TERMS = 3;
  /** Fewest characters a candidate sentence has. */
  public static final int MIN_CHARS = 20;
  /** Most characters of a candidate sentence. */
  public static final int MAX_CHARS = 300;
  /** A third sentence is added only if the summary stays within this many characters. */
  public static final int BUDGET_CHARS = 420;

  private static final int MAX_ITERATIONS = 500;
  private static final double TOLERANCE = 1e-10;
  private static final double TIE = 1e-9;

  private final Function<String, List<String>> analyzer;
  /** Candidate sentences per passage (text, truncated, allowLong), most recently used last; null: no memo. */
  private final Map<PassageKey, List<Sentence>> memo;
  /** Headline term frequencies (a one-element list), most recently used last; null: no memo. */
  private final Map<PassageKey, List<Sentence>> headlines;

  private record PassageKey(String text, boolean truncated, boolean allowLong) {}

  /**
   * A piece of text to summarise: the text of one post.
   *
   * @param text the plain text; null is treated as empty
   * @param truncated true if the text was cut at a length limit, so its last sentence is incomplete
   */
  public record Passage(String text, boolean truncated) {
    /** Normalises a null text to empty. */
    public Passage {
      text = text == null ? "" : text;
    }
  }

  /**
   * @param analyzer text to analysed terms (lower case, stop words removed), e.g. the cluster's
   *     {@code PostAnalyzer::terms}; may not be null; must not return null
   */
  public LexRankSummarizer(Function<String, List<String>> analyzer) {
    this.analyzer = Objects.requireNonNull(analyzer, "summarizer analyzer can't be null");
    this.memo = null;
    this.headlines = null;
  }

  /**
   * A summarizer that remembers the candidate sentences (split, filtered, analysed) of the last
   * {@code memoPassages} distinct passages, so summarising a story again after one of its posts
   * changed analyses only the new post. The analyser must be a pure function of its input (the
   * cluster's is); summaries are then exactly those of {@link #LexRankSummarizer(Function)}. Not
   * thread-safe (the memo is a plain LRU map): one instance per thread.
   *
   * @param analyzer as for {@link #LexRankSummarizer(Function)}
   * @param memoPassages passages remembered, &ge; 1
   * @throws IllegalArgumentException if {@code memoPassages} &lt; 1
   */
  public LexRankSummarizer(Function<String, List<String>> analyzer, int memoPassages) {
    this.analyzer = Objects.requireNonNull(analyzer, "summarizer analyzer can't be null");
    if (memoPassages < 1) {
      throw new IllegalArgumentException("illegal summarizer memo size: " + memoPassages + ", must be at least 1");
    }
    this.memo = lru(memoPassages);
    this.headlines = lru(memoPassages);
  }

  private static Map<PassageKey, List<Sentence>> lru(int max) {
    return new java.util.LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<PassageKey, List<Sentence>> eldest) {
        return size() > max;
      }
    };
  }

  /**
   * @param passages the story's post texts, most representative first (the order breaks ties); may
   *     not be null
   * @param headline the story's headline, never repeated in the summary; null is treated as empty
   * @return two or three sentences joined by a space (fewer if the passages hold fewer distinct
   *     sentences), empty if none qualifies; never null
   */
  public String summarize(List<Passage> passages, String headline) {
    return String.join(" ", sentences(passages, headline));
  }

  /**
   * The sentences {@link #summarize} joins.
   *
   * @param passages as for {@link #summarize}
   * @param headline as for {@link #summarize}
   * @return at most three sentences in passage order; never null
   */
  public List<String> sentences(List<Passage> passages, String headline) {
    Objects.requireNonNull(passages, "summarizer passages can't be null");
    List<Sentence> fitting = candidates(passages, false);
    List<Sentence> candidates = fitting.isEmpty() ? candidates(passages, true) : fitting;
    if (candidates.isEmpty()) {
      return List.of();
    }
    String head = headline == null ? "" : headline.strip();
    Sentence headSentence = headline(head, candidates);
    List<Layout> layouts = new ArrayList<>(candidates.size());
    for (Sentence c : candidates) {
      layouts.add(c.layout());
    }
    SentenceVectors vectors = SentenceVectors.of(layouts, headSentence.layout());
    double[] toHead = new double[candidates.size()];
    double[] bias = new double[candidates.size()];
    for (int i = 0; i < bias.length; i++) {
      toHead[i] = vectors.toHead(i);
      bias[i] = HEADLINE_FLOOR + toHead[i];
    }
    double[] scores = centrality(vectors.similarities(), bias);

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingLong(i -> -Math.round(scores[i] / TIE)).thenComparingInt(i -> i));

    Set<String> seen = new HashSet<>();
    seen.add(headSentence.key());
    List<Integer> chosen = new ArrayList<>();
    int chars = 0;
    for (int index : order) {
      final int i = index;
      Sentence s = candidates.get(i);
      if (!seen.add(s.key()) || toHead[i] >= REDUNDANCY) {
        continue;
      }
      if (chosen.stream().anyMatch(j -> vectors.cosine(i, j) >= REDUNDANCY)) {
        continue;
      }
      if (chosen.size() == 2 && chars + 1 + s.text().length() > BUDGET_CHARS) {
        continue;
      }
      chosen.add(i);
      chars += (chars == 0 ? 0 : 1) + s.text().length();
      if (chosen.size() == 3) {
        break;
      }
    }
    chosen.sort(Comparator.naturalOrder());
    return chosen.stream().map(i -> candidates.get(i).text()).toList();
  }

  /**
   * A candidate sentence with its analysed term frequencies and, once asked for, its duplicate key.
   * Position = index in the list. Shared through the memo: tf is never modified after construction.
   */
  private static final class Sentence {
    private final String text;
    private final Map<String, Integer> tf;
    private String key;
    private Layout layout;

    Sentence(String text, Map<String, Integer> tf) {
      this.text = text;
      this.tf = tf;
    }

    String text() {
      return text;
    }

    Map<String, Integer> tf() {
      return tf;
    }

    String key() {
      if (key == null) {
        key = LexRankSummarizer.key(text);
      }
      return key;
    }

    /** The term frequencies in weight-vector order, computed once per sentence (the memo shares it). */
    Layout layout() {
      if (layout == null) {
        layout = Layout.of(tf);
      }
      return layout;
    }
  }

  private List<Sentence> candidates(List<Passage> passages, boolean allowLong) {
    List<Sentence> out = new ArrayList<>();
    for (Passage p : passages) {
      if (memo == null) {
        candidates(p, allowLong, out);
      } else {
        PassageKey key = new PassageKey(p.text(), p.truncated(), allowLong);
        List<Sentence> known = memo.get(key);
        if (known == null) {
          List<Sentence> found = new ArrayList<>();
          candidates(p, allowLong, found);
          known = List.copyOf(found);
          memo.put(key, known);
        }
        out.addAll(known);
      }
    }
    return out;
  }

  /** Adds one passage's candidate sentences to {@code out}; their term maps are not modified afterwards. */
  private void candidates(Passage p, boolean allowLong, List<Sentence> out) {
    List<String> split = split(p.text());
    int n = p.truncated() && !split.isEmpty() ? split.size() - 1 : split.size();
    for (int i = 0; i < n; i++) {
      String text = split.get(i);
      if (text.length() < MIN_CHARS || (text.length() > MAX_CHARS && !allowLong)) {
        continue;
      }
      if (text.length() > MAX_CHARS) {
        text = cut(text);
      }
      Map<String, Integer> tf = termFrequencies(text);
      if (tf.values().stream().mapToInt(Integer::intValue).sum() >= MIN_TERMS) {
        out.add(new Sentence(text, tf));
      }
    }
  }

  /** @return the sentences of a text, stripped, non-empty, in order */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    String collapsed = collapseWhitespace(text.strip());
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
    it.setText(collapsed);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      String s = collapsed.substring(start, end).strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static String cut(String text) {
    int space = text.lastIndexOf(' ', MAX_CHARS - 1);
    return (space > MAX_CHARS / 2 ? text.substring(0, space) : TextCut.prefix(text, MAX_CHARS - 1)).strip() + "\u2026";
  }

  /**
   * The headline as a sentence (term frequencies and duplicate key), from the memo when there is one
   * (a story's headline changes rarely).
   */
  private Sentence headline(String head, List<Sentence> candidates) {
    if (memo == null) {
      return new Sentence(head, termFrequencies(head, candidates));
    }
    PassageKey key = new PassageKey(head, false, false);
    List<Sentence> known = headlines.get(key);
    if (known == null) {
      known = List.of(new Sentence(head, termFrequencies(head, candidates)));
      headlines.put(key, known);
    }
    return known.get(0);
  }

  /**
   * The headline's term frequencies: those of a candidate sentence with the same text when there is one
   * (an untitled story's headline is its first post's first sentence; the analyser is a pure function of
   * the text, so they are the map analysing the headline would build), else analysed.
   */
  private Map<String, Integer> termFrequencies(String head, List<Sentence> candidates) {
    for (Sentence c : candidates) {
      if (c.text().equals(head)) {
        return c.tf();
      }
    }
    return termFrequencies(head);
  }

  private Map<String, Integer> termFrequencies(String text) {
    Map<String, Integer> tf = new HashMap<>();
    for (String t : analyzer.apply(text)) {
      tf.merge(t, 1, Integer::sum);
    }
    return tf;
  }

  /**
   * Replaces every run of ASCII whitespace (regex {@code \s}: space, tab, newline, vertical tab, form
   * feed, carriage return) by one space: {@code text.replaceAll("\\s+", " ")} without a regex.
   *
   * @param text the text; may not be null
   * @return the collapsed text ({@code text} itself if nothing changes); never null
   */
  public static String collapseWhitespace(String text) {
    return collapse(text, false);
  }

  /** @return a case- and whitespace-insensitive key without trailing punctuation */
  static String key(String sentence) {
    // replaceAll("[\\s\\p{Punct}\u2026]+", " ") without a regex
    return collapse(sentence.toLowerCase(Locale.ROOT), true).strip();
  }

  /**
   * Replaces every run of ASCII whitespace (and, with {@code punctuation}, of POSIX punctuation
   * {@code \p{Punct}} and the ellipsis U+2026) by one space.
   */
  private static String collapse(String text, boolean punctuation) {
    int n = text.length();
    StringBuilder sb = null;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (!isRunChar(c, punctuation)) {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      int end = i + 1;
      while (end < n && isRunChar(text.charAt(end), punctuation)) {
        end++;
      }
      if (sb == null) {
        if (c == ' ' && end == i + 1) {
          continue; // a single space stays as it is
        }
        sb = new StringBuilder(n).append(text, 0, i);
      }
      sb.append(' ');
      i = end - 1;
    }
    return sb == null ? text : sb.toString();
  }

  private static boolean isRunChar(char c, boolean punctuation) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
      return true;
    }
    return punctuation && (c == '\u2026' || (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`')
        || (c >= '{' && c <= '~'));
  }

  /**
   * A sentence's analysed terms and their frequencies in the iteration order of its tf·idf vector as
   * the map-based formulation built it (a new {@code HashMap} filled by {@code put} in the order of
   * the term-frequency map): the order every norm and dot product of that formulation summed in, so
   * the array form below computes the same doubles. Immutable after construction.
   */
  static final class Layout {
    private final String[] terms;
    private final int[] freqs;

    private Layout(String[] terms, int[] freqs) {
      this.terms = terms;
      this.freqs = freqs;
    }

    /**
     * @param tf term frequencies (each &ge; 1); may not be null
     * @return the layout of the vector built from {@code tf}
     */
    static Layout of(Map<String, Integer> tf) {
      // the same insertions as the weighted vector's map: a HashMap's order depends only on its keys and
      // the order they were put in, not on the values
      Map<String, Integer> vector = new HashMap<>();
      tf.forEach(vector::put);
      String[] terms = new String[vector.size()];
      int[] freqs = new int[vector.size()];
      int k = 0;
      for (Map.Entry<String, Integer> e : vector.entrySet()) {
        terms[k] = e.getKey();
        freqs[k] = e.getValue();
        k++;
      }
      return new Layout(terms, freqs);
    }
  }

  /**
   * The candidate sentences' tf·idf vectors (smoothed inverse sentence frequency over the candidates,
   * see the class doc) and the headline's, as arrays of per-summary term ids and weights in each
   * vector's {@link Layout} order. Norms and cosines are those of {@link SparseVectors} on the same
   * vectors to the last bit: every sum runs over the same terms in the same order (the dot product over
   * the smaller vector, the first one on a tie) and multiplies the same factors. Not thread-safe (one
   * scratch array); one per summary.
   */
  static final class SentenceVectors {
    private final int[][] ids;
    private final double[][] weights;
    private final double[] norms;
    private final int[] headIds;
    private final double[] headWeights;
    private final double headNorm;
    /** Weights of one vector by term id while a dot product reads them; all zero in between. */
    private final double[] scratch;

    private SentenceVectors(int[][] ids, double[][] weights, int[] headIds, double[] headWeights, int terms) {
      this.ids = ids;
      this.weights = weights;
      this.norms = new double[ids.length];
      for (int i = 0; i < norms.length; i++) {
        norms[i] = norm(weights[i]);
      }
      this.headIds = headIds;
      this.headWeights = headWeights;
      this.headNorm = norm(headWeights);
      this.scratch = new double[terms];
    }

    /**
     * @param sentences the candidate sentences' layouts, at least one; may not be null
     * @param head the headline's layout; its terms no candidate has get the idf of df = 0
     * @return the weighted vectors
     */
    static SentenceVectors of(List<Layout> sentences, Layout head) {
      int n = sentences.size();
      Map<String, Integer> dictionary = new HashMap<>();
      int[][] ids = new int[n][];
      int[] df = new int[16];
      for (int i = 0; i < n; i++) {
        String[] terms = sentences.get(i).terms;
        int[] row = new int[terms.length];
        for (int k = 0; k < terms.length; k++) {
          Integer known = dictionary.putIfAbsent(terms[k], dictionary.size());
          int id = known == null ? dictionary.size() - 1 : known;
          if (id == df.length) {
            df = java.util.Arrays.copyOf(df, df.length * 2);
          }
          df[id]++; // a layout holds each term once
          row[k] = id;
        }
        ids[i] = row;
      }
      double[] idf = new double[dictionary.size()];
      for (int t = 0; t < idf.length; t++) {
        idf[t] = Math.log((n + 1.0) / (df[t] + 1.0)) + 1.0;
      }
      double[][] weights = new double[n][];
      for (int i = 0; i < n; i++) {
        int[] freqs = sentences.get(i).freqs;
        double[] w = new double[freqs.length];
        for (int k = 0; k < w.length; k++) {
          w[k] = freqs[k] * idf[ids[i][k]];
        }
        weights[i] = w;
      }
      double unseen = Math.log(n + 1.0) + 1.0;
      int[] headIds = new int[head.terms.length];
      double[] headWeights = new double[head.terms.length];
      for (int k = 0; k < headIds.length; k++) {
        Integer id = dictionary.get(head.terms[k]);
        headIds[k] = id == null ? -1 : id;
        headWeights[k] = head.freqs[k] * (id == null ? unseen : idf[id]);
      }
      return new SentenceVectors(ids, weights, headIds, headWeights, idf.length);
    }

    private static double norm(double[] w) {
      double s = 0;
      for (double x : w) {
        s += x * x;
      }
      return Math.sqrt(s);
    }

    /**
     * @return {@code SparseVectors.cosine(v_i, |v_i|, v_j, |v_j|)} for candidates i and j (in this
     *     argument order)
     */
    double cosine(int i, int j) {
      return cosine(ids[i], weights[i], norms[i], ids[j], weights[j], norms[j]);
    }

    /** @return {@code SparseVectors.cosine(v_i, |v_i|, head, |head|)} */
    double toHead(int i) {
      return cosine(ids[i], weights[i], norms[i], headIds, headWeights, headNorm);
    }

    private double cosine(int[] aIds, double[] aW, double normA, int[] bIds, double[] bW, double normB) {
      if (aIds.length == 0 || bIds.length == 0) {
        return 0;
      }
      boolean aSmall = aIds.length <= bIds.length;
      scatter(aSmall ? bIds : aIds, aSmall ? bW : aW);
      double dot = aSmall ? dot(aIds, aW) : dot(bIds, bW);
      clear(aSmall ? bIds : aIds);
      double n = normA * normB;
      return n == 0 ? 0 : Math.min(1.0, dot / n);
    }

    /**
     * @return the pairwise cosines {@code cosine(i, j)} for i &lt; j, mirrored, with a zero diagonal:
     *     each vector is spread into the scratch once and dotted with every smaller partner
     */
    double[][] similarities() {
      int n = ids.length;
      double[][] sim = new double[n][n];
      for (int large = 0; large < n; large++) {
        int size = ids[large].length;
        if (size == 0) {
          continue; // every cosine with an empty vector is 0
        }
        scatter(ids[large], weights[large]);
        for (int other = 0; other < n; other++) {
          int otherSize = ids[other].length;
          // cosine(a, b) for a < b sums over a when |a| <= |b|, else over b
          boolean summedOverOther = other < large ? otherSize <= size : other > large && otherSize < size;
          if (!summedOverOther || otherSize == 0) {
            continue;
          }
          double dot = dot(ids[other], weights[other]);
          int a = Math.min(other, large);
          int b = Math.max(other, large);
          double norms2 = norms[a] * norms[b];
          double c = norms2 == 0 ? 0 : Math.min(1.0, dot / norms2);
          sim[a][b] = c;
          sim[b][a] = c;
        }
        clear(ids[large]);
      }
      return sim;
    }

    private void scatter(int[] termIds, double[] w) {
      for (int k = 0; k < termIds.length; k++) {
        if (termIds[k] >= 0) {
          scratch[termIds[k]] = w[k];
        }
      }
    }

    private void clear(int[] termIds) {
      for (int id : termIds) {
        if (id >= 0) {
          scratch[id] = 0;
        }
      }
    }

    /** Sums the small vector's weight times the scattered one's over the small vector's terms, in order. */
    private double dot(int[] smallIds, double[] smallW) {
      double dot = 0;
      for (int k = 0; k < smallIds.length; k++) {
        int id = smallIds[k];
        if (id >= 0) {
          double w = scratch[id];
          if (w != 0) { // weights are >= 1, so 0 means the term is absent
            dot += smallW[k] * w;
          }
        }
      }
      return dot;
    }
  }

  /**
   * Continuous LexRank: power iteration of {@code p = d b + (1 - d) M^T p} where b is the jump
   * distribution (the bias normalised to sum 1; uniform bias gives the paper's {@code d/N}) and M is the
   * similarity matrix with rows normalised to sum 1. Self-similarity is left out (a zero diagonal),
   * so a sentence like no other cannot keep its own mass and rank as high as the centre; a row
   * with no similar sentence walks to every sentence uniformly (PageRank's dangling nodes).
   *
   * @param sim a symmetric n×n matrix of similarities in [0, 1], n &ge; 1
   * @param bias n positive jump weights
   * @return the stationary probabilities, summing to 1
   */
  static double[] centrality(double[][] sim, double[] bias) {
    int n = sim.length;
    double biasSum = 0;
    for (double b : bias) {
      biasSum += b;
    }
    // the transposed row-normalised matrix, so each round reads one contiguous row per sentence: the same
    // products summed in the same order (i = 0..n-1) as reading M's column
    double[][] mt = new double[n][n];
    for (int i = 0; i < n; i++) {
      double row = 0;
      for (int j = 0; j < n; j++) {
        row += i == j ? 0 : sim[i][j];
      }
      for (int j = 0; j < n; j++) {
        mt[j][i] = row == 0 ? 1.0 / n : (i == j ? 0 : sim[i][j] / row);
      }
    }
    double[] jump = new double[n];
    for (int j = 0; j < n; j++) {
      jump[j] = DAMPING * bias[j] / biasSum;
    }
    double[] p = new double[n];
    java.util.Arrays.fill(p, 1.0 / n);
    double[] next = new double[n];
    for (int round = 0; round < MAX_ITERATIONS; round++) {
      double change = 0;
      for (int j = 0; j < n; j++) {
        double[] column = mt[j];
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += column[i] * p[i];
        }
        next[j] = jump[j] + (1 - DAMPING) * s;
      }
      for (int j = 0; j < n; j++) {
        change += Math.abs(next[j] - p[j]);
      }
      double[] done = p;
      p = next;
      next = done;
      if (change < TOLERANCE) {
        break;
      }
    }
    return p;
  }
}
