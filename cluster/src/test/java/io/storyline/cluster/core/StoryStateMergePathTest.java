package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A join's and a merge's array forms (surface forms parallel to the centroid, top posts ranked in an array)
 * hold exactly what the map forms they replaced held (session 12; docs/BENCHMARKS.md).
 */
class StoryStateMergePathTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Double> randomVector(Random rnd, int size) {
    Map<String, Double> v = new HashMap<>();
    for (int i = 0; i < size; i++) {
      // coarse weights so that ties (broken by term) occur; few terms so that sums share many
      v.put("t" + rnd.nextInt(2 * size + 1), (1 + rnd.nextInt(12)) / 8.0);
    }
    return v;
  }

  /** Surface forms for some of the vector's terms (the rest fall back to the term itself). */
  private static Map<String, String> randomSurfaces(Random rnd, Map<String, Double> v) {
    Map<String, String> s = new HashMap<>();
    for (String t : v.keySet()) {
      if (rnd.nextInt(4) > 0) {
        s.put(t, t.toUpperCase(java.util.Locale.ROOT) + rnd.nextInt(3));
      }
    }
    return s;
  }

  /** What join and merge built before: a HashMap filled term by term in the centroid's order. */
  private static Map<String, String> termByTerm(RankedTerms centroid, Map<String, String> first, Map<String, String> fallback) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < centroid.size(); i++) {
      String t = centroid.term(i);
      String s = first.get(t);
      out.put(t, s != null ? s : fallback.getOrDefault(t, t));
    }
    return out;
  }

  @Test
  void shouldHoldTheSurfaceFormsAMapBuiltTermByTermHeldThroughChainsOfJoinsAndMerges() throws Exception {
    Random rnd = new Random(12);
    for (int round = 0; round < 500; round++) {
      Map<String, Double> first = randomVector(rnd, 1 + rnd.nextInt(40));
      RankedTerms centroid = Vectors.ranked(first, Integer.MAX_VALUE);
      Map<String, String> actual = randomSurfaces(rnd, first);
      Map<String, String> expected = new HashMap<>(actual);
      for (int step = 0; step < 5; step++) {
        Map<String, Double> added = randomVector(rnd, rnd.nextInt(40));
        Map<String, String> addedSurfaces = randomSurfaces(rnd, added);
        centroid = Vectors.topOfSum(centroid, added, 1 + rnd.nextInt(60));
        // a state read back from the store holds a plain map, which the next change reads as any map
        Map<String, String> base = rnd.nextInt(4) == 0 ? new LinkedHashMap<>(actual) : actual;
        actual = RankedSurfaces.of(centroid, base, addedSurfaces);
        expected = termByTerm(centroid, expected, addedSurfaces);
        assertThat(actual).as("round %d, step %d", round, step).isEqualTo(expected);
        assertThat(expected).as("round %d, step %d", round, step).isEqualTo(actual);
        assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
        assertThat(List.copyOf(actual.keySet())).as("in the centroid's order").isEqualTo(List.copyOf(centroid.keySet()));
        for (String t : List.of("t0", "t1", "t7", "t33", "absent")) {
          assertThat(actual.get(t)).as("round %d, term %s", round, t).isEqualTo(expected.get(t));
          assertThat(actual.containsKey(t)).isEqualTo(expected.containsKey(t));
          assertThat(actual.getOrDefault(t, "-")).isEqualTo(expected.getOrDefault(t, "-"));
        }
      }
      // stored as the plain map it is, in the centroid's order
      Map<String, String> ordered = new LinkedHashMap<>();
      for (String t : centroid.keySet()) {
        ordered.put(t, expected.get(t));
      }
      assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(ordered));
    }
  }

  /** The top posts as they were selected before: weights in a map by post id, a list sorted through it. */
  private static List<TopPost> selectTopByMap(List<TopPost> candidates, Map<String, Double> centroid) {
    Map<String, Double> weights = new HashMap<>();
    double centroidNorm = Vectors.norm(centroid);
    candidates.forEach(tp -> weights.put(tp.id(), tp.weight(centroid, centroidNorm)));
    List<TopPost> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.<TopPost>comparingDouble(tp -> weights.get(tp.id())).reversed().thenComparing(TopPost::id));
    List<TopPost> kept = new ArrayList<>(sorted.subList(0, Math.min(Story.MAX_TOP_POSTS, sorted.size())));
    if (kept.stream().noneMatch(tp -> tp.title() != null && !tp.title().isBlank())) {
      sorted.stream().filter(tp -> tp.title() != null && !tp.title().isBlank()).findFirst()
          .ifPresent(t -> kept.set(kept.size() - 1, t));
    }
    return List.copyOf(kept);
  }

  @Test
  void shouldKeepTheTopPostsTheMapOfWeightsByIdKeptEvenWhenAnIdRepeatsOrWeightsTie() {
    Random rnd = new Random(21);
    for (int round = 0; round < 3000; round++) {
      RankedTerms centroid = Vectors.ranked(randomVector(rnd, 1 + rnd.nextInt(30)), Integer.MAX_VALUE);
      int n = rnd.nextInt(2 * Story.MAX_TOP_POSTS + 2);
      List<TopPost> candidates = new ArrayList<>();
      List<Map<String, Double>> vectors = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // few ids (repeats), few vectors and engagements (ties), some titled, untitled most often
        Map<String, Double> v = vectors.isEmpty() || rnd.nextInt(3) > 0
            ? Vectors.ranked(randomVector(rnd, rnd.nextInt(12)), TopPost.MAX_VECTOR_TERMS)
            : vectors.get(rnd.nextInt(vectors.size()));
        vectors.add(v);
        String title = rnd.nextInt(5) == 0 ? "title " + i : rnd.nextInt(8) == 0 ? " " : null;
        candidates.add(new TopPost("p" + rnd.nextInt(n + 3), Source.REDDIT, null, "a", title, "text " + i,
            Instant.EPOCH, rnd.nextInt(3), v));
      }
      List<TopPost> actual = StoryState.selectTop(candidates, centroid);
      List<TopPost> expected = selectTopByMap(candidates, centroid);
      assertThat(actual).as("round %d", round).containsExactlyElementsOf(expected);
      for (int i = 0; i < actual.size(); i++) {
        assertThat(actual.get(i)).as("round %d, post %d is the same candidate", round, i).isSameAs(expected.get(i));
      }
    }
  }

  @Test
  void shouldKeepTheCountsASortedStreamKeptMostFrequentFirstThenByKey() {
    Random rnd = new Random(34);
    for (int round = 0; round < 3000; round++) {
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0, size = rnd.nextInt(120); i < size; i++) {
        counts.merge("k" + rnd.nextInt(150), 1 + rnd.nextInt(3), Integer::sum);
      }
      int n = rnd.nextInt(60);
      LinkedHashMap<String, Integer> expected = new LinkedHashMap<>();
      counts.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(n)
          .forEach(e -> expected.put(e.getKey(), e.getValue()));
      assertThat(List.copyOf(StoryState.topCounts(counts, n).entrySet())).as("round %d", round)
          .isEqualTo(List.copyOf(expected.entrySet()));
    }
  }
}
