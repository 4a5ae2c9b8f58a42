package io.storyline.ingest.normalize;

import io.storyline.common.model.Post;
import io.storyline.common.topic.DeadLetterHeaders;
import io.storyline.common.topic.DeadLetters;
import io.storyline.common.model.EventTimes;
import io.storyline.common.topic.RawHeaders;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.NativeParsers;
import io.storyline.ingest.format.PostParseException;
import io.storyline.ingest.format.PostLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a raw record (native payload bytes, {@link RawHeaders#FORMAT} header) into a {@link Post}
 * forwarded to {@code postChild} (key = post id), or dead-letters it: the original key and value
 * bytes, the original headers plus the {@link DeadLetterHeaders}, to {@code deadLetterChild}. Never
 * throws for bad input. Not thread-safe (one instance per task, as Kafka Streams uses it).
 *
 * <p>Micrometer meters (Prometheus names): {@code storyline_normalizer_posts_total{source}} (posts
 * parsed per platform), {@code storyline_normalizer_dead_letters_total{topic,reason}} with reason one
 * of {@link Reason}, {@code storyline_normalizer_parse_seconds} (time to parse one record), {@code
 * storyline_normalizer_truncated_total{source,field}} (posts whose field was cut or dropped to stay within
 * {@link PostLimits}, field one of {@link PostLimits.Field}) and {@code
 * storyline_normalizer_repaired_total{source}} (posts whose text had lone surrogates or invisible bidi
 * controls, see {@link PostLimits}). A post over the limits is emitted bounded, not dead-lettered.
 */
final class ParseProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(ParseProcessor.class);
  static final String STAGE = "normalizer";

  private final String name;
  private final String postChild;
  private final String deadLetterChild;
  private ProcessorContext<Object, Object> context;
  private Sensor processed;
  private Sensor deadLettered;
  private final MeterRegistry registry;
  private Timer parseTime;
  private final java.util.EnumMap<io.storyline.common.model.Source, io.micrometer.core.instrument.Counter> postsBySource =
      new java.util.EnumMap<>(io.storyline.common.model.Source.class);
  private final java.util.EnumMap<io.storyline.common.model.Source, io.micrometer.core.instrument.Counter> repairedBySource =
      new java.util.EnumMap<>(io.storyline.common.model.Source.class);
  private final java.util.Map<String, io.micrometer.core.instrument.Counter> truncated = new java.util.HashMap<>();

  /** Why a record was dead-lettered: the {@code reason} tag of {@code storyline_normalizer_dead_letters_total}. */
  enum Reason {
    /** No {@code storyline.format} header. */
    MISSING_FORMAT,
    /** The format header names no format, or the payload's platform could not be recognised. */
    UNKNOWN_FORMAT,
    /** A null payload. */
    NULL_PAYLOAD,
    /** The parser rejected the payload (invalid JSON/XML, missing id or time, wrong types). */
    UNPARSEABLE,
    /** The connector cut an oversized payload ({@link io.storyline.ingest.format.RawLimits}). */
    OVERSIZE,
    /** The post's {@code createdAt} lies more than {@link EventTimes#MAX_FUTURE} after the wall clock. */
    FUTURE_CREATED,
    /** The parser failed unexpectedly: a bug, logged at ERROR. */
    PARSER_BUG;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A record rejected before parsing, with its reason. */
  private static final class Rejected extends PostParseException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    Rejected(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  ParseProcessor(String name, String postChild, String deadLetterChild, MeterRegistry registry) {
    this.name = name;
    this.postChild = postChild;
    this.deadLetterChild = deadLetterChild;
    this.registry = registry;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    processed = NormalizerSensors.sensor(context, name, NormalizerMetrics.PROCESSED);
    deadLettered = NormalizerSensors.sensor(context, name, NormalizerMetrics.DEAD_LETTERED);
    parseTime = Timer.builder("storyline.normalizer.parse").description("Time to parse one raw record")
        .publishPercentileHistogram().register(registry);
    // every series exists from the start at 0, so rates and alerts see "none yet" rather than "no data"
    for (io.storyline.common.model.Source source : io.storyline.common.model.Source.values()) {
      postsBySource.put(source, postsCounter(source.id()));
      repairedBySource.put(source, io.micrometer.core.instrument.Counter.builder("storyline.normalizer.repaired")
          .description("Posts whose text had lone surrogates replaced or invisible bidi controls removed")
          .tag("source", source.id()).register(registry));
      for (PostLimits.Field field : PostLimits.Field.values()) {
        truncatedCounter(source, field);
      }
    }
    for (var topic : io.storyline.common.topic.Topics.rawTopics()) {
      for (Reason reason : Reason.values()) {
        deadLetterCounter(topic.name(), reason);
      }
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    processed.record();
    Coordinates at = Coordinates.of(context.recordMetadata().orElse(null));
    Post post;
    long start = System.nanoTime();
    try {
      post = notFuture(bound(parse(record, at), at), at);
    } catch (PostParseException e) {
      Reason reason;
      if (e instanceof Rejected rejected) {
        reason = rejected.reason;
        log.warn("dead-lettering {}-{}@{}: {}", at.topic(), at.partition(), at.offset(), e.getMessage());
      } else if (e.getCause() instanceof RuntimeException bug) {
        // NativeParsers wraps a parser's unexpected exception: bad input must not crash a parser
        reason = Reason.PARSER_BUG;
        log.error("BUG: parser failed with {} on {}-{}@{}; dead-lettering the record",
            bug.getClass().getName(), at.topic(), at.partition(), at.offset(), bug);
      } else {
        reason = Reason.UNPARSEABLE;
        log.warn("dead-lettering {}-{}@{}: {}", at.topic(), at.partition(), at.offset(), e.getMessage());
      }
      deadLetter(record, at, e, reason);
      return;
    } catch (RuntimeException e) {
      log.error("BUG: parser threw {} instead of PostParseException for {}-{}@{}; dead-lettering the record",
          e.getClass().getName(), at.topic(), at.partition(), at.offset(), e);
      deadLetter(record, at, e, Reason.PARSER_BUG);
      return;
    } finally {
      parseTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
    postsBySource.get(post.source()).increment();
    context.forward(new Record<Object, Object>(post.id(), post, record.timestamp()), postChild);
  }

  private static Post parse(Record<byte[], byte[]> record, Coordinates at) throws PostParseException {
    String formatId = header(record.headers(), RawHeaders.FORMAT);
    if (formatId == null) {
      throw new Rejected(Reason.MISSING_FORMAT, "record " + at + " has no " + RawHeaders.FORMAT
          + " header; every raw record must name its native format (one of " + knownFormats() + ")");
    }
    NativeFormat format = NativeFormat.fromId(formatId);
    if (format == NativeFormat.UNKNOWN) {
      String file = header(record.headers(), RawHeaders.FILE);
      throw new Rejected(Reason.UNKNOWN_FORMAT, formatId.equals(NativeFormat.UNKNOWN.id())
          ? "record " + at + " has format 'unknown': its payload" + (file == null ? "" : " from file " + file)
              + " was not recognised as any native format when it was ingested"
          : "record " + at + " has " + RawHeaders.FORMAT + " '" + formatId + "', which names no known native format ("
              + knownFormats() + ")");
    }
    String oversize = header(record.headers(), io.storyline.ingest.format.RawLimits.OVERSIZE_HEADER);
    if (oversize != null) {
      throw new Rejected(Reason.OVERSIZE, "record " + at + " of format " + format.id() + " had a payload of " + oversize
          + " bytes, over the raw record limit of " + io.storyline.ingest.format.RawLimits.MAX_PAYLOAD_BYTES
          + " bytes; the connector kept its first " + (record.value() == null ? 0 : record.value().length) + " bytes");
    }
    if (record.value() == null) {
      throw new Rejected(Reason.NULL_PAYLOAD, "record " + at + " of format " + format.id() + " has a null payload; a raw record "
          + "must carry one native object");
    }
    Post post = NativeParsers.parse(format, record.value(), fetchedAt(record.headers(), at));
    if (post == null) {
      throw new IllegalStateException("parser of " + format.id() + " returned null for record " + at);
    }
    return post;
  }

  /**
   * Refuses a post created in the future: its {@code createdAt} would move every event clock downstream
   * (the cluster stage's idle close, the event-clock ranking) ahead for good.
   */
  private Post notFuture(Post post, Coordinates at) throws PostParseException {
    long wall = context.currentSystemTimeMs();
    if (EventTimes.isFuture(post.createdAt(), wall)) {
      throw new Rejected(Reason.FUTURE_CREATED,
          "record " + at + ": " + EventTimes.futureMessage("post " + post.id(), "createdAt", post.createdAt(), wall));
    }
    return post;
  }

  /** Bounds the post ({@link PostLimits}), counting and logging what was cut. */
  private Post bound(Post post, Coordinates at) throws PostParseException {
    PostLimits.Bounded bounded = PostLimits.apply(post);
    for (PostLimits.Field field : bounded.truncated()) {
      truncatedCounter(post.source(), field).increment();
    }
    if (!bounded.truncated().isEmpty()) {
      log.warn("post {} from {} exceeded the post limits; cut or dropped: {} (text {} chars, title {} chars, {} links)",
          post.id(), at, bounded.truncated(), post.text().length(), post.title() == null ? 0 : post.title().length(),
          post.links().size());
    }
    if (bounded.repaired()) {
      repairedBySource.get(post.source()).increment();
      log.debug("post {} from {}: lone surrogates replaced or invisible bidi controls removed", post.id(), at);
    }
    return bounded.post();
  }

  private static Instant fetchedAt(Headers headers, Coordinates at) throws PostParseException {
    String text = header(headers, RawHeaders.FETCHED_AT);
    if (text == null) {
      return null;
    }
    Instant fetched;
    try {
      fetched = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new PostParseException("record " + at + " has " + RawHeaders.FETCHED_AT + " '" + text
          + "', which is not an ISO-8601 instant", e);
    }
    if (!io.storyline.ingest.format.Times.inRange(fetched)) {
      throw new PostParseException("record " + at + " has " + RawHeaders.FETCHED_AT + " '" + text
          + "', which is not an ISO-8601 instant in the years 1970 to 9999");
    }
    return fetched;
  }

  private void deadLetter(Record<byte[], byte[]> record, Coordinates at, Exception error, Reason reason) {
    deadLetterCounter(String.valueOf(at.topic()), reason).increment();
    Headers headers = DeadLetters.headers(record.headers(), DeadLetters.reason(error), error.getClass().getName(),
        STAGE, at.topic(), at.partition(), at.offset());
    context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers), deadLetterChild);
    deadLettered.record();
  }

  private io.micrometer.core.instrument.Counter truncatedCounter(io.storyline.common.model.Source source, PostLimits.Field field) {
    return truncated.computeIfAbsent(source.id() + "/" + field.tag(), k -> io.micrometer.core.instrument.Counter
        .builder("storyline.normalizer.truncated").description("Posts with a field cut or dropped to stay within the post limits")
        .tag("source", source.id()).tag("field", field.tag()).register(registry));
  }

  private io.micrometer.core.instrument.Counter postsCounter(String source) {
    return io.micrometer.core.instrument.Counter.builder("storyline.normalizer.posts")
        .description("Posts parsed from raw records, by platform").tag("source", source).register(registry);
  }

  private io.micrometer.core.instrument.Counter deadLetterCounter(String topic, Reason reason) {
    return io.micrometer.core.instrument.Counter.builder("storyline.normalizer.dead.letters")
        .description("Raw records sent to posts.dlq, by raw topic and reason")
        .tag("topic", topic).tag("reason", reason.tag()).register(registry);
  }

  private static String header(Headers headers, String key) {
    Header h = headers.lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static String knownFormats() {
    return String.join(", ", Arrays.stream(NativeFormat.values())
        .filter(f -> f != NativeFormat.UNKNOWN).map(NativeFormat::id).toList());
  }

  /** Where a record was read from; {@code "?"}/-1 when Streams has no metadata (punctuation). */
  private record Coordinates(String topic, int partition, long offset) {
    static Coordinates of(RecordMetadata m) {
      return m == null ? new Coordinates("?", -1, -1) : new Coordinates(m.topic(), m.partition(), m.offset());
    }

    @Override
    public String toString() {
      return topic + "-" + partition + "@" + offset;
    }
  }
}
