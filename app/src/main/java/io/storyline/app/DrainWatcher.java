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

  private Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
    try {
      Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (TopicDescription d : described.values()) {
        d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
      }
      Map<TopicPartition, Long> result = new HashMap<>();
      admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
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
