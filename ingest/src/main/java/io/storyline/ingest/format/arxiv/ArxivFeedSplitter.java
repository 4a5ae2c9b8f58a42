package io.storyline.ingest.format.arxiv;

import io.storyline.ingest.format.ItemCollector;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.SecureXml;
import java.time.Instant;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Cuts an arXiv export API Atom feed ({@code <feed xmlns="http://www.w3.org/2005/Atom">}, both the
 * legacy per-element-namespace serialisation and the 2026 one) into one {@link
 * NativeFormat#ARXIV_ATOM_ENTRY} item per {@code <entry>}: a standalone XML document whose root
 * {@code <entry>} declares the Atom, arXiv and OpenSearch namespaces. API error entries (id {@code
 * https://arxiv.org/api/errors#...}) are emitted too, with a null native id and a warning, so that
 * they reach the dead-letter topic; their parse fails. Stateless.
 */
public final class ArxivFeedSplitter {
  /** Atom namespace. */
  public static final String ATOM = "http://www.w3.org/2005/Atom";
  /** arXiv extension namespace. */
  public static final String ARXIV = "http://arxiv.org/schemas/atom";
  /** OpenSearch namespace. */
  public static final String OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/";

  private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

  private ArxivFeedSplitter() {}

  /** @return true if {@code doc}'s root is an Atom {@code feed} */
  public static boolean isFeed(Document doc) {
    Element root = doc.getDocumentElement();
    return root != null && ATOM.equals(root.getNamespaceURI()) && "feed".equals(root.getLocalName());
  }

  /** Emits every {@code <entry>} of the feed; a feed without entries adds a warning. */
  public static void feed(Document doc, ItemCollector out) {
    int entries = 0;
    for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ATOM.equals(e.getNamespaceURI()) && "entry".equals(e.getLocalName())) {
        entries++;
        byte[] payload = standalone(e);
        String rawId = ArxivEntryParser.childText(e, ATOM, "id");
        String id = ArxivEntryParser.arxivId(rawId);
        if (id == null) {
          out.warn("entry " + entries + " is not a paper (id '" + rawId + "', title '"
              + ArxivEntryParser.childText(e, ATOM, "title") + "'): an arXiv API error entry; emitted"
              + " with no id so that it is dead-lettered");
        }
        Instant published = io.storyline.ingest.format.Times.iso(ArxivEntryParser.childText(e, ATOM, "published"));
        out.add(NativeFormat.ARXIV_ATOM_ENTRY, id, published, payload);
      }
    }
    if (entries == 0) {
      out.warn("arXiv feed has no entries (totalResults "
          + ArxivEntryParser.childText(doc.getDocumentElement(), OPENSEARCH, "totalResults") + ")");
    }
  }

  /** @return {@code entry} as a standalone document with the namespaces it needs declared on its root */
  public static byte[] standalone(Element entry) {
    Document doc = SecureXml.newDocument();
    Element copy = (Element) doc.importNode(entry, true);
    copy.setAttributeNS(XMLNS, "xmlns", ATOM);
    copy.setAttributeNS(XMLNS, "xmlns:arxiv", ARXIV);
    copy.setAttributeNS(XMLNS, "xmlns:opensearch", OPENSEARCH);
    doc.appendChild(copy);
    return SecureXml.serialize(doc);
  }
}
