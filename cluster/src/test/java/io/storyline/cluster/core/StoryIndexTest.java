package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoryIndexTest {
  /** The documented ranking, computed the slow way: every live story scored in query order, then keys. */
  private static List<String> reference(Map<String, Set<String>> termsOf, Map<String, Set<String>> keysOf,
      LinkedHashMap<String, Double> query, Set<String> keys, int k) {
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

  @Test
  void shouldReturnExactlyTheTopKOfScoringEveryStoryWhateverTheUpdatesAndDeletes() {
    Random rnd = new Random(42);
    StoryIndex index = new StoryIndex();
    Map<String, Set<String>> termsOf = new HashMap<>();
    Map<String, Set<String>> keysOf = new HashMap<>();
    int checked = 0;
    for (int round = 0; round < 3000; round++) {
      String id = StoryState.storyId(1 + rnd.nextInt(400));
      int op = rnd.nextInt(10);
      if (op == 0) {
        index.delete(id);
        termsOf.remove(id);
        keysOf.remove(id);
        index.checkPositions();
      } else if (op < 6) {
        // a skewed vocabulary: a few very common terms (long posting lists, pruned) and a long tail
        Set<String> terms = new HashSet<>();
        for (int i = rnd.nextInt(20); i >= 0; i--) {
          terms.add("t" + (rnd.nextBoolean() ? rnd.nextInt(8) : rnd.nextInt(600)));
        }
        Set<String> keys = new HashSet<>();
        if (rnd.nextInt(4) == 0) {
          keys.add("gh:k" + rnd.nextInt(30));
        }
        if (rnd.nextInt(8) == 0) {
          keys.add("t" + rnd.nextInt(8)); // a key spelled like a common term: separate lists
        }
        index.upsert(id, terms, keys);
        termsOf.put(id, terms);
        keysOf.put(id, keys);
        // O(1) removal: every list entry and its story's recorded position agree after each change
        index.checkPositions();
      } else {
        // query sizes above 64 exercise the path without per-term bits
        LinkedHashMap<String, Double> query = new LinkedHashMap<>();
        int size = 1 + rnd.nextInt(rnd.nextBoolean() ? 24 : 90);
        for (int i = 0; i < size; i++) {
          query.putIfAbsent("t" + (rnd.nextBoolean() ? rnd.nextInt(8) : rnd.nextInt(600)), rnd.nextDouble());
        }
        Set<String> keys = rnd.nextBoolean() ? Set.of("gh:k" + rnd.nextInt(30), "gh:k" + (30 + rnd.nextInt(5))) : Set.of();
        int k = 1 + rnd.nextInt(10);
        assertThat(index.candidates(query, keys, k)).as("round %d", round).isEqualTo(reference(termsOf, keysOf, query, keys, k));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1000);
    assertThat(index.size()).isEqualTo(termsOf.size());
  }

  @Test
  void shouldBreakScoreTiesByStoryId() {
    StoryIndex index = new StoryIndex();
    List<String> ids = new ArrayList<>();
    for (int i = 12; i >= 1; i--) {
      index.upsert(StoryState.storyId(i), List.of("kimi"), List.of());
      ids.add(StoryState.storyId(i));
    }
    LinkedHashMap<String, Double> query = new LinkedHashMap<>(Map.of("kimi", 0.5));
    assertThat(index.candidates(query, Set.of(), 3)).containsExactly("s-000001", "s-000002", "s-000003");
  }
}
