package io.storyline.ingest.format;

import io.storyline.common.model.Post;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Bounds and repairs a parsed {@link Post} before it leaves the Normalizer, so one hostile or broken
 * payload (a 5 MB body, a lone UTF-16 surrogate from a {@code "\ud83d"} JSON escape, bidi override
 * characters) can neither make a {@code posts} record too large for Kafka nor break a serialiser or a
 * reader downstream. Stateless and thread-safe.
 *
 * <p>Limits, all in UTF-16 chars (Java {@code String.length()}), chosen to keep every legitimate post
 * whole: the text keeps {@value #TEXT_MAX_CHARS} (Reddit's self-post limit, the longest of the four
 * platforms: X long posts 25 000, Discord 4 000 with Nitro, arXiv abstracts 1 920); the title {@value
 * #TITLE_MAX_CHARS} (Reddit allows 300); author, channel and lang {@value #NAME_MAX_CHARS}; at most
 * {@value #LINKS_MAX} links of at most {@value #URL_MAX_CHARS} chars each (a longer link is dropped, not
 * cut: a cut URL points somewhere else), and a permalink longer than that becomes null. Text and title
 * are cut at a code point boundary. A post's JSON stays far below Kafka's default 1 MB message size.
 *
 * <p>Repairs, on title, text, author and channel: a lone (unpaired) surrogate becomes U+FFFD (Jackson
 * refuses to write one as UTF-8), and invisible characters that only hide or reorder text are removed:
 * zero-width space U+200B, word joiner U+2060, BOM U+FEFF, and the bidi embedding, override and isolate
 * controls U+202A–U+202E and U+2066–U+2069 ("Trojan Source", CVE-2021-42574). Zero-width (non-)joiners
 * U+200C/U+200D (emoji sequences, Persian and Indic spelling) and the marks U+200E/U+200F stay.
 */
public final class PostLimits {
  /** Most chars of text kept. */
  public static final int TEXT_MAX_CHARS = 40_000;
  /** Most chars of a title kept. */
  public static final int TITLE_MAX_CHARS = 1_000;
  /** Most chars of author, channel and lang; longer author/channel are cut, a longer lang becomes null. */
  public static final int NAME_MAX_CHARS = 256;
  /** Most links kept, in order. */
  public static final int LINKS_MAX = 100;
  /** Longest link or permalink kept (longer ones are dropped). */
  public static final int URL_MAX_CHARS = 2_048;
  /** Longest post id or parent id accepted; a longer one is rejected. */
  public static final int ID_MAX_CHARS = 200;

  /** A field that was cut or dropped: the {@code field} tag of the Normalizer's truncation counter. */
  public enum Field {
    TITLE, TEXT, AUTHOR, CHANNEL, LANG, URL, LINKS;

    /** @return the lower-case tag, e.g. {@code text} */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A post within the limits.
   *
   * @param post the bounded, repaired post; never null
   * @param truncated the fields that were cut or dropped; empty if none; never null
   * @param repaired true if a lone surrogate was replaced or an invisible control removed
   */
  public record Bounded(Post post, Set<Field> truncated, boolean repaired) {
    public Bounded {
      truncated = truncated.isEmpty() ? Set.of() : Set.copyOf(truncated);
    }
  }

  private PostLimits() {}

  /**
   * @param post a parsed post; may not be null
   * @return the post within the limits, with what was changed
   * @throws PostParseException if the post id, parent id or root id is longer than {@value #ID_MAX_CHARS} chars
   *     (the message names the field, its length and the limit)
   */
  public static Bounded apply(Post post) throws PostParseException {
    if (post.id().length() > ID_MAX_CHARS) {
      throw new PostParseException(post.source().id() + ": post id of " + post.id().length() + " chars ('"
          + JsonSupport.shorten(post.id(), 40) + "') is longer than the limit of " + ID_MAX_CHARS + " chars");
    }
    if (post.parentId() != null && post.parentId().length() > ID_MAX_CHARS) {
      throw new PostParseException(post.source().id() + ": parent id of " + post.id() + " has " + post.parentId().length()
          + " chars ('" + JsonSupport.shorten(post.parentId(), 40) + "'), longer than the limit of " + ID_MAX_CHARS + " chars");
    }
    if (post.rootId() != null && post.rootId().length() > ID_MAX_CHARS) {
      throw new PostParseException(post.source().id() + ": root id of " + post.id() + " has " + post.rootId().length()
          + " chars ('" + JsonSupport.shorten(post.rootId(), 40) + "'), longer than the limit of " + ID_MAX_CHARS + " chars");
    }
    EnumSet<Field> cut = EnumSet.noneOf(Field.class);
    boolean[] repaired = {false};
    String title = cut(repair(post.title(), repaired), TITLE_MAX_CHARS, Field.TITLE, cut);
    String text = cut(repair(post.text(), repaired), TEXT_MAX_CHARS, Field.TEXT, cut);
    String author = cut(repair(post.author(), repaired), NAME_MAX_CHARS, Field.AUTHOR, cut);
    String channel = cut(repair(post.channel(), repaired), NAME_MAX_CHARS, Field.CHANNEL, cut);
    String lang = post.lang();
    if (lang != null && lang.length() > NAME_MAX_CHARS) {
      lang = null;
      cut.add(Field.LANG);
    }
    String url = post.url();
    if (url != null && url.length() > URL_MAX_CHARS) {
      url = null;
      cut.add(Field.URL);
    }
    List<String> links = post.links();
    if (links.size() > LINKS_MAX || links.stream().anyMatch(l -> l.length() > URL_MAX_CHARS)) {
      List<String> kept = new ArrayList<>();
      for (String l : links) {
        if (l.length() <= URL_MAX_CHARS && kept.size() < LINKS_MAX) {
          kept.add(l);
        }
      }
      links = kept;
      cut.add(Field.LINKS);
    }
    if (cut.isEmpty() && !repaired[0]) {
      return new Bounded(post, Set.of(), false);
    }
    Post bounded = post.toBuilder().title(title).text(text).author(author).channel(channel).lang(lang).url(url)
        .links(links).build();
    return new Bounded(bounded, cut, repaired[0]);
  }

  /**
   * @param s text; may be null
   * @return {@code s} with lone surrogates replaced by U+FFFD and the invisible controls listed in the
   *     class comment removed; null for null
   */
  public static String repair(String s) {
    return repair(s, new boolean[1]);
  }

  private static String repair(String s, boolean[] repaired) {
    if (s == null) {
      return null;
    }
    StringBuilder b = null;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String replacement = null;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          if (b != null) {
            b.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
        replacement = "\uFFFD";
      } else if (Character.isLowSurrogate(c)) {
        replacement = "\uFFFD";
      } else if (isInvisibleControl(c)) {
        replacement = "";
      }
      if (replacement != null) {
        if (b == null) {
          b = new StringBuilder(n).append(s, 0, i);
        }
        b.append(replacement);
        repaired[0] = true;
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  private static boolean isInvisibleControl(char c) {
    return c == '\u200B' || c == '\u2060' || c == '\uFEFF' || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }

  private static String cut(String s, int max, Field field, Set<Field> cut) {
    if (s == null || s.length() <= max) {
      return s;
    }
    cut.add(field);
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }
}
