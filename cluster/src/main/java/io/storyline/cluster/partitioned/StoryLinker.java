package io.storyline.cluster.partitioned;

import io.storyline.cluster.core.CandidateScore;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.DistinctPapers;
import io.storyline.cluster.core.PostFeatures;
import io.storyline.cluster.core.StoryIndex;
import io.storyline.cluster.core.StoryScorer;
import io.storyline.cluster.core.StorySnapshots;
import io.storyline.cluster.core.StoryState;
import io.storyline.cluster.core.Vectors;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second level of two-level clustering: links the local stories that the partitions' {@link
 * io.storyline.cluster.core.StoryClusterer}s form into global stories, so that a story whose posts
 * were spread over P partitions is still one story. The idea is micro-cluster stream clustering
 * (online micro-clusters, offline macro-clusters: Aggarwal et al., "A Framework for Clustering
 * Evolving Data Streams", VLDB 2003, https://www.vldb.org/conf/2003/papers/S04P02.pdf) done online,
 * and the local-then-linked topics of Linger &amp; Hajaiej 2020.
 *
 * <p>Rules, one {@link #apply} per local decision, in the order the links topic holds them:
 *
 * <ol>
 *   <li>Local stories the partition closed leave their global story and are folded into its
 *       {@link GlobalStory#retired} part (counts stay); a global story whose last open fragment
 *       closed is closed.
 *   <li>A local story not seen before (the partition opened it) is scored like a post in the
 *       single-partition core: its state (one post) against the top-k global stories from a story
 *       index of global centroids and keys, with the core's {@link StoryScorer} (cosine + link bonus,
 *       time factor, chaining guard); the best global story clearing {@code similarityThreshold}
 *       gets it, else a new global story {@code g-<number>} opens. Then, as the core merges, every
 *       other candidate whose composed centroid has cosine &ge; {@code mergeThreshold} with the
 *       linked story ({@code ClusterParams#mergeThresholdFor}: higher when both are established) is
 *       merged into it (unless merging is off).
 *   <li>A known local story that grew is replaced; its global story follows it. If the post
 *       joined it (not a reply following its parent), the global story then absorbs, as the core
 *       merges when a post joins, every global story among the candidates for the post's own terms
 *       and keys whose fold has cosine &ge; {@code mergeThreshold} with it ({@code mergeThresholdFor}).
 *       The post's terms are what its local story gained (the links topic carries stories, not
 *       posts). Before session 9 only a newly linked local story could merge global stories, so
 *       fragments that converged through posts following their local story stayed apart (News-T, 4
 *       partitions: BCubed F1 0.798 &rarr; 0.802; docs/QUALITY.md, "Session 9").
 *   <li>A local story the partition merged into the post's leaves its global story; if it was
 *       that story's only fragment, the story is merged into the post's global story.
 * </ol>
 *
 * <p>Merging two global stories keeps the one with more posts (ties: the older); the other is
 * published once more with {@code mergedInto} set (and, like the core's, without a summary:
 * {@link StorySnapshots}), its fragments move over, and its id is never
 * used again. A global story's state is the fold ({@link StoryState#merge}) of its retired part and
 * its open fragments' latest states, in the order the fragments joined (a merged story's after the
 * survivor's); its snapshot is that fold's {@link
 * StorySnapshots#toStory}, or the fragment's own snapshot when it has exactly one fragment.
 *
 * <p>Deterministic: the same updates in the same order give the same global ids, and a linker
 * rebuilt from the same {@link LinkerState} continues exactly as the original (the index and the
 * fold cache are derived). Not thread-safe; one instance per stream task.
 */
public final class StoryLinker implements Closeable {
  /**
   * Similarity threshold for the partitions' own clusterers in the two-level mode, well above the
   * core's 0.12: a post joins a local story only on a clear match; otherwise it opens a local story
   * and the linker decides against every partition's stories. With a low local threshold a post
   * joins a weak local match although a far better story lives in another partition (News-T, 4
   * partitions, BCubed F1: 0.717 at 0.25, 0.738 at 0.35, 0.769 at 0.5, single mode 0.758; Tweets-T
   * 0.669 at 0.25; docs/QUALITY.md).
   */
  public static final double DEFAULT_LOCAL_THRESHOLD = 0.5;

  /**
   * The parameters of the partitions' own clusterers in the two-level mode, for the live topology
   * ({@code ClusterConfig#localParams}) and the eval simulation alike: the core's, with the local
   * similarity threshold and without merging ({@code mergeThreshold} 1). Merging converged stories is
   * a global decision: the linker makes it on global stories with the core's merge rule. A partition
   * that merged two of its local stories on its quarter of the evidence moved their posts between
   * global stories the linker had kept apart (session 5, 4 partitions, BCubed F1: news-t 0.753 &rarr;
   * 0.774, tweets-t 0.768 &rarr; 0.783; docs/QUALITY.md).
   *
   * @param params the core's parameters; may not be null
   * @param localThreshold the partitions' similarity threshold, in [0, 1]
   * @return {@code params} with {@code localThreshold} and merging off
   * @throws IllegalArgumentException if {@code localThreshold} is outside [0, 1]
   */
  public static ClusterParams localParams(ClusterParams params, double localThreshold) {
    return params.withSimilarityThreshold(localThreshold).withMergeThreshold(1.0);
  }

  private static final Logger LOG = LoggerFactory.getLogger(StoryLinker.class);
  private static final Comparator<CandidateScore> BEST_FIRST =
      Comparator.comparingDouble(CandidateScore::score).reversed().thenComparing(CandidateScore::storyId);

  private final ClusterParams params;
  private final LinkerState state;
  private final StoryScorer scorer;
  private final StoryIndex index = new StoryIndex();
  /** Global id to the fold of its fragments; derived, dropped on every change of the story. */
  private final Map<String, StoryState> folds = new HashMap<>();
  /**
   * Global id to its fold before the rewrap ({@link Fold}); derived. Kept across the two common
   * changes, a fragment appended and the last fragment grown, so that each costs one {@link
   * StoryState#merge} instead of one per fragment (docs/BENCHMARKS.md, "Session 7: the linker's fold kept
   * incrementally").
   */
  private final Map<String, Fold> rawFolds = new HashMap<>();
  /** Global stories changed since they were last indexed; indexed before the next retrieval. */
  private final java.util.Set<String> unindexed = new TreeSet<>();
  private int openGlobals;

  /**
   * @param params the core's parameters (threshold, k, query and index terms, merge threshold);
   *     may not be null
   * @param state durable state, possibly non-empty (a restart); may not be null
   */
  public StoryLinker(ClusterParams params, LinkerState state) {
    this.params = Objects.requireNonNull(params, "params can't be null");
    this.state = Objects.requireNonNull(state, "state can't be null");
    this.scorer = new StoryScorer(params);
    List<GlobalStory> open = new ArrayList<>();
    state.forEachGlobal(open::add);
    open.sort(Comparator.comparing(GlobalStory::id));
    for (GlobalStory g : open) {
      indexGlobal(g);
    }
    openGlobals = open.size();
    LOG.info("global story index rebuilt with {} open global stories", open.size());
  }

  /**
   * @param partition a partition, &ge; 0
   * @param localId a local story id of that partition
   * @return the key of a local story, {@code p<partition>/<localId>}
   */
  public static String localKey(int partition, String localId) {
    return "p" + partition + "/" + localId;
  }

  /**
   * Applies one partition's decision for one post.
   *
   * @param u the update; may not be null
   * @return the post's global assignment and the snapshots to publish; never null
   */
  public LinkResult apply(LocalStoryUpdate u) {
    Objects.requireNonNull(u, "local story update can't be null");
    int p = u.partition();
    List<String> closedGlobals = new ArrayList<>();
    for (String id : u.closedLocal()) {
      closeLocal(localKey(p, id), closedGlobals);
    }
    if (u.kind() == Decision.Kind.DUPLICATE) {
      String g = state.globalOf(localKey(p, u.assignment().storyId()));
      return g == null
          ? new LinkResult(LinkResult.Kind.DUPLICATE_UNMAPPED, null, List.of(), closedGlobals)
          : new LinkResult(LinkResult.Kind.DUPLICATE, relabel(u.assignment(), g, u.assignment().score(), false), List.of(),
              closedGlobals);
    }
    String key = localKey(p, u.story().id());
    StoryState known = state.local(key);
    String globalId = state.globalOf(key);
    List<Story> published = new ArrayList<>();
    LinkResult.Kind kind;
    double score = u.assignment().score();
    if (known == null || globalId == null) {
      state.putLocal(key, u.story());
      List<CandidateScore> scored = candidatesFor(u.story(), null);
      if (!scored.isEmpty() && scored.get(0).score() >= params.similarityThreshold()) {
        globalId = scored.get(0).storyId();
        score = Math.max(0, Math.min(1, scored.get(0).score()));
        kind = LinkResult.Kind.LINKED;
      } else {
        LinkerMeta meta = state.meta();
        GlobalStory opened = GlobalStory.open(meta.globalCounter() + 1);
        state.putMeta(new LinkerMeta(meta.globalCounter() + 1, meta.postSeq(), meta.joinGap()));
        state.putGlobal(opened);
        openGlobals++;
        globalId = opened.id();
        kind = LinkResult.Kind.NEW_GLOBAL;
      }
      GlobalStory g = state.global(globalId);
      state.putGlobal(withMembers(g, append(g.members(), key), g.retiredKeys()));
      state.putGlobalOf(key, globalId);
      grown(globalId, key, true);
      if (kind == LinkResult.Kind.LINKED && params.merging()) {
        globalId = mergeConverged(globalId, scored, published);
      }
    } else {
      state.putLocal(key, u.story());
      grown(globalId, key, false);
      kind = LinkResult.Kind.FOLLOWED_LOCAL;
      if (u.kind() == Decision.Kind.JOINED && params.merging()) {
        globalId = mergeConverged(globalId, followerCandidates(known, u.story(), globalId), published);
      }
    }
    for (String absorbedId : u.mergedLocal()) {
      globalId = absorbLocal(localKey(p, absorbedId), globalId, published);
    }
    LinkerMeta meta = state.meta();
    GlobalStory grown = state.global(globalId);
    // the typical join gap learns from every post that grows an existing global story
    double joinGap = kind == LinkResult.Kind.NEW_GLOBAL ? meta.joinGap()
        : StoryScorer.nextJoinGap(meta.joinGap(), meta.postSeq() - grown.lastPostSeq());
    state.putMeta(new LinkerMeta(meta.globalCounter(), meta.postSeq() + 1, joinGap));
    state.putGlobal(new GlobalStory(grown.id(), grown.number(), grown.members(), grown.retired(), grown.retiredKeys(),
        grown.mergedFrom(), grown.version(), grown.lead(), meta.postSeq() + 1));
    published.add(snapshot(globalId, key, u.snapshot()));
    return new LinkResult(kind, relabel(u.assignment(), globalId, score, kind == LinkResult.Kind.NEW_GLOBAL), published,
        closedGlobals);
  }

  /** @return the number of open global stories (also the documents of the index) */
  public int openGlobalStories() {
    return openGlobals;
  }

  private List<CandidateScore> candidatesFor(StoryState local, String exclude) {
    PostFeatures f = new PostFeatures(null, local.centroid(), local.surfaces(), local.keys().keySet(), local.firstSeen(),
        0, false, false);
    flushIndex();
    List<CandidateScore> scored = new ArrayList<>();
    for (String id : index.candidates(Vectors.top(local.centroid(), params.queryTerms()), local.keys().keySet(),
        params.candidatesK())) {
      if (!id.equals(exclude) && state.global(id) != null) {
        StoryState global = fold(id);
        if (!DistinctPapers.holdDifferentPapers(local, global)) {
          // posts linked since the global story last grew (the post being linked not counted)
          scored.add(scorer.score(f, global, state.meta().postSeq() - state.global(id).lastPostSeq(), state.meta().joinGap()));
        }
      }
    }
    scored.sort(BEST_FIRST);
    return scored;
  }

  /**
   * The global stories the core would have checked for a merge when the post joined: the candidates
   * retrieved for the post's own terms and keys, each scored for the post as the core scores it (the
   * score {@link ClusterParams#mergeBridge} asks of a merge). The post is not on the links topic; its
   * vector is what the local story gained ({@code after} minus {@code before}, positive part; equal to the
   * post's vector up to its scale, except for terms the centroid pruned), its keys those whose count rose,
   * its event time the local story's latest.
   */
  private List<CandidateScore> followerCandidates(StoryState before, StoryState after, String exclude) {
    Map<String, Double> gained = new HashMap<>();
    after.centroid().forEach((t, w) -> {
      double d = w - before.centroid().getOrDefault(t, 0.0);
      if (d > 0) {
        gained.put(t, d);
      }
    });
    List<String> keys = new ArrayList<>();
    after.keys().forEach((k, n) -> {
      if (n > before.keys().getOrDefault(k, 0)) {
        keys.add(k);
      }
    });
    flushIndex();
    PostFeatures f = new PostFeatures(null, Vectors.top(gained, Integer.MAX_VALUE), after.surfaces(),
        java.util.Set.copyOf(keys), after.lastSeen(), 0, false, false);
    List<CandidateScore> out = new ArrayList<>();
    for (String id : index.candidates(Vectors.top(gained, params.queryTerms()), keys, params.candidatesK())) {
      if (!id.equals(exclude) && state.global(id) != null) {
        out.add(scorer.score(f, fold(id), state.meta().postSeq() - state.global(id).lastPostSeq(), state.meta().joinGap()));
      }
    }
    return out;
  }

  /**
   * Merges into {@code globalId} every candidate whose fold converged with it and for which the post scored at
   * least {@link ClusterParams#mergeBridge} (the core's rule); returns the survivor's id.
   */
  private String mergeConverged(String globalId, List<CandidateScore> candidates, List<Story> published) {
    String current = globalId;
    for (CandidateScore cs : candidates) {
      String other = cs.storyId();
      if (other.equals(current) || state.global(other) == null || cs.score() < params.mergeBridge()) {
        continue;
      }
      StoryState a = fold(current);
      StoryState b = fold(other);
      if (!DistinctPapers.holdDifferentPapers(a, b) && Vectors.cosine(a.centroid(), b.centroid()) >= params.mergeThresholdFor(a.postCount(), b.postCount())) {
        current = union(current, other, published);
      }
    }
    return current;
  }

  /** Merges two global stories; returns the survivor's id. */
  private String union(String a, String b, List<Story> published) {
    StoryState fa = fold(a);
    StoryState fb = fold(b);
    GlobalStory ga = state.global(a);
    GlobalStory gb = state.global(b);
    boolean keepA = fa.postCount() > fb.postCount() || (fa.postCount() == fb.postCount() && ga.number() < gb.number());
    GlobalStory keep = keepA ? ga : gb;
    GlobalStory gone = keepA ? gb : ga;
    GlobalStory goneFinal = new GlobalStory(gone.id(), gone.number(), gone.members(), gone.retired(),
        gone.retiredKeys(), gone.mergedFrom(), gone.version() + 1, gone.lead(), gone.lastPostSeq());
    published.add(toStory(goneFinal, fold(gone.id()), keep.id()));
    for (String m : gone.members()) {
      state.putGlobalOf(m, keep.id());
    }
    for (String m : gone.retiredKeys()) {
      state.putGlobalOf(m, keep.id());
    }
    StoryState retired = keep.retired() == null ? gone.retired()
        : gone.retired() == null ? keep.retired() : keep.retired().merge(gone.retired(), params);
    List<String> mergedFrom = new ArrayList<>(keep.mergedFrom());
    mergedFrom.add(gone.id());
    if (mergedFrom.size() > Story.MAX_MERGED_FROM) {
      mergedFrom = mergedFrom.subList(mergedFrom.size() - Story.MAX_MERGED_FROM, mergedFrom.size());
    }
    state.putGlobal(new GlobalStory(keep.id(), keep.number(), concat(keep.members(), gone.members()), retired,
        union(keep.retiredKeys(), gone.retiredKeys()), mergedFrom, keep.version(), keep.lead(),
        Math.max(keep.lastPostSeq(), gone.lastPostSeq())));
    state.deleteGlobal(gone.id());
    index.delete(gone.id());
    unindexed.remove(gone.id());
    forget(gone.id());
    openGlobals--;
    changed(keep.id());
    LOG.debug("global story {} merged into {}", gone.id(), keep.id());
    return keep.id();
  }

  /**
   * A local story the partition merged into the post's story ({@code globalId}): its posts now live
   * in that story's fragment. If it was the only fragment of another global story, that story is
   * merged into the post's; if its global story has other fragments, it just leaves it (that story
   * is republished without it): merging whole global stories because two fragments converged in
   * one partition chains unrelated stories together (measured: BCubed precision on News-T fell from
   * 0.83 to 0.46 with 2 partitions).
   */
  private String absorbLocal(String absorbedKey, String globalId, List<Story> published) {
    String from = state.globalOf(absorbedKey);
    String survivor = globalId;
    GlobalStory g = from == null ? null : state.global(from);
    if (g == null) {
      LOG.warn("local story {} was merged but is not linked to an open global story; nothing to move", absorbedKey);
    } else if (!from.equals(globalId)) {
      List<String> remaining = without(g.members(), absorbedKey);
      if (remaining.isEmpty() && g.retired() == null) {
        survivor = union(globalId, from, published);
      } else {
        state.putGlobal(withMembers(g, remaining, remove(g.retiredKeys(), absorbedKey)));
        changed(from);
        published.add(snapshot(from, null, null));
      }
    }
    state.deleteLocal(absorbedKey);
    GlobalStory s = state.global(survivor);
    state.putGlobal(withMembers(s, without(s.members(), absorbedKey), add(s.retiredKeys(), absorbedKey)));
    state.putGlobalOf(absorbedKey, survivor);
    changed(survivor);
    return survivor;
  }

  private void closeLocal(String key, List<String> closedGlobals) {
    String id = state.globalOf(key);
    StoryState local = state.local(key);
    GlobalStory g = id == null ? null : state.global(id);
    if (g == null || local == null) {
      LOG.warn("local story {} closed but is not linked to an open global story ({}); nothing to retire", key, id);
      return;
    }
    state.deleteLocal(key);
    List<String> members = without(g.members(), key);
    if (members.isEmpty()) {
      for (String k : add(g.retiredKeys(), key)) {
        state.deleteGlobalOf(k);
      }
      state.deleteGlobal(id);
      index.delete(id);
      unindexed.remove(id);
      forget(id);
      openGlobals--;
      closedGlobals.add(id);
      return;
    }
    StoryState retired = g.retired() == null ? local : g.retired().merge(local, params);
    state.putGlobal(new GlobalStory(g.id(), g.number(), members, retired, add(g.retiredKeys(), key), g.mergedFrom(),
        g.version(), g.lead(), g.lastPostSeq()));
    changed(id);
  }

  /**
   * Drops the fold of a changed story and marks it for re-indexing. The index is brought up to date
   * right before each retrieval ({@link #flushIndex}), so what a query sees is the same as with an
   * update per change, at one update per story per retrieval instead of one per post.
   */
  private void changed(String globalId) {
    forget(globalId);
    unindexed.add(globalId);
  }

  private void forget(String globalId) {
    folds.remove(globalId);
    rawFolds.remove(globalId);
  }

  /**
   * A change of one fragment: {@code key} was appended to the members ({@code appended}) or, already
   * a member, has a new state. Marks the story changed; when its fold was at hand and the change is
   * at the end of the member order, keeps the fold with one merge, exactly as {@link #fold}
   * would compute it from scratch (the same merges in the same order).
   */
  private void grown(String globalId, String key, boolean appended) {
    Fold before = rawFolds.get(globalId);
    changed(globalId);
    StoryState s = state.local(key);
    if (before == null || s == null) {
      return;
    }
    if (appended) {
      List<String> members = state.global(globalId).members();
      if (!members.isEmpty() && members.get(members.size() - 1).equals(key)) {
        rawFolds.put(globalId, new Fold(before.all(), key, before.all() == null ? s : before.all().merge(s, params)));
      }
    } else if (key.equals(before.last())) {
      rawFolds.put(globalId, new Fold(before.prefix(), key, before.prefix() == null ? s : before.prefix().merge(s, params)));
    }
  }

  private void flushIndex() {
    for (String id : unindexed) {
      GlobalStory g = state.global(id);
      if (g != null) {
        indexGlobal(g);
      }
    }
    unindexed.clear();
  }

  private void indexGlobal(GlobalStory g) {
    StoryState f = fold(g.id());
    if (f == null) {
      return;
    }
    List<String> terms = f.centroid().entrySet().stream()
        .sorted(Vectors.BY_WEIGHT).limit(params.indexTerms()).map(Map.Entry::getKey).toList();
    index.upsert(g.id(), terms, f.keys().keySet());
  }

  /** @return the fold of a global story's retired part and open fragments, in member order; null if it has none */
  private StoryState fold(String globalId) {
    StoryState cached = folds.get(globalId);
    if (cached != null) {
      return cached;
    }
    GlobalStory g = state.global(globalId);
    Fold raw = rawFolds.get(globalId);
    if (raw == null) {
      raw = foldFromScratch(g);
      rawFolds.put(globalId, raw);
    }
    StoryState acc = raw.all();
    if (acc == null) {
      return null;
    }
    StoryState f = new StoryState(g.id(), g.number(), acc.firstSeen(), acc.lastSeen(), acc.postCount(), acc.centroid(),
        acc.surfaces(), acc.keys(), acc.links(), acc.authors(), acc.sourceCounts(), acc.engagement(), acc.topPosts(),
        acc.paperPosts(), acc.toolPosts(), g.mergedFrom(), g.version());
    folds.put(globalId, f);
    return f;
  }

  /** The retired part, then every open fragment in member order, merged one by one ({@link StoryState#merge}). */
  private Fold foldFromScratch(GlobalStory g) {
    StoryState acc = g.retired();
    StoryState prefix = null;
    String last = null;
    List<String> members = g.members();
    for (int i = 0; i < members.size(); i++) {
      if (i == members.size() - 1) {
        prefix = acc;
        last = members.get(i);
      }
      StoryState s = state.local(members.get(i));
      if (s != null) {
        acc = acc == null ? s : acc.merge(s, params);
      }
    }
    return new Fold(prefix, last, acc);
  }

  /**
   * A global story's fold before the rewrap with its id and version.
   *
   * @param prefix the fold of the retired part and every member but the last; null if empty
   * @param last the last member's key; null without members
   * @param all the fold of the retired part and every member; null if empty
   */
  private record Fold(StoryState prefix, String last, StoryState all) {}

  /**
   * Bumps the story's version and builds its snapshot. A story with one fragment publishes that
   * fragment's own snapshot, renamed. A story with several publishes the counts of its fold (posts,
   * distinct authors, platforms, engagement, first and last seen, top posts over all fragments) with
   * the text of its largest fragment's latest snapshot ({@link GlobalStory#lead}: label, headline,
   * summary, category, terms, links): the partitions already summarised it, so
   * level 2 runs LexRank only when no such snapshot is at hand (after a restart of an old state, or
   * for a merged-away story's last snapshot).
   */
  private Story snapshot(String globalId, String key, Story localSnapshot) {
    GlobalStory g = state.global(globalId);
    Story lead = g.lead();
    if (key != null && localSnapshot != null && key.equals(largestMember(g))) {
      lead = localSnapshot;
    }
    GlobalStory next = new GlobalStory(g.id(), g.number(), g.members(), g.retired(), g.retiredKeys(), g.mergedFrom(),
        g.version() + 1, lead, g.lastPostSeq());
    state.putGlobal(next);
    StoryState f = folds.get(globalId);
    if (f != null) {
      folds.put(globalId, withVersion(f, next.version()));
    }
    boolean single = key != null && next.retired() == null && next.members().size() == 1 && next.members().get(0).equals(key);
    if (single) {
      Story s = localSnapshot;
      return new Story(next.id(), s.label(), s.headline(), s.summary(), s.category(), s.terms(), s.links(), s.firstSeen(),
          s.lastSeen(), s.postCount(), s.authorCount(), s.sourceCounts(), s.engagement(), s.topPosts(), null,
          next.mergedFrom(), next.version(), s.schemaVersion());
    }
    StoryState fold = fold(globalId);
    if (lead == null) {
      return toStory(next, fold, null);
    }
    return new Story(next.id(), lead.label(), lead.headline(), lead.summary(), lead.category(), lead.terms(), lead.links(),
        fold.firstSeen(), fold.lastSeen(), fold.postCount(), fold.authors().size(), fold.sourceCounts(), fold.engagement(),
        refs(fold), null, next.mergedFrom(), next.version(), Story.SCHEMA_VERSION);
  }

  /**
   * @return the fold's top posts (chosen over every fragment's) as references: the title, or for an
   *     untitled post the start of its text (the core's snapshot takes the first sentence)
   */
  private static List<io.storyline.common.model.PostRef> refs(StoryState fold) {
    List<io.storyline.common.model.PostRef> out = new ArrayList<>();
    for (io.storyline.cluster.core.TopPost tp : fold.topPosts()) {
      String title = tp.title() != null && !tp.title().isBlank() ? tp.title() : tp.snippet();
      out.add(new io.storyline.common.model.PostRef(tp.id(), tp.source(), tp.url(), tp.author(), title, tp.createdAt(),
          tp.weight(fold.centroid())));
    }
    return out;
  }

  /** @return the open fragment with the most posts (ties: the smaller key), or null */
  private String largestMember(GlobalStory g) {
    String best = null;
    int bestCount = -1;
    for (String m : g.members()) {
      StoryState s = state.local(m);
      if (s != null && (s.postCount() > bestCount || (s.postCount() == bestCount && m.compareTo(best) < 0))) {
        best = m;
        bestCount = s.postCount();
      }
    }
    return best;
  }

  private static StoryState withVersion(StoryState f, long version) {
    return new StoryState(f.id(), f.number(), f.firstSeen(), f.lastSeen(), f.postCount(), f.centroid(), f.surfaces(),
        f.keys(), f.links(), f.authors(), f.sourceCounts(), f.engagement(), f.topPosts(), f.paperPosts(), f.toolPosts(),
        f.mergedFrom(), version);
  }

  private static Story toStory(GlobalStory g, StoryState fold, String mergedInto) {
    StoryState s = new StoryState(g.id(), g.number(), fold.firstSeen(), fold.lastSeen(), fold.postCount(),
        fold.centroid(), fold.surfaces(), fold.keys(), fold.links(), fold.authors(), fold.sourceCounts(),
        fold.engagement(), fold.topPosts(), fold.paperPosts(), fold.toolPosts(), g.mergedFrom(),
        mergedInto == null ? g.version() : g.version() - 1);
    return StorySnapshots.toStory(s, mergedInto);
  }

  private static StoryAssignment relabel(StoryAssignment a, String globalId, double score, boolean newStory) {
    return new StoryAssignment(a.postId(), globalId, score, newStory, a.postCreatedAt(), a.postFetchedAt());
  }

  private static GlobalStory withMembers(GlobalStory g, List<String> members, List<String> retiredKeys) {
    return new GlobalStory(g.id(), g.number(), members, g.retired(), retiredKeys, g.mergedFrom(), g.version(), g.lead(),
        g.lastPostSeq());
  }

  private static List<String> add(List<String> list, String item) {
    TreeSet<String> s = new TreeSet<>(list);
    s.add(item);
    return List.copyOf(s);
  }

  private static List<String> remove(List<String> list, String item) {
    TreeSet<String> s = new TreeSet<>(list);
    s.remove(item);
    return List.copyOf(s);
  }

  /** @return {@code members} with {@code key} at the end, unless it is already a member */
  private static List<String> append(List<String> members, String key) {
    if (members.contains(key)) {
      return members;
    }
    List<String> out = new ArrayList<>(members);
    out.add(key);
    return List.copyOf(out);
  }

  /** @return {@code members} without {@code key}, in the same order */
  private static List<String> without(List<String> members, String key) {
    return members.stream().filter(m -> !m.equals(key)).toList();
  }

  /** @return {@code a}, then the members of {@code b} not in {@code a}, in their order */
  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    b.stream().filter(m -> !a.contains(m)).forEach(out::add);
    return List.copyOf(out);
  }

  private static List<String> union(List<String> a, List<String> b) {
    TreeSet<String> s = new TreeSet<>(a);
    s.addAll(b);
    return List.copyOf(s);
  }

  @Override
  public void close() {
    index.close();
  }
}
