package io.storyline.ingest.live.arxiv;

import io.storyline.ingest.format.ItemCollector;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.format.SecureXml;
import io.storyline.ingest.format.arxiv.ArxivEntryParser;
import io.storyline.ingest.format.arxiv.ArxivFeedSplitter;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * Polls the arXiv export API per category, {@code search_query=cat:<c>&sortBy=submittedDate&sortOrder=
 * descending}, paging with {@code start}, at most one request per {@code arxiv.request.interval.ms}
 * (the task's token bucket). A sweep stops at the first entry published before the newest entry of the
 * last complete sweep (or, on the first sweep, before now - look-back); entries published at that same
 * instant are emitted again and dropped downstream by post id.
 *
 * <p>Cursor keys: {@value #NEWEST} (ISO instant; moves only when a sweep completes), {@value #START}
 * (the running sweep's next offset) and {@value #SWEEP_NEWEST}. {@code start} advances by the entries
 * received, not by the page size (a short page must not skip entries, failure case BR-43).
 *
 * <p>Bodies that are not an Atom feed (arXiv's "Rate exceeded." text, an HTML error page, a cut-off
 * document) and empty feeds while {@code start < totalResults} are retried with backoff, never read
 * as "no results". Not thread-safe.
 */
public final class ArxivPoller implements StreamPoller {
  private static final Logger log = LoggerFactory.getLogger(ArxivPoller.class);
  public static final String NEWEST = "newest";
  public static final String START = "start";
  public static final String SWEEP_NEWEST = "sweep_newest";

  private final ArxivConfig config;
  private final LiveHttpClient http;
  private final LiveMetrics metrics;
  private final Pacer pacer;

  public ArxivPoller(ArxivConfig config, LiveHttpClient http, LiveMetrics metrics, Pacer pacer) {
    this.config = config;
    this.http = http;
    this.metrics = metrics;
    this.pacer = pacer;
  }

  @Override
  public Page fetch(String category, Map<String, String> cursor) throws FetchException, InterruptedException {
    String who = "arxiv " + category;
    int start = CursorValues.nonNegativeInt(who, cursor, START, 0);
    Instant newest = CursorValues.instant(who, cursor, NEWEST);
    Instant sweepNewest = CursorValues.instant(who, cursor, SWEEP_NEWEST);
    Instant stop = newest != null ? newest : Instant.ofEpochMilli(pacer.epochMillis()).minus(config.lookback());
    URI uri = URI.create(config.baseUrl() + "?search_query=" + URLEncoder.encode("cat:" + category, StandardCharsets.UTF_8)
        + "&sortBy=submittedDate&sortOrder=descending&start=" + start + "&max_results=" + config.pageSize());
    LiveHttpClient.Response response = http.get(uri, Map.of(), body -> problem(body, start));
    Document doc = parse(response.body());
    ItemCollector collector = new ItemCollector("arxiv " + category, "arxiv " + category);
    ArxivFeedSplitter.feed(doc, collector);
    List<RawItem> fresh = new ArrayList<>();
    boolean reachedStop = false;
    for (RawItem item : collector.items()) {
      if (item.createdAt() != null && item.createdAt().isBefore(stop)) {
        reachedStop = true;
        break;
      }
      fresh.add(item);
      if (item.createdAt() != null && (sweepNewest == null || item.createdAt().isAfter(sweepNewest))) {
        sweepNewest = item.createdAt();
      }
    }
    int received = collector.items().size();
    int total = totalResults(doc);
    int nextStart = start + received;
    boolean end = reachedStop || received == 0 || nextStart >= total;
    if (!end && nextStart + config.pageSize() > ArxivConfig.MAX_RESULTS_PER_QUERY) {
      metrics.truncatedListing();
      log.warn("arxiv {}: the export API serves at most {} results per query; sweep ends at start {} before reaching {}",
          category, ArxivConfig.MAX_RESULTS_PER_QUERY, nextStart, stop);
      end = true;
    }
    Map<String, String> next = new HashMap<>();
    if (end) {
      Instant best = newest == null || (sweepNewest != null && sweepNewest.isAfter(newest)) ? sweepNewest : newest;
      if (best != null) {
        next.put(NEWEST, best.toString());
      }
      return new Page(fresh, next, true);
    }
    if (newest != null) {
      next.put(NEWEST, newest.toString());
    }
    next.put(START, Integer.toString(nextStart));
    if (sweepNewest != null) {
      next.put(SWEEP_NEWEST, sweepNewest.toString());
    }
    return new Page(fresh, next, false);
  }

  /** @return why the body is unusable, or null: not XML, not an Atom feed, or empty while results remain */
  static String problem(byte[] body, int start) {
    Document doc;
    try {
      doc = SecureXml.parse(body);
    } catch (Exception e) {
      return "the body is not an Atom feed (" + e.getMessage() + "): " + LiveHttpClient.excerpt(body);
    }
    if (!ArxivFeedSplitter.isFeed(doc)) {
      return "the body is not an Atom feed: " + LiveHttpClient.excerpt(body);
    }
    int total = totalResults(doc);
    if (doc.getElementsByTagNameNS(ArxivFeedSplitter.ATOM, "entry").getLength() == 0 && start < total) {
      return "the feed is empty at start " + start + " although totalResults is " + total + " (arXiv answers so when it is busy)";
    }
    return null;
  }

  private static int totalResults(Document doc) {
    String text = ArxivEntryParser.childText(doc.getDocumentElement(), ArxivFeedSplitter.OPENSEARCH, "totalResults");
    try {
      return text == null ? 0 : Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Document parse(byte[] body) {
    try {
      return SecureXml.parse(body);
    } catch (Exception e) {
      throw new IllegalStateException("body passed its check but does not parse: " + e.getMessage(), e);
    }
  }
}
