package io.storyline.common.model;

import java.util.Locale;

/**
 * A platform storyline ingests posts from. The lower-case {@link #id()} is the prefix of every
 * {@link Post#id()} ({@code reddit:t3_1abc}) and the suffix of the raw topic ({@code posts.raw.reddit}).
 */
public enum Source {
  TWITTER,
  REDDIT,
  DISCORD,
  ARXIV;

  /** @return the lower-case id used in post ids, topic names and headers, e.g. {@code "reddit"} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a source id, case-insensitively.
   *
   * @param id a source id such as {@code "reddit"}; may not be null
   * @return the source
   * @throws IllegalArgumentException if {@code id} names no source
   */
  public static Source fromId(String id) {
    for (Source s : values()) {
      if (s.id().equalsIgnoreCase(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown source '" + id + "', must be one of twitter, reddit, discord, arxiv");
  }
}
