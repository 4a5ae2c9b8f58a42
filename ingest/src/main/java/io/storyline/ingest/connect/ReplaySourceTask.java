package io.storyline.ingest.connect;

import io.storyline.common.topic.RawHeaders;
import io.storyline.ingest.format.RawItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the items of a {@link ReplayPlan} as {@link SourceRecord}s, in plan order, {@code
 * replay.batch.size} per poll, then idles. Record: topic {@code <prefix><source>} (or {@code
 * <prefix>unknown}), key = native id (string schema, null when unknown), value = payload bytes,
 * timestamp = the item's event time in epoch ms ({@link ReplayPlan#eventTimes()}: {@code createdAt},
 * or for a broken item the time of its neighbours), headers {@link RawHeaders#SOURCE} (absent for
 * unknown formats), {@link RawHeaders#FORMAT} and {@link RawHeaders#FILE}; source partition {@link
 * ReplayPlan#sourcePartition()}, source offset {@code {"position": p}}.
 *
 * <p>On start it reads the committed offset and skips the items up to and including that position,
 * so a restart neither loses nor repeats records as long as Connect committed its offsets (records
 * produced after the last offset commit are produced again: at-least-once, unless the worker runs
 * exactly-once source support). A committed offset it cannot honour (not a non-negative whole number, or past
 * the last item) fails the start with an {@link UnusableOffsetException}, as the live tasks do.
 *
 * <p>Threading: Connect calls {@link #start}, {@link #poll} and {@link #commitRecord} on the task
 * thread and {@link #stop} from another thread; {@code stop} releases a waiting poll.
 */
public final class ReplaySourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(ReplaySourceTask.class);

  private final CountDownLatch stopped = new CountDownLatch(1);
  private ReplayConnectorConfig config;
  private ReplayPlan plan;
  private long nextPosition;
  private boolean drainedLogged;

  @Override
  public String version() {
    return ReplaySourceConnector.VERSION;
  }

  /**
   * @param props the task configuration, see {@link ReplayConnectorConfig}
   * @throws ConnectException if the configuration is invalid or the files can't be read
   * @throws UnusableOffsetException if the committed offset is not a position of the plan
   */
  @Override
  public void start(Map<String, String> props) {
    try {
      config = new ReplayConnectorConfig(props);
      plan = ReplayPlan.plan(config.paths());
    } catch (RuntimeException e) {
      throw new ConnectException("replay task can't start: " + e.getMessage(), e);
    }
    for (String warning : plan.warnings()) {
      log.warn("replay {}: {}", plan.replayId(), warning);
    }
    for (var file : plan.unrecognisedFiles()) {
      log.warn("replay {}: skipped file {}: no native format recognised", plan.replayId(), file);
    }
    nextPosition = resumePosition();
    log.info("replay {} planned {} items from {} files ({} warnings, {} files skipped) per topic {}; resuming at position {}",
        plan.replayId(), plan.items().size(), plan.files().size(), plan.warnings().size(),
        plan.unrecognisedFiles().size(), plan.countsByTopic(config.topicPrefix()), nextPosition);
  }

  private long resumePosition() {
    Map<String, Object> offset = context.offsetStorageReader().offset(plan.sourcePartition());
    if (offset == null || offset.get(ReplayPlan.POSITION_KEY) == null) {
      return 0;
    }
    Object value = offset.get(ReplayPlan.POSITION_KEY);
    if (!(value instanceof Number number) || number.longValue() < 0 || number.doubleValue() != number.longValue()) {
      throw new UnusableOffsetException("replay " + plan.replayId() + ": committed offset " + ReplayPlan.POSITION_KEY + " '" + value
          + "' is not a non-negative whole number");
    }
    long next = number.longValue() + 1;
    if (next > plan.items().size()) {
      throw new UnusableOffsetException("replay " + plan.replayId() + ": committed offset " + ReplayPlan.POSITION_KEY + " '"
          + number.longValue() + "' is past the last of the " + plan.items().size() + " items (positions 0 to "
          + (plan.items().size() - 1) + "; did the files change?)");
    }
    return next;
  }

  /**
   * @return the next batch, or null after waiting up to {@code replay.idle.poll.ms} once drained or stopped
   * @throws InterruptedException if interrupted while idle
   */
  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (stopped.getCount() == 0) {
      return null;
    }
    List<RawItem> items = plan.items();
    if (nextPosition >= items.size()) {
      if (!drainedLogged) {
        drainedLogged = true;
        log.info("replay {} drained: all {} items emitted", plan.replayId(), items.size());
      }
      stopped.await(config.idlePollMs(), TimeUnit.MILLISECONDS);
      return null;
    }
    int end = (int) Math.min(items.size(), nextPosition + config.batchSize());
    List<SourceRecord> batch = new ArrayList<>(end - (int) nextPosition);
    for (int position = (int) nextPosition; position < end; position++) {
      batch.add(toRecord(items.get(position), plan.eventTimes().get(position), position));
    }
    nextPosition = end;
    return batch;
  }

  private SourceRecord toRecord(RawItem item, Instant eventTime, long position) {
    ConnectHeaders headers = new ConnectHeaders();
    if (item.format().source() != null) {
      headers.addString(RawHeaders.SOURCE, item.format().source().id());
    }
    headers.addString(RawHeaders.FORMAT, item.format().id());
    headers.addString(RawHeaders.FILE, item.file());
    Long timestamp = eventTime == null ? null : eventTime.toEpochMilli();
    byte[] payload = item.payload();
    if (io.storyline.ingest.format.RawLimits.oversized(payload)) {
      // Kafka would refuse the whole record and fail the task: send the start, for the dead letter
      log.warn("{} item {}: payload of {} bytes exceeds the raw record limit of {} bytes; writing its first {} bytes "
          + "with header {} for the normalizer to dead-letter", item.file(), item.index(), payload.length,
          io.storyline.ingest.format.RawLimits.MAX_PAYLOAD_BYTES, io.storyline.ingest.format.RawLimits.KEPT_BYTES,
          io.storyline.ingest.format.RawLimits.OVERSIZE_HEADER);
      headers.addString(io.storyline.ingest.format.RawLimits.OVERSIZE_HEADER, Integer.toString(payload.length));
      payload = io.storyline.ingest.format.RawLimits.kept(payload);
    }
    return new SourceRecord(
        plan.sourcePartition(), ReplayPlan.sourceOffset(position),
        ReplayConnectorConfig.topicFor(item.format(), config.topicPrefix()), null,
        Schema.OPTIONAL_STRING_SCHEMA, item.nativeId(),
        Schema.BYTES_SCHEMA, payload,
        timestamp, headers);
  }

  /** Ends a waiting poll; safe to call from any thread and more than once. */
  @Override
  public void stop() {
    stopped.countDown();
  }
}
