package io.storyline.cluster.core;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores a post against a story: {@code score = min(1, cosine + linkBonus * [shares a key]) *
 * exp(-gap² / (2 sigma²)) * activity}, where cosine is between the post's TF-IDF vector and the
 * story centroid, gap is the event-time distance in hours from the post to the story's [firstSeen,
 * lastSeen] interval, and activity discounts a story idle for many posts ({@link #activity}, 1
 * without {@link ClusterParams#idleDiscount}); the score is 0 (the story is guarded) if the post's
 * best cosine to one of the story's top posts is below {@link ClusterParams#topPostGuard()} and it
 * shares no key with the story, so a centroid that drifted into generic terms cannot pull in posts
 * that resemble none of the story's representative posts (a chaining guard); it is also 0 without a
 * shared key if the post names a model family only in versions the story does not name while the
 * story names it in another ({@link #versionConflict}: "GPT-4" does not join
 * "GPT-5.2"). Cosine plus a Gaussian time feature follow Miranda et al., EMNLP 2018
 * (https://aclanthology.org/D18-1483/), which used sigma = 3 days on news; posts move faster, so the
 * default here is a day. Immutable and thread-safe.
 */
public final class StoryScorer {
  private final double linkBonus;
  private final double sigmaHours;
  private final double topPostGuard;
  private final double idleDiscount;
  private final double idlePosts;
  private final double idleGaps;

  /**
   * Weight of the newest join gap in {@link #nextJoinGap}'s running mean (of log gaps): about the last
   * hundred joins count.
   */
  public static final double JOIN_GAP_WEIGHT = 0.01;

  /**
   * @param params parameters (link bonus, time sigma, guard, idle discount); may not be null
   */
  public StoryScorer(ClusterParams params) {
    this.linkBonus = params.linkBonus();
    this.sigmaHours = params.timeSigmaHours();
    this.topPostGuard = params.topPostGuard();
    this.idleDiscount = params.idleDiscount();
    this.idlePosts = params.idlePosts();
    this.idleGaps = params.idleGaps();
  }

  /**
   * The activity factor of a story: {@code 1 - idleDiscount * (1 - exp(-postsSince / scale))}, where
   * {@code postsSince} counts the posts the clusterer saw since the story last grew (0: the previous
   * post joined it) and {@code scale} is {@code idleGaps * max(1, joinGap)} posts ({@link
   * ClusterParams#idleGaps} &gt; 0), or the fixed {@link ClusterParams#idlePosts} ({@code idleGaps} 0).
   * A story that is growing now keeps its score; one idle for many posts needs up to {@code 1 / (1 -
   * idleDiscount)} times the evidence to take a post, so a post goes to the story that is active now
   * rather than an older one it matches about as well, and a stale story with a passing resemblance
   * does not pull it in.
   *
   * <p>Activity is counted in posts, not clock time, so it means the same on a stream whose clock is
   * fake (the MStream sets: one second per post) as on a real one, where it adds to the Gaussian time
   * factor. Relative to the join gap ({@link #nextJoinGap}: how many posts pass, typically, between
   * two posts of the story a post joins), it also does not depend on the stream's volume or on how many
   * stories it carries at once: a stream of many posts a second spreads over many more stories, so
   * its join gap, and the scale with it, grow in step. Source: MStreamF (Yin et al., KDD 2018,
   * https://doi.org/10.1145/3219819.3220094) forgets the clusters of old batches; this is a soft,
   * per-post form of that forgetting, its horizon measured in the stream's own turns.
   *
   * @param postsSince posts seen since the story last grew, &ge; 0 (negative counts as 0)
   * @param joinGap the stream's typical join gap in posts ({@link ClusterMeta#joinGap}); values below 1
   *     (0: not measured yet) count as 1; unused while {@code idleGaps} is 0
   * @return the factor, in (1 - idleDiscount, 1]
   */
  public double activity(long postsSince, double joinGap) {
    if (idleDiscount == 0) {
      return 1.0;
    }
    double scale = idleGaps > 0 ? idleGaps * Math.max(1.0, joinGap) : idlePosts;
    return 1.0 - idleDiscount * (1.0 - Math.exp(-Math.max(0, postsSince) / scale));
  }

  /**
   * {@link #activity(long, double)} with the join gap not measured (counts as one post).
   *
   * @param postsSince posts seen since the story last grew, &ge; 0 (negative counts as 0)
   * @return the factor, in (1 - idleDiscount, 1]
   */
  public double activity(long postsSince) {
    return activity(postsSince, 0);
  }

  /**
   * The stream's typical join gap after one more join: the running geometric mean (an exponentially
   * weighted mean of logs, weight {@link #JOIN_GAP_WEIGHT}) of the posts seen between a story's
   * previous post and the post that joins it. Geometric because gaps are heavy-tailed (a story
   * revived after thousands of posts must not swamp the hundreds that join every few posts). Gaps
   * below 1 (the previous post joined the same story) count as 1.
   *
   * @param joinGap the typical gap so far, in posts; 0 before the first join (or in state written
   *     before it was kept): the new gap then becomes the estimate
   * @param gap posts seen between the joined story's previous post and this one, &ge; 0
   * @return the new typical gap, &ge; 1
   */
  public static double nextJoinGap(double joinGap, long gap) {
    double x = Math.log(Math.max(1, gap));
    if (!(joinGap >= 1)) {
      return Math.exp(x);
    }
    double m = Math.log(joinGap);
    return Math.exp(m + JOIN_GAP_WEIGHT * (x - m));
  }

  /**
   * @param post the post's features; may not be null
   * @param story the story; may not be null
   * @return the score with its parts
   */
  public CandidateScore score(PostFeatures post, StoryState story) {
    return score(post, Vectors.norm(post.vector()), story, StoryNorms.of(story));
  }

  /**
   * The score of {@link #score(PostFeatures, StoryState)} times the story's {@link #activity} factor.
   *
   * @param post the post's features; may not be null
   * @param story the story; may not be null
   * @param postsSince posts seen since the story last grew, &ge; 0
   * @return the score with its parts
   */
  public CandidateScore score(PostFeatures post, StoryState story, long postsSince) {
    return score(post, Vectors.norm(post.vector()), story, StoryNorms.of(story), postsSince, 0);
  }

  /**
   * The score of {@link #score(PostFeatures, StoryState)} times the story's {@link #activity(long,
   * double)} factor.
   *
   * @param post the post's features; may not be null
   * @param story the story; may not be null
   * @param postsSince posts seen since the story last grew, &ge; 0
   * @param joinGap the stream's typical join gap in posts ({@link #nextJoinGap}); 0 if not measured
   * @return the score with its parts
   */
  public CandidateScore score(PostFeatures post, StoryState story, long postsSince, double joinGap) {
    return score(post, Vectors.norm(post.vector()), story, StoryNorms.of(story), postsSince, joinGap);
  }

  /**
   * The same score as {@link #score(PostFeatures, StoryState)}, to the last bit, with the vector
   * norms supplied: callers that score one post against many stories, or many posts against one
   * story, compute each norm once.
   *
   * @param post the post's features; may not be null
   * @param postNorm {@code Vectors.norm(post.vector())}
   * @param story the story; may not be null
   * @param norms the story's norms, {@link StoryNorms#matches matching} it; may not be null
   * @return the score with its parts
   */
  public CandidateScore score(PostFeatures post, double postNorm, StoryState story, StoryNorms norms) {
    return score(post, postNorm, story, norms, 0, 0);
  }

  /**
   * The score of {@link #score(PostFeatures, double, StoryState, StoryNorms)} times the story's
   * {@link #activity} factor.
   *
   * @param post the post's features; may not be null
   * @param postNorm {@code Vectors.norm(post.vector())}
   * @param story the story; may not be null
   * @param norms the story's norms, {@link StoryNorms#matches matching} it; may not be null
   * @param postsSince posts the clusterer saw since the story last grew, &ge; 0
   * @return the score with its parts
   */
  public CandidateScore score(PostFeatures post, double postNorm, StoryState story, StoryNorms norms, long postsSince) {
    return score(post, postNorm, story, norms, postsSince, 0);
  }

  /**
   * The score of {@link #score(PostFeatures, double, StoryState, StoryNorms)} times the story's
   * {@link #activity(long, double)} factor.
   *
   * @param post the post's features; may not be null
   * @param postNorm {@code Vectors.norm(post.vector())}
   * @param story the story; may not be null
   * @param norms the story's norms, {@link StoryNorms#matches matching} it; may not be null
   * @param postsSince posts the clusterer saw since the story last grew, &ge; 0
   * @param joinGap the stream's typical join gap in posts ({@link #nextJoinGap}); 0 if not measured
   * @return the score with its parts
   */
  public CandidateScore score(PostFeatures post, double postNorm, StoryState story, StoryNorms norms, long postsSince,
      double joinGap) {
    double cosine = Vectors.cosine(post.vector(), postNorm, story.centroid(), norms.centroidNorm());
    double topCosine = 0;
    List<TopPost> top = story.topPosts();
    for (int i = 0; i < top.size(); i++) {
      topCosine = Math.max(topCosine, Vectors.cosine(post.vector(), postNorm, top.get(i).vector(), norms.topPostNorms()[i]));
    }
    int shared = 0;
    for (String k : post.keys()) {
      if (story.keys().containsKey(k)) {
        shared++;
      }
    }
    double bonus = shared > 0 ? linkBonus : 0;
    // a shared link or id is direct evidence: the guards only stop text-only matches
    boolean guarded = shared == 0 && (topCosine < topPostGuard || versionConflict(post.vector(), story.centroid()));
    double gap = gapHours(post.eventTime(), story.firstSeen(), story.lastSeen());
    double time = Math.exp(-(gap * gap) / (2 * sigmaHours * sigmaHours));
    double activity = activity(postsSince, joinGap);
    double score = guarded ? 0 : Math.min(1.0, cosine + bonus) * time * activity;
    return new CandidateScore(story.id(), cosine, topCosine, guarded, shared, bonus, gap, time, activity, score);
  }

  /** Strongest centroid terms of a story searched for the versions of a model family it names. */
  static final int STORY_VERSION_TERMS = 30;

  /**
   * The family and first version number of a versioned name: letters (at least two), an optional
   * hyphen, then a version ({@code gpt-5.2} gives {@code gpt|5.2}, {@code gpt-4o} {@code gpt|4},
   * {@code llama-3.1-8b} {@code llama|3.1}, {@code qwen3-coder} and {@code qwen3} {@code qwen|3},
   * {@code ddr5} {@code ddr|5}). Sizes and other suffixes are ignored, so sizes of one release do
   * not conflict.
   *
   * @param term an analysed term (lower case); may not be null
   * @return {@code family|version}, or null if the term is not a versioned name
   */
  static String version(String term) {
    int n = term.length();
    int i = 0;
    while (i < n && Character.isLetter(term.charAt(i))) {
      i++;
    }
    if (i < 2 || i >= n) {
      return null;
    }
    int j = term.charAt(i) == '-' ? i + 1 : i;
    if (j >= n || !Character.isDigit(term.charAt(j))) {
      return null;
    }
    int k = j;
    while (k < n && (Character.isDigit(term.charAt(k))
        || (term.charAt(k) == '.' && k + 1 < n && Character.isDigit(term.charAt(k + 1))))) {
      k++;
    }
    return term.substring(0, i) + '|' + term.substring(j, k);
  }

  /**
   * A version conflict (failure case BR-21, "LabA ships GPT-4 update" against a story about "GPT-5.2"):
   * the post names a model family in versions none of which the story names among its {@link
   * #STORY_VERSION_TERMS} strongest centroid terms, while the story names that family in another
   * version there. Shared family names and vendor words then do not pull a post about one release
   * into the story of another; a post naming both versions (a comparison) has no conflict.
   *
   * @param post the post's vector; may not be null
   * @param centroid the story's centroid, strongest term first; may not be null
   * @return true if the versions conflict
   */
  static boolean versionConflict(Map<String, Double> post, Map<String, Double> centroid) {
    Set<String> postVersions = null;
    for (String t : post.keySet()) {
      String v = version(t);
      if (v != null) {
        if (postVersions == null) {
          postVersions = new HashSet<>();
        }
        postVersions.add(v);
      }
    }
    if (postVersions == null) {
      return false;
    }
    Set<String> families = new HashSet<>();
    postVersions.forEach(v -> families.add(v.substring(0, v.indexOf('|'))));
    Set<String> otherVersion = new HashSet<>();
    Set<String> sameVersion = new HashSet<>();
    int seen = 0;
    for (String t : centroid.keySet()) {
      if (seen++ >= STORY_VERSION_TERMS) {
        break;
      }
      String v = version(t);
      if (v != null) {
        String family = v.substring(0, v.indexOf('|'));
        if (families.contains(family)) {
          (postVersions.contains(v) ? sameVersion : otherVersion).add(family);
        }
      }
    }
    otherVersion.removeAll(sameVersion);
    return !otherVersion.isEmpty();
  }

  /**
   * @return hours from {@code t} to the interval [first, last], 0 inside it: the whole milliseconds of
   *     the gap ({@code Duration.between(..).toMillis()}, truncated) divided by 3,600,000
   * @throws ArithmeticException if the gap in milliseconds overflows a {@code long}
   */
  static double gapHours(Instant t, Instant first, Instant last) {
    long millis;
    if (t.isBefore(first)) {
      millis = millisBetween(t, first);
    } else if (t.isAfter(last)) {
      millis = millisBetween(last, t);
    } else {
      return 0;
    }
    return millis / 3_600_000.0;
  }

  /**
   * {@code Duration.between(from, to).toMillis()} for {@code from} before {@code to}, without building
   * the {@code Duration} (scoring asks for every candidate): the whole milliseconds of the gap, rounded
   * down, which for a positive gap is {@code 1000 * seconds + floorDiv(nanos difference, 10^6)}.
   */
  private static long millisBetween(Instant from, Instant to) {
    long seconds = Math.subtractExact(to.getEpochSecond(), from.getEpochSecond());
    return Math.addExact(Math.multiplyExact(seconds, 1000L), Math.floorDiv(to.getNano() - from.getNano(), 1_000_000));
  }

  @Override
  public String toString() {
    String scale = idleGaps > 0 ? String.format(Locale.ROOT, "(%.0f*joinGap)", idleGaps) : String.format(Locale.ROOT, "%.0f", idlePosts);
    return String.format(Locale.ROOT, "StoryScorer(min(1, cosine + %.2f*sharedKey) * gauss(gap, sigma=%.1fh) * (1 - %.2f*(1 - exp(-postsSince/%s))), 0 if no shared key and (best top-post cosine < %.2f or model versions conflict))", linkBonus, sigmaHours, idleDiscount, scale, topPostGuard);
  }
}
