package io.storyline.ingest.live.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.ingest.format.ItemCollector;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.format.reddit.RedditSplitter;
import io.storyline.ingest.live.CursorValues;
import io.storyline.ingest.live.JsonBodies;
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

/**
 * Polls {@code /r/<sub>/new} (OAuth bearer, {@code raw_json=1}) newest first, paging with the fullname
 * {@code after}, until it reaches the newest post of the last complete sweep (or, on the first sweep,
 * the look-back horizon).
 *
 * <p>Cursor keys: {@value #NEWEST} (fullname of the newest post of the last complete sweep; moves only
 * when a sweep completes), {@value #AFTER} (the fullname to continue the running sweep after) and
 * {@value #SWEEP_NEWEST} (newest fullname of the running sweep). Posts are ordered by their base-36
 * id, which Reddit assigns in increasing order. The three are fullnames ({@link #isFullname}) and {@value #SWEEP_ITEMS}
 * a count; a committed value of another shape fails the task ({@link io.storyline.ingest.connect.UnusableOffsetException},
 * via {@link CursorValues}), and a listing's {@code after} or a post's id not of that shape never becomes the cursor: the
 * former ends the sweep as a truncated listing, the latter is passed on without stopping the sweep.
 *
 * <p>Reported, not looped on: a listing that ends ({@code after} = null) before the sweep reached its
 * stop is Reddit's ~1000-item limit (https://github.com/not-an-aardvark/snoowrap/issues/51): logged with
 * the oldest time reached and counted in {@code truncated-listings}; the sweep completes so polling
 * goes on. A page that does not move the cursor (same {@code after}, or only posts already seen in the
 * sweep) ends the sweep with a {@code cursor_no_progress} warning. Not thread-safe.
 */
public final class RedditPoller implements StreamPoller {
  private static final Logger log = LoggerFactory.getLogger(RedditPoller.class);
  public static final String NEWEST = "newest";
  public static final String AFTER = "after";
  public static final String SWEEP_NEWEST = "sweep_newest";
  static final String SWEEP_ITEMS = "sweep_items";
  /** A fullname: kind, underscore, base-36 id; 12 digits at most, so that it orders as a {@code long}. */
  private static final java.util.regex.Pattern FULLNAME = java.util.regex.Pattern.compile("t\\d_[0-9a-z]{1,12}");
  private static final String FULLNAME_RULE = "a Reddit fullname (t3_ and 1 to 12 lower-case base-36 digits, e.g. t3_1lu1iv0)";

  private final RedditConfig config;
  private final LiveHttpClient http;
  private final LiveMetrics metrics;
  private final Pacer pacer;
  private final RedditTokens tokens;
  private final LiveHttpClient.BodyCheck listingCheck = JsonBodies.check(RedditSplitter::isListing, "a Reddit Listing");

  public RedditPoller(RedditConfig config, LiveHttpClient http, LiveMetrics metrics, Pacer pacer) {
    this.config = config;
    this.http = http;
    this.metrics = metrics;
    this.pacer = pacer;
    this.tokens = new RedditTokens(config, http, pacer);
  }

  @Override
  public Page fetch(String subreddit, Map<String, String> cursor) throws FetchException, InterruptedException {
    String who = "r/" + subreddit;
    String after = CursorValues.matching(who, cursor, AFTER, RedditPoller::isFullname, FULLNAME_RULE);
    String newest = CursorValues.matching(who, cursor, NEWEST, RedditPoller::isFullname, FULLNAME_RULE);
    String sweepNewest = CursorValues.matching(who, cursor, SWEEP_NEWEST, RedditPoller::isFullname, FULLNAME_RULE);
    int sweepItems = CursorValues.nonNegativeInt(who, cursor, SWEEP_ITEMS, 0);
    URI uri = URI.create(config.baseUrl() + "/r/" + subreddit + "/new?limit=" + config.pageSize() + "&raw_json=1"
        + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
    LiveHttpClient.Response response;
    try {
      response = http.get(uri, Map.of("Authorization", "bearer " + tokens.bearer()), listingCheck);
    } catch (FetchException e) {
      if (e.status() != 401 || !tokens.renewable()) {
        throw e;
      }
      log.info("r/{}: token rejected (HTTP 401); fetching a new one", subreddit);
      tokens.invalidate();
      response = http.get(uri, Map.of("Authorization", "bearer " + tokens.bearer()), listingCheck);
    }
    JsonNode listing = JsonBodies.parse(response.body());
    ItemCollector collector = new ItemCollector("r/" + subreddit, "r/" + subreddit);
    RedditSplitter.listing(listing, collector);
    collector.finishWarnings();
    collector.warnings().forEach(w -> log.warn("{}", w));

    Instant horizon = Instant.ofEpochMilli(pacer.epochMillis()).minus(config.lookback());
    List<RawItem> fresh = new ArrayList<>();
    boolean reachedStop = false;
    boolean progress = false;
    Instant oldest = null;
    for (RawItem item : collector.items()) {
      sweepItems++;
      if (!isFullname(item.nativeId())) {
        // no id, or one that does not order (a flipped byte, 13 digits): it neither stops the sweep (it used to end
        // it, skipping every older post of the page) nor becomes the cursor (a restarted task would refuse it); the
        // Normalizer parses or dead-letters it
        fresh.add(item);
        continue;
      }
      if (item.createdAt() != null) {
        oldest = item.createdAt();
      }
      if (newest != null ? order(item.nativeId()) <= order(newest)
          : item.createdAt() != null && item.createdAt().isBefore(horizon)) {
        reachedStop = true;
        break;
      }
      if (sweepNewest != null && after != null && order(item.nativeId()) >= order(after)) {
        continue; // already emitted earlier in this sweep (the listing shifted under us)
      }
      progress = true;
      fresh.add(item);
      if (sweepNewest == null || order(item.nativeId()) > order(sweepNewest)) {
        sweepNewest = item.nativeId();
      }
    }
    String nextAfter = textOrNull(listing.path("data").path("after"));
    if (!reachedStop && nextAfter != null && !isFullname(nextAfter)) {
      // sent back it would page nowhere, and stored it would be refused by the restarted task
      metrics.truncatedListing();
      log.warn("r/{}: the listing's after '{}' is not {}; ending the sweep here: posts older than {} up to the stop are "
          + "missing (reddit_backfill_truncated)", subreddit, nextAfter, FULLNAME_RULE, oldest);
      return complete(fresh, newest, sweepNewest);
    }
    if (!reachedStop && nextAfter != null && (nextAfter.equals(after) || !progress)) {
      log.warn("r/{}: cursor_no_progress: page after {} brought nothing new (next after {}); ending the sweep here",
          subreddit, after, nextAfter);
      return complete(fresh, newest, sweepNewest);
    }
    if (reachedStop) {
      return complete(fresh, newest, sweepNewest);
    }
    if (nextAfter == null) {
      if (newest != null || sweepItems >= config.truncationMinItems()) {
        metrics.truncatedListing();
        log.warn("r/{}: listing ended after {} items (Reddit serves at most ~1000 per listing) before reaching {}; "
                + "oldest post reached was created {}: posts between that and the stop are missing "
                + "(reddit_backfill_truncated)",
            subreddit, sweepItems, newest != null ? "the last seen post " + newest : "the look-back horizon " + horizon, oldest);
      }
      return complete(fresh, newest, sweepNewest);
    }
    Map<String, String> next = new HashMap<>();
    put(next, NEWEST, newest);
    put(next, AFTER, nextAfter);
    put(next, SWEEP_NEWEST, sweepNewest);
    next.put(SWEEP_ITEMS, Integer.toString(sweepItems));
    return new Page(fresh, next, false);
  }

  private static Page complete(List<RawItem> items, String newest, String sweepNewest) {
    Map<String, String> next = new HashMap<>();
    String best = newest;
    if (sweepNewest != null && (best == null || order(sweepNewest) > order(best))) {
      best = sweepNewest;
    }
    put(next, NEWEST, best);
    return new Page(items, next, true);
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /**
   * @param value a value; may be null
   * @return whether it is a fullname this poller can order and send back as {@code after}: {@code t<digit>_} and 1 to
   *     12 lower-case base-36 digits (Reddit's ids; 13 would overflow a {@code long})
   */
  static boolean isFullname(String value) {
    return value != null && FULLNAME.matcher(value).matches();
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() || n.asText().isEmpty() ? null : n.asText();
  }

  /**
   * @param fullname e.g. {@code t3_48fb7p}
   * @return the base-36 id as a number (Reddit ids increase with time), or -1 if unreadable
   */
  static long order(String fullname) {
    String id = fullname.length() > 3 && fullname.charAt(2) == '_' ? fullname.substring(3) : fullname;
    try {
      return Long.parseLong(id, 36);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
