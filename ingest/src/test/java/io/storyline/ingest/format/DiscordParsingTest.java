package io.storyline.ingest.format;

import static io.storyline.ingest.format.Fixtures.post;
import static io.storyline.ingest.format.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.ingest.format.discord.DiscordSplitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscordParsingTest {

  @Test
  void shouldParseRestMessageArray() throws Exception {
    FileReadResult r = Fixtures.read("discord/rest_channel_messages.json");
    assertThat(r.items()).extracting(RawItem::format).containsOnly(NativeFormat.DISCORD_MESSAGE);
    List<Post> posts = Fixtures.posts("discord/rest_channel_messages.json");
    assertThat(posts).hasSize(2);
    Post reply = post(posts, "discord:1391234567890123456");
    assertThat(reply.author()).isEqualTo("gpu_goblin");
    assertThat(reply.channel()).isEqualTo("1380000000000000001");
    assertThat(reply.url()).as("REST messages carry no guild_id").isNull();
    assertThat(reply.createdAt()).isEqualTo(Instant.parse("2025-07-08T14:02:11.123Z"));
    assertThat(reply.text()).isEqualTo(
        "Agreed & the Q4_K_M quant fits in 24 GB: https://huggingface.co/example-org/example-model-27B?utm_source=discord#files");
    assertThat(reply.links()).containsExactly("https://huggingface.co/example-org/example-model-27B");
    assertThat(reply.engagement().reactions()).isEqualTo(5L);
    assertThat(reply.relation()).isEqualTo(Relation.REPLY);
    assertThat(reply.parentId()).isEqualTo("discord:1391234000000000000");
    Post original = post(posts, "discord:1391234000000000000");
    assertThat(original.engagement().reactions()).as("no reactions array: unknown").isNull();
    assertThat(original.relation()).isEqualTo(Relation.NONE);
  }

  @Test
  void shouldParseDceExportWithGuildChannelAndOffsets() throws Exception {
    FileReadResult r = Fixtures.read("discord/dce_export_ai_news.json");
    assertThat(r.formatDescription()).hasValue("DiscordChatExporter JSON export");
    assertThat(r.warnings()).as("its third message is a member join").containsExactly(
        "dce_export_ai_news.json: skipped 1 " + DiscordSplitter.SYSTEM_MESSAGES);
    List<Post> posts = Fixtures.posts("discord/dce_export_ai_news.json");
    assertThat(posts).hasSize(2);
    Post first = posts.get(0);
    assertThat(first.id()).isEqualTo("discord:1392000000000000001");
    assertThat(first.channel()).isEqualTo("ai-news");
    assertThat(first.author()).isEqualTo("paper_pete");
    assertThat(first.url()).isEqualTo("https://discord.com/channels/1370000000000000000/1370000000000000077/1392000000000000001");
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2025-07-08T14:15:30.860Z"));
    assertThat(first.fetchedAt()).isEqualTo(Instant.parse("2025-07-09T12:00:00Z"));
    assertThat(first.links()).containsExactly("https://arxiv.org/abs/2512.24880v2");
    assertThat(first.engagement().reactions()).isEqualTo(4L);
    Post reply = posts.get(1);
    assertThat(reply.text()).isEmpty();
    assertThat(reply.links()).as("--media local paths are not URLs").isEmpty();
    assertThat(reply.relation()).isEqualTo(Relation.REPLY);
    assertThat(reply.parentId()).isEqualTo("discord:1392000000000000001");
  }

  @Test
  void shouldDeriveCreatedTimeFromSnowflakeWhenTimestampIsAbsent() throws Exception {
    Post p = NativeParsers.parse(NativeFormat.DISCORD_MESSAGE,
        utf8("{\"id\":175928847299117063,\"channel_id\":\"1\",\"content\":\"hi\"}"), null);
    assertThat(p.nativeId()).isEqualTo("175928847299117063");
    // discord-api-docs reference.mdx: 175928847299117063 -> 2016-04-30 11:18:25.796 UTC
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2016-04-30T11:18:25.796Z"));
  }

  /**
   * Found in session 13: a DiscordChatExporter export's system messages ("Joined the server.", "Started a thread.",
   * "Pinned a message.", "Started a call that lasted 113 minutes.") became posts, and the clusterer put every member
   * join of a server into one many-author story.
   */
  @Test
  void shouldSkipTheSystemMessagesOfADceExportAndCountThemInTheWarnings(@TempDir Path dir) throws Exception {
    String[][] messages = {{"Default", "Kimi K2 weights are out"}, {"GuildMemberJoin", "Joined the server."},
        {"ThreadCreated", "Started a thread."}, {"ChannelPinnedMessage", "Pinned a message."},
        {"Call", "Started a call that lasted 113 minutes."}, {"ChannelNameChange", "Changed the channel name."},
        {"Reply", "same here"}, {"20", "/summarize: done"}, {"24", "AutoMod blocked a message."}, {null, "no type at all"}};
    StringBuilder json = new StringBuilder("{\"guild\":{\"id\":\"1370000000000000000\",\"name\":\"g\"},"
        + "\"channel\":{\"id\":\"1370000000000000077\",\"name\":\"general\"},\"messages\":[");
    for (int i = 0; i < messages.length; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\":\"139200000000000000").append(i).append("\",")
          .append(messages[i][0] == null ? "" : "\"type\":\"" + messages[i][0] + "\",")
          .append("\"timestamp\":\"2025-07-08T14:1").append(i).append(":00+00:00\",\"content\":\"").append(messages[i][1])
          .append("\",\"author\":{\"id\":\"1\",\"name\":\"user_").append(i).append("\"}}");
    }
    Path file = Files.writeString(dir.resolve("export.json"), json.append("]}").toString());

    FileReadResult r = NativeFiles.read(file);

    List<String> texts = new ArrayList<>();
    for (RawItem item : r.items()) {
      texts.add(NativeParsers.parse(item.format(), item.payload(), null).text());
    }
    assertThat(texts).containsExactly("Kimi K2 weights are out", "same here", "/summarize: done", "no type at all");
    assertThat(r.warnings()).containsExactly("export.json: skipped 6 " + DiscordSplitter.SYSTEM_MESSAGES);
  }

  @Test
  void shouldSkipTheSystemMessagesOfARestMessageArray(@TempDir Path dir) throws Exception {
    int[] types = {0, 7, 6, 18, 19, 20, 23, 8, 46};
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < types.length; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\":\"139123400000000000").append(i)
          .append("\",\"channel_id\":\"1380000000000000001\",\"type\":").append(types[i])
          .append(",\"content\":\"").append(types[i] == 7 ? "" : "message of type " + types[i])
          .append("\",\"timestamp\":\"2025-07-08T14:02:1").append(i).append(".123000+00:00\"}");
    }
    Path file = Files.writeString(dir.resolve("page.json"), json.append("]").toString());

    FileReadResult r = NativeFiles.read(file);

    assertThat(r.items()).extracting(RawItem::nativeId).containsExactly(
        "1391234000000000000", "1391234000000000004", "1391234000000000005", "1391234000000000006");
    assertThat(r.warnings()).containsExactly("page.json: skipped 5 " + DiscordSplitter.SYSTEM_MESSAGES);
  }

  @Test
  void shouldRefuseASystemMessageReadAsARawRecordNamingItsTypeAndTheRule() {
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.DISCORD_MESSAGE,
        utf8("{\"id\":\"175928847299117063\",\"channel_id\":\"1\",\"type\":7,\"content\":\"\"}"), null))
        .isInstanceOf(PostParseException.class)
        .hasMessageContaining("discord-message: message 175928847299117063 of type 7 is a system message")
        .hasMessageContaining("posts are of type 0 (Default), 19 (Reply)");
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.DISCORD_DCE_MESSAGE, utf8("{\"channel\":{\"id\":\"1\"},"
        + "\"message\":{\"id\":\"175928847299117063\",\"type\":\"GuildMemberJoin\",\"content\":\"Joined the server.\"}}"),
        null))
        .isInstanceOf(PostParseException.class)
        .hasMessageContaining("discord-dce-message: message 175928847299117063 of type GuildMemberJoin is a system message");
  }

  @Test
  void shouldRejectMessageWithoutIdAndDceWithoutMessage() {
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.DISCORD_MESSAGE, utf8("{\"content\":\"x\"}"), null))
        .isInstanceOf(PostParseException.class).hasMessageContaining("discord-message").hasMessageContaining("id");
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.DISCORD_DCE_MESSAGE, utf8("{\"guild\":{}}"), null))
        .isInstanceOf(PostParseException.class).hasMessageContaining("field message");
  }
}
