package io.storyline.ingest.format.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.ingest.format.ItemCollector;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.Times;
import java.time.Instant;

/**
 * Cuts Reddit API responses and dump lines into one {@link NativeFormat#REDDIT_THING} item per post
 * (t3) or comment (t1). Listings ({@code /r/<sub>/new.json}, {@code /api/info}), thread arrays
 * ({@code /comments/<id>.json}: {@code [Listing(t3), Listing(t1 tree)]}) and comment trees with
 * nested {@code replies} (a Listing or {@code ""}) are walked depth first, parent before children; a
 * comment's payload is emitted without its {@code replies}. {@code more} stubs and other kinds (t2,
 * t5 ...) are counted as skipped. Stateless; mutates the trees it is given (drops {@code replies}).
 */
public final class RedditSplitter {
  private static final NativeFormat F = NativeFormat.REDDIT_THING;

  private RedditSplitter() {}

  /** @return true if {@code node} is {@code {"kind":"Listing","data":{"children":[..]}}} */
  public static boolean isListing(JsonNode node) {
    return node != null && node.isObject() && "Listing".equals(JsonSupport.text(node, "kind"))
        && JsonSupport.obj(node, "data") != null;
  }

  /** @return true if {@code node} is a non-empty array of Listings (a thread response) */
  public static boolean isThread(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      return false;
    }
    for (JsonNode e : node) {
      if (!isListing(e)) {
        return false;
      }
    }
    return true;
  }

  /** @return true if {@code node} is a wrapped thing {@code {"kind":"t1"|"t3","data":{..}}} */
  public static boolean isWrappedThing(JsonNode node) {
    String kind = JsonSupport.text(node, "kind");
    return node != null && node.isObject() && ("t3".equals(kind) || "t1".equals(kind))
        && JsonSupport.obj(node, "data") != null;
  }

  /**
   * @return true if {@code node} looks like a bare dump object: a fullname {@code name} of kind t1/t3, or
   *     {@code id} with {@code subreddit} and {@code created_utc}
   */
  public static boolean isBareThing(JsonNode node) {
    if (node == null || !node.isObject() || node.has("kind")) {
      return false;
    }
    String name = JsonSupport.text(node, "name");
    if (name != null && (name.startsWith("t3_") || name.startsWith("t1_"))) {
      return true;
    }
    return node.has("id") && node.has("subreddit") && node.has("created_utc");
  }

  /** Emits every thing of a Listing, recursing into comment replies. */
  public static void listing(JsonNode listing, ItemCollector out) {
    JsonNode children = JsonSupport.arr(JsonSupport.obj(listing, "data"), "children");
    if (children == null) {
      return;
    }
    for (JsonNode child : children) {
      child(child, out);
    }
  }

  /** Emits every thing of a thread array {@code [Listing(t3), Listing(t1 tree)]}. */
  public static void thread(JsonNode thread, ItemCollector out) {
    for (JsonNode listing : thread) {
      listing(listing, out);
    }
  }

  /** Emits one wrapped thing and its replies. */
  public static void child(JsonNode child, ItemCollector out) {
    String kind = JsonSupport.text(child, "kind");
    JsonNode data = JsonSupport.obj(child, "data");
    if (kind == null || data == null) {
      out.skip("Reddit listing children without kind/data");
      return;
    }
    switch (kind) {
      case "t3", "t1" -> {
        JsonNode replies = data.get("replies");
        if (data instanceof ObjectNode o) {
          o.remove("replies");
        }
        ObjectNode wrapped = JsonSupport.object();
        wrapped.put("kind", kind);
        wrapped.set("data", data);
        out.add(F, nativeId(kind, data), createdAt(data), JsonSupport.bytes(wrapped));
        if (isListing(replies)) {
          listing(replies, out);
        }
      }
      case "more" -> out.skip("Reddit 'more' stubs (collapsed comments, not in the file)");
      case "Listing" -> listing(child, out);
      default -> out.skip("Reddit things of kind '" + kind + "' (not a post t3 or comment t1)");
    }
  }

  /**
   * Emits one bare dump object as it is.
   *
   * @param data the object
   * @param original its bytes as read (kept as the payload), or null to re-serialise
   */
  public static void bare(JsonNode data, byte[] original, ItemCollector out) {
    String name = JsonSupport.text(data, "name");
    String kind = name != null && name.length() > 3 && name.charAt(2) == '_' ? name.substring(0, 2)
        : (data.has("link_id") || data.has("body") && !data.has("title") ? "t1" : "t3");
    out.add(F, nativeId(kind, data), createdAt(data), original != null ? original : JsonSupport.bytes(data));
  }

  /** @return the fullname ({@code name}, else kind + "_" + id), or null if neither is readable */
  static String nativeId(String kind, JsonNode data) {
    String name = JsonSupport.nonBlank(data, "name");
    if (name != null && name.startsWith(kind + "_")) {
      return name;
    }
    String id = JsonSupport.nonBlank(data, "id");
    return id == null ? null : kind + "_" + id;
  }

  static Instant createdAt(JsonNode data) {
    return Times.epochSeconds(JsonSupport.text(data, "created_utc"));
  }
}
