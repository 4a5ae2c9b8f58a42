package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.cluster.internal.PostText;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.serde.JsonSerde;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Issue #7: the clustering core fed generated hostile posts — random Unicode (lone surrogates, ZWJ
 * emoji, RTL scripts, bidi controls, zero-width characters), posts of only emoji or only invisible
 * characters, empty texts, dangling and self-referencing parents, times from 1970 to 9999, repeated
 * ids — never throws, the analyser never yields an empty or invisible term, each post id keeps its
 * first assignment, and every story snapshot serialises with the real serdes.
 */
class HostilePostsPropertyTest {
  /** A term is letters/digits, optionally joined by - . _ / + ' (PostAnalyzer.TOKEN), 2..50 chars. */
  private static final Pattern TERM = Pattern.compile("[\\p{L}\\p{N}]+(?:[-._/+'][\\p{L}\\p{N}]+)*");
  private static final PostAnalyzer ANALYZER = new PostAnalyzer();

  @Provide
  static Arbitrary<String> hostile() {
    Arbitrary<String> special = Arbitraries.of(
        "\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
        "\u2066", "\u2067", "\u2068", "\u2069", "\u2060", "\uFEFF", "\u00AD", "\uD83D", "\uDE80", "\uD83D\uDE80",
        "\uD83D\uDC68\u200D\uD83D\uDCBB", "\uD83C\uDDFA\uD83C\uDDE6", "\u0646\u0645\u0648\u0630\u062C \u0643\u064A\u0645\u064A",
        "\u05E2\u05D1\u05E8\u05D9\u05EA", "\u4E2D\u6587\u6A21\u578B", "Kimi K2", "Kimi-K2's", "GPT-5.2", "27B", "llama.cpp",
        "DDR5", " ", "\n", "https://github.com/moonshot/kimi-k2", "u/someone", "r/LocalLLaMA", "'", "-", ".", "e\u0301",
        "\u0000", "\uFFFF", "\uFFFD", "\u0661\u0662\u0663", "x\u200Dy");
    return Arbitraries.frequencyOf(
        Tuple.of(4, special.list().ofMaxSize(14).map(parts -> String.join("", parts))),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(60)),
        Tuple.of(1, Arbitraries.strings().withCharRange('\uD800', '\uDFFF').ofMaxLength(5)));
  }

  @Property(tries = 500)
  void shouldAnalyseAnyTextIntoVisibleTermsOfTwoToFiftyChars(@ForAll("hostile") String text) {
    List<PostAnalyzer.Token> tokens = ANALYZER.tokens(text);

    for (PostAnalyzer.Token t : tokens) {
      assertThat(t.term()).hasSizeBetween(2, 50).matches(TERM);
      assertThat(t.term().codePoints().anyMatch(c -> Character.getType(c) == Character.FORMAT
          || Character.isWhitespace(c) || Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE))
          .as("term '%s' has an invisible or broken character", t.term()).isFalse();
      assertThat(t.surface()).isNotEmpty();
    }
  }

  @Property(tries = 200)
  void shouldGiveTheSameTermsWhenBidiControlsOrZeroWidthSpacesSurroundWords(@ForAll("words") List<String> words) {
    String plain = String.join(" ", words);
    StringBuilder wrapped = new StringBuilder();
    for (String w : words) {
      wrapped.append("\u202B\u200F").append(w).append("\u200E\u202C\u200B ");
    }
    assertThat(ANALYZER.terms(wrapped.toString())).isEqualTo(ANALYZER.terms(plain));
  }

  @Provide
  Arbitrary<List<String>> words() {
    return Arbitraries.of("Kimi", "K2", "GPT-5.2", "27B", "llama.cpp", "DDR5", "\u0643\u064A\u0645\u064A",
        "\u05E2\u05D1\u05E8\u05D9\u05EA", "release", "benchmark", "\u4E2D\u6587").list().ofMinSize(1).ofMaxSize(8);
  }

  /** A generated post: index into the stream, title/text, relation to an earlier index, time. */
  record Spec(int id, String title, String text, int parent, Relation relation, long epochSecond, List<String> links,
      long score) {}

  @Provide
  Arbitrary<List<Spec>> streams() {
    Arbitrary<Spec> spec = Combinators.combine(
        Arbitraries.integers().between(0, 40), hostile().injectNull(0.3), hostile(),
        Arbitraries.integers().between(-1, 40), Arbitraries.of(Relation.class),
        Arbitraries.oneOf(Arbitraries.longs().between(1_750_000_000L, 1_750_200_000L),
            Arbitraries.of(0L, 1L, 253_402_300_799L)),
        Arbitraries.of("https://github.com/moonshot/kimi-k2", "https://arxiv.org/abs/2507.00001", "https://example.com/\u202E",
            "https://x.com/a/status/1").list().ofMaxSize(3),
        Arbitraries.longs().between(-5, 1_000_000))
        .as(Spec::new);
    return spec.list().ofMinSize(1).ofMaxSize(40);
  }

  private static Post post(Spec s) {
    Post.Builder b = Post.builder(Source.REDDIT, "t3_p" + s.id()).author(s.id() % 3 == 0 ? null : "u" + (s.id() % 7))
        .title(s.title()).text(s.text()).links(s.links()).createdAt(Instant.ofEpochSecond(s.epochSecond()))
        .engagement(new Engagement(null, null, null, s.score(), null, null, null));
    if (s.relation() != Relation.NONE && s.parent() >= 0) {
      b.relation(s.relation(), "reddit:t3_p" + s.parent()); // may be itself, later, or never seen
    }
    return b.build();
  }

  @Property(tries = 60)
  void shouldAssignEveryGeneratedPostOnceAndKeepEveryStorySerialisable(@ForAll("streams") List<Spec> stream) {
    ClusterParams params = ClusterParams.DEFAULTS;
    JsonSerde<StoryState> stateSerde = new JsonSerde<>(StoryState.class);
    Map<String, String> firstStory = new HashMap<>();
    List<Decision> decisions = new ArrayList<>();
    try (StoryClusterer clusterer = new StoryClusterer(params, new InMemoryClusterState())) {
      for (Spec s : stream) {
        Post p = post(s);
        Decision d = clusterer.assign(p);
        decisions.add(d);
        assertThat(d.assignment().postId()).isEqualTo(p.id());
        String first = firstStory.putIfAbsent(p.id(), d.assignment().storyId());
        if (first != null) {
          assertThat(d.kind()).as("a post id seen before is not assigned again").isEqualTo(Decision.Kind.DUPLICATE);
          assertThat(d.assignment().storyId()).isEqualTo(first);
        }
        if (d.story() != null) {
          Story story = d.story();
          byte[] bytes = StorylineSerdes.story().serializer().serialize(Topics.STORIES.name(), story);
          assertThat(StorylineSerdes.story().deserializer().deserialize(Topics.STORIES.name(), bytes).id()).isEqualTo(story.id());
        }
      }
    }
    long distinct = stream.stream().map(Spec::id).distinct().count();
    assertThat(decisions.stream().filter(d -> d.kind() != Decision.Kind.DUPLICATE).count())
        .as("one counted decision per distinct post").isLessThanOrEqualTo(distinct);
    // with the posts as the cluster stage hands them to the core (bounded, lone surrogates replaced),
    // the state of every story still open round-trips through the store's serde
    InMemoryClusterState state = new InMemoryClusterState();
    try (StoryClusterer clusterer = new StoryClusterer(params, state)) {
      stream.forEach(s -> clusterer.assign(PostText.repair(PostText.bound(post(s)))));
    }
    state.forEachStory(st -> assertThat(stateSerde.deserializer().deserialize("cluster-story-state-changelog",
        stateSerde.serializer().serialize("cluster-story-state-changelog", st))).isEqualTo(st));
  }
}
