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
      // a sorted base (a centroid) takes the merge path, an unsorted one the full sort
      Map<String, Double> base = rnd.nextBoolean() ? Vectors.top(a, Integer.MAX_VALUE) : a;
      LinkedHashMap<String, Double> actual = Vectors.topOfSum(base, b, n);
      assertThat(new ArrayList<>(actual.entrySet())).as("round %d", round).isEqualTo(new ArrayList<>(expected.entrySet()));
    }
  }

  @Test
  void shouldOrderByWeightDescendingThenTerm() {
    LinkedHashMap<String, Double> top = Vectors.top(Map.of("b", 0.5, "a", 0.5, "c", 0.9, "d", 0.1), 3);
    assertThat(List.copyOf(top.keySet())).containsExactly("c", "a", "b");
  }
}
