package io.storyline.publish.rank;

import io.storyline.common.model.Engagement;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Per-source engagement scales learned from the stream. Each engagement field belongs to the
 * platforms that report it (likes, reposts, views: X; score, comments: Reddit; reactions: Discord;
 * replies: X and Discord), so normalising per field is normalising per source. For every field it
 * keeps the count and the sum of {@code ln(1 + x)} over observations {@code x} = the field's value
 * per new post of its platforms in one story update (the snapshot's growth since the previous
 * snapshot); the learned unit is the geometric-style typical value {@code exp(mean ln(1 + x)) − 1}
 * (log scaling: a Reddit score of 500 and an X like count of 500 mean different things, and the
 * log-mean is robust to one viral outlier). Until a field has {@link #MIN_OBSERVATIONS} observations
 * its default unit is used. Immutable; serialisable with Jackson.
 *
 * @param fields field name ({@code likes}, {@code score}, ...) → statistics; never null
 */
public record EngagementNorms(Map<String, FieldStat> fields) {
  /** Observations a field needs before its learned unit replaces the default. */
  public static final int MIN_OBSERVATIONS = 20;
  /** Nothing learned yet. */
  public static final EngagementNorms EMPTY = new EngagementNorms(Map.of());

  private static final Map<String, Set<Source>> FIELD_SOURCES =
      Map.of(
          "likes", Set.of(Source.TWITTER),
          "reposts", Set.of(Source.TWITTER),
          "views", Set.of(Source.TWITTER),
          "replies", Set.of(Source.TWITTER, Source.DISCORD),
          "score", Set.of(Source.REDDIT),
          "comments", Set.of(Source.REDDIT),
          "reactions", Set.of(Source.DISCORD));

  private static final Map<String, Function<Engagement, Long>> GETTERS =
      Map.of(
          "likes", Engagement::likes,
          "reposts", Engagement::reposts,
          "views", Engagement::views,
          "replies", Engagement::replies,
          "score", Engagement::score,
          "comments", Engagement::comments,
          "reactions", Engagement::reactions);

  /**
   * Statistics of one field.
   *
   * @param count observations, &ge; 0
   * @param sumLog sum of {@code ln(1 + x)}, &ge; 0
   */
  public record FieldStat(long count, double sumLog) {
    /** @return {@code exp(sumLog / count) − 1}, the typical per-post value; 0 without observations */
    public double typical() {
      return count == 0 ? 0 : Math.expm1(sumLog / count);
    }
  }

  public EngagementNorms {
    fields = Map.copyOf(fields == null ? Map.of() : fields);
  }

  /**
   * Learns from one story update.
   *
   * @param old the previous snapshot of the story; null if none
   * @param story the new snapshot; may not be null
   * @return the updated norms (this when nothing was observed)
   */
  public EngagementNorms observe(Story old, Story story) {
    Objects.requireNonNull(story, "story can't be null");
    Map<String, FieldStat> next = null;
    for (Map.Entry<String, Function<Engagement, Long>> f : GETTERS.entrySet()) {
      Long now = f.getValue().apply(story.engagement());
      if (now == null) {
        continue;
      }
      long before = old == null ? 0 : orZero(f.getValue().apply(old.engagement()));
      int newPosts = posts(story, f.getKey()) - (old == null ? 0 : posts(old, f.getKey()));
      if (newPosts <= 0) {
        continue;
      }
      double perPost = Math.max(0, now - before) / (double) newPosts;
      if (next == null) {
        next = new TreeMap<>(fields);
      }
      FieldStat s = next.getOrDefault(f.getKey(), new FieldStat(0, 0));
      next.put(f.getKey(), new FieldStat(s.count() + 1, s.sumLog() + Math.log1p(perPost)));
    }
    return next == null ? this : new EngagementNorms(next);
  }

  /**
   * @param defaults units used for fields with too few observations; may not be null
   * @return the unit per field: the learned typical value (at least 1) where known, else the default
   */
  public StoryRanker.EngagementUnits units(StoryRanker.EngagementUnits defaults) {
    Objects.requireNonNull(defaults, "defaults can't be null");
    return new StoryRanker.EngagementUnits(
        unit("likes", defaults.likes()),
        unit("reposts", defaults.reposts()),
        unit("replies", defaults.replies()),
        unit("score", defaults.score()),
        unit("comments", defaults.comments()),
        unit("reactions", defaults.reactions()),
        unit("views", defaults.views()));
  }

  private double unit(String field, double fallback) {
    FieldStat s = fields.get(field);
    return s == null || s.count() < MIN_OBSERVATIONS ? fallback : Math.max(1.0, s.typical());
  }

  private static int posts(Story story, String field) {
    int n = 0;
    for (Source source : FIELD_SOURCES.get(field)) {
      n += story.sourceCounts().getOrDefault(source, 0);
    }
    return n;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}
