package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingClusterStateTest {
  private static final class PassThrough extends ForwardingClusterState {
    PassThrough(ClusterState delegate) {
      super(delegate);
    }
  }

  @Test
  void shouldSendEveryWriteToTheDelegateAndReadItBack() {
    InMemoryClusterState delegate = new InMemoryClusterState();
    ClusterState forwarding = new PassThrough(delegate);
    ClusterMeta meta = new ClusterMeta(3, 2, 1, Instant.parse("2026-01-01T00:00:00Z"), 0.5);
    PostMemo memo = new PostMemo("s1", 0.4, true, Instant.parse("2026-01-01T00:00:00Z"), null, 7);

    forwarding.putMeta(meta);
    forwarding.putDocFreq("mla", 4);
    forwarding.putPost("p1", memo);
    forwarding.putRingSlot(7, "p1");

    assertThat(delegate.meta()).isEqualTo(meta);
    assertThat(delegate.docFreq("mla")).isEqualTo(4);
    assertThat(delegate.post("p1")).isEqualTo(memo);
    assertThat(delegate.ringSlot(7)).isEqualTo("p1");
    assertThat(forwarding.meta()).isEqualTo(meta);
    assertThat(forwarding.docFreq("mla")).isEqualTo(4);
    assertThat(forwarding.post("p1")).isEqualTo(memo);
    assertThat(forwarding.ringSlot(7)).isEqualTo("p1");

    forwarding.deletePost("p1");
    assertThat(delegate.post("p1")).isNull();
  }

  @Test
  void shouldForwardTheStoriesOfARealClusteringRun() {
    InMemoryClusterState delegate = new InMemoryClusterState();
    ClusterState forwarding = new PassThrough(delegate);
    try (StoryClusterer clusterer = new StoryClusterer(ClusterParams.DEFAULTS, forwarding)) {
      clusterer.assign(Posts.reddit("t1", "DeepSeek releases the mHC paper", "Manifold hyper-connections for deep nets", Posts.hours(0)));
      clusterer.assign(Posts.reddit("t2", "DDR5 prices surge again", "Memory makers cut output", Posts.hours(1)));
    }
    List<String> viaForwarding = new ArrayList<>();
    List<String> inDelegate = new ArrayList<>();
    forwarding.forEachStory(s -> viaForwarding.add(s.id()));
    delegate.forEachStory(s -> inDelegate.add(s.id()));
    assertThat(inDelegate).hasSize(2).isEqualTo(viaForwarding);
    inDelegate.forEach(id -> assertThat(forwarding.story(id)).isSameAs(delegate.story(id)));

    forwarding.deleteStory(inDelegate.get(0));
    assertThat(delegate.story(inDelegate.get(0))).isNull();
  }

  @Test
  void shouldRefuseANullDelegate() {
    assertThatThrownBy(() -> new PassThrough(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("delegate");
  }
}
