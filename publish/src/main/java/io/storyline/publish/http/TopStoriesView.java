package io.storyline.publish.http;

import io.storyline.common.model.TopList;
import io.storyline.common.topic.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import io.storyline.common.model.Story;
import io.storyline.publish.rank.StoryActivity;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest {@link TopList} per list id and the latest {@link Story} snapshot per story id (with
 * its {@link StoryActivity}, for the story page and its chart; stories last seen more than {@link
 * #STORY_HORIZON} before the newest are dropped, so memory stays bounded), read from the compacted
 * {@code top-stories} and {@code stories} topics by a
 * background consumer on its own thread ({@value #THREAD_NAME}): it assigns every partition of the
 * topic (no consumer group, no commits), seeks to the beginning and applies every committed record
 * ({@code isolation.level=read_committed}, so lists of aborted Streams transactions never show); a
 * null value removes the list. It is <em>ready</em> once it has caught up with the end offsets it
 * saw at start-up, and stays ready after that. Undeserialisable records are skipped, logged with
 * their offset and counted ({@link #skippedRecords()}); a failure of the reader itself makes {@link
 * #notReadyReason()} report it.
 *
 * <p>Thread-safe: readers see a {@link ConcurrentHashMap}; lists are immutable.
 */
public final class TopStoriesView implements TopListSource, AutoCloseable {
  /** Name of the consumer thread. */
  public static final String THREAD_NAME = "storyline-publish-top-stories-view";

  private static final Logger log = LoggerFactory.getLogger(TopStoriesView.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration TOPIC_RETRY = Duration.ofMillis(500);

  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final String storiesTopic = Topics.STORIES.name();
  private final Map<String, Story> stories = new ConcurrentHashMap<>();
  private final Map<String, StoryActivity> activity = new ConcurrentHashMap<>();
  private final List<Consumer<TopList>> listeners = new CopyOnWriteArrayList<>();
  private volatile Instant newestStory = Instant.EPOCH;
  private Instant lastPrune = Instant.EPOCH;
  /** Stories last seen this long before the newest one are dropped from the view. */
  public static final Duration STORY_HORIZON = Duration.ofDays(8);
  private final Map<String, TopList> lists = new ConcurrentHashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String failure;
  private volatile long positionSum;
  private final AtomicLong skipped = new AtomicLong();

  /**
   * Creates the consumer; nothing is read until {@link #start()}.
   *
   * @param bootstrapServers the brokers; may not be null
   * @param clientOverrides further consumer settings (e.g. security), applied last except for the
   *     isolation level, deserialisers and offset handling, which are fixed; may not be null
   */
  public TopStoriesView(String bootstrapServers, Map<String, Object> clientOverrides) {
    this(bootstrapServers, clientOverrides, Topics.TOP_STORIES.name());
  }

  /**
   * @param bootstrapServers the brokers; may not be null
   * @param clientOverrides further consumer settings; may not be null
   * @param topic the topic to read, normally {@code top-stories}; may not be null
   */
  public TopStoriesView(String bootstrapServers, Map<String, Object> clientOverrides, String topic) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
    Objects.requireNonNull(clientOverrides, "clientOverrides can't be null");
    this.topic = Objects.requireNonNull(topic, "topic can't be null");
    Map<String, Object> props = new HashMap<>(clientOverrides);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "storyline-publish-view");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer =
        new KafkaConsumer<>(
            props,
            Topics.TOP_STORIES.keySerde().deserializer(),
            new ByteArrayDeserializer());
    this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(this::run);
  }

  /**
   * @return the sum over the topic's partitions of this reader's position (the offset of the next
   *     record it will read, past transaction markers), as of its last poll; 0 before the first poll.
   *     Compare with the topic's end offsets to know whether the view has read everything.
   */
  public long positionSum() {
    return positionSum;
  }

  /** @return records skipped because they could not be deserialised, since start */
  public long skippedRecords() {
    return skipped.get();
  }

  /**
   * @param id a story id; may not be null
   * @return the latest snapshot of the story, if it was last seen within {@link #STORY_HORIZON} of
   *     the newest story
   */
  public Optional<Story> story(String id) {
    return Optional.ofNullable(stories.get(Objects.requireNonNull(id, "id can't be null")));
  }

  /**
   * @param id a story id; may not be null
   * @return the story's posts per hour as folded from its snapshots, or empty
   */
  public StoryActivity activity(String id) {
    return activity.getOrDefault(id, StoryActivity.EMPTY);
  }

  /**
   * Registers a listener called on the reader thread with every list record applied (after the
   * view has caught up, and before). Listeners must be quick and must not throw.
   *
   * @param listener the listener; may not be null
   * @return a handle that unregisters it
   */
  public AutoCloseable onList(Consumer<TopList> listener) {
    Objects.requireNonNull(listener, "listener can't be null");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Starts the consumer thread. */
  public void start() {
    thread.start();
  }

  @Override
  public Optional<TopList> get(String list) {
    return Optional.ofNullable(lists.get(Objects.requireNonNull(list, "list can't be null")));
  }

  @Override
  public Collection<TopList> all() {
    return List.copyOf(lists.values());
  }

  @Override
  public String notReadyReason() {
    if (failure != null) {
      return "the top-stories reader failed: " + failure;
    }
    return caughtUp.getCount() == 0 ? null : "still reading topic " + topic + " up to its end offsets";
  }

  /** @return true once the view has caught up with the end offsets seen at start-up */
  public boolean isReady() {
    return notReadyReason() == null;
  }

  /**
   * Waits until the view has caught up.
   *
   * @param timeout the longest wait; may not be null
   * @return true if ready within the timeout
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      List<TopicPartition> partitions = assignWhenTopicExists();
      if (partitions.isEmpty()) {
        return;
      }
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
      log.info("Reading {} from the beginning up to end offsets {}", topic, endOffsets);
      while (running) {
        try {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
            try {
              if (storiesTopic.equals(r.topic())) {
                applyStory(r.key(), r.value() == null ? null : Topics.STORIES.valueSerde().deserializer().deserialize(r.topic(), r.value()));
              } else {
                apply(r.key(), r.value() == null ? null : Topics.TOP_STORIES.valueSerde().deserializer().deserialize(r.topic(), r.value()), r);
              }
            } catch (RuntimeException e) {
              skipped.incrementAndGet();
              log.warn("Skipping an unreadable {} record at partition {} offset {}: {}",
                  r.topic(), r.partition(), r.offset(), e.getMessage());
            }
          }
          positionSum = partitions.stream().mapToLong(consumer::position).sum();
        } catch (RecordDeserializationException e) {
          skipped.incrementAndGet();
          log.warn("Skipping an unreadable {} record at partition {} offset {}: {}",
              topic, e.topicPartition().partition(), e.offset(), e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
        if (caughtUp.getCount() > 0 && reached(endOffsets)) {
          log.info("Caught up with {}: {} lists", topic, lists.size());
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = "woken up unexpectedly";
        log.error("The {} reader was woken up while running", topic, e);
      }
    } catch (RuntimeException e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      log.error("The {} reader stopped on an error; the view will not update", topic, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private List<TopicPartition> assignWhenTopicExists() {
    while (running) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      List<PartitionInfo> storyInfos = consumer.partitionsFor(storiesTopic);
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        if (storyInfos != null) {
          storyInfos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        return partitions;
      }
      log.info("Topic {} does not exist yet; looking again in {} ms", topic, TOPIC_RETRY.toMillis());
      try {
        Thread.sleep(TOPIC_RETRY);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
    return List.of();
  }

  private boolean reached(Map<TopicPartition, Long> endOffsets) {
    for (Map.Entry<TopicPartition, Long> e : endOffsets.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(String key, TopList value, ConsumerRecord<String, byte[]> r) {
    if (key == null) {
      log.warn("Ignoring a {} record without key at partition {} offset {}", topic, r.partition(), r.offset());
      return;
    }
    if (value == null) {
      lists.remove(key);
    } else {
      lists.put(key, value);
      for (Consumer<TopList> listener : listeners) {
        try {
          listener.accept(value);
        } catch (RuntimeException e) {
          log.warn("A list listener failed on {}", key, e);
        }
      }
    }
  }

  private void applyStory(String key, Story story) {
    String id = key != null ? key : story == null ? null : story.id();
    if (id == null) {
      return;
    }
    if (story == null || story.mergedInto() != null) {
      stories.remove(id);
      activity.remove(id);
      return;
    }
    Story old = stories.put(id, story);
    activity.put(id, StoryActivity.fold(activity.get(id), old, story));
    if (story.lastSeen().isAfter(newestStory)) {
      newestStory = story.lastSeen();
    }
    if (newestStory.isAfter(lastPrune.plus(Duration.ofHours(1)))) {
      lastPrune = newestStory;
      Instant horizon = newestStory.minus(STORY_HORIZON);
      for (Story s : List.copyOf(stories.values())) {
        if (s.lastSeen().isBefore(horizon)) {
          stories.remove(s.id());
          activity.remove(s.id());
        }
      }
    }
  }

  /** Stops the consumer thread and waits up to 10 s for it to close the consumer. */
  @Override
  public void close() {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(Duration.ofSeconds(5));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
