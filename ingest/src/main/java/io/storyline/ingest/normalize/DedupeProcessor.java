package io.storyline.ingest.normalize;

import io.storyline.common.model.Post;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the first post of each post id and drops (and counts, {@link NormalizerMetrics#DUPLICATES})
 * later ones. The ids seen live in the persistent, changelogged store {@value
 * NormalizerTopology#SEEN_POSTS_STORE} (post id → {@code createdAt} epoch ms). A stream-time
 * punctuator every {@code purgeInterval} removes ids whose {@code createdAt} is more than {@code
 * retention} before the <em>post clock</em>, so the store stays bounded; a copy arriving after its id
 * was purged is emitted again.
 *
 * <p>The post clock is the newest {@code createdAt} among the posts seen (rebuilt from the store on
 * init), capped at the wall clock plus {@link #FUTURE_SLACK}. It is not Kafka's stream time: a raw
 * record's timestamp is whatever its producer set (a record of a broken file carries the time it
 * was replayed, years after the posts around it), and one such record would otherwise purge every
 * id at once and let duplicates through. Not thread-safe.
 */
final class DedupeProcessor extends ContextualProcessor<String, Post, String, Post> {
  private static final Logger log = LoggerFactory.getLogger(DedupeProcessor.class);

  private final String name;
  private final Duration retention;
  private final Duration purgeInterval;
  /** How far past the wall clock a post's {@code createdAt} may move the post clock. */
  static final Duration FUTURE_SLACK = Duration.ofHours(1);

  private KeyValueStore<String, Long> seen;
  private long postClockMs = Long.MIN_VALUE;
  private Sensor duplicates;
  private Sensor emitted;

  DedupeProcessor(String name, Duration retention, Duration purgeInterval) {
    this.name = name;
    this.retention = retention;
    this.purgeInterval = purgeInterval;
  }

  @Override
  public void init(ProcessorContext<String, Post> context) {
    super.init(context);
    seen = context.getStateStore(NormalizerTopology.SEEN_POSTS_STORE);
    duplicates = NormalizerSensors.sensor(context, name, NormalizerMetrics.DUPLICATES);
    emitted = NormalizerSensors.sensor(context, name, NormalizerMetrics.EMITTED);
    try (KeyValueIterator<String, Long> all = seen.all()) {
      while (all.hasNext()) {
        postClockMs = Math.max(postClockMs, all.next().value);
      }
    }
    context.schedule(purgeInterval, PunctuationType.STREAM_TIME, streamTimeMs -> purge());
  }

  @Override
  public void process(Record<String, Post> record) {
    String id = record.key();
    if (seen.get(id) != null) {
      duplicates.record();
      log.debug("dropping duplicate of post {}", id);
      return;
    }
    long createdMs = record.value().createdAt().toEpochMilli();
    seen.put(id, createdMs);
    long cap = context().currentSystemTimeMs() + FUTURE_SLACK.toMillis();
    postClockMs = Math.max(postClockMs, Math.min(createdMs, cap));
    context().forward(record);
    emitted.record();
  }

  /** Removes ids created more than {@code retention} before the post clock. */
  void purge() {
    if (postClockMs == Long.MIN_VALUE) {
      return;
    }
    long horizon = postClockMs - retention.toMillis();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, Long> all = seen.all()) {
      while (all.hasNext()) {
        KeyValue<String, Long> entry = all.next();
        if (entry.value < horizon) {
          expired.add(entry.key);
        }
      }
    }
    expired.forEach(seen::delete);
    if (!expired.isEmpty()) {
      log.debug("purged {} post ids created before {} ms from {}", expired.size(), horizon, NormalizerTopology.SEEN_POSTS_STORE);
    }
  }
}
