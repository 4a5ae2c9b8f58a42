package io.storyline.app.bench;

import io.storyline.common.model.Post;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.topic.Topics;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The physical floor of the cluster stage: reads {@code posts} and writes one {@link StoryAssignment}
 * per post to {@code story-assignments} without clustering (each post "opens" the story named after
 * it), with the same serdes and exactly-once settings as the real stage. What it costs is what Kafka,
 * the serdes and the transaction machinery cost on this machine; the pipeline's throughput is reported
 * as a fraction of it.
 *
 * <pre>
 *   floor-posts-source (posts, String → Post) → floor-assign-trivially → floor-assignments-sink (story-assignments)
 * </pre>
 */
public final class PassThroughTopology {
  public static final String SOURCE_NAME = "floor-posts-source";
  public static final String PROCESSOR_NAME = "floor-assign-trivially";
  public static final String SINK_NAME = "floor-assignments-sink";

  private PassThroughTopology() {}

  /**
   * @param config the settings; may not be null
   * @return a new topology
   */
  public static Topology build(PassThroughConfig config) {
    Objects.requireNonNull(config, "config can't be null");
    Topology t = new Topology();
    t.addSource(SOURCE_NAME, Topics.POSTS.keySerde().deserializer(), Topics.POSTS.valueSerde().deserializer(),
        Topics.POSTS.name());
    t.addProcessor(PROCESSOR_NAME, TrivialAssigner::new, SOURCE_NAME);
    t.addSink(SINK_NAME, Topics.STORY_ASSIGNMENTS.name(), Topics.STORY_ASSIGNMENTS.keySerde().serializer(),
        Topics.STORY_ASSIGNMENTS.valueSerde().serializer(), PROCESSOR_NAME);
    return t;
  }

  /**
   * @param config the settings; may not be null
   * @return Streams properties: application id, bootstrap servers, state dir, {@code exactly_once_v2},
   *     then every {@code kafka.*} override
   */
  public static Properties streamsProperties(PassThroughConfig config) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(io.storyline.common.stage.RocksDbMemory.BUDGET_PROPERTY, config.rocksDbMemoryBytes());
    p.putAll(config.kafkaClientOverrides());
    return p;
  }

  /** One assignment per post, no state. A null post (tombstone) is skipped. Not thread-safe. */
  static final class TrivialAssigner implements Processor<String, Post, String, StoryAssignment> {
    private ProcessorContext<String, StoryAssignment> context;

    @Override
    public void init(ProcessorContext<String, StoryAssignment> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, Post> record) {
      Post p = record.value();
      if (p == null) {
        return;
      }
      context.forward(record.withKey(p.id())
          .withValue(new StoryAssignment(p.id(), "floor-" + p.id(), 0.0, true, p.createdAt(), p.fetchedAt())));
    }
  }
}
