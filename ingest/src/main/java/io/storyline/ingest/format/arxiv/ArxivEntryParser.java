package io.storyline.ingest.format.arxiv;

import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.PlainText;
import io.storyline.ingest.format.PostParseException;
import io.storyline.ingest.format.SecureXml;
import io.storyline.ingest.format.Times;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Parses one arXiv export API Atom {@code <entry>} document ({@link NativeFormat#ARXIV_ATOM_ENTRY})
 * into a {@link Post}. Mapping (formats.md section 0): native id = {@code <id>} without the {@code
 * http(s)://arxiv.org/abs/} prefix and version suffix (old-style {@code astro-ph/0601001} kept);
 * url and the one link = {@code https://arxiv.org/abs/<id>}; title and text ({@code <summary>}) with
 * whitespace normalised (legacy responses hard-wrap them), TeX left as is; author = the {@code
 * <author><name>}s joined with ", "; channel = {@code arxiv:primary_category/@term}, else the first
 * {@code category/@term}; createdAt = {@code <published>} (v1); engagement unknown. API error
 * entries ({@code https://arxiv.org/api/errors#...}) are rejected. Stateless and thread-safe.
 */
public final class ArxivEntryParser {
  private static final NativeFormat F = NativeFormat.ARXIV_ATOM_ENTRY;
  private static final Pattern ABS_ID =
      Pattern.compile("^https?://(?:export\\.)?arxiv\\.org/abs/(.+?)(?:v\\d+)?/?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern VALID_ID =
      Pattern.compile("^(?:\\d{4}\\.\\d{4,5}|[a-z][a-z.\\-]*(?:\\.[A-Z]{2})?/\\d{7})$", Pattern.CASE_INSENSITIVE);

  private ArxivEntryParser() {}

  /**
   * @param payload one {@code <entry>} as XML bytes
   * @param fetchedAt fetch time, or null to use {@code published}
   * @return the post
   * @throws PostParseException if the payload is not XML, not an Atom entry, an API error entry, or has
   *     no readable id or published time
   */
  public static Post parse(byte[] payload, Instant fetchedAt) throws PostParseException {
    if (payload == null || payload.length == 0) {
      throw new PostParseException(F.id() + ": payload is empty, expected an Atom <entry> document");
    }
    Document doc;
    try {
      doc = SecureXml.parse(payload);
    } catch (SAXException | IOException e) {
      throw new PostParseException(F.id() + ": payload is not well-formed XML (" + JsonSupport.shorten(e.getMessage(), 160) + ")", e);
    }
    Element entry = doc.getDocumentElement();
    if (entry == null || !"entry".equals(entry.getLocalName()) || !ArxivFeedSplitter.ATOM.equals(entry.getNamespaceURI())) {
      throw new PostParseException(F.id() + ": root element '" + (entry == null ? null : entry.getTagName())
          + "' is not an Atom <entry> (namespace " + ArxivFeedSplitter.ATOM + ")");
    }
    String rawId = childText(entry, ArxivFeedSplitter.ATOM, "id");
    if (rawId == null || rawId.isBlank()) {
      throw new PostParseException(F.id() + ": <id> is missing; an entry needs http(s)://arxiv.org/abs/<id>");
    }
    if (rawId.strip().startsWith("https://arxiv.org/api/errors") || rawId.strip().startsWith("http://arxiv.org/api/errors")) {
      throw new PostParseException(F.id() + ": <id> '" + JsonSupport.shorten(rawId.strip(), 100)
          + "' is an arXiv API error entry ('" + JsonSupport.shorten(PlainText.normalizeWhitespace(
              childText(entry, ArxivFeedSplitter.ATOM, "summary")), 100) + "'), not a paper");
    }
    String id = arxivId(rawId);
    if (id == null) {
      throw new PostParseException(F.id() + ": <id> '" + JsonSupport.shorten(rawId.strip(), 100)
          + "' is not an arXiv abs URL http(s)://arxiv.org/abs/<YYMM.NNNNN or archive/NNNNNNN>[vN]");
    }
    String publishedText = childText(entry, ArxivFeedSplitter.ATOM, "published");
    Instant published = Times.iso(publishedText);
    if (published == null) {
      throw new PostParseException(F.id() + ": <published> '" + JsonSupport.shorten(publishedText, 60)
          + "' of " + id + " is not " + Times.ISO_RULE);
    }
    List<String> authors = new ArrayList<>();
    for (Element a : children(entry, ArxivFeedSplitter.ATOM, "author")) {
      String name = PlainText.normalizeWhitespace(childText(a, ArxivFeedSplitter.ATOM, "name"));
      if (!name.isEmpty()) {
        authors.add(name);
      }
    }
    String channel = null;
    List<Element> primary = children(entry, ArxivFeedSplitter.ARXIV, "primary_category");
    if (!primary.isEmpty()) {
      channel = blankToNull(primary.get(0).getAttribute("term"));
    }
    if (channel == null) {
      List<Element> cats = children(entry, ArxivFeedSplitter.ATOM, "category");
      channel = cats.isEmpty() ? null : blankToNull(cats.get(0).getAttribute("term"));
    }
    String abs = "https://arxiv.org/abs/" + id;
    String title = PlainText.normalizeWhitespace(childText(entry, ArxivFeedSplitter.ATOM, "title"));
    return Post.builder(Source.ARXIV, id)
        .url(abs)
        .author(authors.isEmpty() ? null : String.join(", ", authors))
        .channel(channel)
        .title(title.isEmpty() ? null : title)
        .text(PlainText.normalizeWhitespace(childText(entry, ArxivFeedSplitter.ATOM, "summary")))
        .links(List.of(abs))
        .createdAt(published)
        .fetchedAt(fetchedAt)
        .engagement(Engagement.UNKNOWN)
        .build();
  }

  /**
   * @param rawId an entry {@code <id>} such as {@code http://arxiv.org/abs/astro-ph/0601001v1}; may be null
   * @return the id without prefix and version ({@code astro-ph/0601001}, {@code 2104.12255}), or null if
   *     it is not an arXiv abs URL of a valid id
   */
  public static String arxivId(String rawId) {
    if (rawId == null) {
      return null;
    }
    Matcher m = ABS_ID.matcher(rawId.strip());
    if (!m.matches()) {
      return null;
    }
    String id = m.group(1);
    return VALID_ID.matcher(id).matches() ? id : null;
  }

  /** @return the text of the first child element {@code ns:local} of {@code parent}, or null */
  public static String childText(Element parent, String ns, String local) {
    List<Element> c = children(parent, ns, local);
    return c.isEmpty() ? null : c.get(0).getTextContent();
  }

  static List<Element> children(Element parent, String ns, String local) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
