package io.storyline.cluster.core;

import io.storyline.cluster.summary.LexRankSummarizer;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The clustering state of one open story, bounded whatever its post count: the centroid keeps
 * {@code centroidMaxTerms} terms, keys and links {@link #MAX_KEYS} each, authors {@code maxAuthors},
 * top posts {@link Story#MAX_TOP_POSTS}. Serialisable to JSON (Jackson) as is. Immutable: {@link
 * #join} returns a new state; callers must not modify the maps.
 *
 * @param id story id ({@code s-000042}); never null
 * @param number the story's creation number, &ge; 1
 * @param firstSeen earliest post event time; never null
 * @param lastSeen latest post event time; never null
 * @param postCount posts assigned, &ge; 1
 * @param centroid sum of the L2-normalised post vectors, pruned to the strongest terms, strongest
 *     first; never null
 * @param surfaces surface form of each centroid term; never null
 * @param keys exact-match key to the number of posts carrying it, most frequent first; never null
 * @param links canonical outbound link to the number of posts carrying it; never null
 * @param authors distinct authors of original posts, replies and quotes, sorted, at most maxAuthors
 *     (then saturated); authors of reposts and cross-posts are not added; never null
 * @param sourceCounts posts per platform; never null
 * @param engagement engagement summed over posts; never null
 * @param topPosts the most representative posts, best first, always holding the best titled post if any; never null
 * @param paperPosts posts that are or link arXiv papers
 * @param toolPosts posts that link repos or announce releases
 * @param mergedFrom ids of stories merged into this one, oldest first, at most {@link
 *     Story#MAX_MERGED_FROM}; never null (null from older stored JSON reads as empty)
 * @param version incremented on every change, from 1
 * @param lastPostSeq the clusterer's post sequence number ({@link ClusterMeta#postSeq}) of the latest
 *     post that joined the story, &ge; 0; 0 in state written before it existed (the story then counts
 *     as long idle for {@link ClusterParams#idleDiscount} until its next post)
 */
public record StoryState(
    String id,
    long number,
    Instant firstSeen,
    Instant lastSeen,
    int postCount,
    Map<String, Double> centroid,
    Map<String, String> surfaces,
    Map<String, Integer> keys,
    Map<String, Integer> links,
    List<String> authors,
    Map<Source, Integer> sourceCounts,
    Engagement engagement,
    List<TopPost> topPosts,
    int paperPosts,
    int toolPosts,
    List<String> mergedFrom,
    long version,
    long lastPostSeq) {

  /** Normalises state read from JSON written before {@code mergedFrom} existed. */
  public StoryState {
    mergedFrom = mergedFrom == null ? List.of() : mergedFrom;
  }

  /** A state without a post sequence number ({@code lastPostSeq} 0), as built before it existed. */
  public StoryState(String id, long number, Instant firstSeen, Instant lastSeen, int postCount,
      Map<String, Double> centroid, Map<String, String> surfaces, Map<String, Integer> keys, Map<String, Integer> links,
      List<String> authors, Map<Source, Integer> sourceCounts, Engagement engagement, List<TopPost> topPosts,
      int paperPosts, int toolPosts, List<String> mergedFrom, long version) {
    this(id, number, firstSeen, lastSeen, postCount, centroid, surfaces, keys, links, authors, sourceCounts, engagement,
        topPosts, paperPosts, toolPosts, mergedFrom, version, 0);
  }

  /**
   * @param seq the post sequence number of the post that just joined, &ge; 0
   * @return this state with {@code lastPostSeq} set (same version: it is part of the join that
   *     produced this state)
   */
  public StoryState withLastPostSeq(long seq) {
    return new StoryState(id, number, firstSeen, lastSeen, postCount, centroid, surfaces, keys, links, authors,
        sourceCounts, engagement, topPosts, paperPosts, toolPosts, mergedFrom, version, seq);
  }

  /** Most keys and links kept per story. */
  public static final int MAX_KEYS = 50;

  /**
   * @param number story number, &ge; 1
   * @return the deterministic story id for a number, e.g. {@code s-000042}
   */
  public static String storyId(long number) {
    return String.format(java.util.Locale.ROOT, "s-%06d", number);
  }

  /**
   * Opens a story with its first post.
   *
   * @param number the story number, &ge; 1
   * @param f the first post's features; may not be null
   * @param params parameters; may not be null
   * @return the new state, version 1
   */
  public static StoryState open(long number, PostFeatures f, ClusterParams params) {
    StoryState empty = new StoryState(storyId(number), number, f.eventTime(), f.eventTime(), 0, Map.of(), Map.of(),
        Map.of(), Map.of(), List.of(), Map.of(), Engagement.UNKNOWN, List.of(), 0, 0, List.of(), 0);
    return empty.join(f, params);
  }

  /**
   * Adds a post.
   *
   * @param f the post's features; may not be null
   * @param params parameters; may not be null
   * @return the new state, version + 1
   */
  public StoryState join(PostFeatures f, ClusterParams params) {
    Post p = f.post();
    RankedTerms newCentroid = Vectors.topOfSum(centroid, f.vector(), params.centroidMaxTerms());
    Map<String, String> newSurfaces = RankedSurfaces.of(newCentroid, surfaces, f.surfaces());
    Map<String, Integer> newKeys = new HashMap<>(keys);
    f.keys().forEach(k -> newKeys.merge(k, 1, Integer::sum));
    Map<String, Integer> newLinks = new HashMap<>(links);
    p.links().stream().distinct().forEach(l -> newLinks.merge(l, 1, Integer::sum));
    // a repost or cross-post repeats someone else's post: it adds engagement, not a new voice
    List<String> newAuthors = authors;
    if (addsVoice(p) && authors.size() < params.maxAuthors()) {
      // authors is sorted (natural order) and distinct: insert in place of a TreeSet copy
      int at = java.util.Collections.binarySearch(authors, p.author());
      if (at < 0) {
        List<String> grown = new ArrayList<>(authors.size() + 1);
        grown.addAll(authors);
        grown.add(-at - 1, p.author());
        newAuthors = grown;
      }
    }
    EnumMap<Source, Integer> newSources = new EnumMap<>(Source.class);
    newSources.putAll(sourceCounts);
    newSources.merge(p.source(), 1, Integer::sum);

    List<TopPost> candidates = new ArrayList<>(topPosts);
    String snippet = LexRankSummarizer.collapseWhitespace(p.text().strip());
    if (snippet.length() > TopPost.MAX_SNIPPET_CHARS) {
      snippet = snippet.substring(0, TopPost.MAX_SNIPPET_CHARS);
    }
    String title = p.title() == null || p.title().isBlank() ? null : p.title().strip();
    candidates.add(new TopPost(p.id(), p.source(), p.url(), p.author(), title, snippet, p.createdAt(),
        f.engagementMass(), Vectors.ranked(f.vector(), TopPost.MAX_VECTOR_TERMS)));
    List<TopPost> newTop = selectTop(candidates, newCentroid);

    return new StoryState(
        id, number,
        postCount == 0 || f.eventTime().isBefore(firstSeen) ? f.eventTime() : firstSeen,
        postCount == 0 || f.eventTime().isAfter(lastSeen) ? f.eventTime() : lastSeen,
        postCount + 1,
        newCentroid,
        newSurfaces,
        topCounts(newKeys, MAX_KEYS),
        topCounts(newLinks, MAX_KEYS),
        List.copyOf(newAuthors),
        newSources,
        engagement.plus(p.engagement()),
        newTop,
        paperPosts + (f.paper() ? 1 : 0),
        toolPosts + (f.tool() ? 1 : 0),
        mergedFrom,
        version + 1,
        lastPostSeq);
  }

  /**
   * Absorbs another story (two stories that converged): centroids summed and pruned, keys, links,
   * sources, engagement and post counts added, authors united (bounded), top posts re-ranked
   * against the merged centroid, the other's id appended to {@code mergedFrom}.
   *
   * @param other the story merged into this one; may not be null, not this story
   * @param params parameters; may not be null
   * @return the merged state, keeping this story's id and number, version + 1
   */
  public StoryState merge(StoryState other, ClusterParams params) {
    RankedTerms newCentroid = Vectors.topOfSum(centroid, other.centroid, params.centroidMaxTerms());
    Map<String, String> newSurfaces = RankedSurfaces.of(newCentroid, surfaces, other.surfaces);
    Map<String, Integer> newKeys = new HashMap<>(keys);
    other.keys.forEach((k, c) -> newKeys.merge(k, c, Integer::sum));
    Map<String, Integer> newLinks = new HashMap<>(links);
    other.links.forEach((k, c) -> newLinks.merge(k, c, Integer::sum));
    TreeSet<String> newAuthors = new TreeSet<>(authors);
    for (String a : other.authors) {
      if (newAuthors.size() >= params.maxAuthors()) {
        break;
      }
      newAuthors.add(a);
    }
    EnumMap<Source, Integer> newSources = new EnumMap<>(Source.class);
    newSources.putAll(sourceCounts);
    other.sourceCounts.forEach((src, c) -> newSources.merge(src, c, Integer::sum));
    List<TopPost> candidates = new ArrayList<>(topPosts);
    // the other story's top posts that neither story holds yet (by id, against those added so far too)
    for (TopPost tp : other.topPosts) {
      boolean held = false;
      for (int i = 0; i < candidates.size() && !held; i++) {
        held = candidates.get(i).id().equals(tp.id());
      }
      if (!held) {
        candidates.add(tp);
      }
    }
    List<String> newMergedFrom = new ArrayList<>(mergedFrom);
    newMergedFrom.add(other.id);
    if (newMergedFrom.size() > Story.MAX_MERGED_FROM) {
      newMergedFrom = newMergedFrom.subList(newMergedFrom.size() - Story.MAX_MERGED_FROM, newMergedFrom.size());
    }
    return new StoryState(
        id, number,
        other.firstSeen.isBefore(firstSeen) ? other.firstSeen : firstSeen,
        other.lastSeen.isAfter(lastSeen) ? other.lastSeen : lastSeen,
        postCount + other.postCount,
        newCentroid,
        newSurfaces,
        topCounts(newKeys, MAX_KEYS),
        topCounts(newLinks, MAX_KEYS),
        List.copyOf(newAuthors),
        newSources,
        engagement.plus(other.engagement),
        selectTop(candidates, newCentroid),
        paperPosts + other.paperPosts,
        toolPosts + other.toolPosts,
        List.copyOf(newMergedFrom),
        version + 1,
        Math.max(lastPostSeq, other.lastPostSeq));
  }

  /**
   * @param candidates the top posts of the state(s) and the post joining, in that order; may hold a post id
   *     twice (a post seen again after the post memory forgot it)
   * @param centroid the new centroid
   * @return the {@link Story#MAX_TOP_POSTS} best candidates, best first (weight descending, then id), keeping
   *     the best titled post if any
   */
  static List<TopPost> selectTop(List<TopPost> candidates, Map<String, Double> centroid) {
    double centroidNorm = Vectors.norm(centroid);
    int n = candidates.size();
    Weighed[] sorted = new Weighed[n];
    for (int i = 0; i < n; i++) {
      TopPost tp = candidates.get(i);
      sorted[i] = new Weighed(tp, tp.weight(centroid, centroidNorm));
    }
    // a post id held twice (a post seen again after the post memory forgot it) weighs, both times,
    // what its last candidate weighs: what a map from id to weight, filled in candidate order, gave
    for (int i = 0; i < n; i++) {
      for (int j = n - 1; j > i; j--) {
        if (sorted[j].post.id().equals(sorted[i].post.id())) {
          sorted[i] = new Weighed(sorted[i].post, sorted[j].weight);
          break;
        }
      }
    }
    // weight descending, then id (a stable sort, as List.sort was)
    Arrays.sort(sorted, BEST_WEIGHED);
    int keep = Math.min(Story.MAX_TOP_POSTS, n);
    TopPost[] kept = new TopPost[keep];
    boolean titledKept = false;
    for (int i = 0; i < keep; i++) {
      kept[i] = sorted[i].post;
      titledKept |= titled(kept[i]);
    }
    // the best titled post (the submission, the paper) always stays, so a thread's comments never
    // push out the post that heads the story
    if (!titledKept) {
      for (int i = keep; i < n; i++) {
        if (titled(sorted[i].post)) {
          kept[keep - 1] = sorted[i].post;
          break;
        }
      }
    }
    return List.of(kept);
  }

  /** A top-post candidate with its {@link TopPost#weight}. */
  private record Weighed(TopPost post, double weight) {}

  /** Weight descending, then post id ascending: the order top posts are kept in. */
  private static final Comparator<Weighed> BEST_WEIGHED =
      Comparator.comparingDouble(Weighed::weight).reversed().thenComparing(w -> w.post().id());

  /**
   * @param p a post; may not be null
   * @return true if the post's author counts as a distinct voice: it has an author and is not a
   *     {@link Relation#REPOST} or {@link Relation#CROSSPOST}
   */
  static boolean addsVoice(Post p) {
    return p.author() != null && !p.author().isBlank()
        && p.relation() != Relation.REPOST && p.relation() != Relation.CROSSPOST;
  }

  private static boolean titled(TopPost tp) {
    return tp.title() != null && !tp.title().isBlank();
  }

  /** @return counts sorted by count descending then key ascending, at most {@code n} */
  static LinkedHashMap<String, Integer> topCounts(Map<String, Integer> counts, int n) {
    // the keys are distinct, so this order is total: any sort gives the same sequence
    @SuppressWarnings("unchecked")
    Map.Entry<String, Integer>[] entries = counts.entrySet().toArray(new Map.Entry[0]);
    Arrays.sort(entries, BY_COUNT);
    LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0, size = Math.min(n, entries.length); i < size; i++) {
      out.put(entries[i].getKey(), entries[i].getValue());
    }
    return out;
  }

  /** Count descending, then key ascending. */
  private static final Comparator<Map.Entry<String, Integer>> BY_COUNT =
      Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());
}
