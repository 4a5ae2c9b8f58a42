package io.storyline.app.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.common.model.Source;
import io.storyline.common.serde.Json;
import io.storyline.common.topic.RawHeaders;
import io.storyline.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Renders a {@link Seed} as the native raw record a connector would write: a Reddit t3 thing on
 * {@code posts.raw.reddit} or an X API v2 tweet with its includes on {@code posts.raw.twitter}, under
 * a fresh id derived from a sequence number, created at a given time, with the {@code
 * storyline.fetched.at} header set to the moment of rendering (the send time, from which the
 * end-to-end latency is measured). Stateless and thread-safe.
 *
 * <p>Ids: Reddit {@code t3_zb<base36(seq)>}, X {@code 9<seq padded to 15 digits>}; {@link
 * #sequenceOf(String)} recovers {@code seq} from the post id the normalizer derives, so consumers can
 * track posts in arrays instead of maps.
 */
public final class RawPosts {
  private static final String REDDIT_PREFIX = "zb";
  private static final long X_BASE = 9_000_000_000_000_000L;

  private RawPosts() {}

  /**
   * @param seed the content; may not be null
   * @param seq the post's sequence number, 0 ≤ seq &lt; 10^15
   * @param createdAt the event time; may not be null
   * @param fetchedAt the fetch time written to the header; may not be null
   * @return the raw record, its timestamp {@code createdAt}
   */
  public static ProducerRecord<String, byte[]> render(Seed seed, long seq, Instant createdAt, Instant fetchedAt) {
    Objects.requireNonNull(seed, "seed can't be null");
    Objects.requireNonNull(createdAt, "createdAt can't be null");
    if (seq < 0 || seq >= 1_000_000_000_000_000L) {
      throw new IllegalArgumentException("sequence number " + seq + " must be in [0, 10^15)");
    }
    RecordHeaders headers = new RecordHeaders();
    headers.add(RawHeaders.SOURCE, seed.source().id().getBytes(StandardCharsets.UTF_8));
    headers.add(RawHeaders.FETCHED_AT, fetchedAt.toString().getBytes(StandardCharsets.UTF_8));
    String key;
    ObjectNode payload;
    String topic;
    if (seed.source() == Source.REDDIT) {
      key = "t3_" + REDDIT_PREFIX + Long.toString(seq, 36);
      payload = reddit(seed, key, createdAt, seq);
      topic = Topics.RAW_REDDIT.name();
      headers.add(RawHeaders.FORMAT, "reddit-thing".getBytes(StandardCharsets.UTF_8));
    } else {
      key = Long.toString(X_BASE + seq);
      payload = tweet(seed, key, createdAt, seq);
      topic = Topics.RAW_TWITTER.name();
      headers.add(RawHeaders.FORMAT, "x-v2-tweet".getBytes(StandardCharsets.UTF_8));
    }
    try {
      byte[] bytes = Json.mapper().writeValueAsBytes(payload);
      return new ProducerRecord<>(topic, null, createdAt.toEpochMilli(), key, bytes, headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("can't write a benchmark payload as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * @param postId a post id as the normalizer derives it ({@code reddit:t3_zb..} or {@code twitter:9..})
   * @return the sequence number it was rendered with, or -1 if the id was not made by {@link #render}
   */
  public static long sequenceOf(String postId) {
    if (postId == null) {
      return -1;
    }
    try {
      if (postId.startsWith("reddit:t3_" + REDDIT_PREFIX)) {
        return Long.parseLong(postId.substring(("reddit:t3_" + REDDIT_PREFIX).length()), 36);
      }
      if (postId.startsWith("twitter:9") && postId.length() == "twitter:".length() + 16) {
        return Long.parseLong(postId.substring("twitter:".length())) - X_BASE;
      }
    } catch (NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static ObjectNode reddit(Seed seed, String fullname, Instant createdAt, long seq) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("kind", "t3");
    ObjectNode d = root.putObject("data");
    String id = fullname.substring(3);
    String permalink = "/r/LocalLLaMA/comments/" + id + "/bench/";
    d.put("id", id);
    d.put("name", fullname);
    d.put("subreddit", "LocalLLaMA");
    if (seed.title() != null) {
      d.put("title", seed.title());
    }
    d.put("selftext", seed.text());
    List<String> links = seed.links();
    d.put("url", links.isEmpty() ? "https://www.reddit.com" + permalink : links.get(0));
    d.put("permalink", permalink);
    d.put("created_utc", createdAt.getEpochSecond());
    d.put("score", 1 + seq % 97);
    d.put("num_comments", seq % 13);
    d.put("author", seed.author() == null ? "rd_bench_" + (seq % 5000) : seed.author());
    return root;
  }

  private static ObjectNode tweet(Seed seed, String id, Instant createdAt, long seq) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode t = root.putObject("data");
    String userId = Long.toString(1000 + seq % 5000);
    t.put("id", id);
    t.put("author_id", userId);
    t.put("created_at", createdAt.toString());
    t.put("lang", "en");
    StringBuilder text = new StringBuilder(seed.text());
    ArrayNode urls = Json.mapper().createArrayNode();
    int i = 0;
    for (String link : seed.links()) {
      if (seed.text().contains(link)) {
        continue;
      }
      String tco = "https://t.co/b" + Long.toString(seq, 36) + "x" + i++;
      text.append(' ').append(tco);
      ObjectNode u = urls.addObject();
      u.put("url", tco);
      u.put("expanded_url", link);
    }
    t.put("text", text.toString());
    if (!urls.isEmpty()) {
      t.putObject("entities").set("urls", urls);
    }
    ObjectNode metrics = t.putObject("public_metrics");
    metrics.put("like_count", seq % 211);
    metrics.put("retweet_count", seq % 17);
    metrics.put("reply_count", seq % 7);
    ObjectNode user = root.putObject("includes").putArray("users").addObject();
    user.put("id", userId);
    user.put("username", seed.author() == null ? "tw_bench_" + userId : seed.author());
    return root;
  }
}
