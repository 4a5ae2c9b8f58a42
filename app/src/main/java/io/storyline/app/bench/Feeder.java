package io.storyline.app.bench;

import io.storyline.common.model.Post;
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
 * fast as the producer takes them (rate 0). Each record's {@code fetchedAt} is the moment it is
 * rendered, just before the send. Counters are safe to read from any thread.
 */
public final class Feeder implements AutoCloseable {
  /** Where the posts go. */
  public enum Target { RAW, POSTS }

  private final KafkaProducer<String, byte[]> producer;
  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private volatile long firstSendNanos;
  private volatile long lastSendNanos;
  private volatile Throwable failure;
  private volatile boolean running = true;

  /**
   * Starts sending at once.
   *
   * @param bootstrapServers the broker
   * @param target raw topics or {@code posts}
   * @param posts how many posts to send; &gt; 0
   * @param rate posts per second; 0 = as fast as possible
   * @param content the seed of post {@code seq}; may not be null
   * @param eventTime the creation time of post {@code seq} (called at send time); may not be null
   */
  public Feeder(String bootstrapServers, Target target, int posts, double rate, LongFunction<Seed> content,
      LongFunction<Instant> eventTime) {
    Objects.requireNonNull(content, "content can't be null");
    Objects.requireNonNull(eventTime, "event time can't be null");
    if (posts <= 0 || rate < 0 || Double.isNaN(rate)) {
      throw new IllegalArgumentException("feeder posts " + posts + " must be > 0 and rate " + rate + " >= 0");
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    thread = new Thread(() -> send(target, posts, rate, content, eventTime), "storyline-bench-feeder");
    thread.setDaemon(true);
    thread.start();
  }

  private void send(Target target, int posts, double rate, LongFunction<Seed> content, LongFunction<Instant> eventTime) {
    try {
      long start = System.nanoTime();
      firstSendNanos = start;
      double nanosPerPost = rate > 0 ? 1e9 / rate : 0;
      var postSerializer = Topics.POSTS.valueSerde().serializer();
      for (long seq = 0; seq < posts && running; seq++) {
        if (nanosPerPost > 0) {
          long due = start + (long) (seq * nanosPerPost);
          long wait = due - System.nanoTime();
          if (wait > 100_000) {
            LockSupport.parkNanos(wait);
          }
        }
        ProducerRecord<String, byte[]> raw = RawPosts.render(content.apply(seq), seq, eventTime.apply(seq), Instant.now());
        ProducerRecord<String, byte[]> record = raw;
        if (target == Target.POSTS) {
          Post post = parse(raw);
          record = new ProducerRecord<>(Topics.POSTS.name(), null, raw.timestamp(), post.id(),
              postSerializer.serialize(Topics.POSTS.name(), post));
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
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
