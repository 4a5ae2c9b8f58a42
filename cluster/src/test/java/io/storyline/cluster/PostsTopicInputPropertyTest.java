package io.storyline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.testkit.OddJson;
import io.storyline.common.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Anyone who can write {@code posts} (another producer, an older version, a hand-written record) can
 * feed the cluster stage: generated records, valid JSON with extreme or odd values, wrong types,
 * unknown enums, duplicate keys, tombstones, bytes that are not UTF-8, are piped into the real
 * topology (single and partitioned mode) on {@link TopologyTestDriver}. Whatever they are, the stage
 * keeps running (a good post after them is assigned) and each one is either assigned (a post the
 * stage can use), skipped as a tombstone, or dead-lettered by the deserialisation handler (counted in
 * Streams' {@code dropped-records-total}; what the handler sends is checked in {@code
 * ClusterBadInputTest} and {@code ClusterDeadLetterIT}).
 */
class PostsTopicInputPropertyTest {
  private static final Instant T0 = Instant.parse("2025-07-11T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory N = JsonNodeFactory.instance;

  /** One generated record: its key and value bytes (null: a tombstone), and what it is, for the report. */
  record Input(String key, byte[] value, String what) {
    @Override
    public String toString() {
      return what;
    }
  }

  @Property(tries = 10)
  void shouldKeepAssigningWhateverIsWrittenToPostsInSingleMode(@ForAll("inputs") List<Input> inputs) {
    check(1, inputs);
  }

  @Property(tries = 10)
  void shouldKeepAssigningWhateverIsWrittenToPostsInPartitionedMode(@ForAll("inputs") List<Input> inputs) {
    check(3, inputs);
  }

  private static void check(int partitions, List<Input> inputs) {
    Path dir = OddJson.tempDir("posts-property");
    Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", "unused:9092", "state.dir", dir.toString(),
        "cluster.application.id", "posts-property-test"));
    m.put(ClusterConfig.PARTITIONS_CONFIG, Integer.toString(partitions));
    ClusterConfig config = new ClusterConfig(m);
    try (TopologyTestDriver d = new TopologyTestDriver(ClusterStage.topology(config, new SimpleMeterRegistry()),
        ClusterStage.streamsProperties(config), T0)) {
      TestInputTopic<String, byte[]> raw = d.createInputTopic(Topics.POSTS.name(), Serdes.String().serializer(),
          Serdes.ByteArray().serializer());
      TestOutputTopic<String, StoryAssignment> assignments = d.createOutputTopic(Topics.STORY_ASSIGNMENTS.name(),
          Topics.STORY_ASSIGNMENTS.keySerde().deserializer(), Topics.STORY_ASSIGNMENTS.valueSerde().deserializer());
      long records = 0;
      for (Input in : inputs) {
        raw.pipeInput(new TestRecord<>(in.key(), in.value(), T0));
        if (in.value() != null) {
          records++;
        }
        d.advanceWallClockTime(java.time.Duration.ofMillis(100)); // snapshots of what changed are published
      }
      long assigned = assignments.readKeyValuesToList().size();
      assertThat(assigned + dropped(d)).as("each record is assigned or dead-lettered").isEqualTo(records);

      Post good = Post.builder(Source.REDDIT, "t3_goodafter").author("u").title("Kimi K2 released with open weights")
          .createdAt(T0).build();
      raw.pipeInput(new TestRecord<>(good.id(), StorylineSerdes.post().serializer().serialize(Topics.POSTS.name(), good), T0));
      assertThat(assignments.readKeyValuesToList()).as("a good post after them is assigned")
          .extracting(kv -> kv.key).containsExactly(good.id());
      d.advanceWallClockTime(java.time.Duration.ofMillis(100));
    } finally {
      OddJson.delete(dir);
    }
  }

  private static double dropped(TopologyTestDriver d) {
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : d.metrics().entrySet()) {
      if (e.getKey().name().equals("dropped-records-total") && e.getValue().metricValue() instanceof Number n) {
        sum += n.doubleValue();
      }
    }
    return sum;
  }

  @Provide
  Arbitrary<List<Input>> inputs() {
    return input().list().ofMinSize(1).ofMaxSize(4);
  }

  static Arbitrary<Input> input() {
    Arbitrary<Integer> seq = Arbitraries.integers().between(0, 9);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Combinators.combine(seq, fieldNames(), odd()).as((i, f, v) -> {
          ObjectNode post = basePost(i);
          post.set(f, v);
          return json(post, "post" + i + " with " + f + "=" + abbreviate(v));
        })),
        net.jqwik.api.Tuple.of(2, Combinators.combine(seq, fieldNames(), odd(), fieldNames(), odd()).as((i, f, v, g, w) -> {
          ObjectNode post = basePost(i);
          post.set(f, v);
          post.set(g, w);
          return json(post, "post" + i + " with " + f + "=" + abbreviate(v) + ", " + g + "=" + abbreviate(w));
        })),
        net.jqwik.api.Tuple.of(1, Combinators.combine(seq, fieldNames(), odd()).as((i, f, v) -> {
          ObjectNode post = basePost(i);
          String text = post.toString();
          String dup = "{\"" + f + "\":" + v + "," + text.substring(1); // the field twice, this value first
          return new Input(key(post), dup.getBytes(StandardCharsets.UTF_8), "post" + i + " with duplicate " + f);
        })),
        net.jqwik.api.Tuple.of(1, Combinators.combine(seq, Arbitraries.integers().between(0, 10_000),
            Arbitraries.of((byte) 0xFF, (byte) 0xC3, (byte) 0x80, (byte) 0xED, (byte) 0x00)).as((i, at, b) -> {
          ObjectNode post = basePost(i);
          byte[] bytes = post.toString().getBytes(StandardCharsets.UTF_8);
          bytes[at % bytes.length] = b;
          return new Input(key(post), bytes, "post" + i + " with byte " + (at % bytes.length) + " = " + b);
        })),
        net.jqwik.api.Tuple.of(1, seq.map(i -> new Input("reddit:t3_p" + i, null, "tombstone"))));
  }

  private static Input json(ObjectNode post, String what) {
    return new Input(key(post), post.toString().getBytes(StandardCharsets.UTF_8), what);
  }

  private static String key(ObjectNode post) {
    JsonNode id = post.get("id");
    return id != null && id.isTextual() ? id.asText() : "reddit:t3_x";
  }

  private static String abbreviate(JsonNode v) {
    String s = String.valueOf(v);
    return s.length() > 80 ? s.substring(0, 80) + "... (" + s.length() + " chars)" : s;
  }

  static ObjectNode basePost(int i) {
    Post p = Post.builder(Source.REDDIT, "t3_p" + i).author("u" + i).channel("LocalLLaMA")
        .title("Grok 4 benchmarks " + i).text("some text about grok " + i).links(List.of("https://x.ai/grok"))
        .createdAt(T0.plusSeconds(i)).engagement(new Engagement(5L, 3L, 1L, null, null, null, null))
        .relation(i % 3 == 0 ? Relation.REPLY : Relation.NONE, i % 3 == 0 ? "reddit:t3_p" + (i + 1) : null).build();
    try {
      return (ObjectNode) JSON.readTree(StorylineSerdes.post().serializer().serialize(Topics.POSTS.name(), p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Arbitrary<String> fieldNames() {
    return Arbitraries.of("id", "source", "nativeId", "url", "author", "channel", "title", "text", "links", "createdAt",
        "fetchedAt", "engagement", "relation", "parentId", "rootId", "lang", "schemaVersion");
  }

  /** Values of every JSON type, at the ends of ranges and beyond. */
  static Arbitrary<JsonNode> odd() {
    Arbitrary<JsonNode> times = OddJson.times();
    Arbitrary<JsonNode> numbers = OddJson.numbers();
    Arbitrary<JsonNode> strings = Arbitraries.oneOf(
        Arbitraries.of("", " ", "reddit", "twitter", "myspace", "REPLY", "reply", "quote", "NONE", "none", "bogus",
            "reddit:t3_p1", "reddit:t3_p2", "reddit:t3_x", "\ud83d", "\u0000", "null").map(N::textNode),
        Arbitraries.strings().all().ofMaxLength(20).map(N::textNode),
        Arbitraries.integers().between(0, 200_000).map(n -> N.textNode("w ".repeat(n / 2))));
    Arbitrary<JsonNode> arrays = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 5000).map(n -> {
          var a = N.arrayNode();
          for (int k = 0; k < n; k++) {
            a.add("https://example.com/" + k);
          }
          return (JsonNode) a;
        }),
        Arbitraries.just(N.arrayNode().addNull()),
        Arbitraries.just(N.arrayNode().add(1).add(true)),
        Arbitraries.just(N.arrayNode().add("x".repeat(100_000))),
        Arbitraries.just(N.arrayNode().add(N.objectNode())));
    Arbitrary<JsonNode> objects = Arbitraries.oneOf(
        Arbitraries.just(N.objectNode()),
        Combinators.combine(Arbitraries.of("score", "comments", "likes", "reposts", "replies", "views", "reactions", "bogus"),
            numbers).as((k, v) -> (JsonNode) N.objectNode().set(k, v)),
        Arbitraries.just(N.objectNode().put("score", "many")));
    return Arbitraries.oneOf(times, numbers, strings, arrays, objects,
        Arbitraries.of(N.nullNode(), N.booleanNode(true), N.booleanNode(false)));
  }
}
