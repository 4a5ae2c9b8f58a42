package io.storyline.ingest.format.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.ingest.format.ItemCollector;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Cuts X API v2 response pages (plain, twarc2 JSONL lines with {@code __twarc}, filtered-stream
 * lines whose {@code data} is one object) into one self-contained {@link NativeFormat#X_V2_TWEET}
 * item per tweet: {@code {"data":tweet,"includes":{"users":[author and referenced tweets'
 * authors],"tweets":[referenced tweets],"media":[its media]},"__twarc":{"retrieved_at":..}}}
 * (includes and {@code __twarc} only when present in the page); a tweet of twarc2's flattened output, which holds its
 * expansions inline, is one item as written ({@link #isFlattenedTweet}). Stateless.
 */
public final class XPageSplitter {
  private XPageSplitter() {}

  /**
   * @return true if {@code node} is a v2 page: an object whose {@code data} is an array of tweet-like
   *     objects or one tweet-like object, or that has {@code meta}/{@code __twarc} with {@code data},
   *     {@code errors} or {@code includes}
   */
  public static boolean isPage(JsonNode node) {
    if (node == null || !node.isObject()) {
      return false;
    }
    JsonNode data = node.get("data");
    if (data != null && data.isArray()) {
      return data.isEmpty() ? (node.has("meta") || node.has("__twarc")) : isTweet(data.get(0));
    }
    if (data != null && data.isObject()) {
      return isTweet(data);
    }
    return (node.has("meta") || node.has("__twarc")) && (node.has("errors") || node.has("includes"));
  }

  /**
   * twarc2's flattened output ({@code twarc2 flatten}: one tweet per line with {@code author} embedded): the page's
   * {@code includes} merged into each tweet ({@code author} for {@code author_id}, {@code
   * in_reply_to_user}, each {@code referenced_tweets[]} entry merged with the referenced tweet, {@code {}} for what the
   * page did not include) and the page's {@code __twarc} copied into it.
   *
   * @return true if {@code node} is such a tweet: a tweet-like object (an {@code id} and a {@code text} or {@code
   *     edit_history_tweet_ids}) without {@code data}, with an {@code author} object or a {@code __twarc} object
   */
  public static boolean isFlattenedTweet(JsonNode node) {
    return isTweet(node) && !node.has("data")
        && (JsonSupport.obj(node, "author") != null || JsonSupport.obj(node, "__twarc") != null);
  }

  /**
   * Emits one flattened tweet ({@link #isFlattenedTweet}) as one {@link NativeFormat#X_V2_TWEET} item, as written:
   * {@link XTweetParser} reads its inline expansions.
   *
   * @param tweet the tweet; may not be null
   * @param original its bytes as read (the item's payload)
   * @param out where the item goes
   */
  public static void flattenedTweet(JsonNode tweet, byte[] original, ItemCollector out) {
    out.add(NativeFormat.X_V2_TWEET, nativeId(tweet), createdAt(tweet), original);
  }

  private static boolean isTweet(JsonNode t) {
    return t != null && t.isObject() && t.has("id") && (t.has("text") || t.has("edit_history_tweet_ids"));
  }

  /** Emits one item per tweet of the page; a page without tweets adds a warning. */
  public static void page(JsonNode page, ItemCollector out) {
    JsonNode includes = JsonSupport.obj(page, "includes");
    Map<String, JsonNode> users = index(JsonSupport.arr(includes, "users"), "id");
    Map<String, JsonNode> tweets = index(JsonSupport.arr(includes, "tweets"), "id");
    Map<String, JsonNode> media = index(JsonSupport.arr(includes, "media"), "media_key");
    String retrievedAt = JsonSupport.nonBlank(JsonSupport.obj(page, "__twarc"), "retrieved_at");
    JsonNode data = page.get("data");
    if (data == null || data.isNull() || (data.isArray() && data.isEmpty())) {
      out.skip("X v2 pages without tweets (only errors/meta)");
      return;
    }
    Iterable<JsonNode> list = data.isArray() ? data : java.util.List.of(data);
    for (JsonNode tweet : list) {
      if (!tweet.isObject()) {
        out.add(NativeFormat.X_V2_TWEET, null, null, JsonSupport.bytes(tweet));
        continue;
      }
      out.add(NativeFormat.X_V2_TWEET, nativeId(tweet), createdAt(tweet),
          JsonSupport.bytes(selfContained(tweet, users, tweets, media, retrievedAt)));
    }
  }

  static String nativeId(JsonNode tweet) {
    return XTweetParser.editChainRoot(tweet);
  }

  static Instant createdAt(JsonNode tweet) {
    Instant t = Times.iso(JsonSupport.text(tweet, "created_at"));
    return t != null ? t : Times.snowflake(nativeId(tweet), Times.TWITTER_EPOCH_MS);
  }

  private static ObjectNode selfContained(
      JsonNode tweet, Map<String, JsonNode> users, Map<String, JsonNode> tweets,
      Map<String, JsonNode> media, String retrievedAt) {
    Set<String> userIds = new LinkedHashSet<>();
    addId(userIds, JsonSupport.text(tweet, "author_id"));
    ArrayNode refTweets = JsonSupport.mapper().createArrayNode();
    JsonNode refs = JsonSupport.arr(tweet, "referenced_tweets");
    if (refs != null) {
      for (JsonNode ref : refs) {
        JsonNode t = tweets.get(JsonSupport.text(ref, "id"));
        if (t != null) {
          refTweets.add(t);
          addId(userIds, JsonSupport.text(t, "author_id"));
        }
      }
    }
    addId(userIds, JsonSupport.text(tweet, "in_reply_to_user_id"));
    ArrayNode refUsers = JsonSupport.mapper().createArrayNode();
    for (String id : userIds) {
      JsonNode u = users.get(id);
      if (u != null) {
        refUsers.add(u);
      }
    }
    ArrayNode refMedia = JsonSupport.mapper().createArrayNode();
    JsonNode keys = JsonSupport.arr(JsonSupport.obj(tweet, "attachments"), "media_keys");
    if (keys != null) {
      for (JsonNode k : keys) {
        JsonNode m = media.get(k.asText());
        if (m != null) {
          refMedia.add(m);
        }
      }
    }
    ObjectNode root = JsonSupport.object();
    root.set("data", tweet);
    ObjectNode inc = JsonSupport.object();
    if (!refUsers.isEmpty()) {
      inc.set("users", refUsers);
    }
    if (!refTweets.isEmpty()) {
      inc.set("tweets", refTweets);
    }
    if (!refMedia.isEmpty()) {
      inc.set("media", refMedia);
    }
    if (!inc.isEmpty()) {
      root.set("includes", inc);
    }
    if (retrievedAt != null) {
      root.putObject("__twarc").put("retrieved_at", retrievedAt);
    }
    return root;
  }

  private static void addId(Set<String> ids, String id) {
    if (id != null) {
      ids.add(id);
    }
  }

  private static Map<String, JsonNode> index(JsonNode array, String key) {
    Map<String, JsonNode> m = new HashMap<>();
    if (array != null) {
      for (JsonNode e : array) {
        String k = JsonSupport.text(e, key);
        if (k != null) {
          m.putIfAbsent(k, e);
        }
      }
    }
    return m;
  }
}
