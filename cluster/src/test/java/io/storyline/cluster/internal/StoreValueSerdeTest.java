package io.storyline.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.storyline.cluster.core.ClusterMeta;
import io.storyline.cluster.core.ClusterState;
import io.storyline.cluster.core.ForwardingClusterState;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.RankedTerms;
import io.storyline.cluster.core.TopPost;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.PostMemo;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.cluster.core.StoryState;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.serde.JsonSerde;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The cluster stage's versioned store format: what it writes (version 2, CBOR) reads back equal to the
 * record written, and what earlier versions wrote (version 1, JSON text) still reads to the same record.
 */
class StoreValueSerdeTest {
  private static final String TOPIC = "cluster-story-state-changelog";

  private final StoreValueSerde<StoryState> states = new StoreValueSerde<>(StoryState.class);
  private final StoreValueSerde<PostMemo> memos = new StoreValueSerde<>(PostMemo.class);
  private final StoreValueSerde<ClusterMeta> metas = new StoreValueSerde<>(ClusterMeta.class);

  private static List<Post> handMadePosts() {
    Instant t = Instant.parse("2026-03-02T10:15:30.123456789Z");
    return List.of(
        Post.builder(Source.REDDIT, "t3_a1").author("alice").title("Kimi K2 weights released on Hugging Face")
            .text("Moonshot released Kimi K2, a 1T MoE model; weights at https://huggingface.co/moonshotai/Kimi-K2")
            .links(List.of("https://huggingface.co/moonshotai/Kimi-K2")).createdAt(t)
            .engagement(new Engagement(null, null, null, 412L, null, null, null)).build(),
        Post.builder(Source.TWITTER, "1900000000000000001").author("bob")
            .text("Kimi K2 is out: open weights, 1T params MoE https://huggingface.co/moonshotai/Kimi-K2")
            .links(List.of("https://huggingface.co/moonshotai/Kimi-K2")).createdAt(t.plusSeconds(90)).build(),
        Post.builder(Source.REDDIT, "t3_a2").author("carol").title("Grok 4 benchmarks look strong")
            .text("xAI posted Grok 4 numbers on ARC-AGI and HLE.").createdAt(t.plusSeconds(3600)).build());
  }

  private void assertEveryStateRoundTrips(List<Post> posts) {
    InMemoryClusterState memory = new InMemoryClusterState();
    try (StoryClusterer clusterer = new StoryClusterer(ClusterParams.DEFAULTS, memory)) {
      posts.forEach(clusterer::assign);
    }
    JsonSerde<StoryState> json = new JsonSerde<>(StoryState.class);
    List<StoryState> all = new ArrayList<>();
    memory.forEachStory(all::add);
    assertThat(all).isNotEmpty();
    for (StoryState s : all) {
      byte[] v2 = states.serialize(TOPIC, s);
      assertThat(v2[0]).isEqualTo(StoreValueSerde.VERSION_2);
      assertThat(states.deserialize(TOPIC, v2)).as("version 2 of %s", s.id()).isEqualTo(s);
      assertThat(states.deserialize(TOPIC, json.serialize(TOPIC, s))).as("version 1 of %s", s.id()).isEqualTo(s);
    }
    ClusterMeta meta = memory.meta();
    assertThat(metas.deserialize(TOPIC, metas.serialize(TOPIC, meta))).isEqualTo(meta);
    assertThat(metas.deserialize(TOPIC, new JsonSerde<>(ClusterMeta.class).serialize(TOPIC, meta))).isEqualTo(meta);
    for (Post p : posts) {
      PostMemo memo = memory.post(p.id());
      if (memo != null) {
        assertThat(memos.deserialize(TOPIC, memos.serialize(TOPIC, memo))).isEqualTo(memo);
        assertThat(memos.deserialize(TOPIC, new JsonSerde<>(PostMemo.class).serialize(TOPIC, memo))).isEqualTo(memo);
      }
    }
  }

  @Test
  void shouldReadBackEveryStoryStateOfHandMadePostsInBothVersionsAsWritten() {
    assertEveryStateRoundTrips(handMadePosts());
  }

  @Test
  void shouldReadBackEveryStoryStateOfAWeekOfRealPostsInBothVersionsAsWritten() throws IOException {
    Path dir = RedditDumpPosts.dump();
    assumeTrue(dir != null, "../shared/data/reddit-localllama is absent; skipping the round trip of real story states");
    List<Post> posts = RedditDumpPosts.posts(dir, Instant.parse("2025-07-01T00:00:00Z"), Instant.parse("2025-07-08T00:00:00Z"));
    assertThat(posts).hasSizeGreaterThan(100);
    assertEveryStateRoundTrips(posts);
  }

  /**
   * The core keeps centroids and top-post vectors in memory as {@link RankedTerms}; the store holds the
   * same maps as before. A state of ranked vectors writes the same bytes as one of plain maps in the same
   * order, reads back as plain maps, and a clusterer whose every story state went through the store (so
   * it joins and merges read-back maps, whose order it checks) decides exactly as one that kept them.
   */
  @Test
  void shouldWriteRankedVectorsAsThePlainMapsTheyWereAndDecideAlikeOnStatesReadBack() throws IOException {
    Path dir = RedditDumpPosts.dump();
    List<Post> posts = dir == null ? handMadePosts()
        : RedditDumpPosts.posts(dir, Instant.parse("2025-07-01T00:00:00Z"), Instant.parse("2025-07-04T00:00:00Z"));
    InMemoryClusterState kept = new InMemoryClusterState();
    InMemoryClusterState stored = new InMemoryClusterState();
    ClusterState throughStore = new ThroughStore(stored);
    JsonSerde<StoryState> json = new JsonSerde<>(StoryState.class);
    try (StoryClusterer a = new StoryClusterer(ClusterParams.DEFAULTS, kept);
        StoryClusterer b = new StoryClusterer(ClusterParams.DEFAULTS, throughStore)) {
      for (Post p : posts) {
        Decision da = a.assign(p);
        Decision db = b.assign(p);
        assertThat(db.assignment()).as(p.id()).isEqualTo(da.assignment());
        assertThat(db.candidates()).as(p.id()).isEqualTo(da.candidates());
        assertThat(db.story()).as(p.id()).isEqualTo(da.story());
      }
    }
    List<StoryState> all = new ArrayList<>();
    kept.forEachStory(all::add);
    assertThat(all).isNotEmpty();
    for (StoryState s : all) {
      assertThat(s.centroid()).isInstanceOf(RankedTerms.class);
      StoryState plain = plain(s);
      assertThat(states.serialize(TOPIC, s)).as(s.id()).isEqualTo(states.serialize(TOPIC, plain));
      assertThat(json.serialize(TOPIC, s)).as(s.id()).isEqualTo(json.serialize(TOPIC, plain));
      StoryState read = stored.story(s.id());
      assertThat(read.centroid()).isNotInstanceOf(RankedTerms.class);
      assertThat(read).isEqualTo(s);
      assertThat(List.copyOf(read.centroid().entrySet())).isEqualTo(List.copyOf(s.centroid().entrySet()));
    }
  }

  /** The state with its vectors and surface forms copied into insertion-ordered plain maps. */
  private static StoryState plain(StoryState s) {
    List<TopPost> top = s.topPosts().stream()
        .map(t -> new TopPost(t.id(), t.source(), t.url(), t.author(), t.title(), t.snippet(), t.createdAt(),
            t.engagementMass(), new LinkedHashMap<>(t.vector())))
        .toList();
    return new StoryState(s.id(), s.number(), s.firstSeen(), s.lastSeen(), s.postCount(), new LinkedHashMap<>(s.centroid()),
        new LinkedHashMap<>(s.surfaces()), s.keys(), s.links(), s.authors(), s.sourceCounts(), s.engagement(), top, s.paperPosts(),
        s.toolPosts(), s.mergedFrom(), s.version(), s.lastPostSeq());
  }

  /** An in-memory state whose stories are written and read back through the store format, as the stage's are. */
  private final class ThroughStore extends ForwardingClusterState {
    ThroughStore(InMemoryClusterState inner) {
      super(inner);
    }

    @Override public void putStory(StoryState s) { super.putStory(states.deserialize(TOPIC, states.serialize(TOPIC, s))); }
  }

  @Test
  void shouldWriteSmallerValuesThanJsonText() {
    InMemoryClusterState memory = new InMemoryClusterState();
    try (StoryClusterer clusterer = new StoryClusterer(ClusterParams.DEFAULTS, memory)) {
      handMadePosts().forEach(clusterer::assign);
    }
    JsonSerde<StoryState> json = new JsonSerde<>(StoryState.class);
    memory.forEachStory(s -> assertThat(states.serialize(TOPIC, s).length).isLessThan(json.serialize(TOPIC, s).length));
  }

  @Test
  void shouldPassNullAndEmptyThroughAsNull() {
    assertThat(states.serialize(TOPIC, null)).isNull();
    assertThat(states.deserialize(TOPIC, null)).isNull();
    assertThat(states.deserialize(TOPIC, new byte[0])).isNull();
  }

  @Test
  void shouldNameTheTypeTheTopicAndTheVersionWhenBytesAreNotAValue() {
    assertThatThrownBy(() -> states.deserialize(TOPIC, new byte[] {StoreValueSerde.VERSION_2, (byte) 0xff, 0x13}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("StoryState").hasMessageContaining(TOPIC).hasMessageContaining("version-2");
    assertThatThrownBy(() -> states.deserialize(TOPIC, "{\"id\": ".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("version-1");
  }
}
