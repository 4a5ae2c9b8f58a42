package io.storyline.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.ingest.format.JsonSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reddit {@code /new} listing pages for tests, built from a real recorded listing child (PRAW cassette,
 * BSD-2-Clause, see NOTICE) with its id, fullname, time and title replaced, so the pages have the real
 * shape but a controlled sequence of posts.
 */
public final class RedditPages {
  private static final JsonNode TEMPLATE = load();

  private RedditPages() {}

  private static JsonNode load() {
    try (InputStream in = RedditPages.class.getResourceAsStream("/replay/reddit/listing_r_askreddit_new_2016-03_subset.json")) {
      return JsonSupport.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the fullname of post number {@code n} (higher n = newer), e.g. {@code t3_1000a} */
  public static String fullname(long n) {
    return "t3_" + Long.toString(100_000_000L + n, 36);
  }

  /** @return the post id of number n as the Normalizer keys it */
  public static String postId(long n) {
    return "reddit:" + fullname(n);
  }

  /**
   * @param newestFirst post numbers in listing order (newest first)
   * @param createdEpochSeconds created time of post n = this function
   * @param after the page's {@code data.after}, or null for the end of the listing
   * @return the page JSON
   */
  public static String page(List<Long> newestFirst, java.util.function.LongUnaryOperator createdEpochSeconds, String after) {
    ObjectNode page = TEMPLATE.deepCopy();
    ObjectNode data = (ObjectNode) page.get("data");
    ArrayNode children = data.putArray("children");
    ObjectNode template = (ObjectNode) TEMPLATE.get("data").get("children").get(0);
    for (long n : newestFirst) {
      ObjectNode child = template.deepCopy();
      ObjectNode d = (ObjectNode) child.get("data");
      String fullname = fullname(n);
      d.put("id", fullname.substring(3));
      d.put("name", fullname);
      d.put("created_utc", (double) createdEpochSeconds.applyAsLong(n));
      d.put("created", (double) createdEpochSeconds.applyAsLong(n));
      d.put("title", "Post number " + n + " about local models");
      d.put("selftext", "body " + n);
      d.put("permalink", "/r/LocalLLaMA/comments/" + fullname.substring(3) + "/post_" + n + "/");
      children.add(child);
    }
    if (after == null) {
      data.putNull("after");
    } else {
      data.put("after", after);
    }
    data.putNull("before");
    return JsonSupport.mapper().valueToTree(page).toString();
  }
}
