package io.storyline.publish.rank;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.storyline.common.model.Story;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A story's posts per event-time hour, derived from the sequence of its snapshots on the {@code
 * stories} topic: each snapshot adds {@code postCount − previous postCount} posts to the hour of its
 * {@link Story#lastSeen()}. The first snapshot seen of a story that already holds several posts (e.g.
 * after compaction removed its earlier versions) spreads them evenly over the hours from {@code
 * firstSeen} to {@code lastSeen}. Bounded: at most {@link #MAX_HOURS} buckets, the oldest dropped
 * (their posts stay in {@link #earlier()}). Immutable; serialisable with Jackson.
 *
 * @param hourly epoch hour ({@code epochMillis / 3_600_000}) → posts in that hour, ascending; never null
 * @param earlier posts in hours dropped from {@code hourly}, &ge; 0
 */
public record StoryActivity(NavigableMap<Long, Integer> hourly, int earlier) {
  /** Most hourly buckets kept: one week. */
  public static final int MAX_HOURS = 7 * 24;
  /** No activity. */
  public static final StoryActivity EMPTY = new StoryActivity(new TreeMap<>(), 0);

  public StoryActivity {
    hourly = Collections.unmodifiableNavigableMap(new TreeMap<>(hourly == null ? Map.of() : hourly));
    if (earlier < 0) {
      throw new IllegalArgumentException("illegal earlier post count " + earlier + ", must be >= 0");
    }
  }

  /**
   * @param instant an instant; may not be null
   * @return its epoch hour
   */
  public static long hourOf(Instant instant) {
    return Math.floorDiv(instant.toEpochMilli(), 3_600_000L);
  }

  /**
   * Folds one snapshot into the activity.
   *
   * @param previous the activity so far; null = none yet
   * @param old the previous snapshot of the same story; null if none was seen
   * @param story the new snapshot; may not be null
   * @return the new activity; {@code previous} itself when the post count did not grow
   */
  public static StoryActivity fold(StoryActivity previous, Story old, Story story) {
    Objects.requireNonNull(story, "story can't be null");
    StoryActivity base = previous == null ? EMPTY : previous;
    int before = old == null ? base.total() : old.postCount();
    int delta = story.postCount() - before;
    if (delta <= 0) {
      return base;
    }
    TreeMap<Long, Integer> next = new TreeMap<>(base.hourly);
    if (old == null && base.total() == 0 && delta > 1) {
      long from = hourOf(story.firstSeen());
      long to = Math.max(from, hourOf(story.lastSeen()));
      from = Math.max(from, to - MAX_HOURS + 1);
      long hours = to - from + 1;
      for (long h = from; h <= to; h++) {
        int share = (int) (delta / hours + ((h - from) < delta % hours ? 1 : 0));
        if (share > 0) {
          next.merge(h, share, Integer::sum);
        }
      }
    } else {
      next.merge(hourOf(story.lastSeen()), delta, Integer::sum);
    }
    int dropped = base.earlier;
    while (next.size() > MAX_HOURS) {
      dropped += next.pollFirstEntry().getValue();
    }
    return new StoryActivity(next, dropped);
  }

  /** @return all posts counted, kept buckets plus {@link #earlier()} */
  @JsonIgnore
  public int total() {
    return earlier + sum(hourly);
  }

  /**
   * @param from inclusive start; may not be null
   * @param to exclusive end; may not be null
   * @return posts in the hours whose start lies in {@code [hourOf(from), hourOf(to))}
   */
  public int postsBetween(Instant from, Instant to) {
    long a = hourOf(from);
    long b = hourOf(to);
    return b <= a ? 0 : sum(hourly.subMap(a, true, b, false));
  }

  /**
   * Recent posting rate against the story's own baseline.
   *
   * @param now the scoring instant; may not be null
   * @param recent the length of the "recent" span ending at now, rounded up to whole hours; positive
   * @return {@code [recentPerHour, baselinePerHour]}: posts per hour in the hours from the one
   *     holding {@code now − recent} up to the one holding now (divided by the time from the start
   *     of the first of them to now), and in the story's life before them (0 when it has none)
   */
  public double[] rates(Instant now, Duration recent) {
    long nowHour = hourOf(now);
    long cut = hourOf(now.minus(recent));
    double recentHours = Math.max(1.0, (now.toEpochMilli() - cut * 3_600_000L) / 3_600_000.0);
    int recentPosts = sum(hourly.subMap(cut, true, nowHour, true));
    NavigableMap<Long, Integer> before = hourly.headMap(cut, false);
    int basePosts = earlier + sum(before);
    double baseline = 0;
    if (basePosts > 0) {
      long firstHour = before.isEmpty() ? cut - 1 : before.firstKey();
      baseline = basePosts / (double) Math.max(1, cut - firstHour);
    }
    return new double[] {recentPosts / recentHours, baseline};
  }

  /** @return the sum of the buckets' post counts (a plain loop: ranking sums these for every candidate) */
  private static int sum(Map<Long, Integer> buckets) {
    int total = 0;
    for (Integer posts : buckets.values()) {
      total += posts;
    }
    return total;
  }
}
