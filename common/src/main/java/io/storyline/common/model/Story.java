package io.storyline.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one story: the value of the compacted {@code stories} topic, keyed by {@link #id()}.
 * Its serialised size is bounded whatever its post count: {@link #terms()}, {@link #links()} and
 * {@link #topPosts()} are capped by the producer ({@link #MAX_TERMS}, {@link #MAX_LINKS}, {@link
 * #MAX_TOP_POSTS}). Immutable.
 *
 * @param id story id, e.g. {@code s-0-000042}; never null
 * @param label short key phrase ("Kimi K2 release"); never null
 * @param headline the most representative post title; never null
 * @param summary a short extractive summary; never null, may be empty; always empty in the final
 *     snapshot of a story merged into another ({@code mergedInto} set): follow {@code mergedInto}
 * @param category the story's category; never null
 * @param terms the strongest centroid terms, strongest first, at most {@link #MAX_TERMS}; never null
 * @param links the most shared canonical links, at most {@link #MAX_LINKS}; never null
 * @param firstSeen event time of the earliest post; never null, in the years 1970 to 9999 ({@link
 *     EventTimes})
 * @param lastSeen event time of the latest post; never null, in the years 1970 to 9999
 * @param postCount number of posts assigned, at least 1
 * @param authorCount number of distinct authors, at least 0 (posts without author are not counted)
 * @param sourceCounts posts per platform, each count 0 or more (not null); never null
 * @param engagement engagement summed over the story's posts; never null
 * @param topPosts the most representative posts, best first, at most {@link #MAX_TOP_POSTS}; never null
 * @param mergedInto the id of the story this one was merged into; null while it is live. A snapshot
 *     with it set is the story's last one; it carries no summary
 * @param mergedFrom ids of stories merged into this one; never null
 * @param version incremented on every change, starting at 1
 * @param schemaVersion the record schema version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Story(
    String id,
    String label,
    String headline,
    String summary,
    Category category,
    List<String> terms,
    List<String> links,
    Instant firstSeen,
    Instant lastSeen,
    int postCount,
    int authorCount,
    Map<Source, Integer> sourceCounts,
    Engagement engagement,
    List<PostRef> topPosts,
    String mergedInto,
    List<String> mergedFrom,
    long version,
    int schemaVersion) {

  /** The schema version this code writes. */
  public static final int SCHEMA_VERSION = 1;
  /** Most terms kept in {@link #terms()}. */
  public static final int MAX_TERMS = 20;
  /** Most links kept in {@link #links()}. */
  public static final int MAX_LINKS = 10;
  /** Most posts kept in {@link #topPosts()}. */
  public static final int MAX_TOP_POSTS = 10;
  /** Most ids kept in {@link #mergedFrom()}. */
  public static final int MAX_MERGED_FROM = 20;

  /**
   * Validates, copies and bounds the record.
   *
   * @throws NullPointerException if {@code id}, {@code firstSeen} or {@code lastSeen} is null
   * @throws IllegalArgumentException if {@code firstSeen} or {@code lastSeen} is outside the years
   *     1970 to 9999 ({@link EventTimes}), or a {@code sourceCounts} value is null or negative
   */
  public Story {
    Objects.requireNonNull(id, "story id can't be null");
    Objects.requireNonNull(firstSeen, () -> "story firstSeen can't be null (story " + id + ")");
    Objects.requireNonNull(lastSeen, () -> "story lastSeen can't be null (story " + id + ")");
    EventTimes.require("story " + id, "firstSeen", firstSeen);
    EventTimes.require("story " + id, "lastSeen", lastSeen);
    label = label == null ? "" : PostRef.truncate(label, 120);
    headline = headline == null ? "" : PostRef.truncate(headline, PostRef.MAX_TITLE_CHARS);
    summary = summary == null ? "" : PostRef.truncate(summary, 1000);
    category = category == null ? Category.NEWS : category;
    terms = bounded(terms, MAX_TERMS);
    links = bounded(links, MAX_LINKS);
    if (sourceCounts != null) {
      for (Map.Entry<Source, Integer> e : sourceCounts.entrySet()) {
        if (e.getValue() == null || e.getValue() < 0) {
          throw new IllegalArgumentException("story " + id + " sourceCounts entry " + e.getKey() + "=" + e.getValue()
              + " is not a count of 0 or more posts");
        }
      }
    }
    sourceCounts =
        sourceCounts == null || sourceCounts.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new EnumMap<>(sourceCounts));
    engagement = engagement == null ? Engagement.UNKNOWN : engagement;
    topPosts = bounded(topPosts, MAX_TOP_POSTS);
    mergedFrom = bounded(mergedFrom, MAX_MERGED_FROM);
    schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
  }

  /** @return the number of platforms with at least one post in this story */
  public int sourceCount() {
    return (int) sourceCounts.values().stream().filter(c -> c > 0).count();
  }

  private static <T> List<T> bounded(List<T> list, int max) {
    if (list == null) {
      return List.of();
    }
    return List.copyOf(list.size() > max ? list.subList(0, max) : list);
  }
}
