package io.storyline.cluster.core;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * The surface forms of a story's centroid terms ({@link StoryState#surfaces()}), held as one array
 * parallel to the centroid's {@link RankedTerms} and found through the centroid's own index: an
 * immutable {@code Map<String, String>} from each centroid term to its surface form ("Kimi" for
 * {@code kimi}), whose keys are exactly the centroid's terms, in the centroid's order.
 *
 * <p>Why: a join or merge used to build a {@link java.util.HashMap} of up to {@code centroidMaxTerms}
 * entries per new story version, one look-up in the old map per term (a {@code String} hash probe and
 * {@code equals}, a node allocated per entry, resizes): 7 % of the core at 100k stories
 * (docs/BENCHMARKS.md, "Session 12 (speed)"). Here a look-up is a probe of the centroid's table by the
 * term hash the new centroid already carries ({@link #get(String, int)}), and a new version allocates
 * one array.
 *
 * <p>As a {@link Map} it is read-only (mutators throw {@link UnsupportedOperationException}), equal to
 * any map with the same entries ({@link AbstractMap#equals}), and serialised by Jackson as the map it
 * is, in the centroid's order (a state read back holds a {@link java.util.LinkedHashMap}, which
 * {@link #of} reads like any map). Immutable and thread-safe.
 */
final class RankedSurfaces extends AbstractMap<String, String> {
  private final RankedTerms centroid;
  private final String[] surfaces;

  private RankedSurfaces(RankedTerms centroid, String[] surfaces) {
    this.centroid = centroid;
    this.surfaces = surfaces;
  }

  /**
   * The surface forms of a new centroid's terms: for each term {@code t}, {@code first.get(t)} if that
   * is not null, else {@code fallback.getOrDefault(t, t)} (the same entries as the {@code HashMap} a join
   * or merge built term by term before).
   *
   * @param centroid the new centroid; may not be null
   * @param first the surfaces of the state being joined or merged into; may not be null
   * @param fallback the surfaces of the post or story being added; may not be null
   * @return the surfaces, one per centroid term; never null
   */
  static RankedSurfaces of(RankedTerms centroid, Map<String, String> first, Map<String, String> fallback) {
    int n = centroid.size();
    String[] out = new String[n];
    RankedSurfaces rankedFirst = first instanceof RankedSurfaces r ? r : null;
    for (int i = 0; i < n; i++) {
      String t = centroid.term(i);
      String s = rankedFirst != null ? rankedFirst.get(t, centroid.hash(i)) : first.get(t);
      out[i] = s != null ? s : fallback.getOrDefault(t, t);
    }
    return new RankedSurfaces(centroid, out);
  }

  /**
   * @param term a term; may not be null
   * @param hash {@code term.hashCode()}
   * @return its surface form, or null if it is not a centroid term
   */
  String get(String term, int hash) {
    int at = centroid.indexOf(term, hash);
    return at < 0 ? null : surfaces[at];
  }

  @Override
  public String get(Object term) {
    int at = centroid.indexOf(term);
    return at < 0 ? null : surfaces[at];
  }

  @Override
  public boolean containsKey(Object term) {
    return centroid.indexOf(term) >= 0;
  }

  @Override
  public int size() {
    return surfaces.length;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new PositionalEntries<>(surfaces.length, centroid::term, i -> surfaces[i]);
  }
}
