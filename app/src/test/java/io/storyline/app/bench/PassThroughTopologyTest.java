package io.storyline.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.topic.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

class PassThroughTopologyTest {
  @Test
  void shouldWriteOneAssignmentPerPostKeyedByPostIdAndSkipTombstones() {
    PassThroughConfig config = new PassThroughConfig(Map.of("bootstrap.servers", "unused:9092"));
    Properties props = PassThroughTopology.streamsProperties(config);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    try (TopologyTestDriver driver = new TopologyTestDriver(PassThroughTopology.build(config), props)) {
      var in = driver.createInputTopic(Topics.POSTS.name(), Topics.POSTS.keySerde().serializer(),
          Topics.POSTS.valueSerde().serializer());
      var out = driver.createOutputTopic(Topics.STORY_ASSIGNMENTS.name(), Topics.STORY_ASSIGNMENTS.keySerde().deserializer(),
          Topics.STORY_ASSIGNMENTS.valueSerde().deserializer());
      Instant created = Instant.parse("2025-07-10T12:00:00Z");
      Post post = Post.builder(Source.REDDIT, "t3_abc").text("Kimi K2").createdAt(created)
          .fetchedAt(created.plusSeconds(5)).build();

      in.pipeInput(post.id(), post);
      in.pipeInput("reddit:t3_gone", null);

      var records = out.readKeyValuesToList();
      assertThat(records).hasSize(1);
      StoryAssignment a = records.get(0).value;
      assertThat(records.get(0).key).isEqualTo("reddit:t3_abc");
      assertThat(a.postId()).isEqualTo("reddit:t3_abc");
      assertThat(a.newStory()).isTrue();
      assertThat(a.postFetchedAt()).isEqualTo(created.plusSeconds(5));
    }
  }

  @Test
  void shouldNameEveryNodeAndRunExactlyOnceByDefault() {
    PassThroughConfig config = new PassThroughConfig(Map.of("bootstrap.servers", "localhost:9092",
        "kafka.commit.interval.ms", "250"));
    String description = PassThroughTopology.build(config).describe().toString();
    Properties props = PassThroughTopology.streamsProperties(config);

    assertThat(description).contains(PassThroughTopology.SOURCE_NAME, PassThroughTopology.PROCESSOR_NAME,
        PassThroughTopology.SINK_NAME);
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(props.get("commit.interval.ms")).isEqualTo("250");
    assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo(PassThroughConfig.DEFAULT_APPLICATION_ID);
  }
}
