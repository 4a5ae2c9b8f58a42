package io.storyline.ingest.format.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storyline.ingest.format.ItemCollector;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.Times;
import java.time.Instant;

/**
 * Cuts Discord REST message arrays ({@code GET /channels/{id}/messages}) into {@link
 * NativeFormat#DISCORD_MESSAGE} items (each message as it is) and DiscordChatExporter JSON exports
 * into {@link NativeFormat#DISCORD_DCE_MESSAGE} items {@code {"guild":..,"channel":..,"message":..,
 * "exportedAt":..}} ({@code exportedAt} only when the export has it). Stateless.
 */
public final class DiscordSplitter {
  private DiscordSplitter() {}

  /** @return true if {@code node} looks like one Discord API message object */
  public static boolean isMessage(JsonNode node) {
    return node != null && node.isObject() && node.has("id") && node.has("channel_id")
        && (node.has("content") || node.has("timestamp") || node.has("author"));
  }

  /** @return true if {@code node} is a non-empty array whose first element is a message object */
  public static boolean isMessageArray(JsonNode node) {
    return node != null && node.isArray() && !node.isEmpty() && isMessage(node.get(0));
  }

  /** @return true if {@code node} is a DCE export: {@code messages} array plus {@code channel} object */
  public static boolean isDceExport(JsonNode node) {
    return node != null && node.isObject() && JsonSupport.arr(node, "messages") != null
        && JsonSupport.obj(node, "channel") != null;
  }

  /** Emits one item per element of a REST message array. */
  public static void messageArray(JsonNode array, ItemCollector out) {
    for (JsonNode m : array) {
      message(m, out);
    }
  }

  /** Emits one REST/gateway message. */
  public static void message(JsonNode m, ItemCollector out) {
    out.add(NativeFormat.DISCORD_MESSAGE, nativeId(m), createdAt(m, "timestamp"), JsonSupport.bytes(m));
  }

  /** Emits one item per message of a DCE export. */
  public static void dceExport(JsonNode export, ItemCollector out) {
    JsonNode guild = export.get("guild");
    JsonNode channel = export.get("channel");
    String exportedAt = JsonSupport.nonBlank(export, "exportedAt");
    for (JsonNode m : export.get("messages")) {
      ObjectNode item = JsonSupport.object();
      if (guild != null) {
        item.set("guild", guild);
      }
      item.set("channel", channel);
      item.set("message", m);
      if (exportedAt != null) {
        item.put("exportedAt", exportedAt);
      }
      out.add(NativeFormat.DISCORD_DCE_MESSAGE, nativeId(m), createdAt(m, "timestamp"), JsonSupport.bytes(item));
    }
  }

  static String nativeId(JsonNode m) {
    return JsonSupport.nonBlank(m, "id");
  }

  static Instant createdAt(JsonNode m, String field) {
    Instant t = Times.iso(JsonSupport.text(m, field));
    return t != null ? t : Times.snowflake(nativeId(m), Times.DISCORD_EPOCH_MS);
  }
}
