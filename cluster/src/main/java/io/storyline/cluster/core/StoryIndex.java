package io.storyline.cluster.core;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An in-memory inverted index of the open stories, to retrieve candidate stories for a post: each
 * story is indexed under its strongest centroid terms and under its link/id keys. Derived state:
 * rebuilt from {@link ClusterState} on start.
 *
 * <p>Retrieval score of a story: the sum, in the order of the query's terms, of the post's weights of
 * the query terms the story is indexed under, plus {@link #KEY_BOOST} per shared key (in the order
 * of the query's keys), in double precision. Every story matching at least one term or key is
 * scored exactly (posting lists of story ordinals accumulated into a dense array), and the {@code k}
 * best are returned, ties by story id. The result depends only on the live stories' terms and keys,
 * not on insertion order or history, so a rebuilt index returns the same candidates.
 *
 * <p>Until November 2026 this was a Lucene index (ByteBuffersDirectory, constant-score term
 * queries, a reader refreshed every 256 changes, the top 4k hits re-ranked in double precision);
 * this index computes the same double-precision ranking over all matches without Lucene's float
 * pre-selection, at a fraction of the cost (docs/BENCHMARKS.md, "Clustering core (JMH)").
 *
 * <p>Cost of {@link #candidates}: linear in the summed posting-list lengths of the query's terms and
 * keys. {@link #upsert}: linear in the story's terms and keys plus the posting lists it leaves. Not
 * thread-safe; one instance per stream task.
 */
public final class StoryIndex implements Closeable {
  /** Score a shared key adds to a candidate. */
  public static final float KEY_BOOST = 1.0f;

  /** Story ordinals of one term or key; unordered. */
  private static final class Postings {
    private int[] ords = new int[4];
    private int size;

    void add(int ord) {
      if (size == ords.length) {
        ords = Arrays.copyOf(ords, size * 2);
      }
      ords[size++] = ord;
    }

    void remove(int ord) {
      for (int i = 0; i < size; i++) {
        if (ords[i] == ord) {
          ords[i] = ords[--size];
          return;
        }
      }
    }
  }

  private final Map<String, Integer> ordOf = new HashMap<>();
  private final Map<String, Postings> termPostings = new HashMap<>();
  private final Map<String, Postings> keyPostings = new HashMap<>();
  private String[] idOf = new String[64];
  private List<Set<String>> termsOf = new ArrayList<>();
  private List<Set<String>> keysOf = new ArrayList<>();
  private double[] acc = new double[64];
  private boolean[] touched = new boolean[64];
  private int[] touchedOrds = new int[64];
  private int[] freeOrds = new int[16];
  private int freeCount;
  private int nextOrd;

  /** Creates an empty index. */
  public StoryIndex() {}

  /**
   * Inserts or replaces a story's entry.
   *
   * @param storyId story id; may not be null
   * @param terms the story's strongest terms; may not be null
   * @param keys the story's keys; may not be null
   */
  public void upsert(String storyId, Collection<String> terms, Collection<String> keys) {
    Objects.requireNonNull(storyId, "story id can't be null");
    Set<String> newTerms = new HashSet<>(terms);
    Set<String> newKeys = new HashSet<>(keys);
    Integer existing = ordOf.get(storyId);
    int ord;
    if (existing == null) {
      ord = newOrd();
      ordOf.put(storyId, ord);
      idOf[ord] = storyId;
      termsOf.set(ord, Set.of());
      keysOf.set(ord, Set.of());
    } else {
      ord = existing;
    }
    update(termPostings, ord, termsOf.get(ord), newTerms);
    update(keyPostings, ord, keysOf.get(ord), newKeys);
    termsOf.set(ord, newTerms);
    keysOf.set(ord, newKeys);
  }

  /** Removes a story's entry, if present. */
  public void delete(String storyId) {
    Integer ord = ordOf.remove(storyId);
    if (ord == null) {
      return;
    }
    update(termPostings, ord, termsOf.get(ord), Set.of());
    update(keyPostings, ord, keysOf.get(ord), Set.of());
    termsOf.set(ord, Set.of());
    keysOf.set(ord, Set.of());
    idOf[ord] = null;
    if (freeCount == freeOrds.length) {
      freeOrds = Arrays.copyOf(freeOrds, freeCount * 2);
    }
    freeOrds[freeCount++] = ord;
  }

  private static void update(Map<String, Postings> postings, int ord, Set<String> old, Set<String> now) {
    for (String t : old) {
      if (!now.contains(t)) {
        Postings p = postings.get(t);
        p.remove(ord);
        if (p.size == 0) {
          postings.remove(t);
        }
      }
    }
    for (String t : now) {
      if (!old.contains(t)) {
        postings.computeIfAbsent(t, x -> new Postings()).add(ord);
      }
    }
  }

  private int newOrd() {
    if (freeCount > 0) {
      return freeOrds[--freeCount];
    }
    int ord = nextOrd++;
    if (ord == idOf.length) {
      int n = ord * 2;
      idOf = Arrays.copyOf(idOf, n);
      acc = Arrays.copyOf(acc, n);
      touched = Arrays.copyOf(touched, n);
      touchedOrds = Arrays.copyOf(touchedOrds, n);
    }
    termsOf.add(Set.of());
    keysOf.add(Set.of());
    return ord;
  }

  /**
   * Finds candidate stories.
   *
   * @param terms query terms with their (positive) weights, in the order their weights are summed;
   *     may not be null
   * @param keys exact keys; may not be null
   * @param k most candidates returned, &ge; 1
   * @return story ids, best match first, ties by id; never null
   */
  public List<String> candidates(Map<String, Double> terms, Collection<String> keys, int k) {
    if (terms.isEmpty() && keys.isEmpty()) {
      return List.of();
    }
    int nt = terms.size();
    String[] qt = new String[nt];
    double[] qw = new double[nt];
    Postings[] qp = new Postings[nt];
    int i = 0;
    for (Map.Entry<String, Double> e : terms.entrySet()) {
      qt[i] = e.getKey();
      qw[i] = e.getValue();
      qp[i] = termPostings.get(e.getKey());
      i++;
    }
    // Phase 1: partial scores from the short lists and the keys; the long lists (common terms, small
    // weights) are left out as long as the k-th best partial score beats all they could add.
    boolean[] skipped = new boolean[nt];
    double skippedSum = 0;
    for (int t = 0; t < nt; t++) {
      if (qp[t] != null && qp[t].size > LONG_LIST) {
        skipped[t] = true;
        skippedSum += qw[t];
      }
    }
    int n = 0;
    for (int t = 0; t < nt; t++) {
      if (qp[t] != null && !skipped[t]) {
        n = accumulate(qp[t], qw[t], n);
      }
    }
    for (String key : keys) {
      Postings p = keyPostings.get(key);
      if (p != null) {
        n = accumulate(p, KEY_BOOST, n);
      }
    }
    double bound = kthBest(n, k);
    while (skippedSum > 0 && !(bound > skippedSum + EPSILON)) {
      int heaviest = -1;
      for (int t = 0; t < nt; t++) {
        if (skipped[t] && (heaviest < 0 || qw[t] > qw[heaviest])) {
          heaviest = t;
        }
      }
      skipped[heaviest] = false;
      n = accumulate(qp[heaviest], qw[heaviest], n);
      skippedSum = 0;
      for (int t = 0; t < nt; t++) {
        skippedSum += skipped[t] ? qw[t] : 0;
      }
      bound = kthBest(n, k);
    }
    // Phase 2: exact scores, summed in query order, of the stories that can still reach the top k:
    // a story outside the touched set scores at most skippedSum < bound; a touched one at most its
    // partial score plus skippedSum.
    int[] best = new int[Math.min(k, n)];
    int count = 0;
    for (int j = 0; j < n; j++) {
      int ord = touchedOrds[j];
      touched[ord] = false;
      if (acc[ord] + skippedSum < bound - EPSILON) {
        continue;
      }
      acc[ord] = exactScore(ord, qt, qw, keys);
      if (count < best.length) {
        count++;
      } else if (!better(ord, best[count - 1])) {
        continue;
      }
      int at = count - 1;
      while (at > 0 && better(ord, best[at - 1])) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = ord;
    }
    List<String> out = new ArrayList<>(count);
    for (int j = 0; j < count; j++) {
      out.add(idOf[best[j]]);
    }
    return out;
  }

  /** Posting lists longer than this may be left out of the first phase of {@link #candidates}. */
  private static final int LONG_LIST = 64;
  /** Margin for summation-order rounding in the pruning bounds (scores are sums of weights &le; 1). */
  private static final double EPSILON = 1e-9;

  /** @return the k-th largest partial score among the first n touched stories, or -infinity if fewer */
  private double kthBest(int n, int k) {
    if (n < k) {
      return Double.NEGATIVE_INFINITY;
    }
    double[] top = new double[k];
    int count = 0;
    for (int j = 0; j < n; j++) {
      double v = acc[touchedOrds[j]];
      if (count < k) {
        count++;
      } else if (!(v > top[k - 1])) {
        continue;
      }
      int at = count - 1;
      while (at > 0 && v > top[at - 1]) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = v;
    }
    return top[k - 1];
  }

  /** @return the retrieval score: matched query-term weights in query order, then a boost per shared key */
  private double exactScore(int ord, String[] qt, double[] qw, Collection<String> keys) {
    Set<String> storyTerms = termsOf.get(ord);
    double score = 0;
    for (int t = 0; t < qt.length; t++) {
      if (storyTerms.contains(qt[t])) {
        score += qw[t];
      }
    }
    Set<String> storyKeys = keysOf.get(ord);
    if (!storyKeys.isEmpty()) {
      for (String key : keys) {
        if (storyKeys.contains(key)) {
          score += KEY_BOOST;
        }
      }
    }
    return score;
  }

  private int accumulate(Postings p, double w, int n) {
    int[] ords = p.ords;
    for (int i = 0; i < p.size; i++) {
      int ord = ords[i];
      if (!touched[ord]) {
        touched[ord] = true;
        touchedOrds[n++] = ord;
        acc[ord] = 0;
      }
      acc[ord] += w;
    }
    return n;
  }

  /** Score descending, then story id ascending. */
  private boolean better(int a, int b) {
    int c = Double.compare(acc[a], acc[b]);
    return c > 0 || (c == 0 && idOf[a].compareTo(idOf[b]) < 0);
  }

  /** @return the number of live stories */
  public int size() {
    return ordOf.size();
  }

  /** Releases nothing: the index lives on the heap. Kept so owners can treat it as a resource. */
  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public String toString() {
    return "StoryIndex(in-memory inverted index, exact double-precision scores, keyBoost=" + KEY_BOOST + ")";
  }
}
