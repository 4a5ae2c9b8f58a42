package io.storyline.app;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a replay has drained through the stages, from Kafka's own bookkeeping: the end offsets
 * of each stage's input topics against the offsets its consumer group committed.
 *
 * <p>A topic written by an exactly-once (transactional) producer ends with a commit marker, which a
 * consumer reads past without committing when nothing follows; so for such topics a committed offset
 * one short of the end offset counts as caught up ({@code transactionalInput}). Not thread-safe.
 */
final class DrainWatcher {
  private static final Logger log = LoggerFactory.getLogger(DrainWatcher.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long ADMIN_TIMEOUT_MS = 10_000;

  private final Admin admin;

  DrainWatcher(Admin admin) {
    this.admin = admin;
  }

  /**
   * @param topics topics; may not be null
   * @return the sum of the (read_committed) end offsets of all partitions of {@code topics}
   */
  long endOffsetSum(Collection<String> topics) {
    return endOffsets(topics).values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * @param groupId a consumer group (a Streams application id)
   * @param topics the group's input topics
   * @param transactionalInput whether the topics are written by exactly-once producers
   * @return true if the group has committed offsets covering every record of {@code topics}
   */
  boolean caughtUp(String groupId, Collection<String> topics, boolean transactionalInput) {
    Map<TopicPartition, Long> ends = endOffsets(topics);
    Map<TopicPartition, OffsetAndMetadata> committed = committed(groupId);
    for (var e : ends.entrySet()) {
      long end = e.getValue();
      if (end == 0) {
        continue;
      }
      OffsetAndMetadata c = committed.get(e.getKey());
      long position = c == null ? 0 : c.offset();
      long slack = transactionalInput ? 1 : 0;
      if (position < end - slack) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until {@code condition} holds.
   *
   * @param what what is awaited, for the log and the error
   * @param condition the condition; may throw, which aborts the wait
   * @param deadlineNanos {@link System#nanoTime()} deadline
   * @throws TimeoutException naming {@code what} if the deadline passes
   * @throws InterruptedException if interrupted
   */
  void await(String what, BooleanSupplier condition, long deadlineNanos) throws TimeoutException, InterruptedException {
    log.info("Waiting until {}", what);
    Object monitor = new Object();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadlineNanos) {
        throw new TimeoutException("gave up waiting until " + what);
      }
      synchronized (monitor) {
        // a bounded poll interval against the broker, not a synchronisation: nothing notifies this monitor
        monitor.wait(POLL.toMillis());
      }
    }
  }

  /**
   * Waits until {@code state} returns the same non-null value at every poll for {@code hold}: a
   * condition that must not only hold but stay put, e.g. "no list waits for its re-ranking, {@code
   * top-stories} has no open transaction, and its end offset is this one".
   *
   * @param what what is awaited, for the log and the error
   * @param state the state now, or null while the condition does not hold; may throw, which aborts
   * @param hold how long the same state must be seen, e.g. a few commit intervals
   * @param deadlineNanos {@link System#nanoTime()} deadline
   * @throws TimeoutException naming {@code what} if the deadline passes
   * @throws InterruptedException if interrupted
   */
  void awaitSteady(String what, Supplier<Object> state, Duration hold, long deadlineNanos)
      throws TimeoutException, InterruptedException {
    Object[] seen = {null};
    long[] since = {0};
    await(what + " (steady for " + hold.toMillis() + " ms)", () -> {
      Object now = state.get();
      long t = System.nanoTime();
      if (now == null || !now.equals(seen[0])) {
        seen[0] = now;
        since[0] = t;
        return false;
      }
      return t - since[0] >= hold.toNanos();
    }, deadlineNanos);
  }

  /**
   * @param topic a topic
   * @return the sum of its end offsets if no transaction is open on it (every partition's last stable
   *     offset equals its high watermark), otherwise null
   */
  Long endOffsetSumIfNoOpenTransaction(String topic) {
    Map<TopicPartition, Long> committed = endOffsets(List.of(topic), IsolationLevel.READ_COMMITTED);
    Map<TopicPartition, Long> all = endOffsets(List.of(topic), IsolationLevel.READ_UNCOMMITTED);
    return committed.equals(all) ? committed.values().stream().mapToLong(Long::longValue).sum() : null;
  }

  private Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
    return endOffsets(topics, IsolationLevel.READ_COMMITTED);
  }

  private Map<TopicPartition, Long> endOffsets(Collection<String> topics, IsolationLevel isolation) {
    try {
      Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (TopicDescription d : described.values()) {
        d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
      }
      Map<TopicPartition, Long> result = new HashMap<>();
      admin.listOffsets(request, new ListOffsetsOptions(isolation))
          .all()
          .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> result.put(tp, info.offset()));
      return result;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read end offsets of " + topics + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading end offsets of " + topics, e);
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(String groupId) {
    try {
      return admin.listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata()
          .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read committed offsets of group " + groupId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading offsets of group " + groupId, e);
    }
  }

  static List<String> names(Collection<? extends io.storyline.common.topic.TopicSpec<?, ?>> specs) {
    return specs.stream().map(io.storyline.common.topic.TopicSpec::name).toList();
  }
}
