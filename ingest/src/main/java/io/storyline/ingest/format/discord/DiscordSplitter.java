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
 * "exportedAt":..}} ({@code exportedAt} only when the export has it). System messages ({@link #systemKind}: member
 * joins, pins, thread starts, calls, channel renames, boosts, ...) are not posts: they are skipped and counted in the
 * file's warnings. Stateless.
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

  /** What a skipped system message is counted as in a file's warnings. */
  public static final String SYSTEM_MESSAGES = "Discord system messages (member joins, pins, thread starts, calls, "
      + "channel changes, boosts: not posts)";

  /** Emits one item per element of a REST message array that is not a system message. */
  public static void messageArray(JsonNode array, ItemCollector out) {
    for (JsonNode m : array) {
      message(m, out);
    }
  }

  /**
   * The rule for which Discord messages are posts, for both native formats: a message is a post when its {@code type}
   * is absent or names a message someone wrote, i.e. REST/gateway {@code 0} (DEFAULT), {@code 19} (REPLY), {@code 20}
   * (CHAT_INPUT_COMMAND) or {@code 23} (CONTEXT_MENU_COMMAND) (discord-api-docs, "Message Types"), and in a
   * DiscordChatExporter export {@code "Default"} or {@code "Reply"} (its names for 0 and 19; a kind it has no name
   * for is written as the number, read by the REST rule). Every other type is a system message whose content is
   * empty or generated ("Joined the server.", "Started a thread.", "Pinned a message."): found in session 13, such
   * messages of an export became posts of one identical text, and the clusterer put every member join of a server into
   * one many-author story.
   *
   * @param m a REST/gateway message object or a DCE export's message object; may not be null
   * @return null when {@code m} is a post, else its type as written, e.g. {@code "7"} or {@code "GuildMemberJoin"}
   */
  public static String systemKind(JsonNode m) {
    JsonNode type = m.get("type");
    if (type == null || type.isNull()) {
      return null;
    }
    String text = type.isValueNode() ? type.asText().strip() : type.toString();
    if (text.equals("Default") || text.equals("Reply")) {
      return null;
    }
    return switch (text) {
      case "0", "19", "20", "23" -> null;
      default -> text.isEmpty() ? "''" : JsonSupport.shorten(text, 40);
    };
  }

  /** Emits one REST/gateway message, or counts it as skipped when it is a system message. */
  public static void message(JsonNode m, ItemCollector out) {
    if (m != null && m.isObject() && systemKind(m) != null) {
      out.skip(SYSTEM_MESSAGES);
      return;
    }
    out.add(NativeFormat.DISCORD_MESSAGE, nativeId(m), createdAt(m, "timestamp"), JsonSupport.bytes(m));
  }

  /** Emits one item per message of a DCE export. */
  public static void dceExport(JsonNode export, ItemCollector out) {
    JsonNode guild = export.get("guild");
    JsonNode channel = export.get("channel");
    String exportedAt = JsonSupport.nonBlank(export, "exportedAt");
    for (JsonNode m : export.get("messages")) {
      if (m != null && m.isObject() && systemKind(m) != null) {
        out.skip(SYSTEM_MESSAGES);
        continue;
      }
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
