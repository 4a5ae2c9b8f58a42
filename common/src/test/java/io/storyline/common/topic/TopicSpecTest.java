package io.storyline.common.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

  @Test
  void shouldRejectAPartitionCountBelowOneNamingTopicValueAndRule() {
    assertThatThrownBy(() -> new TopicSpec<>("posts", Serdes.String(), Serdes.String(), 0, "delete", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("illegal partition count 0 for topic posts, must be at least 1");
  }

  @Test
  void shouldRejectAnUnknownCleanupPolicyNamingTopicValueAndRule() {
    assertThatThrownBy(() -> new TopicSpec<>("stories", Serdes.String(), Serdes.String(), 1, "compact,delete", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("illegal cleanup.policy 'compact,delete' for topic stories, must be delete or compact");
  }

  @Test
  void shouldRejectMissingNameAndSerdesNamingWhatIsMissing() {
    assertThatThrownBy(() -> new TopicSpec<>(null, Serdes.String(), Serdes.String(), 1, "delete", Map.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("topic name can't be null");
    assertThatThrownBy(() -> new TopicSpec<>("posts", null, Serdes.String(), 1, "delete", Map.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("key serde of topic posts can't be null");
    assertThatThrownBy(() -> new TopicSpec<>("posts", Serdes.String(), null, 1, "delete", Map.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("value serde of topic posts can't be null");
  }

  @Test
  void shouldCarryCleanupPolicyAndConfigsIntoTheCreateRequest() {
    TopicSpec<String, String> spec =
        new TopicSpec<>("stories", Serdes.String(), Serdes.String(), 3, "compact", Map.of("retention.ms", "1000"));

    NewTopic request = spec.toNewTopic((short) 1);

    assertThat(spec.compacted()).isTrue();
    assertThat(request.numPartitions()).isEqualTo(3);
    assertThat(request.replicationFactor()).isEqualTo((short) 1);
    assertThat(request.configs()).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "1000");
  }

  @Test
  void shouldDeclareEveryTopicOnceWithAUniqueName() {
    assertThat(Topics.all()).extracting(TopicSpec::name).doesNotHaveDuplicates().contains("posts", "stories", "top-stories");
  }
}
