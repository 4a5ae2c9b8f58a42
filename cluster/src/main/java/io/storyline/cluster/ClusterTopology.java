package io.storyline.cluster;

import io.storyline.cluster.core.ClusterMeta;
import io.storyline.cluster.core.PostMemo;
import io.storyline.cluster.core.StoryState;
import io.storyline.cluster.internal.ClusterProcessor;
import io.storyline.cluster.internal.StoreValueSerde;
import io.storyline.common.topic.Topics;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The cluster stage's Kafka Streams topology: reads {@link Topics#POSTS}, assigns each post to a
 * story with the clustering core ({@link io.storyline.cluster.core.StoryClusterer}), writes one
 * {@link io.storyline.common.model.StoryAssignment} per post to {@link Topics#STORY_ASSIGNMENTS}
 * and the {@link io.storyline.common.model.Story} snapshots of the stories changed to {@link
 * Topics#STORIES}: once per story per {@code cluster.snapshot.interval.ms}, or once per post with 0
 * ({@link ClusterProcessor}).
 *
 * <p>State lives in persistent key-value stores with changelogs ({@link #STORY_STATE_STORE}, {@link
 * #DOC_FREQ_STORE}, {@link #POST_STORY_STORE}, {@link #POST_RING_STORE}, {@link #META_STORE}, {@link
 * #SNAPSHOT_PENDING_STORE}); the
 * in-memory story index is derived from the story-state store in the processor's {@code init()}, so a
 * restart or a restore gives the same decisions.
 *
 * <p><b>Single partition:</b> clustering is global (every post must see every open story), so
 * {@code posts} must have one partition; with more, each partition would cluster on its own.
 */
public final class ClusterTopology {
  /** Open story states, story id to {@link StoryState} ({@link StoreValueSerde}: CBOR, reads the older JSON). */
  public static final String STORY_STATE_STORE = "cluster-story-state";
  /** Document frequencies, term to count. */
  public static final String DOC_FREQ_STORE = "cluster-doc-freq";
  /** Recent posts, post id to {@link PostMemo} ({@link StoreValueSerde}). */
  public static final String POST_STORY_STORE = "cluster-post-story";
  /** The post memory ring, slot to post id (bounds {@link #POST_STORY_STORE}). */
  public static final String POST_RING_STORE = "cluster-post-ring";
  /** Counters, one key {@code meta} to {@link ClusterMeta} ({@link StoreValueSerde}). */
  public static final String META_STORE = "cluster-meta";
  /**
   * Stories changed since their snapshot was last published, story id to the record timestamp of the
   * latest change ({@link io.storyline.cluster.internal.PendingSnapshots}).
   */
  public static final String SNAPSHOT_PENDING_STORE = "cluster-snapshot-pending";

  public static final String SOURCE_NAME = "posts-source";
  public static final String PROCESSOR_NAME = "assign-post-to-story";
  public static final String ASSIGNMENTS_SINK_NAME = "story-assignments-sink";
  public static final String STORIES_SINK_NAME = "stories-sink";

  private ClusterTopology() {}

  /**
   * @param config the stage config; may not be null
   * @return the topology, with its meters on a private registry (nothing exported)
   */
  public static Topology build(ClusterConfig config) {
    return build(config, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /**
   * @param config the stage config; may not be null
   * @param registry where the processor's meters go ({@code storyline_cluster_*}, see {@link
   *     ClusterProcessor}); may not be null
   * @return the topology
   */
  public static Topology build(ClusterConfig config, io.micrometer.core.instrument.MeterRegistry registry) {
    java.util.Objects.requireNonNull(registry, "registry can't be null");
    var params = config.params();
    Topology t = new Topology();
    // refuses posts created in the future too (to posts.dlq via the deserialization handler)
    t.addSource(SOURCE_NAME, Topics.POSTS.keySerde().deserializer(),
        new io.storyline.cluster.internal.PostsInputDeserializer(System::currentTimeMillis), Topics.POSTS.name());
    var snapshotInterval = config.snapshotInterval();
    t.addProcessor(PROCESSOR_NAME, () -> new ClusterProcessor(params, snapshotInterval, registry), SOURCE_NAME);
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORY_STATE_STORE), Serdes.String(),
        new StoreValueSerde<>(StoryState.class)).withCachingEnabled(), PROCESSOR_NAME);
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DOC_FREQ_STORE), Serdes.String(),
        Serdes.Long()).withCachingEnabled(), PROCESSOR_NAME);
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POST_STORY_STORE), Serdes.String(),
        new StoreValueSerde<>(PostMemo.class)).withCachingEnabled(), PROCESSOR_NAME);
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POST_RING_STORE), Serdes.Long(),
        Serdes.String()).withCachingEnabled(), PROCESSOR_NAME);
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(META_STORE), Serdes.String(),
        new StoreValueSerde<>(ClusterMeta.class)).withCachingEnabled(), PROCESSOR_NAME);
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SNAPSHOT_PENDING_STORE), Serdes.String(),
        Serdes.Long()).withCachingEnabled(), PROCESSOR_NAME);
    t.addSink(ASSIGNMENTS_SINK_NAME, Topics.STORY_ASSIGNMENTS.name(), Topics.STORY_ASSIGNMENTS.keySerde().serializer(),
        Topics.STORY_ASSIGNMENTS.valueSerde().serializer(), PROCESSOR_NAME);
    t.addSink(STORIES_SINK_NAME, Topics.STORIES.name(), Topics.STORIES.keySerde().serializer(),
        Topics.STORIES.valueSerde().serializer(), PROCESSOR_NAME);
    return t;
  }

  /**
   * @param config the stage config; may not be null
   * @return Streams properties: exactly-once v2, application id, state dir, bootstrap servers, the
   *     deserialization handler that dead-letters unreadable {@code posts} records ({@link
   *     io.storyline.cluster.internal.DeadLetterDeserializationHandler}), then the {@code kafka.}-prefixed
   *     overrides (which win)
   */
  public static Properties streamsProperties(ClusterConfig config) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // an unreadable posts record goes to posts.dlq with its reason instead of stopping the stage
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        io.storyline.cluster.internal.DeadLetterDeserializationHandler.class.getName());
    p.put(io.storyline.common.stage.RocksDbMemory.BUDGET_PROPERTY, config.rocksDbMemoryBytes());
    p.putAll(config.kafkaClientOverrides());
    return p;
  }
}
