package io.storyline.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.storyline.common.text.TextCut;
import java.time.Instant;
import java.util.Objects;

/**
 * A compact reference to a post inside a {@link Story}: enough to show and link it, bounded in size.
 *
 * @param id the post id; never null
 * @param source the platform; never null
 * @param url permalink; nullable
 * @param author author; nullable
 * @param title the title, or the first characters of the text when the post has no title; never null
 * @param createdAt event time; never null, in the years 1970 to 9999 ({@link EventTimes})
 * @param weight how representative the post is of its story, higher first (engagement-weighted
 *     similarity to the centroid); finite
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostRef(
    String id, Source source, String url, String author, String title, Instant createdAt, double weight) {

  /** Longest {@link #title()} kept, in characters. */
  public static final int MAX_TITLE_CHARS = 300;

  public PostRef {
    Objects.requireNonNull(id, "post ref id can't be null");
    Objects.requireNonNull(source, "post ref source can't be null");
    Objects.requireNonNull(createdAt, "post ref createdAt can't be null");
    EventTimes.require("post ref " + id, "createdAt", createdAt);
    title = title == null ? "" : truncate(title, MAX_TITLE_CHARS);
  }

  /**
   * Cuts text to at most {@code max} characters, adding an ellipsis when cut; the cut falls between grapheme
   * clusters ({@link io.storyline.common.text.TextCut}), so no emoji, flag or accented letter is split.
   *
   * @param text the text; may not be null
   * @param max the maximum length in chars, at least 2
   * @return the text, or its cut prefix ending in {@code …}
   */
  public static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return TextCut.prefix(text, max - 1) + "…";
  }
}
