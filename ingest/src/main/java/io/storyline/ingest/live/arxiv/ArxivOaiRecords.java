package io.storyline.ingest.live.arxiv;

import io.storyline.ingest.format.SecureXml;
import io.storyline.ingest.format.Times;
import io.storyline.ingest.format.arxiv.ArxivFeedSplitter;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Turns one OAI-PMH {@code arXivRaw} record (https://arxiv.org/OAI/arXivRaw.xsd) into a standalone
 * arXiv export API Atom {@code <entry>}, so backfilled papers travel as {@code arxiv-atom-entry} and
 * the Normalizer parses them like polled ones: id {@code http://arxiv.org/abs/<id>v<last version>},
 * published = the date of v1, updated = the date of the last version, title, summary (abstract),
 * one author per name of {@code authors} (split at commas and "and"), categories (the first is the
 * primary), comment, journal-ref and the first DOI. Stateless.
 */
public final class ArxivOaiRecords {
  /** Namespace of the arXivRaw metadata format. */
  public static final String ARXIV_RAW = "http://arxiv.org/OAI/arXivRaw/";

  private ArxivOaiRecords() {}

  /**
   * @param raw an {@code <arXivRaw>} element; not null
   * @return the entry document's bytes
   * @throws IllegalArgumentException naming the field if the record has no id or no version date
   */
  public static byte[] toAtomEntry(Element raw) {
    String id = text(raw, "id");
    if (id == null) {
      throw new IllegalArgumentException("arXivRaw record has no <id>");
    }
    List<Element> versions = children(raw, "version");
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("arXivRaw record " + id + " has no <version>");
    }
    Instant first = date(text(versions.get(0), "date"), id);
    Element lastVersion = versions.get(versions.size() - 1);
    Instant last = date(text(lastVersion, "date"), id);
    String versionLabel = lastVersion.getAttribute("version").isBlank() ? "v" + versions.size() : lastVersion.getAttribute("version");

    Document doc = SecureXml.newDocument();
    Element entry = doc.createElementNS(ArxivFeedSplitter.ATOM, "entry");
    doc.appendChild(entry);
    add(doc, entry, ArxivFeedSplitter.ATOM, "id", "http://arxiv.org/abs/" + id + versionLabel);
    add(doc, entry, ArxivFeedSplitter.ATOM, "title", collapse(text(raw, "title")));
    add(doc, entry, ArxivFeedSplitter.ATOM, "updated", last.toString());
    add(doc, entry, ArxivFeedSplitter.ATOM, "published", first.toString());
    add(doc, entry, ArxivFeedSplitter.ATOM, "summary", collapse(text(raw, "abstract")));
    String authors = text(raw, "authors");
    if (authors != null) {
      for (String name : collapse(authors).split("\\s*,\\s*(?:and\\s+)?|\\s+and\\s+")) {
        if (!name.isBlank()) {
          Element author = doc.createElementNS(ArxivFeedSplitter.ATOM, "author");
          add(doc, author, ArxivFeedSplitter.ATOM, "name", name.strip());
          entry.appendChild(author);
        }
      }
    }
    Element link = doc.createElementNS(ArxivFeedSplitter.ATOM, "link");
    link.setAttribute("href", "https://arxiv.org/abs/" + id + versionLabel);
    link.setAttribute("rel", "alternate");
    link.setAttribute("type", "text/html");
    entry.appendChild(link);
    String categories = text(raw, "categories");
    if (categories != null && !categories.isBlank()) {
      String[] terms = categories.trim().split("\\s+");
      Element primary = doc.createElementNS(ArxivFeedSplitter.ARXIV, "arxiv:primary_category");
      primary.setAttribute("term", terms[0]);
      entry.appendChild(primary);
      for (String term : terms) {
        Element category = doc.createElementNS(ArxivFeedSplitter.ATOM, "category");
        category.setAttribute("term", term);
        category.setAttribute("scheme", "http://arxiv.org/schemas/atom");
        entry.appendChild(category);
      }
    }
    addIfPresent(doc, entry, "arxiv:comment", text(raw, "comments"));
    addIfPresent(doc, entry, "arxiv:journal_ref", text(raw, "journal-ref"));
    String doi = text(raw, "doi");
    addIfPresent(doc, entry, "arxiv:doi", doi == null ? null : doi.trim().split("\\s+")[0]);
    return ArxivFeedSplitter.standalone(entry);
  }

  /** @return the v1 date of an arXivRaw record, or null if unreadable */
  public static Instant firstVersionDate(Element raw) {
    List<Element> versions = children(raw, "version");
    try {
      return versions.isEmpty() ? null : date(text(versions.get(0), "date"), "?");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** @return the text of the first child element {@code name} in the arXivRaw namespace, or null */
  public static String text(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        return e.getTextContent();
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static Instant date(String text, String id) {
    Instant t;
    try {
      t = ZonedDateTime.parse(text == null ? "" : text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("arXivRaw record " + id + ": version date '" + text + "' is not an RFC 1123 date", e);
    }
    if (!Times.inRange(t)) {
      // before 1970 it would be a negative Kafka timestamp, which the producer refuses (failing the task)
      throw new IllegalArgumentException("arXivRaw record " + id + ": version date '" + text
          + "' is not an RFC 1123 date in the years 1970 to 9999");
    }
    return t;
  }

  private static String collapse(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  private static void add(Document doc, Element parent, String ns, String name, String text) {
    Element e = doc.createElementNS(ns, name);
    e.setTextContent(text);
    parent.appendChild(e);
  }

  private static void addIfPresent(Document doc, Element parent, String qname, String text) {
    if (text != null && !text.isBlank()) {
      add(doc, parent, ArxivFeedSplitter.ARXIV, qname, collapse(text));
    }
  }
}
