package io.storyline.cluster.core;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * <p>Cost of {@link #candidates}: at most linear in the summed posting-list lengths of the query's
 * terms and keys; the long lists of common terms are left out while the k-th best partial score
 * beats all they could add (max-score pruning, Turtle &amp; Flood, "Query evaluation: strategies and
 * optimizations", IP&amp;M 1995), and the exact score of a story that may still reach the top k asks
 * each left-out list's bitset of story ordinals whether the story is in it (one bit in a dense array,
 * not a search of the story's own terms). Ties on score are broken by an order-preserving number of
 * the story id ({@link #idKey}), not by reading two strings. {@link #upsert} and {@link #delete}:
 * linear in the story's old and new terms and keys; leaving a posting list is O(1) whatever its length
 * (each entry knows its story's slot, each story its position in each list). Memory: besides the
 * lists, a long list's bitset of capacity / 8 bytes, at most 32 bytes per entry of that list ({@link
 * #longFrom}). Not thread-safe; one instance per stream task.
 */
public final class StoryIndex implements Closeable {
  /** Score a shared key adds to a candidate. */
  public static final float KEY_BOOST = 1.0f;

  /**
   * Story ordinals of one term or key; unordered. Each entry also records its slot in the story's
   * membership arrays ({@code listsOf}/{@code posOf}), so that a story leaves a list in O(1): its
   * position there is known, the last entry moves into the hole, and that entry's story learns its
   * new position through the slot.
   */
  private static final class Postings {
    /** Identity of this list while it exists, for the per-story sorted id arrays; reused after the list empties. */
    final int id;
    /** The term or key. */
    final String name;
    /** True for a key list, false for a term list. */
    final boolean key;
    private int[] ords = new int[4];
    private int[] slots = new int[4];
    private int size;
    /**
     * Membership by story ordinal while the list is long ({@link #longFrom}), else null: a long list
     * may be left out of the first phase of {@link #candidates}, and the exact score of a story then
     * asks this bitset whether the story is in it.
     */
    private long[] bits;
    /**
     * Scratch of {@link #relist}: equal to that call's stamp while the list is one of the story's old
     * lists, stamp + 1 once the story is known to stay in it, stamp + 2 once it is to join it.
     */
    private long mark;

    Postings(int id, String name, boolean key) {
      this.id = id;
      this.name = name;
      this.key = key;
    }

    /**
     * @param longFrom the length from which the list keeps {@link #bits}
     * @return the position of the new entry
     */
    int add(int ord, int slot, int longFrom) {
      if (size == ords.length) {
        ords = Arrays.copyOf(ords, size * 2);
        slots = Arrays.copyOf(slots, size * 2);
      }
      ords[size] = ord;
      slots[size] = slot;
      if (bits != null) {
        set(ord);
      } else if (!key && size + 1 >= longFrom) {
        bits = new long[Math.max(1, (ords[size] >>> 6) + 1)];
        for (int i = 0; i <= size; i++) {
          set(ords[i]);
        }
      }
      return size++;
    }

    private void set(int ord) {
      int word = ord >>> 6;
      if (word >= bits.length) {
        bits = Arrays.copyOf(bits, Math.max(word + 1, bits.length * 2));
      }
      bits[word] |= 1L << ord;
    }

    /** @return true if the story with this ordinal is in the list; needs {@link #bits} */
    boolean has(int ord) {
      int word = ord >>> 6;
      return word < bits.length && (bits[word] & (1L << ord)) != 0;
    }
  }

  private final Map<String, Integer> ordOf = new HashMap<>();
  private final Map<String, Postings> termPostings = new HashMap<>();
  private final Map<String, Postings> keyPostings = new HashMap<>();
  private String[] idOf = new String[64];
  /** Stamps of {@link #relist}, three per call ({@link Postings#mark}). */
  private long relistStamp;
  /** Per story ordinal: the ids of the term posting lists it is in, ascending (membership by binary search). */
  private int[][] termIdsOf = new int[64][];
  /** Per story ordinal: every posting list (terms and keys) it is in, in no particular order. */
  private Postings[][] listsOf = new Postings[64][];
  /** Per story ordinal: its position in each list of {@link #listsOf}, slot by slot. */
  private int[][] posOf = new int[64][];
  /**
   * Per story ordinal, the scratch of one query, interleaved so that accumulating a story touches one
   * cache line instead of four arrays (at 100k stories the accumulation was random writes to four
   * arrays of 100k entries): at {@code HOT * ord} the story's score so far (raw bits of a double), at
   * {@code + 1} its term mask (bit t set if it holds query term t: phase 1 and the terms it
   * accumulated), at {@code + 2} how many of the query's keys it holds (low 32 bits) and {@link
   * #TOUCHED} while it is in the touched set.
   */
  private long[] hot = new long[HOT * 64];
  /** Longs per ordinal in {@link #hot}. */
  private static final int HOT = 3;
  /** The flag in {@code hot[HOT * ord + 2]} of a story touched by the current query. */
  private static final long TOUCHED = 1L << 32;
  /** Per story ordinal: {@link #idKey(String)} of its id. */
  private long[] idKey = new long[64];
  private int[] freePostingIds = new int[16];
  private int freePostingCount;
  private int nextPostingId;
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
    Integer existing = ordOf.get(storyId);
    int ord;
    if (existing == null) {
      ord = newOrd();
      ordOf.put(storyId, ord);
      idOf[ord] = storyId;
      idKey[ord] = idKey(storyId);
      listsOf[ord] = NO_LISTS;
      posOf[ord] = NO_IDS;
    } else {
      ord = existing;
    }
    int termLists = relist(ord, terms, keys);
    int[] ids = new int[termLists];
    int i = 0;
    for (Postings p : listsOf[ord]) {
      if (!p.key) {
        ids[i++] = p.id;
      }
    }
    Arrays.sort(ids);
    termIdsOf[ord] = ids;
  }

  /** Removes a story's entry, if present. */
  public void delete(String storyId) {
    Integer ord = ordOf.remove(storyId);
    if (ord == null) {
      return;
    }
    // leave every list, slot by slot: what relist to no terms and keys does, without its set look-ups
    Postings[] lists = listsOf[ord];
    int[] pos = posOf[ord];
    for (int s = 0; s < lists.length; s++) {
      removeAt(lists[s], pos[s]);
    }
    listsOf[ord] = NO_LISTS;
    posOf[ord] = NO_IDS;
    termIdsOf[ord] = NO_IDS;
    idOf[ord] = null;
    if (freeCount == freeOrds.length) {
      freeOrds = Arrays.copyOf(freeOrds, freeCount * 2);
    }
    freeOrds[freeCount++] = ord;
  }

  /**
   * Moves a story from the lists of its old terms and keys to those of the new ones (each distinct name
   * once, repeats ignored). A list it stays in keeps its entry (only the slot is renumbered); a list it
   * leaves loses the entry in O(1) (the last entry fills the hole, the same swap as a scan for the
   * ordinal would make); a list it joins gets the entry appended. Rebuilds the story's {@link #listsOf}
   * and {@link #posOf}. Which old lists stay is told by a stamp on each list ({@link Postings#mark}),
   * not by sets of the old and new names: one map look-up per new name, none per old list.
   *
   * @return the number of term lists the story is in afterwards
   */
  private int relist(int ord, Collection<String> newTerms, Collection<String> newKeys) {
    long old = relistStamp += 3;
    long stays = old + 1;
    long joins = old + 2;
    Postings[] oldLists = listsOf[ord];
    int[] oldPos = posOf[ord];
    for (Postings p : oldLists) {
      p.mark = old;
    }
    Postings[] joining = new Postings[newTerms.size() + newKeys.size()];
    int nJoining = 0;
    int kept = 0;
    int termLists = 0;
    for (int pass = 0; pass < 2; pass++) {
      boolean key = pass == 1;
      Map<String, Postings> postings = key ? keyPostings : termPostings;
      for (String name : key ? newKeys : newTerms) {
        Postings p = postings.get(name);
        if (p == null) {
          p = new Postings(newPostingId(), name, key);
          postings.put(name, p);
        } else if (p.mark == stays || p.mark == joins) {
          continue; // a repeated name
        }
        if (p.mark == old) {
          p.mark = stays;
          kept++;
        } else {
          p.mark = joins;
          joining[nJoining++] = p;
        }
        if (!key) {
          termLists++;
        }
      }
    }
    Postings[] lists = new Postings[kept + nJoining];
    int[] pos = new int[lists.length];
    int n = 0;
    for (int s = 0; s < oldLists.length; s++) {
      Postings p = oldLists[s];
      if (p.mark == stays) {
        p.slots[oldPos[s]] = n;
        lists[n] = p;
        pos[n++] = oldPos[s];
      } else {
        removeAt(p, oldPos[s]);
      }
    }
    for (int j = 0; j < nJoining; j++) {
      Postings p = joining[j];
      lists[n] = p;
      pos[n] = p.add(ord, n, longFrom());
      n++;
    }
    listsOf[ord] = lists;
    posOf[ord] = pos;
    return termLists;
  }

  /** Removes the entry at {@code at}; the last entry takes its place and its story is told. */
  private void removeAt(Postings p, int at) {
    if (p.bits != null) {
      int gone = p.ords[at];
      p.bits[gone >>> 6] &= ~(1L << gone);
    }
    int last = --p.size;
    if (p.bits != null && p.size < longFrom() / 2) {
      p.bits = null;
    }
    if (at != last) {
      int movedOrd = p.ords[last];
      int movedSlot = p.slots[last];
      p.ords[at] = movedOrd;
      p.slots[at] = movedSlot;
      posOf[movedOrd][movedSlot] = at;
    }
    if (p.size == 0) {
      (p.key ? keyPostings : termPostings).remove(p.name);
      releasePostingId(p.id);
    }
  }

  /**
   * Checks the bookkeeping of O(1) removal and of the long lists' bitsets, for tests: every entry of
   * every list points at a slot of its story that points back at it, and a list's bitset holds
   * exactly the list's stories.
   *
   * @throws IllegalStateException naming the first list, story and position that disagree
   */
  void checkPositions() {
    for (Map<String, Postings> postings : List.of(termPostings, keyPostings)) {
      for (Postings p : postings.values()) {
        for (int i = 0; i < p.size; i++) {
          int ord = p.ords[i];
          int slot = p.slots[i];
          if (listsOf[ord] == null || slot >= listsOf[ord].length || listsOf[ord][slot] != p || posOf[ord][slot] != i) {
            throw new IllegalStateException("posting list '" + p.name + "' entry " + i + " (story " + idOf[ord]
                + ", slot " + slot + ") does not match the story's membership arrays");
          }
          if (p.bits != null && !p.has(ord)) {
            throw new IllegalStateException("posting list '" + p.name + "' holds story " + idOf[ord]
                + " but its bitset does not");
          }
        }
        if (p.bits != null) {
          long members = 0;
          for (long word : p.bits) {
            members += Long.bitCount(word);
          }
          if (members != p.size) {
            throw new IllegalStateException("posting list '" + p.name + "' holds " + p.size + " stories but its bitset "
                + members);
          }
        }
      }
    }
  }

  private int newPostingId() {
    return freePostingCount > 0 ? freePostingIds[--freePostingCount] : nextPostingId++;
  }

  private void releasePostingId(int id) {
    if (freePostingCount == freePostingIds.length) {
      freePostingIds = Arrays.copyOf(freePostingIds, freePostingCount * 2);
    }
    freePostingIds[freePostingCount++] = id;
  }

  private int newOrd() {
    if (freeCount > 0) {
      return freeOrds[--freeCount];
    }
    int ord = nextOrd++;
    if (ord == idOf.length) {
      int n = ord * 2;
      idOf = Arrays.copyOf(idOf, n);
      termIdsOf = Arrays.copyOf(termIdsOf, n);
      listsOf = Arrays.copyOf(listsOf, n);
      posOf = Arrays.copyOf(posOf, n);
      hot = Arrays.copyOf(hot, HOT * n);
      idKey = Arrays.copyOf(idKey, n);
      touchedOrds = Arrays.copyOf(touchedOrds, n);
    }
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
    double[] qw = new double[nt];
    Postings[] qp = new Postings[nt];
    int i = 0;
    for (Map.Entry<String, Double> e : terms.entrySet()) {
      qw[i] = e.getValue();
      qp[i] = termPostings.get(e.getKey());
      i++;
    }
    // Phase 1: partial scores from the short lists and the keys; the long lists (common terms, small
    // weights; those with a bitset) are left out as long as the k-th best partial score beats all
    // they could add.
    boolean[] skipped = new boolean[nt];
    double skippedSum = 0;
    for (int t = 0; t < nt; t++) {
      if (qp[t] != null && qp[t].bits != null) {
        skipped[t] = true;
        skippedSum += qw[t];
      }
    }
    int n = 0;
    for (int t = 0; t < nt; t++) {
      if (qp[t] != null && !skipped[t]) {
        n = accumulate(qp[t], qw[t], t < 64 ? 1L << t : 0, 0, n);
      }
    }
    for (String key : keys) {
      Postings p = keyPostings.get(key);
      if (p != null) {
        n = accumulate(p, KEY_BOOST, 0, 1, n);
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
      n = accumulate(qp[heaviest], qw[heaviest], heaviest < 64 ? 1L << heaviest : 0, 0, n);
      skippedSum = 0;
      for (int t = 0; t < nt; t++) {
        skippedSum += skipped[t] ? qw[t] : 0;
      }
      bound = kthBest(n, k);
    }
    // Phase 2: exact scores, summed in query order, of the stories that can still reach the top k.
    // First those whose partial score reaches the k-th best partial score (at least k of them when
    // n >= k): their exact scores give a k-th best exact score, the threshold for the rest. A story
    // outside the touched set scores at most skippedSum < bound; a touched one at most its partial
    // score plus skippedSum, so one below the threshold (by more than rounding) cannot be in the top k.
    int[] skippedTerms = new int[nt];
    int skippedCount = 0;
    for (int t = 0; t < nt; t++) {
      if (skipped[t]) {
        skippedTerms[skippedCount++] = t;
      }
    }
    int[] best = new int[Math.min(k, n)];
    int count = 0;
    for (int j = 0; j < n; j++) {
      int ord = touchedOrds[j];
      if (acc(ord) >= bound) {
        hot[HOT * ord + 2] &= ~TOUCHED;
        setAcc(ord, exactScore(ord, qp, qw, skipped, skippedTerms, skippedCount));
        count = insert(best, count, ord);
      }
    }
    for (int j = 0; j < n; j++) {
      int ord = touchedOrds[j];
      if ((hot[HOT * ord + 2] & TOUCHED) == 0) {
        continue;
      }
      hot[HOT * ord + 2] &= ~TOUCHED;
      double threshold = count == best.length ? acc(best[count - 1]) : bound;
      if (acc(ord) + skippedSum < threshold - EPSILON) {
        continue;
      }
      setAcc(ord, exactScore(ord, qp, qw, skipped, skippedTerms, skippedCount));
      count = insert(best, count, ord);
    }
    List<String> out = new ArrayList<>(count);
    for (int j = 0; j < count; j++) {
      out.add(idOf[best[j]]);
    }
    return out;
  }

  /** Inserts a scored story into the best-first top list if it belongs there; @return the new count */
  private int insert(int[] best, int count, int ord) {
    if (count < best.length) {
      count++;
    } else if (!better(ord, best[count - 1])) {
      return count;
    }
    int at = count - 1;
    while (at > 0 && better(ord, best[at - 1])) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = ord;
    return count;
  }

  private static final int[] NO_IDS = new int[0];
  private static final Postings[] NO_LISTS = new Postings[0];

  /** The shortest a posting list may be to count as long ({@link #longFrom}). */
  private static final int LONG_LIST = 64;
  /** Margin for summation-order rounding in the pruning bounds (scores are sums of weights &le; 1). */
  private static final double EPSILON = 1e-9;

  /**
   * The length from which a posting list is long: it keeps a bitset of its story ordinals and may be
   * left out of the first phase of {@link #candidates}. At least {@link #LONG_LIST}, and at least
   * 1/256 of the ordinal capacity, so a bitset (capacity / 8 bytes) takes at most 32 bytes per entry
   * of the list it belongs to. A list keeps its bitset until it shrinks below half this length.
   */
  private int longFrom() {
    return Math.max(LONG_LIST, idOf.length >>> 8);
  }

  /** @return the k-th largest partial score among the first n touched stories, or -infinity if fewer */
  private double kthBest(int n, int k) {
    if (n < k) {
      return Double.NEGATIVE_INFINITY;
    }
    double[] top = new double[k];
    int count = 0;
    for (int j = 0; j < n; j++) {
      double v = acc(touchedOrds[j]);
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

  /**
   * The retrieval score: matched query-term weights in query order, then {@link #KEY_BOOST} per shared
   * key. Which terms match comes from the bits set while accumulating, plus the bitset of each list
   * that was skipped (a skipped list is a long one, which has a bitset), plus for a query past 64
   * terms a binary search of the story's sorted posting ids for each term without a bit; the shared
   * keys were counted while accumulating (key lists are never skipped). The additions happen in the
   * same order as summing over the query's terms and then its keys, so the double is the same.
   */
  private double exactScore(int ord, Postings[] qp, double[] qw, boolean[] skipped, int[] skippedTerms, int skippedCount) {
    double score = 0;
    if (qw.length <= 64) {
      long mask = hot[HOT * ord + 1];
      for (int i = 0; i < skippedCount; i++) {
        int t = skippedTerms[i];
        if (qp[t].has(ord)) {
          mask |= 1L << t;
        }
      }
      // set bits in ascending order = the query's order
      while (mask != 0) {
        score += qw[Long.numberOfTrailingZeros(mask)];
        mask &= mask - 1;
      }
    } else {
      long mask = hot[HOT * ord + 1];
      int[] ids = termIdsOf[ord];
      for (int t = 0; t < qw.length; t++) {
        boolean hit;
        if (qp[t] == null) {
          hit = false;
        } else if (skipped[t]) {
          hit = qp[t].has(ord);
        } else if (t < 64) {
          hit = (mask & (1L << t)) != 0;
        } else {
          hit = Arrays.binarySearch(ids, qp[t].id) >= 0;
        }
        if (hit) {
          score += qw[t];
        }
      }
    }
    for (int c = (int) hot[HOT * ord + 2]; c > 0; c--) {
      score += KEY_BOOST;
    }
    return score;
  }

  private int accumulate(Postings p, double w, long bit, int keyHit, int n) {
    int[] ords = p.ords;
    for (int i = 0; i < p.size; i++) {
      int ord = ords[i];
      int h = HOT * ord;
      if ((hot[h + 2] & TOUCHED) == 0) {
        touchedOrds[n++] = ord;
        hot[h] = ZERO_BITS;
        hot[h + 1] = 0;
        hot[h + 2] = TOUCHED;
      }
      hot[h] = Double.doubleToRawLongBits(Double.longBitsToDouble(hot[h]) + w);
      hot[h + 1] |= bit;
      hot[h + 2] += keyHit;
    }
    return n;
  }

  /** The raw bits of 0.0. */
  private static final long ZERO_BITS = Double.doubleToRawLongBits(0.0);

  /** @return the score so far of a touched story (partial, then exact) */
  private double acc(int ord) {
    return Double.longBitsToDouble(hot[HOT * ord]);
  }

  private void setAcc(int ord, double v) {
    hot[HOT * ord] = Double.doubleToRawLongBits(v);
  }

  /** Score descending, then story id ascending. */
  private boolean better(int a, int b) {
    int c = Double.compare(acc(a), acc(b));
    if (c != 0) {
      return c > 0;
    }
    long ka = idKey[a];
    long kb = idKey[b];
    if (ka >= 0 && kb >= 0) {
      return ka < kb;
    }
    return idOf[a].compareTo(idOf[b]) < 0;
  }

  /**
   * An order-preserving number for the ids the clusterer gives ({@code s-} and 1 to 15 digits): each
   * digit as a 4-bit nibble (digit + 1), first digit highest, the rest 0, so that comparing two keys
   * compares the ids as {@link String#compareTo} does (a shorter digit string that is a prefix of a
   * longer one comes first, as its missing nibbles are 0). Other ids get -1: compared as strings.
   *
   * @param id a story id; may not be null
   * @return the key, &ge; 0, or -1 for an id of another form
   */
  static long idKey(String id) {
    int len = id.length();
    if (len < 3 || len > 17 || id.charAt(0) != 's' || id.charAt(1) != '-') {
      return -1;
    }
    long key = 0;
    for (int i = 2; i < len; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      key = (key << 4) | (c - '0' + 1);
    }
    return key << (4 * (17 - len));
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
