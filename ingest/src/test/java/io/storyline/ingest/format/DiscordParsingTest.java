package io.storyline.ingest.format;

import static io.storyline.ingest.format.Fixtures.post;
import static io.storyline.ingest.format.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    List<Post> posts = Fixtures.posts("discord/dce_export_ai_news.json");
    assertThat(posts).hasSize(3);
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

  @Test
  void shouldRejectMessageWithoutIdAndDceWithoutMessage() {
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.DISCORD_MESSAGE, utf8("{\"content\":\"x\"}"), null))
        .isInstanceOf(PostParseException.class).hasMessageContaining("discord-message").hasMessageContaining("id");
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.DISCORD_DCE_MESSAGE, utf8("{\"guild\":{}}"), null))
        .isInstanceOf(PostParseException.class).hasMessageContaining("field message");
  }
}
