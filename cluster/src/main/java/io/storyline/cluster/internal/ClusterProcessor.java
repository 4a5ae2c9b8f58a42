package io.storyline.cluster.internal;

import io.storyline.cluster.ClusterTopology;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.cluster.internal.SnapshotSchedule.Trigger;
import io.storyline.common.model.Post;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.storyline.common.model.Story;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns each post to a story: state from the stores, decision from {@link StoryClusterer}, one
 * assignment per post to {@link ClusterTopology#ASSIGNMENTS_SINK_NAME}, immediately, and story
 * snapshots to {@link ClusterTopology#STORIES_SINK_NAME}. Null posts (tombstones) are counted and
 * logged, not assigned. Not thread-safe; one instance per stream task.
 *
 * <p><b>Snapshots</b> ({@code cluster.snapshot.interval.ms}, {@link
 * io.storyline.cluster.ClusterConfig#SNAPSHOT_INTERVAL_MS_CONFIG}):
 *
 * <ul>
 *   <li>interval &gt; 0: a post marks its story in {@link PendingSnapshots} (store {@link
 *       ClusterTopology#SNAPSHOT_PENDING_STORE}) without building its snapshot; a wall-clock
 *       punctuation every interval publishes the current snapshot of each marked story once, in
 *       story id order, with the record timestamp of its latest post, and unmarks it. A story
 *       joined by 40 posts in one interval is published once, with all 40. A story that closes
 *       (idle horizon) while marked is published at once with its latest snapshot, before it leaves
 *       the state; a story merged away is published at once with its final snapshot ({@code
 *       mergedInto} set), hence before the survivor's next snapshot, and unmarked;
 *   <li>interval 0: one snapshot per post, as {@link StoryClusterer#assign} builds it (merged-away
 *       stories' final snapshots first, then the post's story); stories still marked by an earlier
 *       run with an interval are published on the first post or the first punctuation.
 * </ul>
 *
 * <p>Under exactly-once the marks, the story state and every record written commit together, so
 * the snapshots a reader sees for one story are in version order, each version at most once, and
 * the latest is the story's state at the last commit (up to one interval late).
 *
 * <p>Meters (Prometheus names), tagged with the stream task:
 *
 * <ul>
 *   <li>{@code storyline_cluster_posts_total{decision}}: posts by decision ({@code joined}, {@code
 *       new_story}, {@code followed_parent}, {@code duplicate}); new stories are {@code new_story}
 *       ({@link ClusterMeters}, as the partitioned stage's first level has them);
 *   <li>{@code storyline_cluster_posts_skipped_total{reason="tombstone"}};
 *   <li>{@code storyline_cluster_posts_repaired_total{fix}}: posts changed before clustering ({@link
 *       PostText}): {@code fix="surrogates"} lone UTF-16 surrogates replaced by U+FFFD, {@code
 *       fix="bounded"} fields cut to the post limits;
 *   <li>{@code storyline_cluster_stories_closed_total}: stories aged out past the idle horizon;
 *   <li>{@code storyline_cluster_stories_active}: open stories, which is also the number of documents
 *       in the in-memory story index;
 *   <li>{@code storyline_cluster_assignment_seconds}: time per decision (candidate retrieval from the
 *       index, scoring and the state update; with interval 0 also the snapshot), a histogram;
 *   <li>{@code storyline_cluster_snapshots_total{trigger}}: snapshots written to {@code stories}, by
 *       why ({@link SnapshotSchedule.Trigger}): {@code interval} (the punctuation), {@code post}
 *       (interval 0), {@code closed} (a marked story closed), {@code merged} (a merged-away story's
 *       final snapshot);
 *   <li>{@code storyline_cluster_snapshots_skipped_total{reason="not_open"}}: marked stories found
 *       closed or merged at the punctuation (never under exactly-once: they are unmarked when they
 *       leave the state), logged;
 *   <li>{@code storyline_cluster_snapshot_emission_seconds}: time of one punctuation (building and
 *       writing every marked story's snapshot), a histogram.
 * </ul>
 */
public final class ClusterProcessor implements Processor<String, Post, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterProcessor.class);

  private final ClusterParams params;
  private final SnapshotSchedule schedule;
  private final MeterRegistry registry;
  private ProcessorContext<String, Object> context;
  private StoryClusterer clusterer;
  private PendingSnapshots pending;
  private ClusterMeters meters;
  private PostSanitizer sanitizer;
  private Counter notOpen;
  private Timer emission;

  /**
   * @param params core parameters; may not be null
   * @param snapshotInterval how often marked stories' snapshots are published, &ge; 0; zero
   *     publishes one snapshot per post; may not be null
   * @param registry where the meters go; may not be null
   * @throws IllegalArgumentException if {@code snapshotInterval} is negative
   */
  public ClusterProcessor(ClusterParams params, Duration snapshotInterval, MeterRegistry registry) {
    this.params = Objects.requireNonNull(params, "params can't be null");
    this.schedule = new SnapshotSchedule(snapshotInterval);
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
    this.pending = new PendingSnapshots(context.getStateStore(ClusterTopology.SNAPSHOT_PENDING_STORE));
    Tags task = Tags.of("task", context.taskId().toString());
    meters = new ClusterMeters(registry, task, clusterer);
    sanitizer = new PostSanitizer(registry, task);
    notOpen = Counter.builder("storyline.cluster.snapshots.skipped").description("Marked stories without a snapshot to publish")
        .tags(task).tag("reason", "not_open").register(registry);
    emission = Timer.builder("storyline.cluster.snapshot.emission")
        .description("Time to publish the snapshots of the stories changed in one interval")
        .tags(task).publishPercentileHistogram().register(registry);
    schedule.start(context, registry, task, this::publishPending);
    LOG.info("cluster processor initialised for task {} with {} open stories; snapshots {}", context.taskId(),
        clusterer.openStories(), schedule);
  }

  @Override
  public void process(Record<String, Post> record) {
    Post post = record.value();
    if (post == null) {
      long skipped = meters.tombstone();
      LOG.warn("skipping record with key {} at offset {}: a null post (tombstone) cannot be assigned; skipped so far: {}",
          record.key(), context.recordMetadata().map(m -> m.offset()).orElse(-1L), skipped);
      return;
    }
    post = sanitizer.apply(post);
    boolean perPost = schedule.perPost();
    schedule.beforePost();
    long start = System.nanoTime();
    Decision d = perPost ? clusterer.assign(post) : clusterer.decide(post, pending::contains);
    meters.decided(d, System.nanoTime() - start);
    LOG.debug("{}", d);
    context.forward(new Record<String, Object>(post.id(), d.assignment(), record.timestamp()), ClusterTopology.ASSIGNMENTS_SINK_NAME);
    for (Story s : d.closedSnapshots()) {
      // with the timestamp of its latest change, as the interval would have published it
      Long changed = pending.remove(s.id());
      forwardStory(s, changed == null ? record.timestamp() : changed, Trigger.CLOSED);
    }
    // merged-away stories first, so a reader sees their mergedInto before the survivor's new count
    for (Story m : d.mergedStories()) {
      if (!perPost) {
        pending.remove(m.id()); // per post nothing is marked: the leftovers went out before this post
      }
      forwardStory(m, record.timestamp(), Trigger.MERGED);
    }
    if (d.story() != null) {
      forwardStory(d.story(), record.timestamp(), Trigger.POST);
    } else if (!perPost && d.kind() != Decision.Kind.DUPLICATE) {
      pending.mark(d.assignment().storyId(), record.timestamp());
    }
  }

  /** Publishes the current snapshot of every marked story and unmarks it. */
  private void publishPending() {
    long start = System.nanoTime();
    List<KeyValue<String, Long>> due = pending.drain();
    for (KeyValue<String, Long> kv : due) {
      Story s = clusterer.snapshot(kv.key);
      if (s == null) {
        // closed and merged stories are published and unmarked when they leave the state, so this
        // means the marks and the story state disagree (e.g. at-least-once restored them apart)
        notOpen.increment();
        LOG.warn("story {} is marked for a snapshot but is no longer open (closed or merged): nothing to publish; "
            + "its latest snapshot may be missing from stories", kv.key);
        continue;
      }
      forwardStory(s, kv.value, Trigger.INTERVAL);
    }
    if (!due.isEmpty()) {
      emission.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      LOG.debug("published the snapshots of {} changed stories", due.size());
    }
  }

  private void forwardStory(Story s, long timestamp, Trigger trigger) {
    context.forward(new Record<String, Object>(s.id(), s, timestamp), ClusterTopology.STORIES_SINK_NAME);
    schedule.count(trigger);
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
