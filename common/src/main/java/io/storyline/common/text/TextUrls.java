package io.storyline.common.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the http(s) URLs written in a text, for every stage that reads links out of text (the
 * normalizer's Reddit and Discord parsers, the clustering core's link keys), so that they all find the
 * same URLs. Stateless and thread-safe.
 *
 * <p>A URL starts at {@code http://} or {@code https://} (any case) and runs until a character that
 * RFC 3986 (https://www.rfc-editor.org/rfc/rfc3986#section-2, Appendix C: "delimiting a URI in
 * context") does not allow in a URI or that delimits one in prose and Markdown: white space, {@code <
 * > " ' ` [ ] { } | \ ^}. So a URL in a Markdown table cell ({@code …/Qwen3-Coder|480B|}), a code span
 * ({@code `http://127.0.0.1:1234`}) or before a Markdown line-break backslash ends where it should. Then
 * trailing sentence punctuation ({@code . , ; : ! ?}), Markdown emphasis ({@code * _ ~}) and closing
 * parentheses without an opening one in the URL are dropped, so {@code (see https://x.org/a_(b)).}
 * gives {@code https://x.org/a_(b)}. The URL is not validated further: callers that need a host parse
 * it themselves.
 */
public final class TextUrls {
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`\\]\\[{}|\\\\^]+", Pattern.CASE_INSENSITIVE);

  private TextUrls() {}

  /**
   * @param text the text; may be null
   * @return the URLs as written, in order of appearance, possibly with duplicates; empty for null or a
   *     text without {@code ://}; never null
   */
  public static List<String> find(String text) {
    List<String> out = new ArrayList<>();
    if (text == null || !text.contains("://")) {
      return out;
    }
    Matcher m = URL.matcher(text);
    while (m.find()) {
      String url = trim(m.group());
      if (url.indexOf("://") < url.length() - 3) {
        out.add(url);
      }
    }
    return out;
  }

  /** Drops trailing punctuation and unbalanced closing parentheses. */
  private static String trim(String url) {
    String u = url;
    boolean changed = true;
    while (changed && !u.isEmpty()) {
      changed = false;
      char last = u.charAt(u.length() - 1);
      if (".,;:!?*_~".indexOf(last) >= 0) {
        u = u.substring(0, u.length() - 1);
        changed = true;
      } else if (last == ')' && count(u, '(') < count(u, ')')) {
        u = u.substring(0, u.length() - 1);
        changed = true;
      }
    }
    return u;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
