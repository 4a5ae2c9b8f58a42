package io.storyline.app.bench;

import io.storyline.common.model.StoryAssignment;
import io.storyline.common.model.TopList;
import io.storyline.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's own reader of the pipeline's output, independent of the stages: one consumer
 * ({@code read_committed}, from the beginning, assigned every partition directly: no consumer group,
 * so no join delay) on {@code story-assignments} and, optionally, {@code top-stories}, on its own thread.
 *
 * <p>Per post (tracked by the sequence number in its id, {@link RawPosts#sequenceOf}): whether it was
 * assigned (and how often), and two latencies, both from the moment the {@link Feeder} sent the post
 * (its {@link SendTimes}; the post's fetch time in a live system; the post's own {@code fetchedAt} if
 * the send time is unknown) to the wall-clock moment this reader sees the record: <b>to assignment</b> (every post) and <b>to
 * list</b>: to the first top list that includes the post's story and arrives after the post's
 * assignment (only posts whose story ever reaches a list). Latencies go to HdrHistograms in
 * milliseconds (1 ms .. 1 h, 3 significant digits). Counters are safe to read from any thread while it
 * runs; the histograms after {@link #close()}.
 */
public final class Probe implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Probe.class);
  private static final long MAX_MS = Duration.ofHours(1).toMillis();

  private final KafkaConsumer<String, byte[]> consumer;
  private final boolean trackLists;
  private final int capacity;
  private final SendTimes sendTimes;
  private final BitSet assigned;
  private final long[] fetchedAtMs;
  private final Map<String, List<Integer>> pendingByStory = new HashMap<>();
  private final Histogram toAssignment = new Histogram(MAX_MS, 3);
  private final Histogram toList = new Histogram(MAX_MS, 3);
  /** Latency to assignment per stretch of the run, by the post's sequence number (its send order). */
  private final Histogram[] toAssignmentBySegment;
  private final AtomicLong assignedCount = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong foreign = new AtomicLong();
  private final AtomicLong storiesOpened = new AtomicLong();
  private final AtomicLong listRecords = new AtomicLong();
  private final AtomicLong listedPosts = new AtomicLong();
  private final AtomicLong listsReadTo = new AtomicLong();
  private final AtomicLong firstAssignmentNanos = new AtomicLong();
  private final AtomicLong lastAssignmentNanos = new AtomicLong();
  private final long[] milestoneNanos;
  private final int milestoneStep;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  /**
   * Starts reading.
   *
   * @param bootstrapServers the broker
   * @param capacity the number of posts the run sends (sequence numbers 0 .. capacity-1); &gt; 0
   * @param trackLists also read {@code top-stories} and measure the latency to list (keeps the
   *     sequence numbers of not-yet-listed posts per story: off for long soaks)
   * @param segments into how many equal parts the assignment times are cut for {@link #milestoneNanos()}; &gt; 0
   * @param sendTimes the feeder's send time per post (the latency origin); may not be null
   */
  public Probe(String bootstrapServers, int capacity, boolean trackLists, int segments, SendTimes sendTimes) {
    this.sendTimes = java.util.Objects.requireNonNull(sendTimes, "send times can't be null");
    if (capacity <= 0 || segments <= 0) {
      throw new IllegalArgumentException("probe capacity " + capacity + " and segments " + segments + " must be > 0");
    }
    this.capacity = capacity;
    this.trackLists = trackLists;
    this.assigned = new BitSet(capacity);
    this.fetchedAtMs = trackLists ? new long[capacity] : null;
    this.milestoneStep = Math.max(1, capacity / segments);
    this.milestoneNanos = new long[capacity / milestoneStep + 1];
    this.toAssignmentBySegment = new Histogram[capacity / milestoneStep + 1];
    for (int k = 0; k < toAssignmentBySegment.length; k++) {
      toAssignmentBySegment[k] = new Histogram(MAX_MS, 3);
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<String> topics = new ArrayList<>(List.of(Topics.STORY_ASSIGNMENTS.name()));
    if (trackLists) {
      topics.add(Topics.TOP_STORIES.name());
    }
    // assigned, not subscribed: a consumer group's join would keep the probe blind for the first part of
    // the run and add its delay to the latencies of the first posts
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer.partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::loop, "storyline-bench-probe");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    var assignments = Topics.STORY_ASSIGNMENTS.valueSerde().deserializer();
    var lists = Topics.TOP_STORIES.valueSerde().deserializer();
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(50));
        long nowNanos = System.nanoTime();
        long nowMs = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> r : records) {
          if (r.topic().equals(Topics.STORY_ASSIGNMENTS.name())) {
            onAssignment(assignments.deserialize(r.topic(), r.value()), nowNanos, nowMs);
          } else {
            if (r.value() != null) {
              onList(lists.deserialize(r.topic(), r.value()), nowMs);
            }
            listsReadTo.accumulateAndGet(r.offset() + 1, Math::max);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException | Error e) {
      failure = e;
      log.error("Benchmark probe failed: {}", e.toString(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void onAssignment(StoryAssignment a, long nowNanos, long nowMs) {
    if (a == null) {
      return;
    }
    long seq = RawPosts.sequenceOf(a.postId());
    if (seq < 0 || seq >= capacity) {
      foreign.incrementAndGet();
      return;
    }
    int s = (int) seq;
    if (assigned.get(s)) {
      duplicates.incrementAndGet();
      return;
    }
    assigned.set(s);
    long sentAt = sendTimes.of(seq);
    long fetched = sentAt > 0 ? sentAt : a.postFetchedAt().toEpochMilli();
    toAssignment.recordValue(clamp(nowMs - fetched));
    toAssignmentBySegment[(int) (seq / milestoneStep)].recordValue(clamp(nowMs - fetched));
    if (a.newStory()) {
      storiesOpened.incrementAndGet();
    }
    long n = assignedCount.incrementAndGet();
    firstAssignmentNanos.compareAndSet(0, nowNanos);
    lastAssignmentNanos.set(nowNanos);
    if (n % milestoneStep == 0) {
      milestoneNanos[(int) (n / milestoneStep)] = nowNanos;
    }
    if (trackLists) {
      fetchedAtMs[s] = fetched;
      pendingByStory.computeIfAbsent(a.storyId(), k -> new ArrayList<>(2)).add(s);
    }
  }

  private void onList(TopList list, long nowMs) {
    listRecords.incrementAndGet();
    for (TopList.Item item : list.items()) {
      List<Integer> pending = pendingByStory.remove(item.storyId());
      if (pending != null) {
        for (int s : pending) {
          toList.recordValue(clamp(nowMs - fetchedAtMs[s]));
        }
        listedPosts.addAndGet(pending.size());
      }
    }
  }

  private static long clamp(long ms) {
    return Math.max(0, Math.min(MAX_MS, ms));
  }

  /** @return distinct posts of this run assigned so far */
  public long assignedCount() {
    return assignedCount.get();
  }

  /** @return assignments seen again for an already-assigned post */
  public long duplicates() {
    return duplicates.get();
  }

  /** @return assignments of post ids not made by this run */
  public long foreign() {
    return foreign.get();
  }

  /** @return assignments that opened a new story */
  public long storiesOpened() {
    return storiesOpened.get();
  }

  /** @return top-list records read */
  public long listRecords() {
    return listRecords.get();
  }

  /** @return one past the offset of the last {@code top-stories} record read (one partition), 0 if none */
  public long listsReadTo() {
    return listsReadTo.get();
  }

  /** @return posts whose story appeared in a list after their assignment */
  public long listedPosts() {
    return listedPosts.get();
  }

  /** @return {@link System#nanoTime()} of the first and last new assignment, 0 if none */
  public long firstAssignmentNanos() {
    return firstAssignmentNanos.get();
  }

  /** @return {@link System#nanoTime()} of the last new assignment, 0 if none */
  public long lastAssignmentNanos() {
    return lastAssignmentNanos.get();
  }

  /** @return the number of posts between milestones */
  public int milestoneStep() {
    return milestoneStep;
  }

  /** @return {@code [k]} = nanoTime when the {@code k * milestoneStep()}-th post was assigned (0 = not yet); read after close */
  /**
   * Call after {@link #close()}.
   *
   * @param segment a stretch of the run, 0 = posts 0 .. {@link #milestoneStep()}-1 by send order
   * @return the 99th percentile of send → assignment of that stretch's posts, ms; 0 if none was assigned
   */
  public long p99ToAssignmentMs(int segment) {
    return segment < toAssignmentBySegment.length ? toAssignmentBySegment[segment].getValueAtPercentile(99) : 0;
  }

  public long[] milestoneNanos() {
    return milestoneNanos.clone();
  }

  /** @return the reader's failure, or null */
  public Throwable failure() {
    return failure;
  }

  /** @return latency to assignment, ms; read after {@link #close()} */
  public Histogram toAssignment() {
    return toAssignment;
  }

  /** @return latency to list, ms; read after {@link #close()} */
  public Histogram toList() {
    return toList;
  }

  /** @return whether lists are tracked */
  public boolean tracksLists() {
    return trackLists;
  }

  /** Stops the reader and waits for its thread. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
