package io.storyline.publish.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.common.model.TopList;
import io.storyline.common.serde.Json;
import java.io.StringWriter;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a {@link TopList} as an RSS 2.0 channel (https://www.rssboard.org/rss-specification) with
 * the JDK's StAX writer, which escapes every text and attribute, and as a JSON Feed 1.1
 * (https://www.jsonfeed.org/version/1.1/) with Jackson. Items are in rank order; each links to its
 * first top post when that is an {@code http(s)} URL, else to its story page. Post text goes into
 * {@code content_text} as plain text (never HTML) and into the RSS {@code description}, which readers
 * render as HTML, HTML-escaped (jsoup) before XML escaping, so a {@code <script>} in a post stays
 * text in any reader. Characters XML 1.0 forbids (C0 controls other than tab, LF and CR, lone
 * surrogates, U+FFFE/U+FFFF; https://www.w3.org/TR/xml/#charsets) are replaced by U+FFFD, so a post
 * with control characters still yields a well-formed feed. Stateless and thread-safe.
 */
public final class Feeds {
  private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private Feeds() {}

  /**
   * @param list the list; may not be null
   * @param baseUrl the site's base URL without trailing slash, e.g. {@code http://localhost:8080}; may not be null
   * @return the RSS 2.0 document, UTF-8 XML
   */
  public static String rss(TopList list, String baseUrl) {
    Objects.requireNonNull(list, "list can't be null");
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("rss");
      w.writeAttribute("version", "2.0");
      w.writeStartElement("channel");
      element(w, "title", "storyline: " + list.list());
      element(w, "link", baseUrl + "/");
      element(w, "description", "The top stories of " + list.list() + ", ranked by storyline");
      element(w, "lastBuildDate", RFC_822.format(list.generatedAt()));
      element(w, "generator", "storyline");
      for (TopList.Item item : list.items()) {
        w.writeStartElement("item");
        element(w, "title", "#" + item.rank() + " " + item.headline());
        element(w, "link", link(item, baseUrl));
        // RSS readers render description as HTML: escape the plain text for HTML, then XML escapes it again
        element(w, "description", org.jsoup.nodes.Entities.escape(xmlChars(item.summary())));
        element(w, "category", item.category().name().toLowerCase(Locale.ROOT));
        w.writeStartElement("guid");
        w.writeAttribute("isPermaLink", "false");
        w.writeCharacters(xmlChars("storyline:" + item.storyId()));
        w.writeEndElement();
        element(w, "pubDate", RFC_822.format(list.generatedAt()));
        w.writeEndElement();
      }
      w.writeEndElement();
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("could not write the RSS feed of list " + list.list(), e);
    }
    return out.toString();
  }

  /**
   * @param list the list; may not be null
   * @param baseUrl the site's base URL without trailing slash; may not be null
   * @return the JSON Feed 1.1 document
   */
  public static String jsonFeed(TopList list, String baseUrl) {
    Objects.requireNonNull(list, "list can't be null");
    ObjectNode feed = Json.mapper().createObjectNode();
    feed.put("version", "https://jsonfeed.org/version/1.1");
    feed.put("title", "storyline: " + list.list());
    feed.put("home_page_url", baseUrl + "/");
    feed.put("feed_url", baseUrl + "/feeds/" + list.list() + ".json");
    feed.put("description", "The top stories of " + list.list() + ", ranked by storyline");
    ArrayNode items = feed.putArray("items");
    for (TopList.Item item : list.items()) {
      ObjectNode i = items.addObject();
      i.put("id", "storyline:" + item.storyId());
      i.put("url", link(item, baseUrl));
      i.put("title", "#" + item.rank() + " " + item.headline());
      i.put("content_text", item.summary().isEmpty() ? item.headline() : item.summary());
      i.put("date_modified", list.generatedAt().toString());
      i.putArray("tags").add(item.category().name().toLowerCase(Locale.ROOT));
    }
    try {
      return SafeJson.prettyWriter().writeValueAsString(feed);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("could not write the JSON feed of list " + list.list(), e);
    }
  }

  /**
   * @param url a URL from a post; may be null
   * @return true if it is an absolute {@code http} or {@code https} URL (never {@code javascript:})
   */
  public static boolean safeLink(String url) {
    if (url == null) {
      return false;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String link(TopList.Item item, String baseUrl) {
    return item.links().stream().filter(Feeds::safeLink).findFirst()
        .orElse(baseUrl + "/#/story/" + java.net.URLEncoder.encode(item.storyId(), java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text == null ? "" : xmlChars(text));
    w.writeEndElement();
  }

  /**
   * @param text any text; may not be null
   * @return the text with every character outside XML 1.0's {@code Char} production replaced by U+FFFD
   */
  static String xmlChars(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
          || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
      if (!ok && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        if (ok) {
          out.appendCodePoint(cp);
        } else {
          out.append('\uFFFD');
        }
      }
      i += n;
    }
    return out == null ? text : out.toString();
  }
}
