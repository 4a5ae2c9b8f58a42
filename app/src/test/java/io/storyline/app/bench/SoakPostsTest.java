package io.storyline.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.model.Source;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakPostsTest {
  private static BenchCorpus corpus;

  @BeforeAll
  static void loadSample(@TempDir Path dir) {
    corpus = BenchCorpus.load(null, false, () -> io.storyline.app.SampleDataAccess.extract(dir));
  }

  private static Set<String> words(Seed s) {
    return Arrays.stream(s.text().split(" ")).collect(Collectors.toSet());
  }

  @Test
  void shouldGiveTheSamePostForTheSameSequenceNumber() {
    SoakPosts gen = new SoakPosts(corpus, 50, 5_000);

    assertThat(gen.post(12_345)).isEqualTo(gen.post(12_345));
    assertThat(gen.post(12_345)).isNotEqualTo(gen.post(12_346));
  }

  @Test
  void shouldUseOnlyWordsOfTheCorpusAndAlternateSources() {
    SoakPosts gen = new SoakPosts(corpus, 50, 5_000);
    Set<String> vocabulary = new HashSet<>();
    corpus.seeds().forEach(s -> vocabulary.addAll(List.of((s.text() + " " + s.title()).toLowerCase().split("[^\\p{L}\\p{N}.\\-]+"))));

    Seed even = gen.post(10);
    Seed odd = gen.post(11);

    assertThat(even.source()).isEqualTo(Source.TWITTER);
    assertThat(odd.source()).isEqualTo(Source.REDDIT);
    assertThat(odd.title()).isNotBlank();
    assertThat(words(even)).hasSizeGreaterThanOrEqualTo(3).allMatch(vocabulary::contains);
  }

  @Test
  void shouldLetTopicsDieSoThatPostsFarApartShareFewerTopicWordsThanNeighbours() {
    SoakPosts gen = new SoakPosts(corpus, 20, 2_000);
    Set<String> early = IntStream.range(0, 500).mapToObj(i -> gen.post(i)).flatMap(s -> words(s).stream())
        .collect(Collectors.toSet());
    Set<String> nextBatch = IntStream.range(500, 1000).mapToObj(i -> gen.post(i)).flatMap(s -> words(s).stream())
        .collect(Collectors.toSet());
    Set<String> muchLater = IntStream.range(50_000, 50_500).mapToObj(i -> gen.post(i)).flatMap(s -> words(s).stream())
        .collect(Collectors.toSet());

    long sharedNear = nextBatch.stream().filter(early::contains).count();
    long sharedFar = muchLater.stream().filter(early::contains).count();
    assertThat(sharedFar).isLessThan(sharedNear);
  }

  @Test
  void shouldRejectMoreActiveTopicsThanTheLifetimeAllows() {
    assertThatThrownBy(() -> new SoakPosts(corpus, 100, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100")
        .hasMessageContaining("10");
  }
}
