package io.storyline.common.model;

/** How a post relates to its {@link Post#parentId() parent}; {@link #NONE} for an original post. */
public enum Relation {
  /** An original post; {@link Post#parentId()} is null. */
  NONE,
  /** A reply or comment to the parent post. */
  REPLY,
  /** A quote of the parent post with added text. */
  QUOTE,
  /** A repost (retweet, forward) of the parent without added text. */
  REPOST,
  /** A crosspost of the parent into another channel (Reddit crossposts, Discord crossposts). */
  CROSSPOST
}
