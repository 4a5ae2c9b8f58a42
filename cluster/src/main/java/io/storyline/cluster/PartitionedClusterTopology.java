package io.storyline.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.storyline.cluster.core.ClusterMeta;
import io.storyline.cluster.core.PostMemo;
import io.storyline.cluster.core.StoryState;
import io.storyline.cluster.partitioned.GlobalStory;
import io.storyline.cluster.partitioned.LinkerMeta;
import io.storyline.cluster.partitioned.LocalStoryUpdate;
import io.storyline.cluster.partitioned.internal.LocalStoryProcessor;
import io.storyline.cluster.partitioned.internal.StoryLinkProcessor;
import io.storyline.common.model.Post;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.serde.JsonSerde;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The cluster stage in its partitioned (two-level) mode, {@code cluster.partitions} &gt; 1 (design:
 * docs/ARCHITECTURE.md, "Clustering at scale"):
 *
 * <ol>
 *   <li>{@link #LOCAL_PROCESSOR_NAME}: one stream task per partition of {@link Topics#POSTS} (which
 *       must have {@code cluster.partitions} partitions) clusters its posts into local stories with
 *       the unchanged core, over its own stores ({@code cluster-local-*}), and writes one {@link
 *       LocalStoryUpdate} per post to the internal topic {@code <application.id>-}{@link
 *       #LINKS_TOPIC_NAME}{@code -repartition}, which has one partition;
 *   <li>{@link #LINK_PROCESSOR_NAME}: the one task of that topic links local stories into global
 *       stories ({@link io.storyline.cluster.partitioned.StoryLinker}, stores {@code cluster-link-*})
 *       and writes one {@link StoryAssignment} per post to {@link Topics#STORY_ASSIGNMENTS} and the
 *       global {@link Story} snapshots to {@link Topics#STORIES}, each changed story once per {@code
 *       cluster.snapshot.interval.ms} (0: per update): the same contracts as {@link
 *       ClusterTopology}, with story ids {@code g-000042}.
 * </ol>
 *
 * <p>Every store has a changelog; the story indexes are derived in the processors' {@code init()},
 * so a restart or a task moving to another instance continues exactly. The stores are named apart
 * from {@link ClusterTopology}'s, so switching modes needs a new {@code cluster.application.id} (or
 * an application reset), never a mixed restore.
 */
public final class PartitionedClusterTopology {
  /** Local story states of a partition, local story id to {@link StoryState} JSON. */
  public static final String LOCAL_STORY_STATE_STORE = "cluster-local-story-state";
  /** Document frequencies of a partition. */
  public static final String LOCAL_DOC_FREQ_STORE = "cluster-local-doc-freq";
  /** Recent posts of a partition, post id to {@link PostMemo} JSON. */
  public static final String LOCAL_POST_STORY_STORE = "cluster-local-post-story";
  /** The post memory ring of a partition. */
  public static final String LOCAL_POST_RING_STORE = "cluster-local-post-ring";
  /** Counters of a partition's clusterer. */
  public static final String LOCAL_META_STORE = "cluster-local-meta";
  /** Latest state of every open local story, {@code p<partition>/<local id>} to {@link StoryState} JSON. */
  public static final String LINK_LOCAL_STORE = "cluster-link-local";
  /** Local story key to its global story id. */
  public static final String LINK_GLOBAL_OF_STORE = "cluster-link-global-of";
  /** Open global stories, id to {@link GlobalStory} JSON. */
  public static final String LINK_GLOBAL_STORE = "cluster-link-global";
  /** Counters of the linker, one key {@code meta} to {@link LinkerMeta} JSON. */
  public static final String LINK_META_STORE = "cluster-link-meta";
  /** Global snapshots waiting for the next publication, story id to {@link Story} with its timestamp. */
  public static final String LINK_SNAPSHOT_PENDING_STORE = "cluster-link-snapshot-pending";

  public static final String SOURCE_NAME = "posts-source";
  public static final String LOCAL_PROCESSOR_NAME = "assign-post-to-local-story";
  /** Name of the links repartition step; the topic is {@code <application.id>-cluster-links-repartition}. */
  public static final String LINKS_TOPIC_NAME = "cluster-links";
  public static final String LINK_PROCESSOR_NAME = "link-local-stories";
  public static final String SPLIT_NAME = "route-";
  public static final String ASSIGNMENTS_BRANCH = "assignments";
  public static final String STORIES_BRANCH = "stories";
  public static final String ASSIGNMENTS_SINK_NAME = "story-assignments-sink";
  public static final String STORIES_SINK_NAME = "stories-sink";

  private PartitionedClusterTopology() {}

  /**
   * @param config the stage config; may not be null ({@code cluster.partitions} is not read here:
   *     the local level runs one task per partition {@code posts} has)
   * @param registry where the processors' meters go; may not be null
   * @return the topology
   */
  public static Topology build(ClusterConfig config, MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry can't be null");
    var params = config.params();
    var localParams = config.localParams();
    var snapshotInterval = config.snapshotInterval();
    StreamsBuilder b = new StreamsBuilder();
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LOCAL_STORY_STATE_STORE), Serdes.String(),
        new JsonSerde<>(StoryState.class)));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LOCAL_DOC_FREQ_STORE), Serdes.String(),
        Serdes.Long()));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LOCAL_POST_STORY_STORE), Serdes.String(),
        new JsonSerde<>(PostMemo.class)));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LOCAL_POST_RING_STORE), Serdes.Long(),
        Serdes.String()));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LOCAL_META_STORE), Serdes.String(),
        new JsonSerde<>(ClusterMeta.class)));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LINK_LOCAL_STORE), Serdes.String(),
        new JsonSerde<>(StoryState.class)));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LINK_GLOBAL_OF_STORE), Serdes.String(),
        Serdes.String()));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LINK_GLOBAL_STORE), Serdes.String(),
        new JsonSerde<>(GlobalStory.class)));
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LINK_META_STORE), Serdes.String(),
        new JsonSerde<>(LinkerMeta.class)));

    b.addStateStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(LINK_SNAPSHOT_PENDING_STORE),
        Serdes.String(), io.storyline.common.serde.StorylineSerdes.story()).withCachingEnabled());

    KStream<String, Post> posts = b.stream(Topics.POSTS.name(),
        Consumed.with(Topics.POSTS.keySerde(), io.storyline.cluster.internal.PostsInputDeserializer.serde())
            .withName(SOURCE_NAME));
    KStream<String, LocalStoryUpdate> local = posts.process(() -> new LocalStoryProcessor(localParams, registry),
        Named.as(LOCAL_PROCESSOR_NAME), LOCAL_STORY_STATE_STORE, LOCAL_DOC_FREQ_STORE, LOCAL_POST_STORY_STORE,
        LOCAL_POST_RING_STORE, LOCAL_META_STORE);
    KStream<String, Object> linked = local
        .repartition(Repartitioned.<String, LocalStoryUpdate>as(LINKS_TOPIC_NAME).withKeySerde(Serdes.String())
            .withValueSerde(new JsonSerde<>(LocalStoryUpdate.class)).withNumberOfPartitions(1))
        .process(() -> new StoryLinkProcessor(params, snapshotInterval, registry), Named.as(LINK_PROCESSOR_NAME), LINK_LOCAL_STORE,
            LINK_GLOBAL_OF_STORE, LINK_GLOBAL_STORE, LINK_META_STORE, LINK_SNAPSHOT_PENDING_STORE);
    linked.split(Named.as(SPLIT_NAME))
        .branch((k, v) -> v instanceof StoryAssignment, Branched.withConsumer(s -> s
            .mapValues(v -> (StoryAssignment) v, Named.as("as-story-assignment"))
            .to(Topics.STORY_ASSIGNMENTS.name(), Produced.with(Topics.STORY_ASSIGNMENTS.keySerde(),
                Topics.STORY_ASSIGNMENTS.valueSerde()).withName(ASSIGNMENTS_SINK_NAME)), ASSIGNMENTS_BRANCH))
        .branch((k, v) -> v instanceof Story, Branched.withConsumer(s -> s
            .mapValues(v -> (Story) v, Named.as("as-story"))
            .to(Topics.STORIES.name(), Produced.with(Topics.STORIES.keySerde(), Topics.STORIES.valueSerde())
                .withName(STORIES_SINK_NAME)), STORIES_BRANCH))
        .noDefaultBranch();
    return b.build();
  }

  /**
   * @param applicationId the stage's Streams application id
   * @return the internal links topic's name, {@code <applicationId>-cluster-links-repartition}
   */
  public static String linksTopic(String applicationId) {
    return applicationId + "-" + LINKS_TOPIC_NAME + "-repartition";
  }

  /**
   * @param partitions partitions of {@code posts}, &ge; 1
   * @return {@link Topics#POSTS} with that many partitions (everything else unchanged)
   */
  public static TopicSpec<String, Post> postsTopic(int partitions) {
    TopicSpec<String, Post> p = Topics.POSTS;
    return new TopicSpec<>(p.name(), p.keySerde(), p.valueSerde(), partitions, p.cleanupPolicy(), p.configs());
  }
}
