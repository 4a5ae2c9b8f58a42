package io.storyline.cluster.partitioned.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.storyline.cluster.PartitionedClusterTopology;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.cluster.internal.ClusterMeters;
import io.storyline.cluster.internal.StoreClusterState;
import io.storyline.cluster.internal.PostSanitizer;
import io.storyline.cluster.partitioned.LocalStoryUpdate;
import io.storyline.common.model.Post;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First level of the partitioned cluster stage: clusters the posts of one partition of {@code posts}
 * into local stories with the unchanged core ({@link StoryClusterer}) over this task's stores, and
 * forwards one {@link LocalStoryUpdate} per post (keyed by post id) towards the links topic. Null
 * posts (tombstones) are counted and logged, not forwarded. Not thread-safe; one per stream task.
 *
 * <p>Meters ({@link ClusterMeters}), tagged with the stream task, as the single-partition stage has them: {@code
 * storyline_cluster_posts_total{decision}}, {@code storyline_cluster_posts_skipped_total{reason}},
 * {@code storyline_cluster_stories_closed_total}, {@code storyline_cluster_stories_active} (local
 * stories of this partition), {@code storyline_cluster_assignment_seconds}.
 */
public final class LocalStoryProcessor implements Processor<String, Post, String, LocalStoryUpdate> {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStoryProcessor.class);

  private final ClusterParams params;
  private final MeterRegistry registry;
  private ProcessorContext<String, LocalStoryUpdate> context;
  private StoreClusterState state;
  private StoryClusterer clusterer;
  private int partition;
  private PostSanitizer sanitizer;
  private ClusterMeters meters;

  /**
   * @param params core parameters; may not be null
   * @param registry where the meters go; may not be null
   */
  public LocalStoryProcessor(ClusterParams params, MeterRegistry registry) {
    this.params = Objects.requireNonNull(params, "params can't be null");
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
  }

  @Override
  public void init(ProcessorContext<String, LocalStoryUpdate> context) {
    this.context = context;
    this.partition = context.taskId().partition();
    this.state = new StoreClusterState(
        context.getStateStore(PartitionedClusterTopology.LOCAL_STORY_STATE_STORE),
        context.getStateStore(PartitionedClusterTopology.LOCAL_DOC_FREQ_STORE),
        context.getStateStore(PartitionedClusterTopology.LOCAL_POST_STORY_STORE),
        context.getStateStore(PartitionedClusterTopology.LOCAL_POST_RING_STORE),
        context.getStateStore(PartitionedClusterTopology.LOCAL_META_STORE));
    this.clusterer = new StoryClusterer(params, state);
    Tags task = Tags.of("task", context.taskId().toString());
    meters = new ClusterMeters(registry, task, clusterer);
    sanitizer = new PostSanitizer(registry, task);
    LOG.info("local cluster processor initialised for task {} (partition {}) with {} open local stories",
        context.taskId(), partition, clusterer.openStories());
  }

  @Override
  public void process(Record<String, Post> record) {
    Post post = record.value();
    if (post == null) {
      long skipped = meters.tombstone();
      LOG.warn("skipping record with key {} at offset {} of partition {}: a null post (tombstone) cannot be assigned; skipped so far: {}",
          record.key(), context.recordMetadata().map(m -> m.offset()).orElse(-1L), partition, skipped);
      return;
    }
    post = sanitizer.apply(post);
    long start = System.nanoTime();
    Decision d = clusterer.assign(post);
    meters.decided(d, System.nanoTime() - start);
    LocalStoryUpdate u = LocalStoryUpdate.of(partition, d,
        d.kind() == Decision.Kind.DUPLICATE ? null : state.story(d.assignment().storyId()));
    context.forward(new Record<>(post.id(), u, record.timestamp()));
  }

  @Override
  public void close() {
    if (meters != null) {
      meters.close();
    }
    if (clusterer != null) {
      clusterer.close();
    }
  }
}
