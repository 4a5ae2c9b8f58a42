package io.storyline.ingest.live.x;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.ingest.format.ItemCollector;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.format.x.XPageSplitter;
import io.storyline.ingest.live.CursorValues;
import io.storyline.ingest.live.JsonBodies;
import io.storyline.ingest.live.Page;
import io.storyline.ingest.live.StreamPoller;
import io.storyline.ingest.live.http.FetchException;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls X API v2 recent search, user timelines and list timelines with the configured {@code
 * tweet.fields}/{@code expansions}; each tweet leaves as a self-contained {@code x-v2-tweet} (with the
 * includes it needs, via {@link XPageSplitter}).
 *
 * <p>Cursor keys: {@value #SINCE_ID} (the newest id of the last <em>complete</em> sweep; it never
 * moves mid-sweep and never becomes unset once set), {@value #NEXT_TOKEN} (the page to continue a
 * running sweep with: {@code next_token} for search, {@code pagination_token} for timelines) and
 * {@value #SWEEP_NEWEST} (the newest id of the running sweep, which becomes {@code since_id} when the
 * sweep ends). Page 1 of a sweep asks for {@code since_id} (or, on a first sweep, {@code start_time} =
 * now - look-back, at most 7 days for search); {@code meta.newest_id} describes one page only, so the
 * sweep's newest id is tracked over all its pages (https://docs.x.com/x-api/fundamentals/pagination;
 * failure case BR-42). Lists have no {@code since_id}: their sweep stops at the first tweet not newer
 * than the cursor. A pagination token that the API rejects (HTTP 400) restarts the sweep from {@code
 * since_id}; the re-read tweets are dropped downstream by post id. Not thread-safe.
 */
public final class XPoller implements StreamPoller {
  private static final Logger log = LoggerFactory.getLogger(XPoller.class);
  private static final String SNOWFLAKE_RULE = "a snowflake (1 to 20 decimal digits)";
  public static final String SINCE_ID = "since_id";
  public static final String NEXT_TOKEN = "next_token";
  public static final String SWEEP_NEWEST = "sweep_newest";

  private final XConfig config;
  private final LiveHttpClient http;
  private final Pacer pacer;
  private final LiveHttpClient.BodyCheck pageCheck = JsonBodies.check(
      n -> XPageSplitter.isPage(n) || (n.isObject() && n.has("meta")), "an X API v2 page (data/includes/meta)");

  public XPoller(XConfig config, LiveHttpClient http, Pacer pacer) {
    this.config = config;
    this.http = http;
    this.pacer = pacer;
  }

  @Override
  public Page fetch(String stream, Map<String, String> cursor) throws FetchException, InterruptedException {
    String sinceId = CursorValues.matching("X " + stream, cursor, SINCE_ID, CursorValues::isSnowflake, SNOWFLAKE_RULE);
    String token = cursor.get(NEXT_TOKEN);
    String sweepNewest =
        CursorValues.matching("X " + stream, cursor, SWEEP_NEWEST, CursorValues::isSnowflake, SNOWFLAKE_RULE);
    boolean list = stream.startsWith("list:");
    URI uri = uri(stream, sinceId, token);
    LiveHttpClient.Response response;
    try {
      response = http.get(uri, Map.of("Authorization", "Bearer " + config.bearerToken().value()), pageCheck);
    } catch (FetchException e) {
      if (token != null && e.status() == 400) {
        log.warn("X {}: pagination token rejected ({}); restarting the sweep from since_id {}", stream, e.getMessage(), sinceId);
        Map<String, String> restart = new HashMap<>();
        put(restart, SINCE_ID, sinceId);
        return new Page(List.of(), restart, false);
      }
      throw e;
    }
    JsonNode page = JsonBodies.parse(response.body());
    for (JsonNode error : page.path("errors")) {
      log.warn("X {}: partial error in page: {}", stream, error);
    }
    ItemCollector collector = new ItemCollector("x " + stream, "x " + stream);
    if (XPageSplitter.isPage(page)) {
      XPageSplitter.page(page, collector);
    }
    List<RawItem> fresh = new ArrayList<>();
    boolean reachedCursor = false;
    for (RawItem item : collector.items()) {
      String id = tweetId(item);
      if (id != null && sinceId != null && compare(id, sinceId) <= 0) {
        reachedCursor = true; // only lists return tweets at or below since_id
        continue;
      }
      fresh.add(item);
      if (id != null && (sweepNewest == null || compare(id, sweepNewest) > 0)) {
        sweepNewest = id;
      }
    }
    String nextToken = textOrNull(page.path("meta").path("next_token"));
    Map<String, String> next = new HashMap<>();
    if (nextToken != null && !(list && reachedCursor)) {
      put(next, SINCE_ID, sinceId);
      put(next, NEXT_TOKEN, nextToken);
      put(next, SWEEP_NEWEST, sweepNewest);
      return new Page(fresh, next, false);
    }
    put(next, SINCE_ID, sinceId == null || (sweepNewest != null && compare(sweepNewest, sinceId) > 0) ? sweepNewest : sinceId);
    return new Page(fresh, next, true);
  }

  private URI uri(String stream, String sinceId, String token) {
    StringBuilder url = new StringBuilder(config.baseUrl());
    String tokenParam;
    if (stream.startsWith("search:")) {
      url.append("/2/tweets/search/recent?query=").append(enc(stream.substring("search:".length())));
      tokenParam = "next_token";
    } else if (stream.startsWith("user:")) {
      url.append("/2/users/").append(stream.substring("user:".length())).append("/tweets?");
      tokenParam = "pagination_token";
    } else if (stream.startsWith("list:")) {
      url.append("/2/lists/").append(stream.substring("list:".length())).append("/tweets?");
      tokenParam = "pagination_token";
    } else {
      throw new IllegalArgumentException("X stream '" + stream + "' is not search:<query>, user:<id> or list:<id>");
    }
    url.append(url.charAt(url.length() - 1) == '?' ? "" : "&").append("max_results=").append(config.pageSize())
        .append("&tweet.fields=").append(enc(config.tweetFields()))
        .append("&expansions=").append(enc(config.expansions()))
        .append("&user.fields=").append(enc(config.userFields()));
    if (!stream.startsWith("list:")) {
      if (sinceId != null) {
        url.append("&since_id=").append(sinceId);
      } else {
        Instant start = Instant.ofEpochMilli(pacer.epochMillis()).minus(config.lookback());
        Instant week = Instant.ofEpochMilli(pacer.epochMillis()).minus(7, ChronoUnit.DAYS).plusSeconds(60);
        if (stream.startsWith("search:") && start.isBefore(week)) {
          start = week; // recent search reaches back 7 days at most
        }
        url.append("&start_time=").append(enc(start.truncatedTo(ChronoUnit.SECONDS).toString()));
      }
    }
    if (token != null) {
      url.append('&').append(tokenParam).append('=').append(enc(token));
    }
    return URI.create(url.toString());
  }

  /**
   * The version's own id (the record key is the edit chain's first id, see XTweetParser#editChainRoot).
   *
   * @return a snowflake (1 to 20 decimal digits), or null when the item carries none; such an item is
   *     passed on for the Normalizer to dead-letter and does not move the cursor
   */
  private static String tweetId(RawItem item) {
    try {
      JsonNode node = JsonBodies.parse(item.payload()).path("data").path("id");
      if (node.isTextual() && CursorValues.isSnowflake(node.asText())) {
        return node.asText();
      }
    } catch (IllegalStateException e) {
      // not JSON: fall back to the id the page splitter saw
    }
    return CursorValues.isSnowflake(item.nativeId()) ? item.nativeId() : null;
  }

  /**
   * Compares two snowflakes numerically (they may exceed {@code Long.MAX_VALUE} in principle).
   *
   * @param a a snowflake, see {@link CursorValues#isSnowflake}
   * @param b a snowflake
   * @return negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}
   * @throws NumberFormatException if either is not decimal digits (callers check with {@link CursorValues#isSnowflake})
   */
  static int compare(String a, String b) {
    return new BigInteger(a).compareTo(new BigInteger(b));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() || n.asText().isEmpty() ? null : n.asText();
  }
}
