package io.storyline.publish.streams;

import static io.storyline.publish.testing.StoryBuilder.story;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.testkit.OddJson;
import io.storyline.common.topic.Topics;
import io.storyline.publish.PublishConfig;
import io.storyline.publish.PublishTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Anyone who can write {@code stories} can feed the publish stage: generated records, valid JSON
 * with extreme or odd values, wrong types, unknown enums, duplicate keys, tombstones, bytes that are
 * not UTF-8, are piped into the real topology on {@link TopologyTestDriver}, on the wall clock and on
 * the event clock. Whatever they are, the stage keeps publishing: a good story after them is listed,
 * and a record it cannot read is skipped and counted (Streams' {@code dropped-records-total}).
 */
class StoriesTopicInputPropertyTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory N = JsonNodeFactory.instance;

  record Input(String key, byte[] value, String what) {
    @Override
    public String toString() {
      return what;
    }
  }

  @Property(tries = 15)
  void shouldKeepListingAGoodStoryWhateverIsWrittenToStoriesBeforeIt(@ForAll("inputs") List<Input> inputs,
      @ForAll boolean eventClock) {
    Path dir = OddJson.tempDir("stories-property");
    PublishConfig config = new PublishConfig(Map.of(PublishConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
        PublishConfig.STATE_DIR_CONFIG, dir.toString(),
        PublishConfig.CLOCK_CONFIG, eventClock ? PublishConfig.CLOCK_EVENT : PublishConfig.CLOCK_WALL));
    try (TopologyTestDriver d = new TopologyTestDriver(PublishTopology.build(config, new SimpleMeterRegistry()),
        PublishTopology.streamsProperties(config), T0)) {
      var raw = d.createInputTopic(Topics.STORIES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
      var stories = d.createInputTopic(Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
          Topics.STORIES.valueSerde().serializer());
      var top = d.createOutputTopic(Topics.TOP_STORIES.name(), Topics.TOP_STORIES.keySerde().deserializer(),
          Topics.TOP_STORIES.valueSerde().deserializer());
      for (Input in : inputs) {
        raw.pipeInput(new TestRecord<>(in.key(), in.value(), T0));
        d.advanceWallClockTime(Duration.ofSeconds(1));
      }
      top.readKeyValuesToList();

      stories.pipeInput("s-good", story("s-good").authors(9).posts(50).lastSeen(T0).build(), T0);
      d.advanceWallClockTime(Duration.ofMinutes(10));
      TopList all = top.readKeyValuesToMap().get("all/24h");
      assertThat(all).as("a list is published after the good story").isNotNull();
      assertThat(all.items()).extracting(TopList.Item::storyId).as("the good story is listed").contains("s-good");
    } finally {
      OddJson.delete(dir);
    }
  }

  @Provide
  Arbitrary<List<Input>> inputs() {
    return input().list().ofMinSize(1).ofMaxSize(4);
  }

  static Arbitrary<Input> input() {
    Arbitrary<Integer> seq = Arbitraries.integers().between(0, 9);
    return Arbitraries.frequencyOf(
        Tuple.of(6, Combinators.combine(seq, fieldNames(), odd()).as((i, f, v) -> {
          ObjectNode s = base(i);
          s.set(f, v);
          return json(s, "story" + i + " with " + f + "=" + abbreviate(v));
        })),
        Tuple.of(2, Combinators.combine(seq, fieldNames(), odd(), fieldNames(), odd()).as((i, f, v, g, w) -> {
          ObjectNode s = base(i);
          s.set(f, v);
          s.set(g, w);
          return json(s, "story" + i + " with " + f + "=" + abbreviate(v) + ", " + g + "=" + abbreviate(w));
        })),
        Tuple.of(1, Combinators.combine(seq, fieldNames(), odd()).as((i, f, v) -> {
          ObjectNode s = base(i);
          String dup = "{\"" + f + "\":" + v + "," + s.toString().substring(1);
          return new Input("s-" + i, dup.getBytes(StandardCharsets.UTF_8), "story" + i + " with duplicate " + f);
        })),
        Tuple.of(1, Combinators.combine(seq, Arbitraries.integers().between(0, 10_000),
            Arbitraries.of((byte) 0xFF, (byte) 0xC3, (byte) 0x80, (byte) 0xED, (byte) 0x00)).as((i, at, b) -> {
          byte[] bytes = base(i).toString().getBytes(StandardCharsets.UTF_8);
          bytes[at % bytes.length] = b;
          return new Input("s-" + i, bytes, "story" + i + " with byte " + (at % bytes.length) + " = " + b);
        })),
        Tuple.of(1, seq.map(i -> new Input("s-" + i, null, "tombstone s-" + i))),
        Tuple.of(1, seq.map(i -> new Input(null, base(i).toString().getBytes(StandardCharsets.UTF_8), "story" + i + " without key"))));
  }

  private static Input json(ObjectNode s, String what) {
    return new Input("s-" + (what.charAt(5) - '0'), s.toString().getBytes(StandardCharsets.UTF_8), what);
  }

  private static String abbreviate(JsonNode v) {
    String s = String.valueOf(v);
    return s.length() > 80 ? s.substring(0, 80) + "... (" + s.length() + " chars)" : s;
  }

  static ObjectNode base(int i) {
    Story s = story("s-" + i).authors(2 + i).posts(3 + i).lastSeen(T0.minusSeconds(60L * i)).source(Source.REDDIT, 2 + i)
        .source(Source.TWITTER, 1).engagement(new Engagement(5L, 3L, 1L, 7L, 2L, null, null))
        .topPost("reddit:t3_p" + i, Source.REDDIT, "https://reddit.com/p" + i).build();
    try {
      return (ObjectNode) JSON.readTree(StorylineSerdes.story().serializer().serialize(Topics.STORIES.name(), s));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Arbitrary<String> fieldNames() {
    return Arbitraries.of("id", "label", "headline", "summary", "category", "terms", "links", "firstSeen", "lastSeen",
        "postCount", "authorCount", "sourceCounts", "engagement", "topPosts", "mergedInto", "mergedFrom", "version",
        "schemaVersion");
  }

  static Arbitrary<JsonNode> odd() {
    Arbitrary<JsonNode> times = OddJson.times();
    Arbitrary<JsonNode> numbers = OddJson.numbers();
    Arbitrary<JsonNode> strings = Arbitraries.oneOf(
        Arbitraries.of("", " ", "news", "NEWS", "research", "bogus", "s-1", "s-2", "s-good", "\ud83d", "\u0000")
            .map(N::textNode),
        Arbitraries.strings().all().ofMaxLength(20).map(N::textNode),
        Arbitraries.integers().between(0, 200_000).map(n -> N.textNode("w ".repeat(n / 2))));
    Arbitrary<JsonNode> arrays = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 5000).map(n -> {
          var a = N.arrayNode();
          for (int k = 0; k < n; k++) {
            a.add("s-" + k);
          }
          return (JsonNode) a;
        }),
        Arbitraries.just(N.arrayNode().addNull()),
        Arbitraries.just(N.arrayNode().add(1).add(true)),
        Arbitraries.just(N.arrayNode().add(N.objectNode())),
        Arbitraries.just(N.arrayNode().add(N.objectNode().put("id", "x").put("source", "reddit")
            .put("createdAt", "+1000000000-12-31T23:59:59Z").put("weight", 1e308))));
    Arbitrary<JsonNode> objects = Arbitraries.oneOf(
        Arbitraries.just(N.objectNode()),
        Combinators.combine(Arbitraries.of("REDDIT", "TWITTER", "DISCORD", "ARXIV", "reddit", "myspace", "score", "likes",
            "views", "comments", "reactions", "bogus"), Arbitraries.oneOf(numbers, Arbitraries.of(N.nullNode(),
            N.textNode("many")))).as((k, v) -> (JsonNode) N.objectNode().set(k, v)));
    return Arbitraries.oneOf(times, numbers, strings, arrays, objects,
        Arbitraries.of(N.nullNode(), N.booleanNode(true), N.booleanNode(false)));
  }
}
