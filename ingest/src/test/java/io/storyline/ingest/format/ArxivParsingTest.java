package io.storyline.ingest.format;

import static io.storyline.ingest.format.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Post;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArxivParsingTest {

  @Test
  void shouldKeepOldStyleIdWithoutVersion() throws Exception {
    Post p = Fixtures.posts("arxiv/api_2026_id_list_old_style_id.xml").get(0);
    assertThat(p.id()).isEqualTo("arxiv:astro-ph/0601001");
    assertThat(p.url()).isEqualTo("https://arxiv.org/abs/astro-ph/0601001");
    assertThat(p.links()).containsExactly("https://arxiv.org/abs/astro-ph/0601001");
    assertThat(p.channel()).isEqualTo("astro-ph");
    assertThat(p.author()).isEqualTo("Andrew Gould, Susan Dorsher, B. Scott Gaudi, Andrzej Udalski");
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2006-01-02T14:57:58Z"));
    assertThat(p.text()).startsWith("We derive the frequencies").contains("Gould & Morgan (2003)");
    assertThat(p.engagement().isUnknown()).isTrue();
  }

  @Test
  void shouldNormaliseWrappedTitlesOfLegacyFeed() throws Exception {
    List<Post> posts = Fixtures.posts("arxiv/api_2016_search_au_del_maestro_legacy_format.xml");
    assertThat(posts).hasSize(10);
    Post p = Fixtures.post(posts, "arxiv:cond-mat/0603029");
    assertThat(p.title()).isEqualTo("From stripe to checkerboard order on the square lattice in the presence of quenched disorder");
    assertThat(posts.get(0).id()).isEqualTo("arxiv:1201.4869");
    assertThat(posts.get(0).channel()).isEqualTo("cond-mat.mes-hall");
    assertThat(posts.get(0).text()).doesNotContain("\n").doesNotStartWith(" ");
  }

  @Test
  void shouldCutCurrentFeedIntoStandaloneEntries() throws Exception {
    FileReadResult r = Fixtures.read("arxiv/api_2026_search_query_testing_start0_max10.xml");
    assertThat(r.items()).hasSize(10).allSatisfy(i -> assertThat(i.format()).isEqualTo(NativeFormat.ARXIV_ATOM_ENTRY));
    assertThat(r.items().get(0).nativeId()).isEqualTo("2202.12139");
    Post p = NativeParsers.parse(NativeFormat.ARXIV_ATOM_ENTRY, r.items().get(0).payload(), null);
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2022-02-24T15:05:19Z"));
    assertThat(p.channel()).isEqualTo("cs.SE");
    assertThat(p.author()).startsWith("Mohit Kumar Ahuja, Arnaud Gotlieb");
  }

  @Test
  void shouldEmitHttp400ErrorEntryForDeadLetterAndRefuseToParseIt() {
    // decision: the error entry is emitted with a null id plus a warning, and its parse throws,
    // so that it reaches posts.dlq instead of vanishing
    FileReadResult r = Fixtures.read("arxiv/api_2026_http400_error_entry.xml");
    assertThat(r.items()).singleElement().satisfies(i -> assertThat(i.nativeId()).isNull());
    assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("arXiv API error entry"));
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.ARXIV_ATOM_ENTRY, r.items().get(0).payload(), null))
        .isInstanceOf(PostParseException.class)
        .hasMessageContaining("https://arxiv.org/api/errors#incorrect_id_format_for_abc")
        .hasMessageContaining("not a paper");
  }

  @Test
  void shouldRefuseExternalEntities() {
    String xxe = """
        <?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <entry xmlns="http://www.w3.org/2005/Atom"><id>http://arxiv.org/abs/1234.5678v1</id><title>&x;</title>
        <published>2020-01-01T00:00:00Z</published></entry>""";
    assertThatThrownBy(() -> NativeParsers.parse(NativeFormat.ARXIV_ATOM_ENTRY, utf8(xxe), null))
        .isInstanceOf(PostParseException.class).hasMessageContaining("not well-formed XML");
  }
}
