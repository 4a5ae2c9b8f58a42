package io.storyline.common.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.testkit.EmbeddedKafkaExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TopicAdmin} against a real broker holding topics an older version made. */
@Timeout(120)
class TopicAdminIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();

  @Test
  void shouldRaiseTheRecordSizeLimitOfARawTopicMadeByAnOlderVersionAndLeaveOtherDifferencesAsTheyAre() throws Exception {
    TopicSpec<String, byte[]> reddit = Topics.rawTopics().stream()
        .filter(t -> t.name().equals("posts.raw.reddit")).findFirst().orElseThrow();
    try (Admin admin = KAFKA.cluster().admin()) {
      // given: the topic as session 1 made it, 1 MB records, and an operator's own retention
      admin.createTopics(List.of(new NewTopic(reddit.name(), 1, (short) 1).configs(Map.of(
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588", TopicConfig.RETENTION_MS_CONFIG, "604800000")))).all().get();

      // when
      Set<String> created = TopicAdmin.ensureTopics(admin, List.of(reddit), (short) 1, 30_000);

      // then
      assertThat(created).as("nothing created: the topic existed").isEmpty();
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, reddit.name());
      var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).as("raised to what the raw topics need")
          .isEqualTo(Integer.toString(Topics.RAW_MAX_MESSAGE_BYTES));
      assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).as("an operator's choice is kept").isEqualTo("604800000");
    }
  }
}
