package io.storyline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.cluster.core.ClusterParams;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  @Test
  void shouldDocumentEveryKey() {
    ClusterConfig.definition().configKeys().values()
        .forEach(k -> assertThat(k.documentation).as("doc of %s", k.name).isNotBlank());
    assertThat(ClusterConfig.definition().names()).contains(
        "cluster.similarity.threshold", "cluster.candidates.k", "cluster.centroid.max.terms", "cluster.time.sigma.hours",
        "cluster.story.idle.horizon.hours", "cluster.application.id", "cluster.merge.threshold", "cluster.top.post.guard");
  }

  @Test
  void shouldDefaultToCoreDefaults() {
    ClusterConfig c = new ClusterConfig(Map.of("bootstrap.servers", "localhost:9092"));
    assertThat(c.params()).isEqualTo(ClusterParams.DEFAULTS);
    assertThat(c.applicationId()).isEqualTo("storyline-cluster");
  }

  @Test
  void shouldPassMergeThresholdAndChainingGuardToTheCore() {
    ClusterConfig c = new ClusterConfig(Map.of("bootstrap.servers", "x:1", "cluster.merge.threshold", "1.0", "cluster.top.post.guard", "0"));
    assertThat(c.params().merging()).isFalse();
    assertThat(c.params().topPostGuard()).isZero();
    assertThatThrownBy(() -> new ClusterConfig(Map.of("bootstrap.servers", "x:1", "cluster.merge.threshold", "-0.1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.merge.threshold");
  }

  @Test
  void shouldPassTheEstablishedStoriesMergeThresholdToTheCore() {
    ClusterConfig c = new ClusterConfig(Map.of("bootstrap.servers", "x:1", "cluster.merge.established.posts", "25",
        "cluster.merge.established.threshold", "0.4"));
    assertThat(c.params().establishedPosts()).isEqualTo(25);
    assertThat(c.params().mergeThresholdFor(25, 30)).isEqualTo(0.4);
    assertThat(c.params().mergeThresholdFor(24, 30)).isEqualTo(c.params().mergeThreshold());
    assertThatThrownBy(() -> new ClusterConfig(Map.of("bootstrap.servers", "x:1", "cluster.merge.established.posts", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.merge.established.posts");
  }

  @Test
  void shouldPassTheMergeBridgeToTheCoreDefaultingToTheCoresDefault() {
    assertThat(new ClusterConfig(Map.of("bootstrap.servers", "x:1")).params().mergeBridge())
        .isEqualTo(ClusterParams.DEFAULTS.mergeBridge());
    assertThat(new ClusterConfig(Map.of("bootstrap.servers", "x:1", "cluster.merge.bridge", "0.3")).params().mergeBridge())
        .isEqualTo(0.3);
    assertThatThrownBy(() -> new ClusterConfig(Map.of("bootstrap.servers", "x:1", "cluster.merge.bridge", "1.2")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.merge.bridge").hasMessageContaining("1.2");
  }

  @Test
  void shouldRejectThresholdOutsideUnitIntervalNamingKeyAndValue() {
    assertThatThrownBy(() -> new ClusterConfig(Map.of("bootstrap.servers", "x:1", "cluster.similarity.threshold", "1.7")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.similarity.threshold").hasMessageContaining("1.7");
  }

  @Test
  void shouldBuildExactlyOnceStreamsPropertiesWithOverrides() {
    ClusterConfig c = new ClusterConfig(Map.of("bootstrap.servers", "b:9092", "state.dir", "/tmp/s", "cluster.application.id", "app-x",
        "kafka.commit.interval.ms", "250"));
    var p = ClusterTopology.streamsProperties(c);
    assertThat(p).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "app-x").containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092")
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/tmp/s").containsEntry("commit.interval.ms", "250");
  }

  @Test
  void shouldPassTheIdleScaleToTheCoreInTypicalJoinGapsOrFixedPosts() {
    assertThat(new ClusterConfig(Map.of("bootstrap.servers", "x:1")).params().idleGaps()).isEqualTo(ClusterParams.DEFAULTS.idleGaps());
    ClusterConfig fixed = new ClusterConfig(Map.of("bootstrap.servers", "x:1", "cluster.idle.gaps", "0", "cluster.idle.posts", "800"));
    assertThat(fixed.params().idleGaps()).isZero();
    assertThat(fixed.params().idlePosts()).isEqualTo(800.0);
    assertThatThrownBy(() -> new ClusterConfig(Map.of("bootstrap.servers", "x:1", "cluster.idle.gaps", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.idle.gaps").hasMessageContaining("-1");
  }
}
