package io.storyline.publish.rank;

import io.storyline.common.model.Category;
import io.storyline.common.model.Story;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One published list: a category filter and a time window, identified as {@code
 * <scope>/<window>}, e.g. {@code all/24h}, {@code news/24h}, {@code tools/24h}, {@code papers/7d}.
 *
 * <ul>
 *   <li>scope: {@code all} (any category), {@code news} ({@link Category#NEWS}), {@code tools}
 *       ({@link Category#TOOL}), {@code papers} ({@link Category#PAPER}), {@code discussions}
 *       ({@link Category#DISCUSSION});
 *   <li>window: a positive integer followed by {@code m} (minutes), {@code h} (hours) or {@code d}
 *       (days).
 * </ul>
 *
 * A story belongs to the list at {@code now} when it is live ({@link Story#mergedInto()} is null),
 * its category matches, and its {@link Story#lastSeen()} is within the window before now ({@code
 * lastSeen >= now - window}; a lastSeen after now counts as inside). Immutable.
 *
 * @param id the list id, canonical form as produced by {@link #parse}; never null
 * @param category the category filter; empty = all categories
 * @param window the window length; positive
 */
public record ListDefinition(String id, Optional<Category> category, Duration window) {

  /** Syntax of a list id. */
  public static final Pattern ID_PATTERN = Pattern.compile("([a-z]+)/([1-9][0-9]{0,5})([mhd])");

  private static final Map<String, Category> SCOPES =
      Map.of(
          "news", Category.NEWS,
          "tools", Category.TOOL,
          "papers", Category.PAPER,
          "discussions", Category.DISCUSSION);

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the window is not positive
   */
  public ListDefinition {
    Objects.requireNonNull(id, "list id can't be null");
    Objects.requireNonNull(category, () -> "category of list " + id + " can't be null (use Optional.empty())");
    Objects.requireNonNull(window, () -> "window of list " + id + " can't be null");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("illegal window " + window + " of list " + id + ", must be positive");
    }
  }

  /**
   * Parses a list id.
   *
   * @param id e.g. {@code all/24h}; may not be null
   * @return the definition
   * @throws IllegalArgumentException naming the id and the rule if it is malformed or its scope is unknown
   */
  public static ListDefinition parse(String id) {
    Objects.requireNonNull(id, "list id can't be null");
    Matcher m = ID_PATTERN.matcher(id);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "malformed list id '" + id + "', must be <scope>/<window> like all/24h: scope one of "
              + "all, news, tools, papers, discussions; window a positive number with unit m, h or d");
    }
    String scope = m.group(1);
    Optional<Category> category;
    if ("all".equals(scope)) {
      category = Optional.empty();
    } else if (SCOPES.containsKey(scope)) {
      category = Optional.of(SCOPES.get(scope));
    } else {
      throw new IllegalArgumentException(
          "unknown scope '" + scope + "' in list id '" + id + "', must be one of all, news, tools, papers, discussions");
    }
    long amount = Long.parseLong(m.group(2));
    Duration window =
        switch (m.group(3).toLowerCase(Locale.ROOT)) {
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    return new ListDefinition(id, category, window);
  }

  /**
   * @param story the story; may not be null
   * @param now the instant the list is computed for; may not be null
   * @return true if the story is live, of this list's category and seen within the window before now
   */
  public boolean includes(Story story, Instant now) {
    return story.mergedInto() == null
        && matchesCategory(story)
        && !story.lastSeen().isBefore(now.minus(window));
  }

  /**
   * @param story the story; may not be null
   * @return true if the story's category passes this list's filter (ignoring time and merges)
   */
  public boolean matchesCategory(Story story) {
    return category.map(c -> c == story.category()).orElse(true);
  }

  @Override
  public String toString() {
    return id;
  }
}
