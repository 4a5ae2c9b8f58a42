package io.storyline.cluster.internal;

import io.storyline.common.model.Post;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds a post and makes its strings valid UTF-16 before it reaches the clustering core.
 *
 * <p>Bounds ({@link #bound}), the same as the Normalizer's PostLimits: title {@value #TITLE_MAX_CHARS}
 * chars, text {@value #TEXT_MAX_CHARS}, author and channel {@value #NAME_MAX_CHARS}, at most {@value
 * #LINKS_MAX} links of at most {@value #URL_MAX_CHARS} chars (longer ones dropped), a longer permalink
 * becomes null. A story keeps its top posts' titles, so an unbounded title from a producer other than
 * the Normalizer could otherwise grow a {@code stories} record past Kafka's 1 MB message size and stop
 * the stage on the write. The core reads only the first {@code maxTextChars} of the text and real
 * titles and links are far shorter, so decisions are unaffected.
 *
 * <p>Validity ({@link #repair}): a lone (unpaired)
 * surrogate, which a {@code "\ud83d"} JSON escape can put into a string, becomes U+FFFD. Without this,
 * a term, surface or link key holding one ends up as a JSON field name in the story-state store, and
 * Jackson writes such a name but cannot read it back ("Broken surrogate pair in field name"): the
 * changelog would hold a record the stage cannot restore. The Normalizer already repairs its posts
 * (PostLimits in ingest); this guards the stage against any other producer of {@code posts}. Real text
 * never changes (valid UTF-8 cannot encode a lone surrogate), so clustering decisions are unaffected.
 * Stateless and thread-safe.
 */
public final class PostText {
  /** Most chars of a title kept. */
  public static final int TITLE_MAX_CHARS = 1_000;
  /** Most chars of text kept. */
  public static final int TEXT_MAX_CHARS = 40_000;
  /** Most chars of author and channel kept. */
  public static final int NAME_MAX_CHARS = 256;
  /** Most links kept. */
  public static final int LINKS_MAX = 100;
  /** Longest link or permalink kept. */
  public static final int URL_MAX_CHARS = 2_048;

  private PostText() {}

  /**
   * @param post a post; may not be null
   * @return {@code post} itself if it is within the bounds in the class comment, else a bounded copy
   *     (text and title cut at a code point boundary)
   */
  public static Post bound(Post post) {
    boolean within = len(post.title()) <= TITLE_MAX_CHARS && post.text().length() <= TEXT_MAX_CHARS
        && len(post.author()) <= NAME_MAX_CHARS && len(post.channel()) <= NAME_MAX_CHARS && len(post.url()) <= URL_MAX_CHARS
        && post.links().size() <= LINKS_MAX && post.links().stream().allMatch(l -> l.length() <= URL_MAX_CHARS);
    if (within) {
      return post;
    }
    List<String> links = post.links().stream().filter(l -> l.length() <= URL_MAX_CHARS).limit(LINKS_MAX).toList();
    return post.toBuilder().title(cut(post.title(), TITLE_MAX_CHARS)).text(cut(post.text(), TEXT_MAX_CHARS))
        .author(cut(post.author(), NAME_MAX_CHARS)).channel(cut(post.channel(), NAME_MAX_CHARS))
        .url(len(post.url()) <= URL_MAX_CHARS ? post.url() : null).links(links).build();
  }

  private static int len(String s) {
    return s == null ? 0 : s.length();
  }

  private static String cut(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
  }

  /**
   * @param post a post; may not be null
   * @return {@code post} itself if all its strings are valid UTF-16, else a copy with every lone
   *     surrogate in title, text, author, channel, url and links replaced by U+FFFD
   */
  public static Post repair(Post post) {
    if (valid(post.title()) && valid(post.text()) && valid(post.author()) && valid(post.channel()) && valid(post.url())
        && post.links().stream().allMatch(PostText::valid)) {
      return post;
    }
    List<String> links = new ArrayList<>();
    post.links().forEach(l -> links.add(repair(l)));
    return post.toBuilder().title(repair(post.title())).text(repair(post.text())).author(repair(post.author()))
        .channel(repair(post.channel())).url(repair(post.url())).links(links).build();
  }

  /** @return true if {@code s} is null or has no lone surrogate */
  static boolean valid(String s) {
    if (s == null) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** @return {@code s} with every lone surrogate replaced by U+FFFD; null for null */
  static String repair(String s) {
    if (valid(s)) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else {
        b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }
}
