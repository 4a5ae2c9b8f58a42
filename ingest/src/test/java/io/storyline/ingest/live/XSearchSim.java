package io.storyline.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.ingest.format.JsonSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code /2/tweets/search/recent} like X from a real recorded page (twarc-csv brexit.jsonl, MIT,
 * see NOTICE): the page's 100 tweets newest first, {@code max_results} per page, {@code since_id}
 * honoured, {@code next_token} = "tok-&lt;offset&gt;", {@code meta.newest_id} of the page only, and the
 * recorded {@code includes} on every page. Tweets can be released gradually ({@link #release}).
 * Thread-safe.
 */
public final class XSearchSim implements java.util.function.Function<LocalApi.Request, LocalApi.Reply> {
  private static final JsonNode RECORDED = load();
  private final List<JsonNode> all;
  private int released;

  public XSearchSim() {
    all = new ArrayList<>();
    RECORDED.get("data").forEach(all::add);
    all.sort(Comparator.comparing((JsonNode t) -> new BigInteger(t.get("id").asText())));
    released = all.size();
  }

  private static JsonNode load() {
    try (InputStream in = XSearchSim.class.getResourceAsStream("/fixtures/twitter/twarc2_search_recent_brexit_page.jsonl")) {
      return JsonSupport.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return every tweet id, oldest first */
  public List<String> ids() {
    return all.stream().map(t -> t.get("id").asText()).toList();
  }

  /** Only the oldest {@code n} tweets exist for now. */
  public synchronized XSearchSim release(int n) {
    released = n;
    return this;
  }

  @Override
  public synchronized LocalApi.Reply apply(LocalApi.Request request) {
    if (!request.uri().getPath().equals("/2/tweets/search/recent")) {
      return LocalApi.Reply.status(404, Map.of(), "{\"title\":\"Not Found Error\"}");
    }
    int size = Integer.parseInt(request.query("max_results"));
    String since = request.query("since_id");
    String token = request.query("next_token");
    List<JsonNode> visible = new ArrayList<>();
    for (int i = released - 1; i >= 0; i--) {
      JsonNode t = all.get(i);
      if (since == null || new BigInteger(t.get("id").asText()).compareTo(new BigInteger(since)) > 0) {
        visible.add(t);
      }
    }
    int offset = 0;
    if (token != null) {
      if (!token.startsWith("tok-")) {
        return LocalApi.Reply.status(400, Map.of(), "{\"errors\":[{\"parameters\":{\"next_token\":[\"" + token
            + "\"]},\"message\":\"The `next_token` query parameter value [" + token + "] is not valid\"}],"
            + "\"title\":\"Invalid Request\",\"detail\":\"One or more parameters to your request was invalid.\","
            + "\"type\":\"https://api.twitter.com/2/problems/invalid-request\"}");
      }
      offset = Integer.parseInt(token.substring(4));
    }
    List<JsonNode> page = visible.subList(Math.min(offset, visible.size()), Math.min(offset + size, visible.size()));
    ObjectNode body = JsonSupport.object();
    ObjectNode meta = body.putObject("meta");
    meta.put("result_count", page.size());
    if (!page.isEmpty()) {
      ArrayNode data = body.putArray("data");
      page.forEach(data::add);
      body.set("includes", RECORDED.get("includes"));
      meta.put("newest_id", page.get(0).get("id").asText());
      meta.put("oldest_id", page.get(page.size() - 1).get("id").asText());
    }
    if (offset + size < visible.size()) {
      meta.put("next_token", "tok-" + (offset + size));
    }
    return LocalApi.Reply.ok(body.toString())
        .withHeaders(Map.of("x-rate-limit-limit", "450", "x-rate-limit-remaining", "449", "x-rate-limit-reset", "1893456000"));
  }
}
