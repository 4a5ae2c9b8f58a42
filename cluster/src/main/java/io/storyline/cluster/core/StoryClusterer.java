package io.storyline.cluster.core;

import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online, single-pass story clustering: one decision per post (Miranda et al., EMNLP 2018,
 * https://aclanthology.org/D18-1483/; first-story detection, Petrović et al., NAACL 2010,
 * https://aclanthology.org/N10-1021/).
 *
 * <ol>
 *   <li>A post id seen before ({@link ClusterState#post}) repeats its assignment; nothing is counted.
 *   <li>The watermark (latest event time) advances; stories idle longer than the horizon close: they
 *       leave the state and the index.
 *   <li>The post's terms update the document frequencies; it is featurised ({@link Featurizer}).
 *   <li>A reply, quote, repost or crosspost whose parent is remembered and whose story is open joins
 *       that story.
 *   <li>Otherwise the index returns the top-k candidates for the post's strongest terms and keys; each
 *       is scored ({@link StoryScorer}); the best (ties by story id) is joined if its score clears
 *       the threshold, else a new story {@code s-<number>} opens.
 * </ol>
 *
 * <p>Snapshots: {@link #assign(Post)} builds the post's story snapshot with every decision; {@link
 * #decide(Post, Predicate)} decides identically without it, and {@link #snapshot(String)} builds a
 * story's snapshot from its state when the caller publishes (the Streams stage: once per story per
 * interval). Both give the same snapshot for the same state.
 *
 * <p>Deterministic: the same posts in the same order give the same assignments and story ids, and
 * a clusterer rebuilt from the same {@link ClusterState} continues exactly as the original would
 * have. Not thread-safe; one instance per stream task (it owns an in-memory story index).
 */
public final class StoryClusterer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(StoryClusterer.class);
  /** Asks for no closed story's snapshot: {@link #assign(Post)} published every story's latest already. */
  private static final Predicate<String> NONE = id -> false;
  private static final Comparator<StoryState> BY_LAST_SEEN =
      Comparator.comparing(StoryState::lastSeen).thenComparing(StoryState::id);
  private static final Comparator<CandidateScore> BEST_FIRST =
      Comparator.comparingDouble(CandidateScore::score).reversed().thenComparing(CandidateScore::storyId);

  private final ClusterParams params;
  private final ClusterState state;
  private final Featurizer featurizer;
  private final StoryScorer scorer;
  private final StoryIndex index = new StoryIndex();
  /**
   * Vector norms per open story and version, derived; saves re-iterating centroids on every score. Only
   * for stories whose vectors do not hold their norms (states read back from a store, until their next
   * change); an entry left for a story that changed since is replaced or removed when it closes or merges.
   */
  private final Map<String, StoryNorms> norms = new HashMap<>();
  /** Summaries per story, reused while its top posts and headline do not change. */
  private final SummaryCache summaries = new SummaryCache();
  /** Open stories by (lastSeen, id), for ageing; derived from the state. */
  private final IdleQueue idle = new IdleQueue();

  /**
   * Creates a clusterer over existing state and rebuilds the story index from it.
   *
   * @param params parameters; may not be null
   * @param state the durable state, possibly non-empty (a restart); may not be null
   */
  public StoryClusterer(ClusterParams params, ClusterState state) {
    this.params = Objects.requireNonNull(params, "params can't be null");
    this.state = Objects.requireNonNull(state, "state can't be null");
    this.featurizer = new Featurizer(new PostAnalyzer(), params);
    this.scorer = new StoryScorer(params);
    List<StoryState> open = new ArrayList<>();
    state.forEachStory(open::add);
    open.sort(BY_LAST_SEEN);
    for (StoryState s : open) {
      indexStory(s);
      idle.touch(s.id(), s.lastSeen());
    }
    LOG.info("story index rebuilt with {} open stories; {} {}", open.size(), scorer, params);
  }

  /**
   * Assigns one post to a story and builds the post's story snapshot: {@link #decide(Post,
   * Predicate)} followed by {@link #snapshot(String)} of the post's story, in one call (one snapshot
   * per post, the published form of every decision; the eval harness and {@code DecisionsDigest}
   * use it).
   *
   * @param post the post; may not be null
   * @return the decision with its explanation and {@link Decision#story()} set unless it is a
   *     duplicate; never null
   * @throws NullPointerException if {@code post} is null
   */
  public Decision assign(Post post) {
    return decide(post, true, NONE);
  }

  /**
   * Assigns one post to a story <b>without</b> building its story's snapshot ({@link
   * Decision#story()} is null): the same decision, state update, merged stories' final snapshots and
   * closed stories as {@link #assign(Post)}, which a caller that publishes snapshots less often than
   * once per post completes with {@link #snapshot(String)} when it publishes.
   *
   * <p>A story closed by this post (aged out past the idle horizon) leaves the state, so its snapshot
   * can no longer be built afterwards: for every closed story whose id {@code snapshotOnClose}
   * accepts (e.g. the caller's set of stories changed since it last published), the decision carries
   * its latest snapshot in {@link Decision#closedSnapshots()}, built just before it left: exactly the
   * snapshot {@link #assign(Post)} published after the story's last post.
   *
   * @param post the post; may not be null
   * @param snapshotOnClose which closed stories need their latest snapshot; may not be null; called
   *     on this thread, once per closed story
   * @return the decision, {@link Decision#story()} null; never null
   * @throws NullPointerException if an argument is null
   */
  public Decision decide(Post post, Predicate<String> snapshotOnClose) {
    return decide(post, false, Objects.requireNonNull(snapshotOnClose, "snapshotOnClose can't be null"));
  }

  /**
   * Builds the current snapshot of an open story from its state: what {@link #assign(Post)} would
   * have published after the story's latest change (same fields, same version, same summary).
   *
   * @param storyId the story id; may not be null
   * @return the snapshot, or null if no open story has this id (never opened, closed or merged away)
   */
  public Story snapshot(String storyId) {
    StoryState s = state.story(Objects.requireNonNull(storyId, "storyId can't be null"));
    return s == null ? null : StorySnapshots.toStory(s, null, summaries);
  }

  private Decision decide(Post post, boolean withSnapshot, Predicate<String> snapshotOnClose) {
    Objects.requireNonNull(post, "post can't be null");
    PostMemo seen = state.post(post.id());
    if (seen != null) {
      return new Decision(seen.toAssignment(post.id()), Decision.Kind.DUPLICATE, null, List.of(),
          params.similarityThreshold(), List.of());
    }
    ClusterMeta meta = state.meta();
    Instant eventTime = Featurizer.eventTime(post);
    Instant watermark = meta.watermark() == null || eventTime.isAfter(meta.watermark()) ? eventTime : meta.watermark();
    List<Story> closedSnapshots = new ArrayList<>();
    List<String> closed = closeIdle(watermark, snapshotOnClose, closedSnapshots);

    Featurizer.TermCounts counts = featurizer.count(post);
    for (String term : counts.distinctTerms()) {
      state.putDocFreq(term, state.docFreq(term) + 1);
    }
    long docCount = meta.docCount() + 1;
    PostFeatures features = featurizer.features(post, counts, state::docFreq, docCount);

    List<CandidateScore> scored = new ArrayList<>();
    StoryState target = null;
    Decision.Kind kind;
    double score = 0;
    double postNorm = Vectors.norm(features.vector());
    StoryState parentStory = parentStory(post);
    if (parentStory != null) {
      CandidateScore cs = scorer.score(features, postNorm, parentStory, norms(parentStory));
      scored.add(cs);
      target = parentStory;
      score = cs.score();
      kind = Decision.Kind.FOLLOWED_PARENT;
    } else {
      for (String id : index.candidates(Vectors.top(features.vector(), params.queryTerms()), features.keys(), params.candidatesK())) {
        StoryState s = state.story(id);
        if (s != null && !DistinctPapers.holdsAnotherPaper(s, post, features)) {
          // posts seen since the story last grew (this post is number postSeq + 1)
          scored.add(scorer.score(features, postNorm, s, norms(s), meta.postSeq() - s.lastPostSeq(), meta.joinGap()));
        }
      }
      scored.sort(BEST_FIRST);
      if (!scored.isEmpty() && scored.get(0).score() >= params.similarityThreshold()) {
        target = state.story(scored.get(0).storyId());
        score = scored.get(0).score();
        kind = Decision.Kind.JOINED;
      } else {
        kind = Decision.Kind.NEW_STORY;
      }
    }

    long storyCounter = meta.storyCounter();
    // the stream's typical join gap learns from every join (posts since the joined story's previous post)
    double joinGap = target == null ? meta.joinGap() : StoryScorer.nextJoinGap(meta.joinGap(), meta.postSeq() - target.lastPostSeq());
    StoryState updated;
    if (target == null) {
      storyCounter++;
      updated = StoryState.open(storyCounter, features, params);
    } else {
      updated = target.join(features, params);
    }
    List<Story> merged = new ArrayList<>();
    if (target != null && params.merging()) {
      updated = mergeConverged(updated, scored, merged);
    }
    updated = updated.withLastPostSeq(meta.postSeq() + 1);
    state.putStory(updated);
    indexStory(updated);
    idle.touch(updated.id(), updated.lastSeen());

    long seq = meta.postSeq() + 1;
    long slot = seq % params.postMemory();
    String evicted = state.ringSlot(slot);
    if (evicted != null) {
      state.deletePost(evicted);
    }
    state.putRingSlot(slot, post.id());
    double clamped = Math.max(0, Math.min(1, score));
    PostMemo memo = new PostMemo(updated.id(), clamped, target == null, post.createdAt(), post.fetchedAt(), seq);
    state.putPost(post.id(), memo);
    state.putMeta(new ClusterMeta(docCount, storyCounter, seq, watermark, joinGap));

    StoryAssignment assignment = memo.toAssignment(post.id());
    Story snapshot = withSnapshot ? StorySnapshots.toStory(updated, null, summaries) : null;
    Decision decision = new Decision(assignment, kind, snapshot, List.copyOf(scored),
        params.similarityThreshold(), closed, List.copyOf(merged), List.copyOf(closedSnapshots));
    LOG.debug("{}", decision);
    return decision;
  }

  /**
   * Merges into the story a post just joined every other candidate of that post for which the post itself
   * scored at least {@link ClusterParams#mergeBridge} (it bridges both stories) and whose centroid
   * cosine to it reaches the merge threshold ({@link ClusterParams#mergeThresholdFor}: higher when both
   * stories are established), best candidate first. The survivor is the story with
   * more posts (ties: the older, lower number); the other leaves the state and the index, and its
   * final snapshot (with {@code mergedInto}, without a summary: {@link StorySnapshots}) is added to
   * {@code merged}.
   */
  private StoryState mergeConverged(StoryState joined, List<CandidateScore> scored,
      List<Story> merged) {
    StoryState current = joined;
    for (CandidateScore cs : scored) {
      if (cs.storyId().equals(current.id())) {
        continue;
      }
      // the post must itself match the other story: a bridge, not only two centroids that share words
      if (cs.score() < params.mergeBridge()) {
        continue;
      }
      StoryState other = state.story(cs.storyId());
      if (other == null || DistinctPapers.holdDifferentPapers(current, other)
          || Vectors.cosine(current.centroid(), norms(current).centroidNorm(), other.centroid(),
              norms(other).centroidNorm()) < params.mergeThresholdFor(current.postCount(), other.postCount())) {
        continue;
      }
      boolean keepCurrent = current.postCount() > other.postCount()
          || (current.postCount() == other.postCount() && current.number() < other.number());
      StoryState survivor = keepCurrent ? current : other;
      StoryState absorbed = keepCurrent ? other : current;
      // the absorbed story's key goes stale; the survivor's is renewed once, after the last merge
      idle.forget(absorbed.id());
      state.deleteStory(absorbed.id());
      index.delete(absorbed.id());
      norms.remove(absorbed.id());
      // the final snapshot carries no summary (no LexRank for a story that is leaving)
      merged.add(StorySnapshots.toStory(absorbed, survivor.id(), summaries));
      summaries.remove(absorbed.id());
      current = survivor.merge(absorbed, params);
      LOG.debug("story {} merged into {}", absorbed.id(), survivor.id());
    }
    return current;
  }

  private StoryState parentStory(Post post) {
    if (post.relation() == Relation.NONE || post.parentId() == null) {
      return null;
    }
    PostMemo parent = state.post(post.parentId());
    return parent == null ? null : state.story(parent.storyId());
  }

  /**
   * Closes the stories idle since before the horizon; the latest snapshot of each closed story that
   * {@code snapshotOnClose} accepts is added to {@code closedSnapshots} before it leaves the state.
   */
  private List<String> closeIdle(Instant watermark, Predicate<String> snapshotOnClose, List<Story> closedSnapshots) {
    Instant cutoff = watermark.minus(Duration.ofMillis((long) (params.idleHorizonHours() * 3_600_000L)));
    List<String> closed = new ArrayList<>();
    for (String id = idle.pollIdleBefore(cutoff); id != null; id = idle.pollIdleBefore(cutoff)) {
      String closing = id;
      if (snapshotOnClose.test(closing)) {
        StoryState last = Objects.requireNonNull(state.story(closing), () -> "open story " + closing + " missing from the state");
        closedSnapshots.add(StorySnapshots.toStory(last, null, summaries));
      }
      state.deleteStory(closing);
      index.delete(closing);
      norms.remove(closing);
      summaries.remove(closing);
      closed.add(closing);
    }
    if (!closed.isEmpty()) {
      LOG.debug("closed {} stories idle since before {}: {}", closed.size(), cutoff, closed);
    }
    return closed;
  }

  /**
   * @return the story's norms: read off its vectors when they are {@link RankedTerms} (which hold their
   *     norms: no look-up in a map of every open story), else computed once per story version
   */
  private StoryNorms norms(StoryState s) {
    if (StoryNorms.held(s)) {
      return StoryNorms.of(s);
    }
    StoryNorms n = norms.get(s.id());
    if (n == null || !n.matches(s)) {
      n = StoryNorms.of(s);
      norms.put(s.id(), n);
    }
    return n;
  }

  private void indexStory(StoryState s) {
    if (!StoryNorms.held(s)) {
      norms(s);
    }
    List<String> terms = Vectors.strongestKeys(s.centroid(), params.indexTerms());
    index.upsert(s.id(), terms, s.keys().keySet());
  }

  /** @return the number of open stories in the index */
  public int openStories() {
    return idle.size();
  }

  /** @return the parameters */
  public ClusterParams params() {
    return params;
  }

  @Override
  public void close() {
    index.close();
  }

  @Override
  public String toString() {
    return "StoryClusterer(" + params + ", " + scorer + ", " + featurizer + ", " + index + ")";
  }
}
