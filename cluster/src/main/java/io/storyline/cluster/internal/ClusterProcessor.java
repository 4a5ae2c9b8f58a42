package io.storyline.cluster.internal;

import io.storyline.cluster.ClusterTopology;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.common.model.Post;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns each post to a story: state from the stores, decision from {@link StoryClusterer}, one
 * assignment to {@link ClusterTopology#ASSIGNMENTS_SINK_NAME} and, unless the post is a duplicate,
 * the story snapshot to {@link ClusterTopology#STORIES_SINK_NAME}. Null posts (tombstones) are
 * counted and logged, not assigned. Not thread-safe; one instance per stream task.
 */
public final class ClusterProcessor implements Processor<String, Post, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterProcessor.class);

  private final ClusterParams params;
  private ProcessorContext<String, Object> context;
  private StoryClusterer clusterer;
  private long skippedNull;

  /**
   * @param params core parameters; may not be null
   */
  public ClusterProcessor(ClusterParams params) {
    this.params = Objects.requireNonNull(params, "params can't be null");
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    StoreClusterState state = new StoreClusterState(
        context.getStateStore(ClusterTopology.STORY_STATE_STORE),
        context.getStateStore(ClusterTopology.DOC_FREQ_STORE),
        context.getStateStore(ClusterTopology.POST_STORY_STORE),
        context.getStateStore(ClusterTopology.POST_RING_STORE),
        context.getStateStore(ClusterTopology.META_STORE));
    this.clusterer = new StoryClusterer(params, state);
    LOG.info("cluster processor initialised for task {} with {} open stories", context.taskId(), clusterer.openStories());
  }

  @Override
  public void process(Record<String, Post> record) {
    Post post = record.value();
    if (post == null) {
      skippedNull++;
      LOG.warn("skipping record with key {} at offset {}: a null post (tombstone) cannot be assigned; skipped so far: {}",
          record.key(), context.recordMetadata().map(m -> m.offset()).orElse(-1L), skippedNull);
      return;
    }
    Decision d = clusterer.assign(post);
    LOG.debug("{}", d);
    context.forward(new Record<String, Object>(post.id(), d.assignment(), record.timestamp()), ClusterTopology.ASSIGNMENTS_SINK_NAME);
    if (d.story() != null) {
      context.forward(new Record<String, Object>(d.story().id(), d.story(), record.timestamp()), ClusterTopology.STORIES_SINK_NAME);
    }
  }

  @Override
  public void close() {
    if (clusterer != null) {
      clusterer.close();
    }
  }
}
