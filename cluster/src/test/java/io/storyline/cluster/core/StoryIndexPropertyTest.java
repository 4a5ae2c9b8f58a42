package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The pruned retrieval of {@link StoryIndex} (long lists left out while they cannot change the top k,
 * their membership read from bitsets, ties broken by {@link StoryIndex#idKey}) returns exactly the
 * top k of scoring every live story the straightforward way, whatever the updates: lists grow past
 * the length from which they keep a bitset, shrink until they drop it, and grow again.
 */
class StoryIndexPropertyTest {

  /** The documented ranking, computed the slow way: every live story scored in query order, then keys. */
  static List<String> reference(Map<String, Set<String>> termsOf, Map<String, Set<String>> keysOf,
      Map<String, Double> query, Set<String> keys, int k) {
    Map<String, Double> scores = new HashMap<>();
    for (String id : termsOf.keySet()) {
      double score = 0;
      boolean matched = false;
      for (Map.Entry<String, Double> e : query.entrySet()) {
        if (termsOf.get(id).contains(e.getKey())) {
          score += e.getValue();
          matched = true;
        }
      }
      for (String key : keys) {
        if (keysOf.get(id).contains(key)) {
          score += StoryIndex.KEY_BOOST;
          matched = true;
        }
      }
      if (matched) {
        scores.put(id, score);
      }
    }
    return scores.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(k).map(Map.Entry::getKey).toList();
  }

  /**
   * Random updates, deletes and queries over {@code stories} ids, in waves: while a wave is "hot" the
   * common terms join most updated stories (their lists grow past 64 entries and get bitsets), while it
   * is "cold" they leave them (the lists shrink below 32 and drop the bitsets). Weights come from a
   * few values, so many stories tie on score and the tie-break by id decides. Every query is compared
   * with {@link #reference}, and the lists' bookkeeping is checked after every change.
   */
  @Property(tries = 40)
  void shouldReturnTheTopKOfScoringEveryStory(@ForAll long seed, @ForAll @IntRange(min = 30, max = 700) int stories,
      @ForAll @IntRange(min = 1, max = 12) int commonTerms, @ForAll boolean idsOfOtherForms) {
    Random rnd = new Random(seed);
    StoryIndex index = new StoryIndex();
    Map<String, Set<String>> termsOf = new HashMap<>();
    Map<String, Set<String>> keysOf = new HashMap<>();
    double[] weights = {0.05, 0.1, 0.1, 0.25, 0.5, rnd.nextDouble()};
    int queries = 0;
    for (int op = 0; op < 1500; op++) {
      boolean hot = (op / 300) % 2 == 0;
      int number = 1 + rnd.nextInt(stories);
      // ids of the clusterer's form, with more digits than six past s-999999, and (optionally) others
      String id = idsOfOtherForms && number % 7 == 0 ? "g-" + number
          : number % 5 == 0 ? "s-" + (999_990 + number) : StoryState.storyId(number);
      int kind = rnd.nextInt(10);
      if (kind == 0) {
        index.delete(id);
        termsOf.remove(id);
        keysOf.remove(id);
        index.checkPositions();
      } else if (kind < 7) {
        Set<String> terms = new HashSet<>();
        for (int i = rnd.nextInt(15); i >= 0; i--) {
          terms.add(hot && rnd.nextInt(3) > 0 ? "c" + rnd.nextInt(commonTerms) : "t" + rnd.nextInt(400));
        }
        Set<String> keys = new HashSet<>();
        if (rnd.nextInt(5) == 0) {
          keys.add("gh:k" + rnd.nextInt(20));
        }
        index.upsert(id, terms, keys);
        termsOf.put(id, terms);
        keysOf.put(id, keys);
        index.checkPositions();
      } else {
        LinkedHashMap<String, Double> query = new LinkedHashMap<>();
        int size = 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 80 : 24);
        for (int i = 0; i < size; i++) {
          String term = rnd.nextBoolean() ? "c" + rnd.nextInt(commonTerms) : "t" + rnd.nextInt(400);
          query.putIfAbsent(term, weights[rnd.nextInt(weights.length)]);
        }
        Set<String> keys = rnd.nextInt(3) == 0 ? Set.of("gh:k" + rnd.nextInt(20)) : Set.of();
        int k = 1 + rnd.nextInt(12);
        assertThat(index.candidates(query, keys, k)).as("op %d", op)
            .isEqualTo(reference(termsOf, keysOf, query, keys, k));
        queries++;
      }
    }
    assertThat(queries).isGreaterThan(200);
    assertThat(index.size()).isEqualTo(termsOf.size());
  }

  @Provide
  static Arbitrary<String> ids() {
    Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(17);
    return Arbitraries.frequencyOf(
        Tuple.of(6, digits.map(d -> "s-" + d)),
        Tuple.of(1, Arbitraries.of("s-", "s", "", "S-1", "s-1a", "t-000001", "s--1", "s-\u0661")),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(12).map(x -> "s-" + x)),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
  }

  /** Where both ids have a key, comparing the keys compares the ids as strings do. */
  @Property(tries = 3000)
  void shouldOrderIdKeysAsTheIdsCompare(@ForAll("ids") String a, @ForAll("ids") String b) {
    long ka = StoryIndex.idKey(a);
    long kb = StoryIndex.idKey(b);
    boolean clustererForm = a.matches("s-[0-9]{1,15}");
    assertThat(ka >= 0).as("key of %s", a).isEqualTo(clustererForm);
    if (ka >= 0 && kb >= 0) {
      assertThat(Integer.signum(Long.compare(ka, kb))).as("%s vs %s", a, b).isEqualTo(Integer.signum(a.compareTo(b)));
    }
  }
}
