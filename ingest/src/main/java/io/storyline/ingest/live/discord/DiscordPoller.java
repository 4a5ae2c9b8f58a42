package io.storyline.ingest.live.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.ingest.format.ItemCollector;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.format.Times;
import io.storyline.ingest.format.discord.DiscordSplitter;
import io.storyline.ingest.live.CursorValues;
import io.storyline.ingest.live.JsonBodies;
import io.storyline.ingest.live.LiveMetrics;
import io.storyline.ingest.live.Page;
import io.storyline.ingest.live.StreamPoller;
import io.storyline.ingest.live.http.FetchException;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code GET /channels/{id}/messages?after=<snowflake>&limit=n} for each channel (bot token).
 * Cursor key {@value #AFTER}: the highest message snowflake seen; on a first sweep it is synthesised
 * from now - look-back as {@code (ms - 1420070400000) << 22} (Discord docs, "Snowflake IDs in
 * Pagination"). Discord returns a page newest first; messages are emitted oldest first. A page shorter
 * than {@code limit} ends the sweep.
 *
 * <p>Messages with empty {@code content} and no embeds, attachments, stickers or poll are not posts:
 * in a guild channel that is what every message looks like when the app lacks the privileged
 * MESSAGE_CONTENT intent (and what joins and other system messages look like). They are counted in the
 * {@code skipped} metric and logged as a warning naming the intent; the cursor moves past them. Not
 * thread-safe.
 */
public final class DiscordPoller implements StreamPoller {
  private static final Logger log = LoggerFactory.getLogger(DiscordPoller.class);
  public static final String AFTER = "after";
  private static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

  private final DiscordConfig config;
  private final LiveHttpClient http;
  private final LiveMetrics metrics;
  private final Pacer pacer;
  private final LiveHttpClient.BodyCheck arrayCheck = JsonBodies.check(JsonNode::isArray, "a JSON array of Discord messages");
  private long emptySeen;
  private long messagesSeen;

  public DiscordPoller(DiscordConfig config, LiveHttpClient http, LiveMetrics metrics, Pacer pacer) {
    this.config = config;
    this.http = http;
    this.metrics = metrics;
    this.pacer = pacer;
  }

  @Override
  public Page fetch(String channelId, Map<String, String> cursor) throws FetchException, InterruptedException {
    String after = CursorValues.matching("discord channel " + channelId, cursor, AFTER, CursorValues::isSnowflake,
        "a snowflake (1 to 20 decimal digits)");
    if (after == null) {
      long ms = pacer.epochMillis() - config.lookback().toMillis();
      after = Long.toString(Math.max(0, ms - DISCORD_EPOCH_MS) << 22);
    }
    URI uri = URI.create(config.baseUrl() + "/channels/" + channelId + "/messages?limit=" + config.pageSize() + "&after=" + after);
    LiveHttpClient.Response response = http.get(uri, Map.of("Authorization", "Bot " + config.botToken().value()), arrayCheck);
    JsonNode array = JsonBodies.parse(response.body());
    List<JsonNode> messages = new ArrayList<>();
    array.forEach(messages::add);
    messages.sort(Comparator.comparing(m -> snowflake(JsonSupport.text(m, "id"))));
    String highest = after;
    List<RawItem> items = new ArrayList<>();
    int empty = 0;
    int system = 0;
    ItemCollector collector = new ItemCollector("discord channel " + channelId, "discord channel " + channelId);
    for (JsonNode m : messages) {
      String id = JsonSupport.text(m, "id");
      // only a snowflake moves the cursor: an id with a flipped byte ('+138...', '١٣٨...') would be sent back as
      // after= and rejected by Discord on every poll from then on; the message itself goes on to be parsed or dead-lettered
      if (CursorValues.isSnowflake(id) && snowflake(id).compareTo(snowflake(highest)) > 0) {
        highest = id;
      }
      if (m.isObject() && DiscordSplitter.systemKind(m) != null) {
        system++;
        continue;
      }
      if (isEmpty(m)) {
        empty++;
        continue;
      }
      DiscordSplitter.message(m, collector);
    }
    items.addAll(collector.items());
    messagesSeen += messages.size();
    if (system > 0) {
      metrics.skipped(system);
      log.info("discord channel {}: skipped {} of {} messages, {}", channelId, system, messages.size(),
          DiscordSplitter.SYSTEM_MESSAGES);
    }
    if (empty > 0) {
      emptySeen += empty;
      metrics.skipped(empty);
      log.warn("discord channel {}: {} of {} messages have empty content and nothing attached ({} of {} so far); "
              + "they are not posts. If most messages look like this, the app lacks the privileged MESSAGE_CONTENT intent "
              + "(Developer Portal > Bot > Privileged Gateway Intents)", channelId, empty, messages.size(), emptySeen, messagesSeen);
    }
    return new Page(items, Map.of(AFTER, highest), messages.size() < config.pageSize());
  }

  /** @return true if the message has no text and nothing attached, embedded, stuck or polled */
  static boolean isEmpty(JsonNode m) {
    String content = JsonSupport.text(m, "content");
    return (content == null || content.isBlank())
        && isEmptyArray(m, "embeds") && isEmptyArray(m, "attachments") && isEmptyArray(m, "sticker_items")
        && !m.has("poll") && isEmptyArray(m, "message_snapshots");
  }

  private static boolean isEmptyArray(JsonNode m, String field) {
    JsonNode a = m.get(field);
    return a == null || a.isNull() || (a.isArray() && a.isEmpty());
  }

  private static BigInteger snowflake(String id) {
    try {
      return id == null ? BigInteger.ZERO : new BigInteger(id);
    } catch (NumberFormatException e) {
      return BigInteger.ZERO;
    }
  }

  /** @return the time of a snowflake, for tests and logs */
  static java.time.Instant time(String snowflake) {
    return Times.snowflake(snowflake, Times.DISCORD_EPOCH_MS);
  }
}
