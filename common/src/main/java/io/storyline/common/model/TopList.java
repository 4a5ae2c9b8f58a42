package io.storyline.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A ranked list of stories: the value of the compacted {@code top-stories} topic, keyed by {@link
 * #list()}. Immutable.
 *
 * @param list the list id, {@code <category-or-all>/<window>}, e.g. {@code all/24h}, {@code news/24h}; never null
 * @param generatedAt the "now" the ranking was computed for: in a replay the newest event time
 *     seen, live the wall clock; never null
 * @param items ranked items, rank 1 first; never null
 * @param schemaVersion the record schema version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TopList(String list, Instant generatedAt, List<Item> items, int schemaVersion) {

  /** The schema version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  public TopList {
    Objects.requireNonNull(list, "top list id can't be null");
    Objects.requireNonNull(generatedAt, () -> "top list generatedAt can't be null (list " + list + ")");
    items = items == null ? List.of() : List.copyOf(items);
    schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
  }

  /**
   * One ranked story.
   *
   * @param rank 1-based rank
   * @param storyId the story id; never null
   * @param headline the story's headline; never null
   * @param summary the story's summary; never null
   * @param category the story's category; never null
   * @param score the ranking score, higher first; finite
   * @param scoreParts the named factors the score is made of (e.g. {@code authors}, {@code
   *     sources}, {@code engagement}, {@code decay}), so a reader can see why it ranks here; never null
   * @param postCount posts in the story
   * @param sources platforms in the story, by id, e.g. {@code ["reddit", "twitter"]}; never null
   * @param links links to the story's top posts; never null
   * @param movement rank change since the previous emission of this list: positive = climbed;
   *     null if the story is new to the list
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Item(
      int rank,
      String storyId,
      String headline,
      String summary,
      Category category,
      double score,
      Map<String, Double> scoreParts,
      int postCount,
      List<String> sources,
      List<String> links,
      Integer movement) {
    public Item {
      Objects.requireNonNull(storyId, "top list item storyId can't be null");
      headline = headline == null ? "" : headline;
      summary = summary == null ? "" : summary;
      category = category == null ? Category.NEWS : category;
      scoreParts =
          scoreParts == null
              ? Map.of()
              : Collections.unmodifiableMap(new LinkedHashMap<>(scoreParts));
      sources = sources == null ? List.of() : List.copyOf(sources);
      links = links == null ? List.of() : List.copyOf(links);
    }
  }
}
