package io.storyline.cluster.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.cluster.eval.ClusteringMetrics.Scores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers on small fixtures of our own in the shape of the shared files (see their SOURCE.md). */
class EvalDatasetsTest {
  @TempDir Path shared;

  private Path write(String dataset, String file, String... lines) throws IOException {
    Path dir = shared.resolve("data").resolve(dataset);
    Files.createDirectories(dir);
    return Files.write(dir.resolve(file), List.of(lines));
  }

  private static String item(String issue, String date, String section, int theme, String kind, int item, String title, String text) {
    String themeId = issue + "/" + section + "/-/" + theme;
    return "{\"issue\":\"" + issue + "\",\"date\":\"" + date + "\",\"section\":\"" + section + "\",\"theme_idx\":" + theme
        + ",\"theme\":\"T\",\"theme_kind\":\"" + kind + "\",\"item_idx\":" + item + ",\"item_title\":\"" + title
        + "\",\"text\":\"" + text + "\",\"links\":[{\"url\":\"https://twitter.com/tw_user_001/status/" + (1000 + item * 10 + theme)
        + "\",\"kind\":\"tweet\",\"anchor\":\"@tw_user_001\",\"context\":\"" + title + " ctx\"}],"
        + "\"theme_id\":\"" + themeId + "\",\"story_id\":\"" + themeId + "/" + item + "\"}";
  }

  @Test
  void shouldExcludeTopTweetsAndMemesAndBlockByIssueAndSection() throws IOException {
    write("ainews-items", "items-2025-10.jsonl",
        item("25-10-01-a", "2025-10-01", "twitter", 1, "story", 1, "Kimi K2 ships", "Kimi K2 ships ([@tw_user_001](https://twitter.com/tw_user_001/status/1))"),
        item("25-10-01-a", "2025-10-01", "twitter", 1, "story", 2, "Kimi K2 benchmarks", "benchmarks"),
        item("25-10-01-a", "2025-10-01", "twitter", 2, "top_tweets", 1, "Kimi K2 ships", "repeat"),
        item("25-10-01-a", "2025-10-01", "twitter", 3, "memes", 1, "meme", "lol"),
        item("25-10-01-a", "2025-10-01", "reddit", 1, "story", 1, "Kimi K2 on r/LocalLLaMA", "reddit"));
    write("ainews-items", "items-2025-11.jsonl", item("25-11-02-b", "2025-11-02", "twitter", 1, "story", 1, "Other", "x"));
    EvalDataset d = EvalDatasets.load("ainews", shared, null, "2025-10");
    assertThat(d.posts()).hasSize(3);
    assertThat(d.skipped()).anyMatch(s -> s.startsWith("2 items of top_tweets/memes"));
    assertThat(d.posts()).extracting(LabeledPost::block)
        .containsExactly("25-10-01-a/twitter", "25-10-01-a/twitter", "25-10-01-a/reddit");
    assertThat(d.posts().get(0).post().text()).isEqualTo("Kimi K2 ships").doesNotContain("tw_user");
    assertThat(d.posts().get(0).post().links()).containsExactly("https://twitter.com/tw_user_001/status/1011");

    // one predicted cluster for everything: the cross-section merge is not an error, so perfect
    Evaluator.Result r = Evaluator.score(d, List.of("s", "s", "s"), "one cluster", 1);
    assertThat(r.scores().bcubedF1()).isEqualTo(1.0);
    assertThat(r.byChannel()).containsOnlyKeys("twitter", "reddit");
  }

  @Test
  void shouldScoreLinksAgainstStoryAndThemeAndRepeatTheSamePost() throws IOException {
    write("ainews-items", "items-2025-10.jsonl",
        item("25-10-01-a", "2025-10-01", "twitter", 1, "story", 1, "Kimi K2 ships", "a"),
        item("25-10-01-a", "2025-10-01", "twitter", 1, "story", 2, "Kimi K2 benchmarks", "b"));
    EvalDataset d = EvalDatasets.load("ainews-links", shared, null, null);
    assertThat(d.posts()).hasSize(2);
    assertThat(d.posts()).extracting(LabeledPost::gold).doesNotHaveDuplicates();
    assertThat(d.posts()).extracting(LabeledPost::gold2).containsOnly("25-10-01-a/twitter/-/1");
    assertThat(d.posts().get(0).post().text()).doesNotContain("tw_user").contains("Kimi K2 ships ctx");
    Evaluator.Result r = Evaluator.score(d, List.of("s", "s"), "one cluster", 1);
    Scores story = r.scores();
    assertThat(story.bcubedPrecision()).isEqualTo(0.5);
    assertThat(r.secondLevel().bcubedF1()).isEqualTo(1.0);
  }

  @Test
  void shouldReadMStreamInOrderFileOrder() throws IOException {
    write("mstream-short-text", "News.jsonl",
        "{\"Id\": \"000001\", \"clusterNo\": 65, \"textCleaned\": \"centrepoint winter gala\"}",
        "{\"Id\": \"000002\", \"clusterNo\": 96, \"textCleaned\": \"mourinho seek killer instinct\"}");
    write("mstream-short-text", "News-T.order.txt", "000002", "000001");
    EvalDataset d = EvalDatasets.load("news-t", shared, null, null);
    assertThat(d.posts()).extracting(LabeledPost::gold).containsExactly("96", "65");
    assertThat(d.posts().get(0).post().createdAt()).isBefore(d.posts().get(1).post().createdAt());
  }

  @Test
  void shouldNameFileAndLineOfAnOrderIdMissingFromTheData() throws IOException {
    write("mstream-short-text", "News.jsonl", "{\"Id\": \"000001\", \"clusterNo\": 65, \"textCleaned\": \"a b\"}");
    write("mstream-short-text", "News-T.order.txt", "000001", "000009");
    assertThatThrownBy(() -> EvalDatasets.load("news-t", shared, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("'000009'");
  }

  @Test
  void shouldFeedNotRelatedCrisisTweetsUnscoredAndCountRowsWithoutTime() throws IOException {
    write("crisislext26", "tweets-part1.tsv", "event\ttweet_id\tcreated_at\tinfo_source\tinfo_type\tinformativeness\ttext",
        "2012_X\t2\t2012-05-18T11:05:00Z\ta\tb\tRelated and informative\tquake hits town",
        "2012_X\t1\t2012-05-18T11:04:00Z\ta\tb\tNot related\tsomething else",
        "2013_Boston_bombings\t3\t\ta\tb\tRelated and informative\tno time");
    EvalDataset d = EvalDatasets.load("crisis", shared, null, null);
    assertThat(d.posts()).extracting(p -> p.post().nativeId()).containsExactly("1", "2");
    assertThat(d.posts()).extracting(LabeledPost::gold).containsExactly(null, "2012_X");
    assertThat(d.skipped()).containsExactly("1 rows without created_at (2013_Boston_bombings)");
  }

  @Test
  void shouldRejectAnUnknownDatasetListingTheKnownOnes() {
    assertThatThrownBy(() -> EvalDatasets.load("news", shared, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown dataset 'news'").hasMessageContaining("tweets-t");
  }
}
