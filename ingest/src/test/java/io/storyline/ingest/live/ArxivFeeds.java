package io.storyline.ingest.live;

import io.storyline.ingest.format.SecureXml;
import io.storyline.ingest.format.arxiv.ArxivFeedSplitter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * arXiv export API feeds for tests, built from a real recorded 2026 response (arxiv.py fixture, MIT, see
 * NOTICE): its first entry is cloned with id, published time and title replaced.
 */
public final class ArxivFeeds {
  private ArxivFeeds() {}

  /** @return the arXiv id of paper n, e.g. {@code 2607.00042} */
  public static String arxivId(int n) {
    return String.format("2607.%05d", n);
  }

  /**
   * @param papers paper numbers in feed order
   * @param published published time of paper n
   * @param totalResults the feed's opensearch:totalResults
   * @param start the feed's opensearch:startIndex
   * @return the feed XML
   */
  public static String feed(List<Integer> papers, java.util.function.IntFunction<Instant> published, int totalResults, int start) {
    try (InputStream in = ArxivFeeds.class.getResourceAsStream("/fixtures/arxiv/api_2026_search_query_testing_start0_max10.xml")) {
      Document doc = SecureXml.parse(in.readAllBytes());
      Element root = doc.getDocumentElement();
      Element template = null;
      for (Node n = root.getFirstChild(); n != null; ) {
        Node next = n.getNextSibling();
        if (n instanceof Element e && "entry".equals(e.getLocalName())) {
          if (template == null) {
            template = (Element) e.cloneNode(true);
          }
          root.removeChild(e);
        }
        n = next;
      }
      set(root, ArxivFeedSplitter.OPENSEARCH, "totalResults", Integer.toString(totalResults));
      set(root, ArxivFeedSplitter.OPENSEARCH, "startIndex", Integer.toString(start));
      for (int p : papers) {
        Element entry = (Element) template.cloneNode(true);
        set(entry, ArxivFeedSplitter.ATOM, "id", "http://arxiv.org/abs/" + arxivId(p) + "v1");
        set(entry, ArxivFeedSplitter.ATOM, "published", published.apply(p).toString());
        set(entry, ArxivFeedSplitter.ATOM, "updated", published.apply(p).toString());
        set(entry, ArxivFeedSplitter.ATOM, "title", "Paper " + p + ": testing language models");
        root.appendChild(entry);
      }
      return new String(SecureXml.serialize(doc), StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void set(Element parent, String ns, String name, String text) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
        e.setTextContent(text);
        return;
      }
    }
  }
}
