package io.storyline.cluster.internal;

import io.storyline.cluster.ClusterTopology;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.common.model.Post;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>Meters (Prometheus names), tagged with the stream task:
 *
 * <ul>
 *   <li>{@code storyline_cluster_posts_total{decision}}: posts by decision ({@code joined}, {@code
 *       new_story}, {@code followed_parent}, {@code duplicate}); new stories are {@code new_story};
 *   <li>{@code storyline_cluster_posts_skipped_total{reason="tombstone"}};
 *   <li>{@code storyline_cluster_posts_repaired_total{fix}}: posts changed before clustering ({@link
 *       PostText}): {@code fix="surrogates"} lone UTF-16 surrogates replaced by U+FFFD, {@code
 *       fix="bounded"} fields cut to the post limits;
 *   <li>{@code storyline_cluster_stories_closed_total}: stories aged out past the idle horizon;
 *   <li>{@code storyline_cluster_stories_active}: open stories, which is also the number of documents
 *       in the in-memory story index;
 *   <li>{@code storyline_cluster_assignment_seconds}: time per decision (candidate retrieval from the
 *       index, scoring and the state update), a histogram.
 * </ul>
 */
public final class ClusterProcessor implements Processor<String, Post, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterProcessor.class);

  private final ClusterParams params;
  private final MeterRegistry registry;
  private ProcessorContext<String, Object> context;
  private StoryClusterer clusterer;
  private long skippedNull;
  private Counter tombstones;
  private PostSanitizer sanitizer;
  private Counter closed;
  private Timer assignment;
  private final Map<Decision.Kind, Counter> decisions = new EnumMap<>(Decision.Kind.class);

  /**
   * @param params core parameters; may not be null
   * @param registry where the meters go; may not be null
   */
  public ClusterProcessor(ClusterParams params, MeterRegistry registry) {
    this.params = Objects.requireNonNull(params, "params can't be null");
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
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
    Tags task = Tags.of("task", context.taskId().toString());
    for (Decision.Kind kind : Decision.Kind.values()) {
      decisions.put(kind, Counter.builder("storyline.cluster.posts").description("Posts clustered, by decision")
          .tags(task).tag("decision", kind.name().toLowerCase(Locale.ROOT)).register(registry));
    }
    tombstones = Counter.builder("storyline.cluster.posts.skipped").description("Records skipped without a decision")
        .tags(task).tag("reason", "tombstone").register(registry);
    sanitizer = new PostSanitizer(registry, task);
    closed = Counter.builder("storyline.cluster.stories.closed").description("Stories closed after the idle horizon")
        .tags(task).register(registry);
    assignment = Timer.builder("storyline.cluster.assignment").description("Time to decide one post's story")
        .tags(task).publishPercentileHistogram().register(registry);
    StoryClusterer current = clusterer;
    Gauge.builder("storyline.cluster.stories.active", current, StoryClusterer::openStories)
        .description("Open stories, also the entries of the in-memory story index").tags(task).register(registry);
    LOG.info("cluster processor initialised for task {} with {} open stories", context.taskId(), clusterer.openStories());
  }

  @Override
  public void process(Record<String, Post> record) {
    Post post = record.value();
    if (post == null) {
      skippedNull++;
      tombstones.increment();
      LOG.warn("skipping record with key {} at offset {}: a null post (tombstone) cannot be assigned; skipped so far: {}",
          record.key(), context.recordMetadata().map(m -> m.offset()).orElse(-1L), skippedNull);
      return;
    }
    post = sanitizer.apply(post);
    long start = System.nanoTime();
    Decision d = clusterer.assign(post);
    assignment.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    decisions.get(d.kind()).increment();
    closed.increment(d.closedStories().size());
    LOG.debug("{}", d);
    context.forward(new Record<String, Object>(post.id(), d.assignment(), record.timestamp()), ClusterTopology.ASSIGNMENTS_SINK_NAME);
    // merged-away stories first, so a reader sees their mergedInto before the survivor's new count
    for (io.storyline.common.model.Story m : d.mergedStories()) {
      context.forward(new Record<String, Object>(m.id(), m, record.timestamp()), ClusterTopology.STORIES_SINK_NAME);
    }
    if (d.story() != null) {
      context.forward(new Record<String, Object>(d.story().id(), d.story(), record.timestamp()), ClusterTopology.STORIES_SINK_NAME);
    }
  }

  @Override
  public void close() {
    // the gauge reads the clusterer: drop it with the task so a reassigned task does not report twice
    registry.find("storyline.cluster.stories.active").tags("task", context.taskId().toString()).meters()
        .forEach(registry::remove);
    if (clusterer != null) {
      clusterer.close();
    }
  }
}
