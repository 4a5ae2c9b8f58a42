package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorsTest {
  private static Map<String, Double> random(Random rnd, int size) {
    Map<String, Double> v = new HashMap<>();
    for (int i = 0; i < size; i++) {
      // coarse weights so that ties (broken by term) occur
      v.put("t" + rnd.nextInt(3 * size + 1), (1 + rnd.nextInt(20)) / 8.0);
    }
    return v;
  }

  @Test
  void shouldGiveTheSameStrongestEntriesOfASumAsSortingTheWholeSum() {
    Random rnd = new Random(7);
    for (int round = 0; round < 2000; round++) {
      Map<String, Double> a = random(rnd, rnd.nextInt(60));
      Map<String, Double> b = random(rnd, rnd.nextInt(40));
      int n = rnd.nextInt(80);
      Map<String, Double> sum = new HashMap<>(a);
      b.forEach((t, w) -> sum.merge(t, w, Double::sum));
      LinkedHashMap<String, Double> expected = Vectors.top(sum, n);
      // a sorted base (a centroid: a RankedTerms, or a map read back from the store in order) takes the
      // merge path, an unsorted one the full sort
      int form = rnd.nextInt(3);
      Map<String, Double> base = form == 0 ? Vectors.ranked(a, Integer.MAX_VALUE) : form == 1 ? Vectors.top(a, Integer.MAX_VALUE) : a;
      Map<String, Double> added = rnd.nextBoolean() ? Vectors.ranked(b, Integer.MAX_VALUE) : b;
      RankedTerms actual = Vectors.topOfSum(base, added, n);
      assertThat(new ArrayList<>(actual.entrySet())).as("round %d", round).isEqualTo(new ArrayList<>(expected.entrySet()));
      assertThat(actual).as("round %d", round).isEqualTo(expected);
      for (String t : sum.keySet()) {
        assertThat(actual.get(t)).as("round %d, term %s", round, t).isEqualTo(expected.get(t));
      }
    }
  }

  @Test
  void shouldCarryEachTermsHashIntoMergedAndShortenedVectorsSoEveryTermIsFoundAgain() {
    Random rnd = new Random(13);
    for (int round = 0; round < 1000; round++) {
      // a centroid grown by several joins and merges, each result the base of the next, then shortened
      RankedTerms v = Vectors.ranked(random(rnd, rnd.nextInt(40)), Integer.MAX_VALUE);
      for (int step = 0; step < 4; step++) {
        Map<String, Double> addend = random(rnd, rnd.nextInt(40));
        v = Vectors.topOfSum(v, rnd.nextBoolean() ? Vectors.ranked(addend, Integer.MAX_VALUE) : addend, 1 + rnd.nextInt(80));
      }
      v = Vectors.ranked(v, rnd.nextInt(v.size() + 1));
      for (int i = 0; i < v.size(); i++) {
        String term = v.term(i);
        assertThat(v.hash(i)).as("round %d, term %s", round, term).isEqualTo(term.hashCode());
        // a fresh String: found through its content, not identity
        assertThat(v.indexOf(new String(term))).as("round %d, term %s", round, term).isEqualTo(i);
      }
      assertThat(v.indexOf("absent")).isEqualTo(-1);
    }
  }

  @Test
  void shouldGiveBitIdenticalNormsAndCosinesForRankedTermsAndMaps() {
    Random rnd = new Random(11);
    for (int round = 0; round < 2000; round++) {
      Map<String, Double> a = irregular(rnd, rnd.nextInt(60));
      Map<String, Double> b = irregular(rnd, rnd.nextInt(60));
      // the maps the core used before: insertion-ordered in the same order
      LinkedHashMap<String, Double> la = Vectors.top(a, Integer.MAX_VALUE);
      LinkedHashMap<String, Double> lb = Vectors.top(b, Integer.MAX_VALUE);
      RankedTerms ra = Vectors.ranked(a, Integer.MAX_VALUE);
      RankedTerms rb = Vectors.ranked(b, Integer.MAX_VALUE);
      assertThat(Vectors.norm(ra)).isEqualTo(io.storyline.cluster.vector.SparseVectors.norm(la));
      double expected = io.storyline.cluster.vector.SparseVectors.cosine(la, lb);
      assertThat(Vectors.cosine(ra, rb)).as("round %d", round).isEqualTo(expected);
      assertThat(Vectors.cosine(ra, lb)).as("round %d", round).isEqualTo(expected);
      assertThat(Vectors.cosine(la, rb)).as("round %d", round).isEqualTo(expected);
      assertThat(Vectors.cosine(ra, Vectors.norm(la), lb, Vectors.norm(lb))).as("round %d", round).isEqualTo(expected);
      assertThat(Vectors.strongestKeys(ra, 7)).isEqualTo(Vectors.strongestKeys(la, 7));
      assertThat(new ArrayList<>(Vectors.top(ra, 5).entrySet())).isEqualTo(new ArrayList<>(Vectors.top(la, 5).entrySet()));
      assertThat(new ArrayList<>(Vectors.ranked(ra, 5).entrySet())).isEqualTo(new ArrayList<>(Vectors.top(la, 5).entrySet()));
    }
  }

  @Test
  void shouldRefuseToModifyRankedTerms() {
    RankedTerms r = Vectors.ranked(Map.of("a", 1.0, "b", 2.0), 10);
    assertThat(r).containsExactly(Map.entry("b", 2.0), Map.entry("a", 1.0));
    assertThat(r.containsKey("a")).isTrue();
    assertThat(r.get("c")).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.put("c", 3.0)).isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.replaceAll((t, w) -> w / 2)).isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(r::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  /** Weights of many magnitudes, so that sums and products round differently in another order. */
  private static Map<String, Double> irregular(Random rnd, int size) {
    Map<String, Double> v = new HashMap<>();
    for (int i = 0; i < size; i++) {
      v.put("t" + rnd.nextInt(2 * size + 1), rnd.nextBoolean() ? rnd.nextDouble() : (1 + rnd.nextInt(4)) / 3.0);
    }
    return v;
  }

  @Test
  void shouldOrderByWeightDescendingThenTerm() {
    LinkedHashMap<String, Double> top = Vectors.top(Map.of("b", 0.5, "a", 0.5, "c", 0.9, "d", 0.1), 3);
    assertThat(List.copyOf(top.keySet())).containsExactly("c", "a", "b");
  }
}
