package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Engagement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link StorySnapshots#label} and {@link StorySnapshots#overlaps} (read by position from a {@link
 * RankedTerms}, compound parts found without a regex, each surface form looked up once) give exactly
 * what the straightforward definitions below give: every centroid entry copied and sorted, compound
 * parts by {@code Pattern.split}, the chosen terms sorted by a stream comparator. Terms are drawn from a
 * few letters and the delimiters {@code - / + _ .} (so that compounds, their parts, prefixes, empty
 * pieces and leading or doubled delimiters occur), weights from a few values (so that ties occur),
 * surface forms in mixed case, some of them in the headline.
 */
class StorySnapshotsLabelPropertyTest {
  private static final Pattern PARTS = Pattern.compile("[-/+_.]");

  /** The label as defined before it was read by position: session 9's code. */
  static String referenceLabel(StoryState s, String headline) {
    List<Map.Entry<String, Double>> entries = new ArrayList<>(s.centroid().entrySet());
    entries.sort(Vectors.BY_WEIGHT);
    List<String> chosen = new ArrayList<>();
    double topWeight = entries.isEmpty() ? 0 : entries.get(0).getValue();
    for (Map.Entry<String, Double> e : entries) {
      if (chosen.size() >= 3) {
        break;
      }
      boolean strongEnough = e.getValue() >= 0.35 * topWeight || chosen.size() < 2;
      if (!strongEnough) {
        break;
      }
      if (chosen.stream().noneMatch(c -> referenceOverlaps(c, e.getKey()))) {
        chosen.add(e.getKey());
      }
    }
    String lowerHeadline = headline.toLowerCase(Locale.ROOT);
    List<String> surfaces = chosen.stream()
        .sorted(Comparator.comparingInt((String t) -> position(lowerHeadline, s.surfaces().getOrDefault(t, t)))
            .thenComparing(chosen::indexOf))
        .map(t -> surfaceOf(t, s.surfaces().getOrDefault(t, t), headline, lowerHeadline))
        .toList();
    return String.join(" ", surfaces);
  }

  private static int position(String lowerHeadline, String surface) {
    int i = lowerHeadline.indexOf(surface.toLowerCase(Locale.ROOT));
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  private static String surfaceOf(String term, String surface, String headline, String lowerHeadline) {
    int i = lowerHeadline.indexOf(surface.toLowerCase(Locale.ROOT));
    if (i >= 0 && headline.length() == lowerHeadline.length()) {
      return headline.substring(i, i + surface.length());
    }
    return surface.isEmpty() ? term : surface;
  }

  static boolean referenceOverlaps(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    return List.of(PARTS.split(a)).contains(b) || List.of(PARTS.split(b)).contains(a)
        || (a.length() > 3 && b.startsWith(a)) || (b.length() > 3 && a.startsWith(b));
  }

  private static String term(Random rnd, int maxLength) {
    String alphabet = "abk2-/+_.";
    StringBuilder t = new StringBuilder();
    int n = rnd.nextInt(maxLength + 1);
    for (int i = 0; i < n; i++) {
      // letters three times as often as delimiters
      t.append(rnd.nextInt(4) == 0 ? alphabet.charAt(4 + rnd.nextInt(5)) : alphabet.charAt(rnd.nextInt(4)));
    }
    return t.toString();
  }

  @Property(tries = 300)
  void overlapsAgreesWithSplittingByTheRegex(@ForAll long seed) {
    Random rnd = new Random(seed);
    for (int i = 0; i < 200; i++) {
      String a = term(rnd, 9);
      String b = rnd.nextInt(4) == 0 && !a.isEmpty() ? a.substring(rnd.nextInt(a.length())) : term(rnd, 5);
      assertThat(StorySnapshots.overlaps(a, b)).as("overlaps(%s, %s)", a, b).isEqualTo(referenceOverlaps(a, b));
    }
  }

  @Property(tries = 300)
  void labelAgreesWithTheStraightforwardDefinition(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int terms,
      @ForAll boolean ranked) {
    Random rnd = new Random(seed);
    double[] weights = {1.0, 0.5, 0.35, 0.34, 0.2, 0.1};
    Map<String, Double> centroid = new HashMap<>();
    Map<String, String> surfaces = new HashMap<>();
    StringBuilder headline = new StringBuilder();
    for (int i = 0; i < terms; i++) {
      String t = term(rnd, 7);
      if (t.isEmpty()) {
        continue;
      }
      centroid.put(t, weights[rnd.nextInt(weights.length)] * (rnd.nextBoolean() ? 1 : 0.7));
      if (rnd.nextInt(3) > 0) {
        String surface = rnd.nextBoolean() ? t.toUpperCase(Locale.ROOT) : rnd.nextInt(5) == 0 ? "" : t;
        surfaces.put(t, surface);
        if (rnd.nextBoolean()) {
          headline.insert(rnd.nextInt(headline.length() + 1), " " + (rnd.nextBoolean() ? surface : t) + " ");
        }
      }
    }
    // a centroid as the core holds it (in BY_WEIGHT order by construction) or as read back from JSON
    Map<String, Double> vector = ranked ? Vectors.ranked(centroid, centroid.size()) : shuffled(centroid, rnd);
    StoryState s = new StoryState("s-000001", 1, Instant.EPOCH, Instant.EPOCH, 1, vector, surfaces, Map.of(), Map.of(),
        List.of(), Map.of(), Engagement.UNKNOWN, List.of(), 0, 0, List.of(), 1);
    String h = rnd.nextInt(8) == 0 ? "İstanbul " + headline : headline.toString(); // lower-casing may change the length
    assertThat(StorySnapshots.label(s, h)).as("label of %s, headline [%s]", vector, h).isEqualTo(referenceLabel(s, h));
  }

  private static Map<String, Double> shuffled(Map<String, Double> v, Random rnd) {
    List<Map.Entry<String, Double>> entries = new ArrayList<>(v.entrySet());
    java.util.Collections.shuffle(entries, rnd);
    Map<String, Double> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
