package io.storyline.cluster;

import io.storyline.cluster.core.ClusterParams;
import io.storyline.common.config.CommonConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the cluster stage: the shared {@link CommonConfig} keys plus the clustering
 * parameters. Immutable after construction; {@link #params()} gives the core's plain-Java view.
 */
public final class ClusterConfig extends CommonConfig {
  public static final String APPLICATION_ID_CONFIG = "cluster.application.id";
  public static final String DEFAULT_APPLICATION_ID = "storyline-cluster";
  private static final String APPLICATION_ID_DOC = "Kafka Streams application.id of the cluster stage (consumer group, state and internal topic prefix).";

  public static final String SIMILARITY_THRESHOLD_CONFIG = "cluster.similarity.threshold";
  private static final String SIMILARITY_THRESHOLD_DOC = "Minimum score in [0, 1] (cosine + link bonus, times the time factor) for a post to join its best candidate story; below it the post opens a new story.";

  public static final String CANDIDATES_K_CONFIG = "cluster.candidates.k";
  private static final String CANDIDATES_K_DOC = "Number of candidate stories retrieved from the in-memory story index per post and scored exactly.";

  public static final String CENTROID_MAX_TERMS_CONFIG = "cluster.centroid.max.terms";
  private static final String CENTROID_MAX_TERMS_DOC = "Terms kept in a story centroid; bounds a story's state whatever its post count.";

  public static final String TIME_SIGMA_HOURS_CONFIG = "cluster.time.sigma.hours";
  private static final String TIME_SIGMA_HOURS_DOC = "Sigma, in hours, of the Gaussian time factor on the event-time gap between a post and a story's [firstSeen, lastSeen].";

  public static final String IDLE_HORIZON_HOURS_CONFIG = "cluster.story.idle.horizon.hours";
  private static final String IDLE_HORIZON_HOURS_DOC = "A story with no post for this many hours of event time is closed: it accepts no more posts and leaves the index.";

  public static final String TITLE_WEIGHT_CONFIG = "cluster.title.weight";
  private static final String TITLE_WEIGHT_DOC = "Weight of a title term occurrence relative to a body term occurrence (>= 1).";

  public static final String LINK_BONUS_CONFIG = "cluster.link.bonus";
  private static final String LINK_BONUS_DOC = "Added to the cosine, in [0, 1], when a post shares a link, arXiv id or repo id with a story.";

  public static final String QUERY_TERMS_CONFIG = "cluster.query.terms";
  private static final String QUERY_TERMS_DOC = "Strongest post terms used in the candidate query.";

  public static final String INDEX_TERMS_CONFIG = "cluster.index.terms";
  private static final String INDEX_TERMS_DOC = "Strongest centroid terms indexed per story for candidate retrieval.";

  public static final String POST_MEMORY_CONFIG = "cluster.post.memory.size";
  private static final String POST_MEMORY_DOC = "Number of most recent post ids that remember their story, for duplicate detection and replies following their parent.";

  public static final String MAX_AUTHORS_CONFIG = "cluster.story.max.authors";
  private static final String MAX_AUTHORS_DOC = "Distinct authors remembered per story; a story's authorCount saturates at this value.";

  public static final String MAX_TEXT_CHARS_CONFIG = "cluster.post.max.text.chars";
  private static final String MAX_TEXT_CHARS_DOC = "Characters of a post body analysed; the rest is ignored.";

  public static final String TOP_POST_GUARD_CONFIG = "cluster.top.post.guard";
  private static final String TOP_POST_GUARD_DOC = "Chaining guard in [0, 1]: a post joins a story only if its TF-IDF cosine to at least one of the story's top posts reaches this; 0 disables the guard.";

  public static final String MERGE_THRESHOLD_CONFIG = "cluster.merge.threshold";
  private static final String MERGE_THRESHOLD_DOC = "Centroid cosine in [0, 1] at which the story a post joined absorbs another candidate story of that post (converging stories merge; the absorbed story is published once more with mergedInto set); 1 disables merging.";

  public static final String MERGE_ESTABLISHED_POSTS_CONFIG = "cluster.merge.established.posts";
  private static final String MERGE_ESTABLISHED_POSTS_DOC = "A story holding at least this many posts counts as established: two established stories merge only at cluster.merge.established.threshold.";

  public static final String MERGE_ESTABLISHED_THRESHOLD_CONFIG = "cluster.merge.established.threshold";
  private static final String MERGE_ESTABLISHED_THRESHOLD_DOC = "Centroid cosine in [0, 1] at which two established stories (cluster.merge.established.posts) merge, in place of cluster.merge.threshold when higher: a centroid summed over many posts is a precise estimate, so two large stories that are still barely similar are two events sharing a word, while a fragment of few posts may still belong (docs/QUALITY.md, session 8); 0 merges them like any other pair.";

  public static final String MERGE_BRIDGE_CONFIG = "cluster.merge.bridge";
  private static final String MERGE_BRIDGE_DOC = "Score in [0, 1] that the post which triggers a merge must itself reach against the story to be absorbed (cosine to its centroid with the link bonus, time and activity factors; 0 when the chaining guard stops it): stories merge only when a post that matches both joins one of them and their centroids converged, so two neighbouring events that share their strongest words do not merge on centroid cosine alone (docs/QUALITY.md, session 10); 0 lets any candidate of the post merge.";

  public static final String IDLE_DISCOUNT_CONFIG = "cluster.idle.discount";
  private static final String IDLE_DISCOUNT_DOC = "At most this fraction in [0, 0.99] of a story's score is lost while the story is idle: the score is multiplied by 1 - discount * (1 - exp(-n / scale)), n = posts seen since the story last grew, scale = cluster.idle.gaps times the stream's typical join gap (or cluster.idle.posts when cluster.idle.gaps is 0), so a post goes to the story active now rather than an older one it matches about as well (a soft form of MStreamF's forgetting, counted in the stream's own turns, not clock time); 0 disables it.";

  public static final String IDLE_POSTS_CONFIG = "cluster.idle.posts";
  private static final String IDLE_POSTS_DOC = "Fixed scale in posts of cluster.idle.discount, used only when cluster.idle.gaps is 0: a story idle for this many posts (posts seen by the clusterer since it last grew) has lost 63 % of the discount. A fixed count does not follow the stream's volume (the session-6 form; docs/QUALITY.md).";

  public static final String IDLE_GAPS_CONFIG = "cluster.idle.gaps";
  private static final String IDLE_GAPS_DOC = "Scale of cluster.idle.discount in typical join gaps: a story idle for this many times the stream's typical join gap (the running geometric mean of the posts between a story's consecutive posts, measured on the stream and kept in the state) has lost 63 % of the discount. Relative to the stream, so one value fits a stream of a few posts a day and one of hundreds a second (docs/QUALITY.md, session 7); 0 uses the fixed cluster.idle.posts instead.";

  public static final String PARTITIONS_CONFIG = "cluster.partitions";
  private static final String PARTITIONS_DOC = "Partitions of the posts topic the cluster stage runs over. 1 (default): one global clusterer, posts has one partition (ClusterTopology). P > 1: the two-level mode (PartitionedClusterTopology): posts has P partitions, each clustered into local stories by its own stream task, and one linking task forms global stories (ids g-000042) for story-assignments and stories. Changing it needs a new cluster.application.id.";

  public static final String LOCAL_SIMILARITY_THRESHOLD_CONFIG = "cluster.local.similarity.threshold";
  private static final String LOCAL_SIMILARITY_THRESHOLD_DOC = "Two-level mode only (cluster.partitions > 1): similarity threshold in [0, 1] of each partition's own clusterer. Higher than cluster.similarity.threshold so that a post joins a local story only on a clear match and otherwise is linked against the stories of every partition (see docs/QUALITY.md, partitioned mode).";

  public static final String SNAPSHOT_INTERVAL_MS_CONFIG = "cluster.snapshot.interval.ms";
  /**
   * Default of {@link #SNAPSHOT_INTERVAL_MS_CONFIG}: 0, one snapshot per post. An interval is opt-in:
   * on the warm-day benchmark 100 ms settled slower than per post (docs/BENCHMARKS.md, Session 6).
   */
  public static final long DEFAULT_SNAPSHOT_INTERVAL_MS = 0;
  private static final String SNAPSHOT_INTERVAL_MS_DOC = "How often, in ms of wall-clock time, the cluster stage publishes the snapshots of the stories changed since the last publication to the stories topic: once per story per interval, however many posts joined it, so a reader sees a story's state up to one interval late (plus the commit interval). Stories merged away or closed while changed are published at once. 0 (the default) publishes one snapshot per post, as before; 100 (the exactly-once commit interval) to 1000 publish once per story per interval, which is opt-in because on the warm-day benchmark 100 ms settled slower than per post (docs/BENCHMARKS.md, Session 6). In the two-level mode (cluster.partitions > 1) the linker publishes each global story's latest snapshot once per interval the same way, but the partitions still build a local snapshot per post.";

  /** @return the common definition plus the cluster keys, with defaults from {@link ClusterParams#DEFAULTS} */
  public static ConfigDef definition() {
    ClusterParams d = ClusterParams.DEFAULTS;
    return CommonConfig.definition()
        .define(APPLICATION_ID_CONFIG, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyString(), Importance.HIGH, APPLICATION_ID_DOC)
        .define(SIMILARITY_THRESHOLD_CONFIG, Type.DOUBLE, d.similarityThreshold(), Range.between(0.0, 1.0), Importance.HIGH, SIMILARITY_THRESHOLD_DOC)
        .define(CANDIDATES_K_CONFIG, Type.INT, d.candidatesK(), Range.between(1, 1000), Importance.MEDIUM, CANDIDATES_K_DOC)
        .define(CENTROID_MAX_TERMS_CONFIG, Type.INT, d.centroidMaxTerms(), Range.between(10, 10_000), Importance.MEDIUM, CENTROID_MAX_TERMS_DOC)
        .define(TIME_SIGMA_HOURS_CONFIG, Type.DOUBLE, d.timeSigmaHours(), Range.between(0.01, 10_000.0), Importance.MEDIUM, TIME_SIGMA_HOURS_DOC)
        .define(IDLE_HORIZON_HOURS_CONFIG, Type.DOUBLE, d.idleHorizonHours(), Range.between(0.01, 100_000.0), Importance.MEDIUM, IDLE_HORIZON_HOURS_DOC)
        .define(TITLE_WEIGHT_CONFIG, Type.DOUBLE, d.titleWeight(), Range.between(1.0, 100.0), Importance.LOW, TITLE_WEIGHT_DOC)
        .define(LINK_BONUS_CONFIG, Type.DOUBLE, d.linkBonus(), Range.between(0.0, 1.0), Importance.LOW, LINK_BONUS_DOC)
        .define(QUERY_TERMS_CONFIG, Type.INT, d.queryTerms(), Range.between(1, 512), Importance.LOW, QUERY_TERMS_DOC)
        .define(INDEX_TERMS_CONFIG, Type.INT, d.indexTerms(), Range.between(1, 10_000), Importance.LOW, INDEX_TERMS_DOC)
        .define(POST_MEMORY_CONFIG, Type.INT, d.postMemory(), Range.between(1, 100_000_000), Importance.LOW, POST_MEMORY_DOC)
        .define(MAX_AUTHORS_CONFIG, Type.INT, d.maxAuthors(), Range.between(1, 1_000_000), Importance.LOW, MAX_AUTHORS_DOC)
        .define(MAX_TEXT_CHARS_CONFIG, Type.INT, d.maxTextChars(), Range.between(100, 1_000_000), Importance.LOW, MAX_TEXT_CHARS_DOC)
        .define(TOP_POST_GUARD_CONFIG, Type.DOUBLE, d.topPostGuard(), Range.between(0.0, 1.0), Importance.MEDIUM, TOP_POST_GUARD_DOC)
        .define(MERGE_THRESHOLD_CONFIG, Type.DOUBLE, d.mergeThreshold(), Range.between(0.0, 1.0), Importance.MEDIUM, MERGE_THRESHOLD_DOC)
        .define(MERGE_ESTABLISHED_POSTS_CONFIG, Type.INT, d.establishedPosts(), Range.between(1, 1_000_000), Importance.LOW, MERGE_ESTABLISHED_POSTS_DOC)
        .define(MERGE_ESTABLISHED_THRESHOLD_CONFIG, Type.DOUBLE, d.establishedMergeThreshold(), Range.between(0.0, 1.0), Importance.LOW, MERGE_ESTABLISHED_THRESHOLD_DOC)
        .define(MERGE_BRIDGE_CONFIG, Type.DOUBLE, d.mergeBridge(), Range.between(0.0, 1.0), Importance.LOW, MERGE_BRIDGE_DOC)
        .define(IDLE_DISCOUNT_CONFIG, Type.DOUBLE, d.idleDiscount(), Range.between(0.0, 0.99), Importance.LOW, IDLE_DISCOUNT_DOC)
        .define(IDLE_POSTS_CONFIG, Type.DOUBLE, d.idlePosts(), Range.between(1.0, 1.0e9), Importance.LOW, IDLE_POSTS_DOC)
        .define(IDLE_GAPS_CONFIG, Type.DOUBLE, d.idleGaps(), Range.between(0.0, 1.0e6), Importance.LOW, IDLE_GAPS_DOC)
        .define(PARTITIONS_CONFIG, Type.INT, 1, Range.between(1, 1024), Importance.MEDIUM, PARTITIONS_DOC)
        .define(LOCAL_SIMILARITY_THRESHOLD_CONFIG, Type.DOUBLE, io.storyline.cluster.partitioned.StoryLinker.DEFAULT_LOCAL_THRESHOLD,
            Range.between(0.0, 1.0), Importance.LOW, LOCAL_SIMILARITY_THRESHOLD_DOC)
        .define(SNAPSHOT_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_SNAPSHOT_INTERVAL_MS, Range.between(0L, 3_600_000L),
            Importance.MEDIUM, SNAPSHOT_INTERVAL_MS_DOC);
  }

  /**
   * @param originals the settings; {@code bootstrap.servers} is required
   * @throws org.apache.kafka.common.config.ConfigException naming the key, the value and the rule
   */
  public ClusterConfig(Map<?, ?> originals) {
    super(definition(), originals);
  }

  /** @return the Streams application id */
  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  /** @return partitions of {@code posts} the stage runs over, in [1, 1024]; 1 is the single (global) mode */
  public int partitions() {
    return getInt(PARTITIONS_CONFIG);
  }

  /**
   * @return how often changed stories' snapshots are published, in [0, 1 h]; zero means one snapshot
   *     per post
   */
  public java.time.Duration snapshotInterval() {
    return java.time.Duration.ofMillis(getLong(SNAPSHOT_INTERVAL_MS_CONFIG));
  }

  /**
   * @return the partitions' own clusterers' parameters in the two-level mode: {@link #params()} with
   *     {@code cluster.local.similarity.threshold} and without merging ({@link
   *     io.storyline.cluster.partitioned.StoryLinker#localParams})
   */
  public ClusterParams localParams() {
    return io.storyline.cluster.partitioned.StoryLinker.localParams(params(), getDouble(LOCAL_SIMILARITY_THRESHOLD_CONFIG));
  }

  /**
   * @return the core parameters
   * @throws IllegalArgumentException if a combination is invalid (each key is validated alone)
   */
  public ClusterParams params() {
    return new ClusterParams(
        getDouble(SIMILARITY_THRESHOLD_CONFIG), getInt(CANDIDATES_K_CONFIG), getInt(CENTROID_MAX_TERMS_CONFIG),
        getDouble(TIME_SIGMA_HOURS_CONFIG), getDouble(IDLE_HORIZON_HOURS_CONFIG), getDouble(TITLE_WEIGHT_CONFIG),
        getDouble(LINK_BONUS_CONFIG), getInt(QUERY_TERMS_CONFIG), getInt(INDEX_TERMS_CONFIG), getInt(POST_MEMORY_CONFIG),
        getInt(MAX_AUTHORS_CONFIG), getInt(MAX_TEXT_CHARS_CONFIG), getDouble(TOP_POST_GUARD_CONFIG),
        getDouble(MERGE_THRESHOLD_CONFIG), getDouble(IDLE_DISCOUNT_CONFIG), getDouble(IDLE_POSTS_CONFIG),
        getDouble(IDLE_GAPS_CONFIG), getInt(MERGE_ESTABLISHED_POSTS_CONFIG), getDouble(MERGE_ESTABLISHED_THRESHOLD_CONFIG),
        getDouble(MERGE_BRIDGE_CONFIG));
  }
}
