package io.storyline.ingest.format.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import io.storyline.common.text.TextUrls;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.PlainText;
import io.storyline.ingest.format.PostParseException;
import io.storyline.ingest.format.Times;
import io.storyline.ingest.format.UrlCanonicalizer;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses Discord messages into {@link Post}s: {@link NativeFormat#DISCORD_MESSAGE} (a REST/gateway
 * message object, discord-api-docs {@code message.mdx}) and {@link NativeFormat#DISCORD_DCE_MESSAGE}
 * ({@code {"guild","channel","message","exportedAt"?}} cut from a DiscordChatExporter export).
 *
 * <p>Mapping: native id = message {@code id} (string or integer snowflake); createdAt = {@code
 * timestamp} (ISO-8601, any offset and precision), else from the snowflake {@code (id>>22)+1420070400000}
 * ms; url = {@code https://discord.com/channels/<guild>/<channel>/<id>} when the guild is known (REST
 * messages have no {@code guild_id}: then null); author = {@code author.username} (DCE {@code
 * author.name}); channel = DCE {@code channel.name}, else the channel id; text = {@code content} with
 * Markdown reduced; links = URLs in the content, {@code embeds[].url}, {@code attachments[].url}
 * (DCE {@code --media} local paths are not URLs and are dropped); engagement.reactions = sum of
 * {@code reactions[].count} (absent array = unknown); relation = REPLY to {@code
 * message_reference.message_id} / DCE {@code reference.messageId}, REPOST for forwards ({@code
 * message_reference.type} 1), CROSSPOST for crossposts ({@code flags} bit 1). A system message (member join, pin,
 * thread start, call, ...: {@link DiscordSplitter#systemKind}) is refused. Stateless and thread-safe.
 */
public final class DiscordMessageParser {
  private DiscordMessageParser() {}

  /**
   * @param payload a REST/gateway message object as UTF-8 JSON
   * @param fetchedAt fetch time or null
   * @return the post
   * @throws PostParseException if the payload is not a JSON object with a readable id and time, or is a system
   *     message
   */
  public static Post parseMessage(byte[] payload, Instant fetchedAt) throws PostParseException {
    NativeFormat f = NativeFormat.DISCORD_MESSAGE;
    JsonNode m = JsonSupport.readPayload(f, payload);
    requireObject(f, m, "a message object {\"id\",\"channel_id\",\"content\",\"timestamp\",..}");
    String id = requireId(f, m);
    requirePost(f, m, id);
    Instant created = created(f, m, id);
    JsonNode author = JsonSupport.obj(m, "author");
    String channelId = JsonSupport.nonBlank(m, "channel_id");
    String guildId = JsonSupport.nonBlank(m, "guild_id");
    Post.Builder b = Post.builder(Source.DISCORD, id)
        .url(guildId != null && channelId != null ? jumpUrl(guildId, channelId, id) : null)
        .author(firstNonBlank(JsonSupport.nonBlank(author, "username"), JsonSupport.nonBlank(author, "global_name")))
        .channel(channelId)
        .text(PlainText.fromMarkdown(JsonSupport.text(m, "content")))
        .links(links(m))
        .createdAt(created)
        .fetchedAt(fetchedAt)
        .engagement(reactions(m, "count"));
    JsonNode ref = JsonSupport.obj(m, "message_reference");
    String parent = JsonSupport.nonBlank(ref, "message_id");
    if (parent != null) {
      Long flags = JsonSupport.count(m, "flags");
      Long refType = JsonSupport.count(ref, "type");
      Relation r = refType != null && refType == 1 ? Relation.REPOST
          : flags != null && (flags & 2L) != 0 ? Relation.CROSSPOST : Relation.REPLY;
      b.relation(r, Post.id(Source.DISCORD, parent));
    }
    return b.build();
  }

  /**
   * @param payload {@code {"guild":..,"channel":..,"message":..,"exportedAt":..}} as UTF-8 JSON
   * @param fetchedAt fetch time or null to use {@code exportedAt}
   * @return the post
   * @throws PostParseException if the payload lacks a message object with a readable id and time, or is a system
   *     message
   */
  public static Post parseDce(byte[] payload, Instant fetchedAt) throws PostParseException {
    NativeFormat f = NativeFormat.DISCORD_DCE_MESSAGE;
    JsonNode root = JsonSupport.readPayload(f, payload);
    requireObject(f, root, "{\"guild\":..,\"channel\":..,\"message\":..}");
    JsonNode m = JsonSupport.obj(root, "message");
    if (m == null) {
      throw new PostParseException(f.id() + ": field message is missing or not an object");
    }
    String id = requireId(f, m);
    requirePost(f, m, id);
    Instant created = created(f, m, id);
    JsonNode guild = JsonSupport.obj(root, "guild");
    JsonNode channel = JsonSupport.obj(root, "channel");
    String guildId = JsonSupport.nonBlank(guild, "id");
    String channelId = JsonSupport.nonBlank(channel, "id");
    JsonNode author = JsonSupport.obj(m, "author");
    Post.Builder b = Post.builder(Source.DISCORD, id)
        .url(guildId != null && !"0".equals(guildId) && channelId != null ? jumpUrl(guildId, channelId, id) : null)
        .author(firstNonBlank(JsonSupport.nonBlank(author, "name"), JsonSupport.nonBlank(author, "nickname")))
        .channel(firstNonBlank(JsonSupport.nonBlank(channel, "name"), channelId))
        .text(PlainText.fromMarkdown(JsonSupport.text(m, "content")))
        .links(links(m))
        .createdAt(created)
        .fetchedAt(fetchedAt != null ? fetchedAt : Times.iso(JsonSupport.text(root, "exportedAt")))
        .engagement(reactions(m, "count"));
    String parent = JsonSupport.nonBlank(JsonSupport.obj(m, "reference"), "messageId");
    if (parent != null) {
      b.relation(Relation.REPLY, Post.id(Source.DISCORD, parent));
    }
    return b.build();
  }

  private static void requireObject(NativeFormat f, JsonNode n, String expected) throws PostParseException {
    if (!n.isObject()) {
      throw new PostParseException(f.id() + ": payload is a JSON " + n.getNodeType().name().toLowerCase()
          + ", expected " + expected);
    }
  }

  /** Refuses a system message ({@link DiscordSplitter#systemKind}) naming its type and the rule. */
  private static void requirePost(NativeFormat f, JsonNode m, String id) throws PostParseException {
    String kind = DiscordSplitter.systemKind(m);
    if (kind != null) {
      throw new PostParseException(f.id() + ": message " + id + " of type " + kind + " is a system message (a member "
          + "join, pin, thread start, call, channel change, ...), not a post; posts are of type 0 (Default), 19 (Reply), "
          + "20 or 23 (application command replies), or have no type");
    }
  }

  private static String requireId(NativeFormat f, JsonNode m) throws PostParseException {
    String id = JsonSupport.nonBlank(m, "id");
    if (id == null) {
      throw new PostParseException(f.id() + ": message id is missing or blank; a message needs its snowflake id");
    }
    if (!id.strip().matches("\\d{1,20}")) {
      throw new PostParseException(f.id() + ": message id '" + JsonSupport.shorten(id, 40)
          + "' is not a snowflake (decimal digits)");
    }
    return id.strip();
  }

  private static Instant created(NativeFormat f, JsonNode m, String id) throws PostParseException {
    String ts = JsonSupport.text(m, "timestamp");
    Instant t = Times.iso(ts);
    if (t == null && ts == null) {
      t = Times.snowflake(id, Times.DISCORD_EPOCH_MS);
    }
    if (t == null) {
      throw new PostParseException(f.id() + ": timestamp '" + JsonSupport.shorten(ts, 40) + "' of message " + id
          + " is not " + Times.ISO_RULE + " and the id is not a snowflake carrying a time");
    }
    return t;
  }

  private static String jumpUrl(String guild, String channel, String id) {
    return "https://discord.com/channels/" + guild + "/" + channel + "/" + id;
  }

  private static List<String> links(JsonNode m) {
    Set<String> out = new LinkedHashSet<>();
    for (String u : TextUrls.find(JsonSupport.text(m, "content"))) {
      add(out, u);
    }
    for (String arr : List.of("embeds", "attachments")) {
      JsonNode a = JsonSupport.arr(m, arr);
      if (a != null) {
        for (JsonNode e : a) {
          add(out, JsonSupport.text(e, "url"));
        }
      }
    }
    return List.copyOf(out);
  }

  private static void add(Set<String> out, String url) {
    String c = UrlCanonicalizer.canonicalize(url);
    if (c != null) {
      out.add(c);
    }
  }

  private static Engagement reactions(JsonNode m, String countField) {
    JsonNode a = JsonSupport.arr(m, "reactions");
    if (a == null) {
      return Engagement.UNKNOWN;
    }
    long sum = 0;
    for (JsonNode r : a) {
      Long c = JsonSupport.count(r, countField);
      if (c != null && c > 0) {
        sum += c;
      }
    }
    return new Engagement(null, null, null, null, null, sum, null);
  }

  private static String firstNonBlank(String a, String b) {
    return a != null ? a : b;
  }
}
