package io.storyline.ingest.format;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;

/**
 * Turns native text fields into plain text (the URLs in them: {@link io.storyline.common.text.TextUrls}).
 * Stateless and thread-safe.
 */
public final class PlainText {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern MD_LINK = Pattern.compile("!?\\[([^\\]\\n]*)]\\((\\S+?)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern MD_EMPHASIS = Pattern.compile("(\\*\\*|__|~~|>!|!<)");
  private static final Pattern MD_HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s+");
  private static final Pattern MD_QUOTE = Pattern.compile("(?m)^\\s{0,3}(>\\s?)+");
  private static final Pattern MD_RULE = Pattern.compile("(?m)^\\s{0,3}([-*_]\\s*){3,}$");
  private static final Pattern MD_ESCAPE = Pattern.compile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!>~|])");

  private PlainText() {}

  /** @return {@code s} with every whitespace run replaced by one space and trimmed; "" for null */
  public static String normalizeWhitespace(String s) {
    return s == null ? "" : WHITESPACE.matcher(s).replaceAll(" ").strip();
  }

  /** @return {@code s} with HTML character references ({@code &amp;}, {@code &#39;}) decoded once; "" for null */
  public static String decodeEntities(String s) {
    return s == null ? "" : (s.indexOf('&') < 0 ? s : Parser.unescapeEntities(s, false));
  }

  /**
   * @param html an HTML fragment; may be null
   * @return its text content with block elements and {@code <br>} as line breaks, whitespace tidied; "" for null
   */
  public static String fromHtml(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    Document doc = Jsoup.parseBodyFragment(html);
    doc.outputSettings().prettyPrint(false);
    doc.select("br").before("\\n");
    doc.select("p, div, li, blockquote, pre, h1, h2, h3, h4, h5, h6, tr").before("\\n\\n");
    String text = doc.text().replace("\\n", "\n");
    return tidyLines(text);
  }

  /**
   * Reduces Markdown (Reddit, Discord) to readable plain text: {@code [label](url)} becomes {@code
   * label} (or the URL when the label is empty), emphasis markers, heading hashes, quote markers, rules
   * and backslash escapes are removed, HTML entities are decoded once. Code spans keep their content.
   *
   * @param markdown the source text; may be null
   * @return plain text, "" for null
   */
  public static String fromMarkdown(String markdown) {
    if (markdown == null || markdown.isEmpty()) {
      return "";
    }
    String s = decodeEntities(markdown);
    if (s.indexOf("](") >= 0) {
      Matcher m = MD_LINK.matcher(s);
      StringBuilder b = new StringBuilder(s.length());
      while (m.find()) {
        String label = m.group(1).isBlank() ? m.group(2) : m.group(1);
        m.appendReplacement(b, Matcher.quoteReplacement(label));
      }
      m.appendTail(b);
      s = b.toString();
    }
    if (s.indexOf("---") >= 0 || s.indexOf("***") >= 0 || s.indexOf("___") >= 0 || s.indexOf("- - -") >= 0) {
      s = MD_RULE.matcher(s).replaceAll("");
    }
    if (s.indexOf('#') >= 0) {
      s = MD_HEADING.matcher(s).replaceAll("");
    }
    if (s.indexOf('>') >= 0) {
      s = MD_QUOTE.matcher(s).replaceAll("");
    }
    if (s.indexOf("**") >= 0 || s.indexOf("__") >= 0 || s.indexOf("~~") >= 0 || s.indexOf('!') >= 0) {
      s = MD_EMPHASIS.matcher(s).replaceAll("");
    }
    if (s.indexOf('`') >= 0 || s.indexOf('\u200B') >= 0 || s.indexOf("&#x200B;") >= 0) {
      s = s.replace("```", "").replace("&#x200B;", "").replace("\u200B", "");
    }
    if (s.indexOf('\\') >= 0) {
      s = MD_ESCAPE.matcher(s).replaceAll("$1");
    }
    return tidyLines(s);
  }

  private static String tidyLines(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int newlines = 0;
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        newlines++;
        space = false;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B' || c == '\u00A0') {
        space = true;
      } else {
        if (!b.isEmpty()) {
          if (newlines > 0) {
            b.append(newlines > 1 ? "\n\n" : "\n");
          } else if (space) {
            b.append(' ');
          }
        }
        newlines = 0;
        space = false;
        b.append(c);
      }
    }
    return b.toString();
  }

}
