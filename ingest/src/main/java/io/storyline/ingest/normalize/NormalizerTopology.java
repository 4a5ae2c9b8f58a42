package io.storyline.ingest.normalize;

import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.topic.PostPartitioner;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The Normalizer: raw native payloads in, normalised {@code Post}s out.
 *
 * <pre>
 * posts.raw.{twitter,reddit,discord,arxiv,unknown}  (bytes; header storyline.format)
 *   → normalizer-source
 *   → normalizer-parse ──(bad input)──→ posts-dlq-sink → posts.dlq  (original bytes + storyline.dlq.* headers)
 *   → normalizer-created-range   (drops and counts posts created outside normalizer.created.from/to)
 *   → normalizer-dedupe [normalizer-seen-posts, normalizer-post-versions]  (drops repeated post ids)
 *   → normalizer-thread-root [normalizer-thread-roots]  (names the thread's root on replies to replies)
 *   → posts-sink → posts  (key = post id, value = Post JSON, partition by thread: {@link PostPartitioner})
 * </pre>
 *
 * Counts: {@link NormalizerMetrics}. Nothing stops the topology on bad input: parse failures
 * (including parser bugs, logged as errors) are dead-lettered.
 */
public final class NormalizerTopology {
  public static final String SOURCE = "normalizer-source";
  public static final String PARSE = "normalizer-parse";
  public static final String CREATED_RANGE = "normalizer-created-range";
  public static final String DEDUPE = "normalizer-dedupe";
  public static final String THREAD_ROOT = "normalizer-thread-root";
  public static final String POSTS_SINK = "posts-sink";
  public static final String DLQ_SINK = "posts-dlq-sink";
  /** The de-duplication store (post id → createdAt epoch ms); its changelog is {@code <app id>-normalizer-seen-posts-changelog}. */
  public static final String SEEN_POSTS_STORE = "normalizer-seen-posts";
  /**
   * The version of each post id emitted (post id → {@code "<fetchedAt epoch ms>:<content fingerprint>"}),
   * purged with {@link #SEEN_POSTS_STORE}; lets an edit through as an update, see {@code DedupeProcessor}.
   */
  public static final String POST_VERSIONS_STORE = "normalizer-post-versions";
  /**
   * The thread key of each post with a parent (post id → root id, timestamp = the post's createdAt),
   * purged with {@link #SEEN_POSTS_STORE}; see {@code ThreadRootProcessor}.
   */
  public static final String THREAD_ROOTS_STORE = "normalizer-thread-roots";

  private NormalizerTopology() {}

  /**
   * @return every topic the stage reads or writes, for a runner to create before the stage starts: the
   *     {@link Topics#rawTopics()}, {@code posts} and {@code posts.dlq}
   */
  public static java.util.List<io.storyline.common.topic.TopicSpec<?, ?>> topics() {
    java.util.List<io.storyline.common.topic.TopicSpec<?, ?>> topics = new java.util.ArrayList<>(Topics.rawTopics());
    topics.add(Topics.POSTS);
    topics.add(Topics.POSTS_DLQ);
    return java.util.List.copyOf(topics);
  }

  /**
   * @param config the Normalizer's configuration; may not be null
   * @return the topology, with its Micrometer meters on a private registry (nothing exported)
   */
  public static Topology build(NormalizerConfig config) {
    return build(config, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /**
   * @param config the Normalizer's configuration; may not be null
   * @param registry where the parse meters go ({@code storyline_normalizer_*}, see {@code
   *     ParseProcessor}); may not be null
   * @return a new topology reading all {@link Topics#rawTopics()} and writing {@link Topics#POSTS} and
   *     {@link Topics#POSTS_DLQ}
   */
  public static Topology build(NormalizerConfig config, io.micrometer.core.instrument.MeterRegistry registry) {
    java.util.Objects.requireNonNull(registry, "registry can't be null");
    Topology topology = new Topology();
    topology.addSource(SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
        Topics.rawTopics().stream().map(TopicSpec::name).toArray(String[]::new));
    topology.addProcessor(PARSE, () -> new ParseProcessor(PARSE, CREATED_RANGE, DLQ_SINK, registry), SOURCE);
    topology.addProcessor(CREATED_RANGE, () -> new CreatedRangeFilter(CREATED_RANGE, config.createdRange()), PARSE);
    topology.addProcessor(DEDUPE, () -> new DedupeProcessor(DEDUPE, config.dedupeRetention(), config.dedupePurgeInterval()),
        CREATED_RANGE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_POSTS_STORE), Serdes.String(), Serdes.Long()),
        DEDUPE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POST_VERSIONS_STORE), Serdes.String(), Serdes.String()),
        DEDUPE);
    topology.addProcessor(THREAD_ROOT,
        () -> new ThreadRootProcessor(THREAD_ROOT, config.dedupeRetention(), config.dedupePurgeInterval()), DEDUPE);
    topology.addStateStore(Stores.timestampedKeyValueStoreBuilder(
        Stores.persistentTimestampedKeyValueStore(THREAD_ROOTS_STORE), Serdes.String(), Serdes.String()), THREAD_ROOT);
    topology.addSink(POSTS_SINK, Topics.POSTS.name(), Topics.POSTS.keySerde().serializer(),
        StorylineSerdes.post().serializer(), new PostPartitioner(), THREAD_ROOT);
    topology.addSink(DLQ_SINK, Topics.POSTS_DLQ.name(), Topics.POSTS_DLQ.keySerde().serializer(),
        Topics.POSTS_DLQ.valueSerde().serializer(), PARSE);
    return topology;
  }

  /**
   * @param config the Normalizer's configuration; may not be null
   * @return Kafka Streams properties: application id {@code normalizer.application.id}, bootstrap
   *     servers, {@code exactly_once_v2}, state dir, replication factor of internal topics, {@code
   *     max.task.idle.ms} = {@code normalizer.merge.wait.ms} (event-time merge of the raw topics),
   *     producer {@code max.request.size} = {@link Topics#RAW_MAX_MESSAGE_BYTES} (dead letters keep the
   *     raw bytes), then every {@code kafka.}-prefixed override (which wins)
   */
  public static Properties streamsProperties(NormalizerConfig config) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
    // The task merges the raw topics by record timestamp (event time). Records already on the broker
    // are fetched before the merge goes on (KIP-695, at any setting >= 0); a partition that is caught
    // up is waited for this long for more records from its producer (NormalizerConfig#MERGE_WAIT_MS_DOC).
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, config.mergeWaitMs());
    // a dead letter carries the original raw bytes, up to the raw topics' max.message.bytes
    props.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        Topics.RAW_MAX_MESSAGE_BYTES);
    props.put(io.storyline.common.stage.RocksDbMemory.BUDGET_PROPERTY, config.rocksDbMemoryBytes());
    props.putAll(config.kafkaClientOverrides());
    return props;
  }
}
