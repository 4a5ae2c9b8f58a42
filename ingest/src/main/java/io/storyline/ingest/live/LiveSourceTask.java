package io.storyline.ingest.live;

import io.storyline.common.model.Source;
import io.storyline.common.topic.RawHeaders;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.live.http.FetchException;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import io.storyline.ingest.live.http.TokenBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Connect side of every live connector, written once: each poll fetches one page of the stream
 * that is due soonest and turns its items into raw records.
 *
 * <p>Records: topic {@code <topic.prefix><platform>}, key = native id, value = payload bytes, timestamp
 * = created time, headers {@link RawHeaders#SOURCE}, {@link RawHeaders#FORMAT} and {@link
 * RawHeaders#FETCHED_AT} (as the replay connector, so the Normalizer parses them unchanged). Source
 * partition {@code {"platform": p, "stream": s}}; source offset = the stream's cursor (string values).
 *
 * <p>Offsets: every record of a page except the last carries the cursor that fetches the page again;
 * only the last record carries the cursor after the page. So whatever prefix of a page Connect commits
 * before a crash, the restarted task re-reads the page (at-least-once; the Normalizer drops the copies
 * by post id) and never skips one. A page without items moves the cursor in memory only. A page whose
 * body never became the expected document (retries exhausted) is written to {@code
 * <topic.prefix>unknown} with {@link #ERROR_HEADER} and {@link #URL_HEADER}, so the Normalizer
 * dead-letters it with its reason, and the stream tries again after {@code poll.interval.ms}; a bad
 * payload never stops the task, and neither does a poller bug (an unchecked exception: counted in {@code
 * poll-failures}, logged at ERROR, the stream tried again after {@code poll.interval.ms}). HTTP 401 stops
 * the task with an error naming the credential key; so does a committed cursor value the poller cannot use
 * ({@link io.storyline.ingest.connect.UnusableOffsetException}, naming stream, key, value and rule and how to reset it), on
 * that stream's first fetch, rather than start the stream over on a guess.
 *
 * <p>Threading: Connect calls {@link #start} and {@link #poll} on the task thread and {@link #stop}
 * from another; {@code stop} ends any wait at once.
 */
public abstract class LiveSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(LiveSourceTask.class);
  /** Header on records of the unknown topic: why the page was unusable. */
  public static final String ERROR_HEADER = "storyline.live.error";
  /** Header on records of the unknown topic: the URL requested. */
  public static final String URL_HEADER = "storyline.live.url";
  /** Longest a poll blocks waiting for a stream to become due, so Connect regains control regularly. */
  private static final Duration MAX_IDLE = Duration.ofSeconds(1);

  private final Pacer pacer = Pacer.system();
  private final LiveMetrics metrics = new LiveMetrics();
  private final Map<String, Map<String, String>> cursors = new LinkedHashMap<>();
  private final Map<String, Long> dueNanos = new HashMap<>();
  private LiveConnectorConfig config;
  private StreamPoller poller;
  private List<String> streams;

  /** @return the platform */
  protected abstract Source source();

  /** @return the platform's rate-limit header style */
  protected abstract RateLimitStyle rateLimitStyle();

  /** @throws org.apache.kafka.common.config.ConfigException if invalid */
  protected abstract LiveConnectorConfig parseConfig(Map<String, String> props);

  /** @return the platform's poller on the given client */
  protected abstract StreamPoller newPoller(LiveConnectorConfig config, LiveHttpClient http, LiveMetrics metrics, Pacer pacer);

  /** @return the key of the credential to name when the platform answers 401 */
  protected abstract String credentialKey();

  @Override
  public String version() {
    return LiveSourceConnector.VERSION;
  }

  /** @return this task's counters (for tests and the ops endpoint) */
  public LiveMetrics metrics() {
    return metrics;
  }

  /**
   * @param stream a stream name
   * @return the Connect source partition of that stream
   */
  public static Map<String, String> partition(Source source, String stream) {
    return Map.of("platform", source.id(), "stream", stream);
  }

  @Override
  public void start(Map<String, String> props) {
    try {
      config = parseConfig(props);
    } catch (RuntimeException e) {
      throw new ConnectException(source().id() + " live task can't start: " + e.getMessage(), e);
    }
    streams = config.taskStreams();
    TokenBucket bucket = new TokenBucket(config.rateLimitRequests(), config.rateLimitPeriod(), pacer);
    LiveHttpClient http = new LiveHttpClient(config.httpSettings(), bucket, rateLimitStyle(), pacer, metrics);
    poller = newPoller(config, http, metrics, pacer);
    if (context != null) {
      try {
        metrics.register(context.pluginMetrics(), source().id());
      } catch (RuntimeException | LinkageError e) {
        log.warn("{} live task: plugin metrics unavailable ({}); counters are kept but not exported", source().id(), e.toString());
      }
    }
    List<Map<String, String>> partitions = streams.stream().map(s -> partition(source(), s)).toList();
    Map<Map<String, String>, Map<String, Object>> committed = context == null ? Map.of()
        : context.offsetStorageReader().offsets(partitions);
    long now = pacer.nanoTime();
    for (String stream : streams) {
      Map<String, Object> offset = committed.get(partition(source(), stream));
      Map<String, String> cursor = new HashMap<>();
      if (offset != null) {
        offset.forEach((k, v) -> {
          if (v != null) {
            cursor.put(k, v.toString());
          }
        });
      }
      cursors.put(stream, cursor);
      dueNanos.put(stream, now);
    }
    log.info("{} live task started for streams {} with cursors {}", source().id(), streams, cursors);
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (pacer.isStopped()) {
      return null;
    }
    String stream = dueStream();
    long wait = dueNanos.get(stream) - pacer.nanoTime();
    if (wait > 0) {
      pacer.sleep(Duration.ofNanos(Math.min(wait, MAX_IDLE.toNanos())));
      return null;
    }
    Map<String, String> before = cursors.get(stream);
    Page page;
    try {
      page = poller.fetch(stream, before);
    } catch (FetchException e) {
      return failed(stream, before, e);
    } catch (io.storyline.ingest.connect.UnusableOffsetException e) {
      throw e; // a cursor value the poller can't use: fail the task naming it (not a poller bug to retry)
    } catch (InterruptedException e) {
      if (pacer.isStopped()) {
        return null;
      }
      throw e;
    } catch (RuntimeException e) {
      return broken(stream, before, e);
    }
    List<SourceRecord> records = new ArrayList<>(page.items().size());
    for (int i = 0; i < page.items().size(); i++) {
      RawItem item = page.items().get(i);
      Map<String, String> offset = i == page.items().size() - 1 ? page.next() : before;
      records.add(record(stream, item, offset));
      metrics.emitted(item.createdAt() == null ? null : item.createdAt().toEpochMilli());
    }
    cursors.put(stream, page.next());
    dueNanos.put(stream, page.sweepDone() ? pacer.nanoTime() + config.pollInterval().toNanos() : pacer.nanoTime());
    log.debug("{} {}: {} posts, cursor {} -> {}{}", source().id(), stream, records.size(), before, page.next(),
        page.sweepDone() ? " (sweep done)" : "");
    return records.isEmpty() ? null : records;
  }

  private String dueStream() {
    String best = null;
    for (String s : streams) {
      if (best == null || dueNanos.get(s) < dueNanos.get(best)) {
        best = s;
      }
    }
    return best;
  }

  private List<SourceRecord> failed(String stream, Map<String, String> cursor, FetchException e) {
    dueNanos.put(stream, pacer.nanoTime() + config.pollInterval().toNanos());
    if (e.status() == 401) {
      throw new ConnectException(source().id() + " rejected the credential in '" + credentialKey() + "' (HTTP 401) while polling "
          + stream + "; fix the key and restart the task");
    }
    log.warn("{} {}: page not fetched, trying again in {} ms with cursor {}: {}", source().id(), stream,
        config.pollInterval().toMillis(), cursor, e.getMessage());
    if (e.body() == null || e.body().length == 0 || e.status() < 200 || e.status() >= 300) {
      return null;
    }
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(RawHeaders.SOURCE, source().id());
    headers.addString(RawHeaders.FORMAT, NativeFormat.UNKNOWN.id());
    headers.addString(RawHeaders.FETCHED_AT, Instant.ofEpochMilli(pacer.epochMillis()).toString());
    headers.addString(ERROR_HEADER, e.getMessage());
    headers.addString(URL_HEADER, stream);
    return List.of(new SourceRecord(partition(source(), stream), cursor, config.topicPrefix() + "unknown", null,
        Schema.OPTIONAL_STRING_SCHEMA, null, Schema.BYTES_SCHEMA, e.body(), pacer.epochMillis(), headers));
  }

  /**
   * A poller threw something other than {@link FetchException}: a bug (bad input must become a
   * FetchException or an item for the Normalizer to dead-letter). Thrown out of {@link #poll} it would
   * fail the task, stopping its other streams, and a restart would fail again on the same cursor; so the
   * page is not read, the failure is counted ({@code poll-failures}) and logged at ERROR with the stream
   * and cursor, and the stream is fetched again after {@code poll.interval.ms}.
   */
  private List<SourceRecord> broken(String stream, Map<String, String> cursor, RuntimeException e) {
    dueNanos.put(stream, pacer.nanoTime() + config.pollInterval().toNanos());
    metrics.pollFailure();
    log.error("BUG: {} poller failed with {} on stream {} with cursor {}; no records from this fetch, trying again in {} ms",
        source().id(), e.getClass().getName(), stream, cursor, config.pollInterval().toMillis(), e);
    return null;
  }

  private SourceRecord record(String stream, RawItem item, Map<String, String> offset) {
    ConnectHeaders headers = new ConnectHeaders();
    boolean known = item.format().source() != null;
    headers.addString(RawHeaders.SOURCE, source().id());
    headers.addString(RawHeaders.FORMAT, item.format().id());
    headers.addString(RawHeaders.FETCHED_AT, Instant.ofEpochMilli(pacer.epochMillis()).toString());
    String topic = config.topicPrefix() + (known ? item.format().source().id() : "unknown");
    Long timestamp = item.createdAt() == null ? null : item.createdAt().toEpochMilli();
    byte[] payload = item.payload();
    if (io.storyline.ingest.format.RawLimits.oversized(payload)) {
      // Kafka would refuse the whole record and fail the task: send the start, for the dead letter
      log.warn("{} {}: payload of {} bytes exceeds the raw record limit of {} bytes; writing its first {} bytes with "
          + "header {} for the normalizer to dead-letter", stream, item.nativeId(), payload.length,
          io.storyline.ingest.format.RawLimits.MAX_PAYLOAD_BYTES, io.storyline.ingest.format.RawLimits.KEPT_BYTES,
          io.storyline.ingest.format.RawLimits.OVERSIZE_HEADER);
      headers.addString(io.storyline.ingest.format.RawLimits.OVERSIZE_HEADER, Integer.toString(payload.length));
      payload = io.storyline.ingest.format.RawLimits.kept(payload);
    }
    return new SourceRecord(partition(source(), stream), offset, topic, null,
        Schema.OPTIONAL_STRING_SCHEMA, item.nativeId(), Schema.BYTES_SCHEMA, payload, timestamp, headers);
  }

  /** Ends any wait at once; safe from any thread, idempotent. */
  @Override
  public void stop() {
    pacer.stop();
  }
}
