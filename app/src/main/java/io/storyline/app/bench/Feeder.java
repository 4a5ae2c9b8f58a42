package io.storyline.app.bench;

import io.storyline.common.model.Post;
import io.storyline.common.topic.RawHeaders;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.NativeParsers;
import io.storyline.ingest.format.PostParseException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a run's posts on its own thread, as a connector would: rendered raw records to the raw topics
 * ({@link Target#RAW}), or the posts the normalizer would make of them straight to {@code posts}
 * ({@link Target#POSTS}, for the stage-alone and floor runs). Paced at a fixed rate (posts/s) or as
 * fast as the producer takes them (rate 0).
 *
 * <p>Runs of up to {@link #PRERENDER_MAX_POSTS} posts are rendered (and, for {@link Target#POSTS},
 * parsed and serialised) in the constructor, before the clock starts, so that the timed send loop
 * costs what a connector's producer costs and not what making up the posts costs (rendering JSON,
 * parsing it back: 0.23 ms of CPU per post over a 20,000-post run, more while the JVM is cold, which
 * held the floor near a thousand posts/s; docs/BENCHMARKS.md). Longer runs (soaks) render each post just before its send. Each send
 * time is recorded in the run's {@link SendTimes} (the latency origin) and, for raw records, written
 * to the {@code storyline.fetched.at} header at send time; a pre-rendered post's {@code createdAt}
 * and (for {@link Target#POSTS}) {@code fetchedAt} are the moment it was rendered. Counters are safe
 * to read from any thread.
 */
public final class Feeder implements AutoCloseable {
  /** Where the posts go. */
  public enum Target { RAW, POSTS }

  /**
   * Runs up to this many posts are rendered before the clock starts (about 2 KB each); system property
   * {@code storyline.bench.prerender.max} overrides it (0 renders every post at its send, as before).
   */
  public static final int PRERENDER_MAX_POSTS = Integer.getInteger("storyline.bench.prerender.max", 100_000);

  private final KafkaProducer<String, byte[]> producer;
  private final SendTimes sendTimes;
  private final ProducerRecord<String, byte[]>[] prerendered;
  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private volatile long firstSendNanos;
  private volatile long lastSendNanos;
  private volatile Throwable failure;
  private volatile boolean running = true;

  /**
   * Renders the posts (runs up to {@link #PRERENDER_MAX_POSTS}) and makes the producer; {@link #start()} starts sending.
   *
   * @param bootstrapServers the broker
   * @param target raw topics or {@code posts}
   * @param posts how many posts to send; &gt; 0
   * @param rate posts per second; 0 = as fast as possible
   * @param content the seed of post {@code seq}; may not be null
   * @param eventTime the creation time of post {@code seq} (called when it is rendered); may not be null
   * @param sendTimes where each post's send time goes; may not be null
   */
  @SuppressWarnings("unchecked")
  public Feeder(String bootstrapServers, Target target, int posts, double rate, LongFunction<Seed> content,
      LongFunction<Instant> eventTime, SendTimes sendTimes) {
    Objects.requireNonNull(content, "content can't be null");
    Objects.requireNonNull(eventTime, "event time can't be null");
    this.sendTimes = Objects.requireNonNull(sendTimes, "send times can't be null");
    if (posts <= 0 || rate < 0 || Double.isNaN(rate)) {
      throw new IllegalArgumentException("feeder posts " + posts + " must be > 0 and rate " + rate + " >= 0");
    }
    if (posts <= PRERENDER_MAX_POSTS) {
      prerendered = new ProducerRecord[posts];
      for (int seq = 0; seq < posts; seq++) {
        prerendered[seq] = render(target, seq, content, eventTime);
      }
    } else {
      prerendered = null;
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    thread = new Thread(() -> send(target, posts, rate, content, eventTime), "storyline-bench-feeder");
    thread.setDaemon(true);
  }

  /** Starts sending, on the feeder's own thread. */
  public void start() {
    thread.start();
  }

  private void send(Target target, int posts, double rate, LongFunction<Seed> content, LongFunction<Instant> eventTime) {
    try {
      long start = System.nanoTime();
      firstSendNanos = start;
      double nanosPerPost = rate > 0 ? 1e9 / rate : 0;
      for (long seq = 0; seq < posts && running; seq++) {
        if (nanosPerPost > 0) {
          long due = start + (long) (seq * nanosPerPost);
          long wait = due - System.nanoTime();
          if (wait > 100_000) {
            LockSupport.parkNanos(wait);
          }
        }
        ProducerRecord<String, byte[]> record = prerendered != null ? prerendered[(int) seq]
            : render(target, seq, content, eventTime);
        long now = System.currentTimeMillis();
        if (target == Target.RAW) {
          record.headers().remove(RawHeaders.FETCHED_AT);
          record.headers().add(RawHeaders.FETCHED_AT,
              Instant.ofEpochMilli(now).toString().getBytes(StandardCharsets.UTF_8));
        }
        sendTimes.record(seq, now);
        if (prerendered != null) {
          prerendered[(int) seq] = null; // let the sent record go
        }
        producer.send(record, (md, e) -> {
          if (e != null && failure == null) {
            failure = e;
          }
        });
        sent.incrementAndGet();
        lastSendNanos = System.nanoTime();
      }
      producer.flush();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
  }

  private static ProducerRecord<String, byte[]> render(Target target, long seq, LongFunction<Seed> content,
      LongFunction<Instant> eventTime) {
    Instant now = Instant.now();
    ProducerRecord<String, byte[]> raw = RawPosts.render(content.apply(seq), seq, eventTime.apply(seq), now);
    if (target == Target.RAW) {
      return raw;
    }
    Post post = parse(raw);
    return new ProducerRecord<>(Topics.POSTS.name(), null, raw.timestamp(), post.id(),
        Topics.POSTS.valueSerde().serializer().serialize(Topics.POSTS.name(), post));
  }

  private static Post parse(ProducerRecord<String, byte[]> raw) {
    String format = new String(raw.headers().lastHeader(io.storyline.common.topic.RawHeaders.FORMAT).value(),
        StandardCharsets.UTF_8);
    String fetched = new String(raw.headers().lastHeader(io.storyline.common.topic.RawHeaders.FETCHED_AT).value(),
        StandardCharsets.UTF_8);
    try {
      return NativeParsers.parse(NativeFormat.fromId(format), raw.value(), Instant.parse(fetched));
    } catch (PostParseException e) {
      throw new IllegalStateException("a rendered benchmark post does not parse: " + e.getMessage(), e);
    }
  }

  /** @return posts handed to the producer so far */
  public long sent() {
    return sent.get();
  }

  /** @return {@link System#nanoTime()} when sending began */
  public long firstSendNanos() {
    return firstSendNanos;
  }

  /** @return {@link System#nanoTime()} of the last send */
  public long lastSendNanos() {
    return lastSendNanos;
  }

  /** @return the first send failure, or null */
  public Throwable failure() {
    return failure;
  }

  /** Stops sending (if still going) and closes the producer. */
  @Override
  public void close() {
    running = false;
    try {
      if (thread.isAlive()) {
        thread.join(30_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
