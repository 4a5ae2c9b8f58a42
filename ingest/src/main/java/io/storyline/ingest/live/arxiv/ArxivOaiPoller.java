package io.storyline.ingest.live.arxiv;

import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.format.SecureXml;
import io.storyline.ingest.live.CursorValues;
import io.storyline.ingest.live.LiveMetrics;
import io.storyline.ingest.live.Page;
import io.storyline.ingest.live.StreamPoller;
import io.storyline.ingest.live.http.FetchException;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Harvests arXiv metadata with OAI-PMH {@code ListRecords} ({@code metadataPrefix=arXivRaw}, one
 * {@code set} per stream {@code oai:<set>}), for backfill and for catching replacements: each record
 * leaves as an {@code arxiv-atom-entry} built by {@link ArxivOaiRecords}. Paging is by {@code
 * resumptionToken} until it comes back empty (https://www.openarchives.org/OAI/openarchivesprotocol.html#FlowControl).
 *
 * <p>Cursor keys: {@value #FROM} (the {@code from} date of the running or next harvest; after a
 * complete harvest it becomes the date of its {@code responseDate}, arXiv's advice for incremental
 * harvests), {@value #TOKEN} (the resumption token within a harvest) and {@value #LAST_DATESTAMP} (the
 * newest record datestamp of the running harvest). OAI errors come as HTTP 200 {@code <error>}:
 * {@code noRecordsMatch} ends the harvest with nothing new; {@code badResumptionToken} (tokens expire
 * daily since 2025) restarts the harvest from the last datestamp reached, re-reading that day (copies
 * are dropped downstream by post id), never from scratch and never aborting (failure case BR-45).
 * Bodies that are not OAI-PMH XML are retried. Not thread-safe.
 */
public final class ArxivOaiPoller implements StreamPoller {
  private static final Logger log = LoggerFactory.getLogger(ArxivOaiPoller.class);
  public static final String OAI = "http://www.openarchives.org/OAI/2.0/";
  public static final String FROM = "from";
  public static final String TOKEN = "token";
  public static final String LAST_DATESTAMP = "last_datestamp";
  private static final java.util.regex.Pattern OAI_DATE =
      java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}Z)?");
  private static final String OAI_DATE_RULE = "an OAI-PMH date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)";

  private final ArxivConfig config;
  private final LiveHttpClient http;
  private final LiveMetrics metrics;
  private final Pacer pacer;

  public ArxivOaiPoller(ArxivConfig config, LiveHttpClient http, LiveMetrics metrics, Pacer pacer) {
    this.config = config;
    this.http = http;
    this.metrics = metrics;
    this.pacer = pacer;
  }

  @Override
  public Page fetch(String stream, Map<String, String> cursor) throws FetchException, InterruptedException {
    String set = stream.substring("oai:".length());
    String who = "arxiv OAI " + stream;
    String from = CursorValues.matching(who, cursor, FROM, ArxivOaiPoller::isOaiDate, OAI_DATE_RULE);
    if (from == null) {
      from = config.oaiFrom() != null ? config.oaiFrom()
          : LocalDate.ofInstant(Instant.ofEpochMilli(pacer.epochMillis()).minus(config.lookback()), ZoneOffset.UTC).toString();
    }
    String token = cursor.get(TOKEN);
    String lastDatestamp = CursorValues.matching(who, cursor, LAST_DATESTAMP, ArxivOaiPoller::isOaiDate, OAI_DATE_RULE);
    String query = token != null ? "verb=ListRecords&resumptionToken=" + enc(token)
        : "verb=ListRecords&metadataPrefix=arXivRaw&set=" + enc(set) + "&from=" + enc(from);
    URI uri = URI.create(config.oaiUrl() + "?" + query);
    LiveHttpClient.Response response = http.get(uri, Map.of(), ArxivOaiPoller::problem);
    Document doc = parse(response.body());
    Element root = doc.getDocumentElement();
    Element error = child(root, "error");
    if (error != null) {
      String code = error.getAttribute("code");
      switch (code) {
        case "noRecordsMatch" -> {
          return new Page(List.of(), done(from, root), true);
        }
        case "badResumptionToken" -> {
          String restart = lastDatestamp != null ? lastDatestamp : from;
          log.warn("arxiv OAI {}: resumption token rejected ({}); restarting the harvest from {}", set,
              error.getTextContent().strip(), restart);
          metrics.truncatedListing();
          return new Page(List.of(), Map.of(FROM, restart), false);
        }
        default -> throw new FetchException("arxiv OAI " + uri + " answered error '" + code + "': "
            + error.getTextContent().strip(), response.status(), response.body(), false, null);
      }
    }
    Element list = child(root, "ListRecords");
    List<RawItem> items = new ArrayList<>();
    String token2 = null;
    if (list != null) {
      for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (!(n instanceof Element e)) {
          continue;
        }
        if ("record".equals(e.getLocalName())) {
          Element header = child(e, "header");
          String datestamp = header == null ? null : ArxivOaiRecords.text(header, "datestamp");
          // only a date can become the restart point: a datestamp with a flipped byte sent back as from= would be
          // answered badArgument on every poll from then on
          if (datestamp != null && isOaiDate(datestamp.strip())
              && (lastDatestamp == null || datestamp.strip().compareTo(lastDatestamp) > 0)) {
            lastDatestamp = datestamp.strip();
          }
          if (header != null && "deleted".equals(header.getAttribute("status"))) {
            metrics.skipped(1);
            continue;
          }
          items.add(item(e, stream));
        } else if ("resumptionToken".equals(e.getLocalName())) {
          token2 = e.getTextContent().isBlank() ? null : e.getTextContent().strip();
        }
      }
    }
    if (token2 == null) {
      return new Page(items, done(from, root), true);
    }
    Map<String, String> next = new HashMap<>(Map.of(FROM, from, TOKEN, token2));
    if (lastDatestamp != null) {
      next.put(LAST_DATESTAMP, lastDatestamp);
    }
    return new Page(items, next, false);
  }

  private static RawItem item(Element record, String stream) {
    Element metadata = child(record, "metadata");
    Element raw = null;
    if (metadata != null) {
      for (Node n = metadata.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && "arXivRaw".equals(e.getLocalName())) {
          raw = e;
        }
      }
    }
    try {
      if (raw == null) {
        throw new IllegalArgumentException("OAI record has no arXivRaw metadata");
      }
      String id = ArxivOaiRecords.text(raw, "id");
      return new RawItem(NativeFormat.ARXIV_ATOM_ENTRY, id == null ? null : id.strip(), ArxivOaiRecords.firstVersionDate(raw),
          ArxivOaiRecords.toAtomEntry(raw), "arxiv " + stream, 0);
    } catch (IllegalArgumentException e) {
      // unreadable record: pass it on as it came so the Normalizer dead-letters it with the reason
      log.warn("arxiv {}: {}; passing the record on to be dead-lettered", stream, e.getMessage());
      return new RawItem(NativeFormat.UNKNOWN, null, null, SecureXml.serialize(record), "arxiv " + stream, 0);
    }
  }

  /** After a complete harvest the next one starts at the date of this response. */
  private static Map<String, String> done(String from, Element root) {
    String responseDate = ArxivOaiRecords.text(root, "responseDate");
    String date = responseDate != null && responseDate.strip().length() >= 10 ? responseDate.strip().substring(0, 10) : null;
    if (date != null && !isOaiDate(date)) {
      log.warn("arxiv OAI: responseDate '{}' does not start with a date (YYYY-MM-DD); the next harvest starts from {} again",
          responseDate.strip(), from);
      date = null;
    }
    return Map.of(FROM, date != null ? date : from);
  }

  /**
   * @param value a value; may be null
   * @return whether it is an OAI-PMH UTCdatetime of day or seconds granularity ({@code 2014-10-01} or
   *     {@code 2014-10-01T12:00:00Z}), the only shapes a repository accepts as {@code from}
   */
  static boolean isOaiDate(String value) {
    if (value == null || !OAI_DATE.matcher(value).matches()) {
      return false;
    }
    try {
      if (value.length() == 10) {
        LocalDate.parse(value);
      } else {
        Instant.parse(value);
      }
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  static String problem(byte[] body) {
    try {
      Document doc = SecureXml.parse(body);
      Element root = doc.getDocumentElement();
      if (!OAI.equals(root.getNamespaceURI()) || !"OAI-PMH".equals(root.getLocalName())) {
        return "the body is not an OAI-PMH response: " + LiveHttpClient.excerpt(body);
      }
      return null;
    } catch (Exception e) {
      return "the body is not an OAI-PMH response (" + e.getMessage() + "): " + LiveHttpClient.excerpt(body);
    }
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  private static Document parse(byte[] body) {
    try {
      return SecureXml.parse(body);
    } catch (Exception e) {
      throw new IllegalStateException("body passed its check but does not parse: " + e.getMessage(), e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
