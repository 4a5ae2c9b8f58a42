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
 *       (days), at most {@link #MAX_WINDOW} (30 days: {@code 30d}, {@code 720h}, {@code 43200m}).
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

  /**
   * Longest window a list may have, 30 days. The publish stage keeps every story last seen within its widest
   * window as a ranking candidate (state store and changelog) and scores all of them at each re-ranking, so the
   * window bounds that state and that work; 30 days is four times the widest list shipped ({@code papers/7d}).
   * Before session 12 any window up to {@code 999999d} (2,700 years) was accepted: the candidates were never
   * pruned.
   */
  public static final Duration MAX_WINDOW = Duration.ofDays(30);

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
   * @throws IllegalArgumentException if the window is not positive or longer than {@link #MAX_WINDOW}
   */
  public ListDefinition {
    Objects.requireNonNull(id, "list id can't be null");
    Objects.requireNonNull(category, () -> "category of list " + id + " can't be null (use Optional.empty())");
    Objects.requireNonNull(window, () -> "window of list " + id + " can't be null");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("illegal window " + window + " of list " + id + ", must be positive");
    }
    if (window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("window of list '" + id + "' is " + describe(window) + ", longer than the "
          + "longest a list may span, 30 days (30d, 720h or 43200m): the publish stage keeps every story seen within "
          + "its widest window as a ranking candidate");
    }
  }

  /**
   * Parses a list id.
   *
   * @param id e.g. {@code all/24h}; may not be null
   * @return the definition
   * @throws IllegalArgumentException naming the id and the rule if it is malformed, its scope is unknown or its
   *     window longer than {@link #MAX_WINDOW}
   */
  public static ListDefinition parse(String id) {
    Objects.requireNonNull(id, "list id can't be null");
    Matcher m = ID_PATTERN.matcher(id);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "malformed list id '" + id + "', must be <scope>/<window> like all/24h: scope one of "
              + "all, news, tools, papers, discussions; window a positive number with unit m, h or d, at most 30 days");
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

  /** @return the window in days, or hours, whichever is whole, for a message */
  private static String describe(Duration window) {
    return window.toHours() % 24 == 0 && window.toMinutes() % 60 == 0 ? window.toDays() + " days"
        : window.toMinutes() % 60 == 0 ? window.toHours() + " hours" : window.toMinutes() + " minutes";
  }
}
