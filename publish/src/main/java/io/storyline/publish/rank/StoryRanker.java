package io.storyline.publish.rank;

import io.storyline.common.model.Engagement;
import io.storyline.common.model.Story;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a {@link Story} at a given "now". The score is the <b>product</b> of six named factors,
 * each at least 1 except {@code decay} in (0, 1]:
 *
 * <pre>
 *   score      = authors × sources × engagement × posts × velocity × decay
 *   authors    = 1 + ln(1 + authorCount)
 *   sources    = 1 + sourceBonus × (max(1, sourceCount) − 1)
 *   counted    = min(postCount, postsPerAuthorCap × max(1, authorCount))    (posts that count)
 *   flood      = counted / postCount                                          (1 unless some author floods)
 *   engagement = 1 + engagementWeight × ln(1 + flood × Σ_f max(0, e_f) / unit_f)
 *   posts      = 1 + postsWeight × ln(counted)
 *   velocity   = 1 + velocityWeight × ln(max(1, (1 + flood × recentPerHour) / (1 + flood × baselinePerHour)))
 *   decay      = ((ageHours + τ) / τ) ^ −gravity,  ageHours = max(0, now − lastSeen)
 *   τ          = max(offsetHours, windowHours)   (offsetHours when no window is given)
 * </pre>
 *
 * <p>{@code unit_f} is the typical per-post value of field f, learned per source from the stream
 * ({@link EngagementNorms}) or the defaults; {@code recentPerHour} and {@code baselinePerHour} come
 * from the story's own {@link StoryActivity}: posts per hour in the last {@code max(1 h, window/24)}
 * against posts per hour over its life before that. Without an activity the velocity part is 1.
 * The {@code flood} fraction makes the per-author cap apply to engagement and velocity too: the
 * likes on 150 posts of 3 accounts count like those of the 9 posts the cap lets through.
 * A repost or cross-post by the same voice (the clusterer does not count it as a new author) adds
 * its engagement and a post but no author.
 *
 * <p>Why this shape:
 *
 * <ul>
 *   <li><b>Distinct authors dominate, log-scaled</b> ("votes tend to snowball", Lemmy's ranking doc,
 *       https://join-lemmy.org/docs/contributors/07-ranking-algo.html): 10 people posting about a
 *       story is strong evidence; the 100th adds little.
 *   <li><b>Platforms corroborate</b>: a story on X and Reddit and arXiv is more than a
 *       one-community thread, so each extra platform adds {@code sourceBonus}.
 *   <li><b>Engagement is normalised per field before summing</b>: X likes/reposts, Reddit
 *       score/comments and Discord reactions are different currencies; each is divided by a typical
 *       "unit" (e.g. 50 X likes ≈ 50 Reddit points ≈ 5 Discord reactions ≈ 1 unit), then log1p'd.
 *       Negative Reddit scores count as 0. Unknown counts are not zero but simply absent. This is a
 *       first version of the per-source normalisation the research notes call for.
 *   <li><b>Posts count weakly and are capped per author</b>: {@code posts} only counts up to {@code
 *       postsPerAuthorCap} posts per distinct author, so one account flooding a story cannot beat a
 *       story many people talk about (Techmeme's anti-gaming damping of links "from few people").
 *   <li><b>Decay is Hacker News gravity</b>, {@code (P−1)/(T+2)^1.8} with T in hours (news.arc as
 *       quoted at https://amix.dk/blog/post/19574; also {@code social-protocols/quality-news}
 *       README), normalised by {@code offsetHours^gravity} so that {@code decay = 1} at age 0 and
 *       the factor reads as "fraction of freshness left". Dividing every score by the same constant
 *       changes no order. The offset τ is the list's window (24 h for a daily list, 168 h for a
 *       weekly one; never below {@code offsetHours}, so 1 h keeps HN's 2 h): with HN's fixed 2 h every story older
 *       than a day is all but gone, so a weekly list would only repeat the daily one (seen on a
 *       replay of a week of r/LocalLLaMA). A power law is chosen over an exponential half-life
 *       because its shape is the same at every scale once τ is scaled. Age runs from
 *       {@link Story#lastSeen()} (the story is as fresh as its latest post, like Lemmy's "Active"
 *       sort), in event time; a lastSeen after now (clock skew) counts as age 0.
 * </ul>
 *
 * <p>Because the score is a product, {@code scoreParts} multiply exactly to {@code score} (up to
 * floating-point rounding). Thread-safe and stateless; instances are immutable.
 */
public final class StoryRanker {
  /** Score part name: the distinct-author factor. */
  public static final String PART_AUTHORS = "authors";
  /** Score part name: the platform-count factor. */
  public static final String PART_SOURCES = "sources";
  /** Score part name: the normalised engagement factor. */
  public static final String PART_ENGAGEMENT = "engagement";
  /** Score part name: the capped post-count factor. */
  public static final String PART_POSTS = "posts";
  /** Score part name: the recency decay factor in (0, 1]. */
  public static final String PART_DECAY = "decay";
  /** Score part name: the velocity factor, recent posts per hour against the story's baseline, &ge; 1. */
  public static final String PART_VELOCITY = "velocity";

  private final Weights weights;

  /**
   * Tunable constants of the formula in the class Javadoc.
   *
   * @param gravity decay exponent, HN uses 1.8; finite, {@code > 0}
   * @param offsetHours age offset in hours, HN uses 2; finite, {@code > 0}
   * @param sourceBonus added per platform beyond the first; finite, {@code >= 0}
   * @param engagementWeight multiplier of {@code ln(1 + normalised engagement)}; finite, {@code >= 0}
   * @param postsWeight multiplier of {@code ln(capped posts)}; finite, {@code >= 0}
   * @param postsPerAuthorCap posts counted per distinct author, at least 1
   * @param units typical value of each engagement field, the divisor before summing, used until
   *     {@link EngagementNorms} has learned the field; all {@code > 0}
   * @param velocityWeight multiplier of {@code ln(recent rate / baseline rate)}; finite, {@code >= 0}
   */
  public record Weights(
      double gravity,
      double offsetHours,
      double sourceBonus,
      double engagementWeight,
      double postsWeight,
      int postsPerAuthorCap,
      EngagementUnits units,
      double velocityWeight) {

    /**
     * The defaults: HN gravity 1.8 and offset 2 h, +0.5 per extra platform, engagement 0.5, posts
     * 0.2, 3 posts per author, velocity 0.3.
     */
    public static final Weights DEFAULT = new Weights(1.8, 2.0, 0.5, 0.5, 0.2, 3, EngagementUnits.DEFAULT, 0.3);

    /** The constants without a velocity weight (0.3). */
    public Weights(double gravity, double offsetHours, double sourceBonus, double engagementWeight,
        double postsWeight, int postsPerAuthorCap, EngagementUnits units) {
      this(gravity, offsetHours, sourceBonus, engagementWeight, postsWeight, postsPerAuthorCap, units, 0.3);
    }

    /** @throws IllegalArgumentException naming the weight, its value and the rule */
    public Weights {
      positive("gravity", gravity);
      positive("offsetHours", offsetHours);
      nonNegative("sourceBonus", sourceBonus);
      nonNegative("engagementWeight", engagementWeight);
      nonNegative("postsWeight", postsWeight);
      if (postsPerAuthorCap < 1) {
        throw new IllegalArgumentException(
            "illegal postsPerAuthorCap " + postsPerAuthorCap + ", must be at least 1");
      }
      Objects.requireNonNull(units, "engagement units can't be null");
      nonNegative("velocityWeight", velocityWeight);
    }
  }

  /**
   * The "typical" amount of each engagement field that counts as one unit. Defaults: 50 likes, 10
   * reposts, 10 replies, 50 Reddit points, 10 comments, 5 reactions, 10,000 views.
   *
   * @param likes likes per unit, {@code > 0}
   * @param reposts reposts per unit, {@code > 0}
   * @param replies replies per unit, {@code > 0}
   * @param score net vote score per unit, {@code > 0}
   * @param comments comments per unit, {@code > 0}
   * @param reactions reactions per unit, {@code > 0}
   * @param views views per unit, {@code > 0}
   */
  public record EngagementUnits(
      double likes, double reposts, double replies, double score, double comments, double reactions, double views) {

    /** The default units. */
    public static final EngagementUnits DEFAULT = new EngagementUnits(50, 10, 10, 50, 10, 5, 10_000);

    /** @throws IllegalArgumentException naming the unit, its value and the rule */
    public EngagementUnits {
      positive("likes unit", likes);
      positive("reposts unit", reposts);
      positive("replies unit", replies);
      positive("score unit", score);
      positive("comments unit", comments);
      positive("reactions unit", reactions);
      positive("views unit", views);
    }

    /**
     * @param e engagement; may not be null
     * @return the sum of each known, non-negative count divided by its unit; {@code >= 0}
     */
    public double normalise(Engagement e) {
      return part(e.likes(), likes)
          + part(e.reposts(), reposts)
          + part(e.replies(), replies)
          + part(e.score(), score)
          + part(e.comments(), comments)
          + part(e.reactions(), reactions)
          + part(e.views(), views);
    }

    private static double part(Long count, double unit) {
      return count == null || count <= 0 ? 0.0 : count / unit;
    }
  }

  /** A ranker with {@link Weights#DEFAULT}. */
  public StoryRanker() {
    this(Weights.DEFAULT);
  }

  /**
   * @param weights the formula's constants; may not be null
   */
  public StoryRanker(Weights weights) {
    this.weights = Objects.requireNonNull(weights, "weights can't be null");
  }

  /** @return the constants this ranker uses */
  public Weights weights() {
    return weights;
  }

  /**
   * Scores a story.
   *
   * @param story the story; may not be null
   * @param now the instant to score at (event time in replays, wall clock live); may not be null
   * @return the score with its parts {@code authors, sources, engagement, posts, decay}, in that order
   * @throws NullPointerException if an argument is null
   */
  public ScoredStory score(Story story, Instant now) {
    return score(story, now, null);
  }

  /**
   * Scores a story for a list with a time window: the decay's time scale grows with the window (see
   * the class Javadoc), so a weekly list favours the week's big stories, not only the latest ones.
   *
   * @param story the story; may not be null
   * @param now the instant to score at (event time in replays, wall clock live); may not be null
   * @param window the list's window; null = the fixed {@link Weights#offsetHours()}
   * @return the score with its parts {@code authors, sources, engagement, posts, decay}, in that order
   * @throws NullPointerException if {@code story} or {@code now} is null
   */
  public ScoredStory score(Story story, Instant now, Duration window) {
    return score(story, now, window, null, weights.units());
  }

  /**
   * Scores a story with its activity and learned engagement units.
   *
   * @param story the story; may not be null
   * @param now the instant to score at (event time in replays, wall clock live); may not be null
   * @param window the list's window; null = the fixed {@link Weights#offsetHours()} and a 1 h recent span
   * @param activity the story's posts per hour; null = unknown (velocity part 1)
   * @param units engagement units to normalise by, e.g. {@link EngagementNorms#units}; may not be null
   * @return the score with its parts {@code authors, sources, engagement, posts, velocity, decay}, in that order
   * @throws NullPointerException if {@code story}, {@code now} or {@code units} is null
   */
  public ScoredStory score(Story story, Instant now, Duration window, StoryActivity activity, EngagementUnits units) {
    double[] f = factors(story, now, window, activity, units);
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put(PART_AUTHORS, f[0]);
    parts.put(PART_SOURCES, f[1]);
    parts.put(PART_ENGAGEMENT, f[2]);
    parts.put(PART_POSTS, f[3]);
    parts.put(PART_VELOCITY, f[4]);
    parts.put(PART_DECAY, f[5]);
    return new ScoredStory(story, product(f), parts);
  }

  /**
   * The score alone, without its named parts: bit for bit {@code score(story, now, window, activity,
   * units).score()} (the same factors multiplied in the same order), for callers that only compare
   * it, e.g. {@link TopListBuilder} deciding whether a candidate can enter a full top N. Unlike {@link
   * #score}, it does not check that the result is finite and non-negative.
   *
   * @param story the story; may not be null
   * @param now the instant to score at; may not be null
   * @param window the list's window; null = the fixed {@link Weights#offsetHours()} and a 1 h recent span
   * @param activity the story's posts per hour; null = unknown (velocity part 1)
   * @param units engagement units to normalise by; may not be null
   * @return the score
   * @throws NullPointerException if {@code story}, {@code now} or {@code units} is null
   */
  public double scoreOnly(Story story, Instant now, Duration window, StoryActivity activity, EngagementUnits units) {
    return product(factors(story, now, window, activity, units));
  }

  private static double product(double[] f) {
    return f[0] * f[1] * f[2] * f[3] * f[4] * f[5];
  }

  /** @return {@code [authors, sources, engagement, posts, velocity, decay]} */
  private double[] factors(Story story, Instant now, Duration window, StoryActivity activity, EngagementUnits units) {
    Objects.requireNonNull(story, "story can't be null");
    Objects.requireNonNull(now, "now can't be null");
    Objects.requireNonNull(units, "units can't be null");
    int authorCount = Math.max(0, story.authorCount());
    double authors = 1.0 + Math.log1p(authorCount);
    double sources = 1.0 + weights.sourceBonus() * (Math.max(1, story.sourceCount()) - 1);
    long cap = (long) weights.postsPerAuthorCap() * Math.max(1, authorCount);
    long countedPosts = Math.max(1, Math.min(story.postCount(), cap));
    double flood = Math.min(1.0, countedPosts / (double) Math.max(1, story.postCount()));
    double engagement =
        1.0 + weights.engagementWeight() * Math.log1p(flood * units.normalise(story.engagement()));
    double posts = 1.0 + weights.postsWeight() * Math.log(countedPosts);
    double velocity = 1.0;
    if (activity != null) {
      Duration recent = window == null ? Duration.ofHours(1) : window.dividedBy(24);
      double[] rates = activity.rates(now, recent.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1) : recent);
      double ratio = (1 + flood * rates[0]) / (1 + flood * rates[1]);
      velocity = 1.0 + weights.velocityWeight() * Math.log(Math.max(1.0, ratio));
    }
    double tau = window == null
        ? weights.offsetHours()
        : Math.max(weights.offsetHours(), window.toMillis() / 3_600_000.0);
    double decay = decay(story.lastSeen(), now, tau);
    return new double[] {authors, sources, engagement, posts, velocity, decay};
  }

  /**
   * @param lastSeen the story's latest event time; may not be null
   * @param now the scoring instant; may not be null
   * @return {@code ((ageHours + offset) / offset)^-gravity}, in (0, 1]; 1 when lastSeen is not before now
   */
  double decay(Instant lastSeen, Instant now) {
    return decay(lastSeen, now, weights.offsetHours());
  }

  private double decay(Instant lastSeen, Instant now, double offsetHours) {
    long ageMillis = Math.max(0, Duration.between(lastSeen, now).toMillis());
    double ageHours = ageMillis / 3_600_000.0;
    return Math.pow((ageHours + offsetHours) / offsetHours, -weights.gravity());
  }

  @Override
  public String toString() {
    return "StoryRanker" + weights;
  }

  private static void positive(String name, double value) {
    if (!Double.isFinite(value) || value <= 0) {
      throw new IllegalArgumentException("illegal " + name + " " + value + ", must be finite and > 0");
    }
  }

  private static void nonNegative(String name, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException("illegal " + name + " " + value + ", must be finite and >= 0");
    }
  }
}
