package io.storyline.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.topic.Topics;
import io.storyline.publish.rank.StoryRanker;
import io.storyline.publish.rank.StoryActivity;
import io.storyline.publish.rank.EngagementNorms;
import io.storyline.common.serde.JsonSerde;
import io.storyline.publish.rank.TopListBuilder;
import io.storyline.publish.streams.PostFetchTracker;
import io.storyline.publish.streams.TopStoriesProcessor;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The ranking topology: {@code stories} → {@link TopStoriesProcessor} → {@code top-stories}.
 *
 * <pre>
 *   stories-source (Topics.STORIES, String → Story)
 *     → rank-top-stories  [stores: publish-candidates, publish-clock, publish-emitted, publish-activity, publish-norms]
 *     → top-stories-sink (Topics.TOP_STORIES, list id → TopList)
 *     → digests-sink (Topics.DIGESTS, {@code <list>@<yyyy-MM-dd>} → TopList, daily editions)
 *     → stories-dlq-sink (Topics.STORIES_DLQ: a record with neither key nor value, a story last seen
 *       more than an hour after the wall clock; storyline.dlq.* headers)
 * </pre>
 *
 * All its stores are persistent key-value stores with changelogs ({@code
 * <application.id>-publish-candidates-changelog}, ...), so the full candidate set, the event-time
 * "now" and the last emitted lists survive restarts under exactly-once.
 */
public final class PublishTopology {
  /** Name of the source node. */
  public static final String SOURCE_NAME = "stories-source";
  /** Name of the ranking processor. */
  public static final String PROCESSOR_NAME = "rank-top-stories";
  /** Name of the sink node. */
  public static final String SINK_NAME = TopStoriesProcessor.LISTS_CHILD;
  /** Store of all candidate stories, story id → Story. */
  public static final String CANDIDATES_STORE = "publish-candidates";
  /** Store of the event-time now, a single key → epoch ms. */
  public static final String CLOCK_STORE = "publish-clock";
  /** Store of the last emitted list per list id. */
  public static final String EMITTED_STORE = "publish-emitted";
  /** Store of each candidate's posts per hour, story id → StoryActivity. */
  public static final String ACTIVITY_STORE = "publish-activity";
  /** Store of the learned engagement norms, a single key → EngagementNorms. */
  public static final String NORMS_STORE = "publish-norms";
  /** Name of the sink of stories the ranking refuses ({@code stories.dlq}). */
  public static final String DLQ_SINK_NAME = TopStoriesProcessor.DEAD_LETTER_CHILD;
  /** Name of the digests sink node. */
  public static final String DIGESTS_SINK_NAME = TopStoriesProcessor.DIGESTS_CHILD;
  /** Source node of {@code story-assignments}, for the end-to-end latency. */
  public static final String ASSIGNMENTS_SOURCE_NAME = "story-assignments-source";
  /** Processor that records the fetch time of posts not yet shown in a list. */
  public static final String FETCH_TRACKER_NAME = "track-post-fetch-times";
  /** Store: story id → fetch time (epoch ms) of its oldest post no list has shown yet. */
  public static final String PENDING_FETCH_STORE = "publish-pending-fetch";

  private PublishTopology() {}

  /**
   * @return every topic the stage reads or writes, for a runner to create before the stage starts:
   *     {@code stories}, {@code story-assignments}, {@code top-stories}, {@code digests} and {@code
   *     stories.dlq} (written by the ranking and by the deserialization handler)
   */
  public static java.util.List<io.storyline.common.topic.TopicSpec<?, ?>> topics() {
    return java.util.List.of(Topics.STORIES, Topics.STORY_ASSIGNMENTS, Topics.TOP_STORIES, Topics.DIGESTS,
        Topics.STORIES_DLQ);
  }

  /**
   * Builds the topology without metrics (meters go to an empty composite registry, i.e. nowhere).
   *
   * @param config the stage config; may not be null
   * @return a new topology
   */
  public static Topology build(PublishConfig config) {
    return build(config, new CompositeMeterRegistry());
  }

  /**
   * Builds the topology.
   *
   * @param config the stage config; may not be null
   * @param registry registry for {@code storyline_publish_lists_emitted_total}, {@code
   *     storyline_publish_ranking_seconds}, {@code storyline_publish_stories_dead_letters_total} and {@code
   *     storyline_publish_assignments_skipped_total}; may not be null
   * @return a new topology
   */
  public static Topology build(PublishConfig config, MeterRegistry registry) {
    Objects.requireNonNull(config, "config can't be null");
    Objects.requireNonNull(registry, "registry can't be null");
    TopListBuilder builder = new TopListBuilder(new StoryRanker(), config.topN());
    TopStoriesProcessor.StoreNames names =
        new TopStoriesProcessor.StoreNames(CANDIDATES_STORE, CLOCK_STORE, EMITTED_STORE, ACTIVITY_STORE, NORMS_STORE,
            PENDING_FETCH_STORE);
    TopStoriesProcessor.Digests digests =
        new TopStoriesProcessor.Digests(config.digestHourUtc(), config.digestLists());

    StoreBuilder<KeyValueStore<String, Story>> candidates =
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CANDIDATES_STORE), Serdes.String(), StorylineSerdes.story());
    StoreBuilder<KeyValueStore<String, Long>> clock =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOCK_STORE), Serdes.String(), Serdes.Long());
    StoreBuilder<KeyValueStore<String, TopList>> emitted =
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EMITTED_STORE), Serdes.String(), StorylineSerdes.topList());

    StoreBuilder<KeyValueStore<String, StoryActivity>> activity =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACTIVITY_STORE), Serdes.String(),
            new JsonSerde<>(StoryActivity.class));
    StoreBuilder<KeyValueStore<String, EngagementNorms>> norms =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NORMS_STORE), Serdes.String(),
            new JsonSerde<>(EngagementNorms.class));

    Topology topology = new Topology();
    topology.addSource(
        SOURCE_NAME,
        Topics.STORIES.keySerde().deserializer(),
        Topics.STORIES.valueSerde().deserializer(),
        Topics.STORIES.name());
    topology.addProcessor(
        PROCESSOR_NAME,
        () ->
            new TopStoriesProcessor(
                config.lists(), builder, config.eventClock(), config.emitInterval(), config.recomputeInterval(), names,
                registry, digests),
        SOURCE_NAME);
    topology.addStateStore(candidates, PROCESSOR_NAME);
    topology.addStateStore(clock, PROCESSOR_NAME);
    topology.addStateStore(emitted, PROCESSOR_NAME);
    topology.addStateStore(activity, PROCESSOR_NAME);
    topology.addStateStore(norms, PROCESSOR_NAME);
    // end-to-end latency: fetch times of posts not yet shown in a list, from story-assignments
    topology.addSource(ASSIGNMENTS_SOURCE_NAME, Topics.STORY_ASSIGNMENTS.keySerde().deserializer(),
        Topics.STORY_ASSIGNMENTS.valueSerde().deserializer(), Topics.STORY_ASSIGNMENTS.name());
    topology.addProcessor(FETCH_TRACKER_NAME, () -> new PostFetchTracker(PENDING_FETCH_STORE, registry), ASSIGNMENTS_SOURCE_NAME);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_FETCH_STORE), Serdes.String(), Serdes.Long()),
        FETCH_TRACKER_NAME, PROCESSOR_NAME);
    topology.addSink(
        SINK_NAME,
        Topics.TOP_STORIES.name(),
        Topics.TOP_STORIES.keySerde().serializer(),
        Topics.TOP_STORIES.valueSerde().serializer(),
        PROCESSOR_NAME);
    topology.addSink(
        DLQ_SINK_NAME,
        Topics.STORIES_DLQ.name(),
        Topics.STORIES.keySerde().serializer(),
        Topics.STORIES.valueSerde().serializer(),
        PROCESSOR_NAME);
    topology.addSink(
        DIGESTS_SINK_NAME,
        Topics.DIGESTS.name(),
        Topics.DIGESTS.keySerde().serializer(),
        Topics.DIGESTS.valueSerde().serializer(),
        PROCESSOR_NAME);
    return topology;
  }

  /**
   * The Kafka Streams settings for this topology: application id, bootstrap servers, state dir,
   * {@code exactly_once_v2}, replication factor of internal topics, unreadable {@code stories} and
   * {@code story-assignments} records to {@code stories.dlq} with their reason ({@link
   * io.storyline.publish.streams.DeadLetterDeserializationHandler}; Kafka Streams also counts them in its
   * {@code dropped-records-total} metric), then every {@code kafka.*} override.
   *
   * @param config the stage config; may not be null
   * @return a new, mutable Properties
   */
  public static Properties streamsProperties(PublishConfig config) {
    Objects.requireNonNull(config, "config can't be null");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        io.storyline.publish.streams.DeadLetterDeserializationHandler.class.getName());
    props.put(io.storyline.common.stage.RocksDbMemory.BUDGET_PROPERTY, config.rocksDbMemoryBytes());
    props.putAll(config.kafkaClientOverrides());
    return props;
  }
}
