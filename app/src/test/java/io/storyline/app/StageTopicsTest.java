package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.ClusterStage;
import io.storyline.common.stage.DeadLetterDeserializationHandler;
import io.storyline.common.topic.TopicSpec;
import io.storyline.ingest.normalize.NormalizerConfig;
import io.storyline.ingest.normalize.NormalizerTopology;
import io.storyline.publish.PublishConfig;
import io.storyline.publish.PublishTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * Each {@code storyline run <stage>} creates the topics it is given before the stage starts. A topic the
 * stage writes but the list lacks is missing on a fresh cluster (or auto-created with the broker's
 * defaults), and a write to it times out and stops the stage under exactly-once: session 9 found {@code
 * run publish} without its new {@code stories.dlq} and {@code run cluster} without {@code posts.dlq}, which its
 * deserialization handler writes. So for every stage and mode: every source and sink topic of the
 * topology, and the dead-letter topic of its deserialization handler, is in the stage's topic list.
 */
class StageTopicsTest {
  private static final Map<String, Object> COMMON = Map.of("bootstrap.servers", "unused:9092");

  private record Stage(String name, Topology topology, Properties properties, List<TopicSpec<?, ?>> topics) {}

  private static List<Stage> stages() {
    NormalizerConfig normalizer = new NormalizerConfig(COMMON);
    PublishConfig publish = new PublishConfig(COMMON);
    List<Stage> out = new ArrayList<>(List.of(
        new Stage("normalizer", NormalizerTopology.build(normalizer), NormalizerTopology.streamsProperties(normalizer),
            NormalizerTopology.topics()),
        new Stage("publish", PublishTopology.build(publish), PublishTopology.streamsProperties(publish),
            PublishTopology.topics())));
    for (String partitions : List.of("1", "4")) {
      ClusterConfig cluster = new ClusterConfig(Map.of("bootstrap.servers", "unused:9092",
          ClusterConfig.PARTITIONS_CONFIG, partitions));
      out.add(new Stage("cluster, " + partitions + " partition(s)",
          ClusterStage.topology(cluster, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
          ClusterStage.streamsProperties(cluster), ClusterStage.topics(cluster)));
    }
    return out;
  }

  /** @return the external topics the topology's sources read and sinks write (not its internal repartition topics) */
  private static Set<String> sourceAndSinkTopics(Topology topology) {
    Set<String> topics = new TreeSet<>();
    for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          topics.addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
          topics.add(sink.topic());
        }
      }
    }
    topics.removeIf(t -> t.endsWith("-repartition"));
    return topics;
  }

  @Test
  void shouldCreateEveryTopicAStageReadsOrWritesIncludingTheDeadLetterTopicOfItsDeserializationHandler()
      throws ReflectiveOperationException {
    for (Stage stage : stages()) {
      Set<String> declared = stage.topics().stream().map(TopicSpec::name).collect(Collectors.toSet());
      Set<String> used = sourceAndSinkTopics(stage.topology());
      assertThat(used).as(stage.name() + ": reads and writes").isNotEmpty();
      Object handler = stage.properties().get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG);
      if (handler != null && DeadLetterDeserializationHandler.class.isAssignableFrom(Class.forName(handler.toString()))) {
        used.add(((DeadLetterDeserializationHandler) Class.forName(handler.toString()).getConstructor().newInstance())
            .deadLetterTopic().name());
      }
      assertThat(declared).as(stage.name() + ": the topics its runner creates").containsAll(used);
    }
  }

  @Test
  void shouldDeadLetterUnreadableInputOfTheClusterAndPublishStagesToTheirOwnTopics() throws ReflectiveOperationException {
    for (Stage stage : stages()) {
      if (stage.name().equals("normalizer")) {
        continue; // reads bytes: nothing fails to deserialize, its parse step dead-letters instead
      }
      Object handler = stage.properties().get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG);
      assertThat(handler).as(stage.name()).isNotNull();
      String topic = ((DeadLetterDeserializationHandler) Class.forName(handler.toString()).getConstructor().newInstance())
          .deadLetterTopic().name();
      assertThat(topic).as(stage.name()).isEqualTo(stage.name().equals("publish") ? "stories.dlq" : "posts.dlq");
    }
  }
}
