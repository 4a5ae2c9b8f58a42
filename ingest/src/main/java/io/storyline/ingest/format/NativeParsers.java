package io.storyline.ingest.format;

import io.storyline.common.model.Post;
import io.storyline.ingest.format.arxiv.ArxivEntryParser;
import io.storyline.ingest.format.discord.DiscordMessageParser;
import io.storyline.ingest.format.reddit.RedditThingParser;
import io.storyline.ingest.format.x.XTweetParser;
import java.time.Instant;
import java.util.Objects;

/**
 * The one entry point from a native payload to a {@link Post}: dispatches on the {@link
 * NativeFormat} to the platform parser ({@link RedditThingParser}, {@link XTweetParser}, {@link
 * DiscordMessageParser}, {@link ArxivEntryParser}; see each for its field mapping). Stateless and
 * thread-safe.
 */
public final class NativeParsers {
  private NativeParsers() {}

  /**
   * Parses one post.
   *
   * @param format the payload's format; may not be null
   * @param payload the payload bytes (UTF-8 JSON, or XML for arXiv); null is rejected as empty
   * @param fetchedAt when it was fetched; null to use a crawl time found in the payload (twarc2
   *     {@code retrieved_at}, Reddit dump {@code retrieved_on}, DCE {@code exportedAt}), else the post's
   *     creation time
   * @return the post, never null
   * @throws PostParseException for {@link NativeFormat#UNKNOWN} and for any payload that is not a valid
   *     post of {@code format}; the message names the format, field, value and rule. No other exception
   *     escapes for bad payload content.
   */
  public static Post parse(NativeFormat format, byte[] payload, Instant fetchedAt) throws PostParseException {
    Objects.requireNonNull(format, "format can't be null");
    try {
      return switch (format) {
        case REDDIT_THING -> RedditThingParser.parse(payload, fetchedAt);
        case X_V2_TWEET -> XTweetParser.parse(payload, fetchedAt);
        case DISCORD_MESSAGE -> DiscordMessageParser.parseMessage(payload, fetchedAt);
        case DISCORD_DCE_MESSAGE -> DiscordMessageParser.parseDce(payload, fetchedAt);
        case ARXIV_ATOM_ENTRY -> ArxivEntryParser.parse(payload, fetchedAt);
        case UNKNOWN -> throw new PostParseException(
            "unknown: payload of " + (payload == null ? 0 : payload.length)
                + " bytes is in no recognised native format (starts with '"
                + JsonSupport.shorten(payload == null ? "" : new String(payload, 0, Math.min(payload.length, 80),
                    java.nio.charset.StandardCharsets.UTF_8), 60) + "'); it can't be parsed into a post");
      };
    } catch (RuntimeException e) {
      // a defect in a parser, not bad input: still report it as a parse failure naming the format
      throw new PostParseException(format.id() + ": parser failed on this payload with "
          + e.getClass().getSimpleName() + ": " + JsonSupport.shorten(e.getMessage(), 160), e);
    }
  }
}
