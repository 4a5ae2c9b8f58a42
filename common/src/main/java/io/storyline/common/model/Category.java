package io.storyline.common.model;

/** The kind of a story, which decides the lists it appears in ({@code news/24h}, {@code tools/24h}, ...). */
public enum Category {
  /** Events: launches, announcements, deals, incidents. The default. */
  NEWS,
  /** Releases of tools, repositories, libraries, products, models on a hub. */
  TOOL,
  /** Research papers (arXiv and the like) and the discussion around them. */
  PAPER,
  /** Community discussion without a news event, tool or paper at its centre. */
  DISCUSSION
}
