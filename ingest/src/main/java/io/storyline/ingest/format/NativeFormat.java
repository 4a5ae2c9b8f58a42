package io.storyline.ingest.format;

import io.storyline.common.model.Source;

/**
 * The native shape of one raw record's payload (one post), carried in the {@code storyline.format}
 * header of the raw topics. A payload of each format is a self-contained native object: the parser
 * of the format turns it into one {@link io.storyline.common.model.Post}.
 */
public enum NativeFormat {
  /** A Reddit thing: {@code {"kind":"t3"|"t1","data":{...}}} or a bare dump object (t3/t1 data). */
  REDDIT_THING("reddit-thing", Source.REDDIT),
  /**
   * One X API v2 tweet with the includes it needs: {@code {"data":{tweet},"includes":{"users":[..],"tweets":[..]}}}.
   */
  X_V2_TWEET("x-v2-tweet", Source.TWITTER),
  /** One Discord REST/gateway message object. */
  DISCORD_MESSAGE("discord-message", Source.DISCORD),
  /** One DiscordChatExporter message with its export's guild and channel: {@code {"guild":..,"channel":..,"message":..}}. */
  DISCORD_DCE_MESSAGE("discord-dce-message", Source.DISCORD),
  /** One arXiv export API Atom {@code <entry>} as a standalone XML document. */
  ARXIV_ATOM_ENTRY("arxiv-atom-entry", Source.ARXIV),
  /**
   * A payload whose platform could not be recognised (e.g. a file of broken JSON); the normalizer
   * dead-letters it with the reason. Its source is null: it travels on {@code posts.raw.unknown}.
   */
  UNKNOWN("unknown", null);

  private final String id;
  private final Source source;

  NativeFormat(String id, Source source) {
    this.id = id;
    this.source = source;
  }

  /** @return the header value, e.g. {@code reddit-thing} */
  public String id() {
    return id;
  }

  /** @return the platform, or null for {@link #UNKNOWN} */
  public Source source() {
    return source;
  }

  /**
   * @param id a header value such as {@code reddit-thing}; may be null
   * @return the format, or {@link #UNKNOWN} if {@code id} is null or names no format
   */
  public static NativeFormat fromId(String id) {
    for (NativeFormat f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    return UNKNOWN;
  }
}
