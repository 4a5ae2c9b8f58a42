package io.storyline.cluster.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.statistics.Statistics;

/**
 * {@code storyline eval} on a shared dataset with one damaged row: a field missing, of another JSON type or out
 * of its range, a line cut short, a row of random text, a TSV row with odd columns. The reader either loads the
 * set or refuses with an {@link IllegalArgumentException} naming the file and the line (never a
 * NullPointerException or a bare parse error without either); and a byte-order mark before the first row, as
 * Windows tools write, reads as if it were not there.
 */
class EvalDatasetsMalformedPropertyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private Path shared;

  @BeforeTry
  void createShared() throws IOException {
    shared = Files.createTempDirectory("eval-malformed-");
  }

  @AfterTry
  void deleteShared() throws IOException {
    try (Stream<Path> files = Files.walk(shared)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  enum Dataset { REDDIT, REDDIT_LABELS, AINEWS, AINEWS_LINKS, NEWS_T, CRISIS }

  /** A damage done to one row. */
  sealed interface Damage {}

  record Remove(int field) implements Damage {}

  record Replace(int field, String json) implements Damage {}

  record Cut(int at) implements Damage {}

  record Random(String text) implements Damage {}

  record Bom() implements Damage {}

  @Provide
  Arbitrary<Damage> damages() {
    Arbitrary<String> values = Arbitraries.of("null", "5", "-1", "0", "1e308", "-1e308", "9223372036854775808", "\"\"",
        "\"x\"", "\"NaN\"", "\"2025-13-45\"", "\"99999999999\"", "\"-99999999999\"", "true", "[]", "{}", "[1,2]",
        "{\"url\":5}", "[{\"url\":null,\"kind\":\"tweet\"}]", "[{\"url\":\"https://twitter.com/a/status/1\",\"kind\":\"tweet\"}]");
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 20).map(Remove::new),
        Combinators.combine(Arbitraries.integers().between(0, 20), values).as(Replace::new),
        Arbitraries.integers().between(0, 400).map(Cut::new),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30).map(Random::new),
        Arbitraries.just(new Bom()));
  }

  private static String jsonReddit() {
    return "{\"id\":\"1lu1a1\",\"name\":\"t3_1lu1a1\",\"subreddit\":\"LocalLLaMA\",\"title\":\"Kimi K2 is out\","
        + "\"selftext\":\"weights on HF\",\"url\":\"https://huggingface.co/moonshotai/Kimi-K2\",\"permalink\":"
        + "\"/r/LocalLLaMA/comments/1lu1a1/kimi/\",\"created_utc\":1752192000,\"score\":100,\"num_comments\":20,"
        + "\"is_self\":false,\"author\":\"rd_user_01\"}";
  }

  private static String jsonLabel() {
    return "{\"post_id\":\"1lu1a1\",\"ainews\":[{\"date\":\"2025-07-11\",\"issue\":\"25-07-11-a\",\"theme_id\":\"t1\"}]}";
  }

  private static String jsonItem() {
    return "{\"issue\":\"25-07-11-a\",\"date\":\"2025-07-11\",\"section\":\"twitter\",\"theme_idx\":1,\"theme\":\"T\","
        + "\"theme_kind\":\"story\",\"item_idx\":1,\"item_title\":\"Kimi K2\",\"text\":\"Kimi K2 ships\",\"links\":[{\"url\":"
        + "\"https://twitter.com/tw_user_001/status/1011\",\"kind\":\"tweet\",\"anchor\":\"@tw_user_001\",\"context\":\"ctx\"}],"
        + "\"theme_id\":\"25-07-11-a/twitter/-/1\",\"story_id\":\"25-07-11-a/twitter/-/1/1\"}";
  }

  private static String jsonNews() {
    return "{\"Id\":\"7\",\"textCleaned\":\"kimi k2 releas\",\"clusterNo\":\"3\"}";
  }

  private static String tsvCrisis() {
    return "2013_Boston_bombings\t1234\t2013-04-15T19:00:00Z\tx\ty\tRelated and informative\tblast at the marathon";
  }

  private static String damage(String line, Damage damage, boolean tsv) throws IOException {
    return switch (damage) {
      case Bom b -> "\uFEFF" + line;
      case Cut c -> line.substring(0, Math.min(c.at(), line.length()));
      case Random r -> r.text();
      case Remove r when tsv -> {
        List<String> cols = new ArrayList<>(List.of(line.split("\t", -1)));
        cols.remove(r.field() % cols.size());
        yield String.join("\t", cols);
      }
      case Replace r when tsv -> {
        String[] cols = line.split("\t", -1);
        cols[r.field() % cols.length] = MAPPER.readTree(r.json()).asText(r.json());
        yield String.join("\t", cols);
      }
      case Remove r -> {
        ObjectNode n = (ObjectNode) MAPPER.readTree(line);
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        n.remove(names.get(r.field() % names.size()));
        yield MAPPER.writeValueAsString(n);
      }
      case Replace r -> {
        ObjectNode n = (ObjectNode) MAPPER.readTree(line);
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        JsonNode value = MAPPER.readTree(r.json());
        n.set(names.get(r.field() % names.size()), value);
        yield MAPPER.writeValueAsString(n);
      }
    };
  }

  private Path write(String dataset, String file, String... lines) throws IOException {
    Path dir = shared.resolve("data").resolve(dataset);
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(file), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  /** Writes the set with its first row damaged; returns the damaged file and the set's name for {@code load}. */
  private Object[] writeDamaged(Dataset dataset, Damage d) throws IOException {
    return switch (dataset) {
      case REDDIT -> {
        write("reddit-localllama", "ainews-labels.jsonl", jsonLabel());
        yield new Object[] {write("reddit-localllama", "posts-part1.jsonl", damage(jsonReddit(), d, false), jsonReddit()
            .replace("1lu1a1", "1lu1b2")), "reddit"};
      }
      case REDDIT_LABELS -> {
        write("reddit-localllama", "posts-part1.jsonl", jsonReddit());
        yield new Object[] {write("reddit-localllama", "ainews-labels.jsonl", damage(jsonLabel(), d, false)), "reddit"};
      }
      case AINEWS, AINEWS_LINKS -> new Object[] {write("ainews-items", "items-2025-07.jsonl", damage(jsonItem(), d, false),
          jsonItem()), dataset == Dataset.AINEWS ? "ainews" : "ainews-links"};
      case NEWS_T -> {
        write("mstream-short-text", "News-T.order.txt", "7");
        yield new Object[] {write("mstream-short-text", "News.jsonl", damage(jsonNews(), d, false)), "news-t"};
      }
      case CRISIS -> new Object[] {write("crisislext26", "tweets-part1.tsv",
          "event\ttweet_id\tcreated_at\ta\tb\tlabel\ttext", damage(tsvCrisis(), d, true)), "crisis"};
    };
  }

  @Property(tries = 400)
  void shouldLoadASetWithADamagedRowOrRefuseItNamingTheFileAndLine(@ForAll Dataset dataset,
      @ForAll("damages") Damage damage) throws IOException {
    Object[] written = writeDamaged(dataset, damage);
    Path file = (Path) written[0];

    Throwable refused = catchThrowable(() -> EvalDatasets.load((String) written[1], shared, null, null));

    Statistics.label("outcome").collect(dataset + (refused == null ? " loaded" : " refused"));
    if (refused != null) {
      assertThat(refused).as("%s with %s", dataset, damage).isInstanceOf(IllegalArgumentException.class);
      assertThat(refused.getMessage()).as("%s with %s", dataset, damage).contains(file.toString()).contains(" line ");
    }
    if (damage instanceof Bom) {
      assertThat(refused).as("%s with a byte-order mark", dataset).isNull();
    }
  }

  @Example
  void shouldNameTheFileAndLineOfARedditRowWithoutCreationTime() throws IOException {
    write("reddit-localllama", "ainews-labels.jsonl", jsonLabel());
    Path posts = write("reddit-localllama", "posts-part1.jsonl", jsonReddit(), jsonReddit().replace(",\"created_utc\":1752192000", ""));

    Throwable refused = catchThrowable(() -> EvalDatasets.load("reddit", shared, null, null));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(posts + " line 2").hasMessageContaining("created_utc");
  }
}
