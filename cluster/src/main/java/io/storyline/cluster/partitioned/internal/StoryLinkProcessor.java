package io.storyline.cluster.partitioned.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.storyline.cluster.PartitionedClusterTopology;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.internal.SnapshotSchedule;
import io.storyline.cluster.internal.SnapshotSchedule.Trigger;
import io.storyline.cluster.partitioned.LinkResult;
import io.storyline.cluster.partitioned.LocalStoryUpdate;
import io.storyline.cluster.partitioned.StoryLinker;
import io.storyline.common.model.Story;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second level of the partitioned cluster stage: the single task of the links topic. Applies each
 * {@link LocalStoryUpdate} to the {@link StoryLinker} over this task's stores and forwards the
 * post's {@link io.storyline.common.model.StoryAssignment} (key post id) and the global {@link
 * Story} snapshots (key story id), merged-away stories first. A repeated post whose global story has
 * closed gets no assignment: counted ({@code kind="duplicate_unmapped"}) and logged. Null values are
 * counted and logged. Not thread-safe; one per stream task.
 *
 * <p>Snapshots ({@code cluster.snapshot.interval.ms}, {@link SnapshotSchedule}): with an interval
 * &gt; 0 each global story's latest snapshot waits in {@link PendingGlobalSnapshots} (store {@link
 * PartitionedClusterTopology#LINK_SNAPSHOT_PENDING_STORE}) and a wall-clock punctuation publishes
 * the waiting ones once per interval, in story id order; a merged-away story's final snapshot
 * ({@code mergedInto}) is published at once and its waiting one dropped. With 0, every update's
 * snapshots are published at once (one per post). The linker still builds a snapshot per update from
 * the partition's local snapshot (see docs/ARCHITECTURE.md): the interval saves the {@code stories}
 * records and publish's reading, not the partitions' snapshot work.
 *
 * <p>Meters, tagged with the stream task: {@code storyline_cluster_link_decisions_total{kind}}
 * (linked, new_global, followed_local, duplicate, duplicate_unmapped), {@code
 * storyline_cluster_link_skipped_total{reason="tombstone"}}, {@code
 * storyline_cluster_global_stories_closed_total}, {@code storyline_cluster_global_stories_active},
 * {@code storyline_cluster_link_seconds} (time per update), {@code
 * storyline_cluster_snapshots_total{trigger}} ({@link SnapshotSchedule}: {@code interval}, {@code post}
 * with interval 0, {@code merged}; {@code closed} stays 0 here, a closing global story's snapshot is
 * an ordinary update).
 */
public final class StoryLinkProcessor implements Processor<String, LocalStoryUpdate, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(StoryLinkProcessor.class);

  private final ClusterParams params;
  private final SnapshotSchedule schedule;
  private final MeterRegistry registry;
  private PendingGlobalSnapshots pending;
  private ProcessorContext<String, Object> context;
  private StoryLinker linker;
  private Counter tombstones;
  private Counter closed;
  private Timer timer;
  private long unmapped;
  private final Map<LinkResult.Kind, Counter> kinds = new EnumMap<>(LinkResult.Kind.class);

  /**
   * @param params core parameters (the linker scores and merges with them); may not be null
   * @param snapshotInterval how often waiting global snapshots are published, &ge; 0; zero publishes
   *     them with every update; may not be null
   * @param registry where the meters go; may not be null
   * @throws IllegalArgumentException if {@code snapshotInterval} is negative
   */
  public StoryLinkProcessor(ClusterParams params, Duration snapshotInterval, MeterRegistry registry) {
    this.params = Objects.requireNonNull(params, "params can't be null");
    this.schedule = new SnapshotSchedule(snapshotInterval);
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.linker = new StoryLinker(params, new StoreLinkerState(
        context.getStateStore(PartitionedClusterTopology.LINK_LOCAL_STORE),
        context.getStateStore(PartitionedClusterTopology.LINK_GLOBAL_OF_STORE),
        context.getStateStore(PartitionedClusterTopology.LINK_GLOBAL_STORE),
        context.getStateStore(PartitionedClusterTopology.LINK_META_STORE)));
    Tags task = Tags.of("task", context.taskId().toString());
    for (LinkResult.Kind kind : LinkResult.Kind.values()) {
      kinds.put(kind, Counter.builder("storyline.cluster.link.decisions").description("Local decisions linked, by kind")
          .tags(task).tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry));
    }
    tombstones = Counter.builder("storyline.cluster.link.skipped").description("Link records skipped")
        .tags(task).tag("reason", "tombstone").register(registry);
    closed = Counter.builder("storyline.cluster.global.stories.closed")
        .description("Global stories closed when their last fragment closed").tags(task).register(registry);
    timer = Timer.builder("storyline.cluster.link").description("Time to link one local decision")
        .tags(task).publishPercentileHistogram().register(registry);
    pending = new PendingGlobalSnapshots(context.getStateStore(PartitionedClusterTopology.LINK_SNAPSHOT_PENDING_STORE));
    schedule.start(context, registry, task, this::publishPending);
    StoryLinker current = linker;
    Gauge.builder("storyline.cluster.global.stories.active", current, StoryLinker::openGlobalStories)
        .description("Open global stories").tags(task).register(registry);
    LOG.info("story link processor initialised for task {} with {} open global stories; snapshots {}", context.taskId(),
        linker.openGlobalStories(), schedule);
  }

  @Override
  public void process(Record<String, LocalStoryUpdate> record) {
    LocalStoryUpdate u = record.value();
    if (u == null) {
      tombstones.increment();
      LOG.warn("skipping link record with key {}: a null local story update cannot be linked", record.key());
      return;
    }
    long start = System.nanoTime();
    LinkResult r = linker.apply(u);
    timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    kinds.get(r.kind()).increment();
    closed.increment(r.closedGlobals().size());
    if (r.assignment() == null) {
      unmapped++;
      LOG.warn("post {} repeats local story {} of partition {}, whose global story has closed: no assignment written; so far {}",
          u.assignment().postId(), u.assignment().storyId(), u.partition(), unmapped);
    } else {
      context.forward(new Record<String, Object>(r.assignment().postId(), r.assignment(), record.timestamp()));
    }
    schedule.beforePost();
    for (Story s : r.stories()) {
      if (schedule.perPost()) {
        forwardStory(s, record.timestamp(), Trigger.POST);
      } else if (s.mergedInto() != null) {
        // merged-away first and at once, so a reader sees mergedInto before the survivor's next snapshot
        pending.remove(s.id());
        forwardStory(s, record.timestamp(), Trigger.MERGED);
      } else {
        pending.put(s, record.timestamp());
      }
    }
  }

  private void publishPending() {
    for (KeyValue<Story, Long> kv : pending.drain()) {
      forwardStory(kv.key, kv.value, Trigger.INTERVAL);
    }
  }

  private void forwardStory(Story s, long timestamp, Trigger trigger) {
    context.forward(new Record<String, Object>(s.id(), s, timestamp));
    schedule.count(trigger);
  }

  @Override
  public void close() {
    if (context != null) {
      registry.find("storyline.cluster.global.stories.active").tags("task", context.taskId().toString()).meters()
          .forEach(registry::remove);
    }
    if (linker != null) {
      linker.close();
    }
  }
}
