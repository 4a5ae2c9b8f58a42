package io.storyline.ingest.normalize;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the thread's root on a post whose platform names only its parent, so that {@link
 * io.storyline.common.topic.PostPartitioner} sends it to the partition of {@code posts} that holds its
 * thread ({@link Post#threadKey()}, docs/ARCHITECTURE.md "Clustering at scale").
 *
 * <p>Rule: a post with a parent is routed by the thread key of the post its platform names as its
 * thread's start (its {@code rootId} if the platform names one, else its parent), when that post
 * passed this processor before it and has a parent itself; the post then gets {@code rootId} = that
 * thread key. Which posts this changes:
 *
 * <ul>
 *   <li>a Discord reply to a reply (a message reference names only the message replied to);
 *   <li>a quote, repost, forward or crosspost of a reply (X names a reply's {@code conversation_id},
 *       but a quote of that reply names only the quoted tweet);
 *   <li>a reply within a conversation that a quote started (X's {@code conversation_id} is the quote,
 *       which itself went with the quoted tweet's thread), and a comment on a Reddit crosspost.
 * </ul>
 *
 * A post whose start is a thread's first post, or was not seen, passes unchanged (its thread key
 * stays what the platform named: the right partition when that is a root, the best known
 * otherwise). Counted in {@link NormalizerMetrics#THREAD_ROOTS_RESOLVED}.
 *
 * <p>State: {@value NormalizerTopology#THREAD_ROOTS_STORE} (post id → its thread key, with the post's
 * {@code createdAt} epoch ms as the timestamp), persistent and changelogged, holding only posts with a
 * parent (a post without one is its own thread key, the answer when a look-up finds nothing), and of
 * those not the Reddit comments that name their submission (no later post names one as its start). A
 * stream-time punctuation every {@code purgeInterval} removes entries created more than {@code
 * retention} before the {@link PostClock}, as the de-duplication store does. A cycle in the input (a
 * parent whose thread key is the post itself) is left unresolved and logged. Not thread-safe.
 */
final class ThreadRootProcessor extends ContextualProcessor<String, Post, String, Post> {
  private static final Logger log = LoggerFactory.getLogger(ThreadRootProcessor.class);
  private static final String SUBMISSION_ID_PREFIX = Post.id(Source.REDDIT, "t3_");

  private final String name;
  private final Duration retention;
  private final Duration purgeInterval;
  private final PostClock postClock = new PostClock();
  private TimestampedKeyValueStore<String, String> roots;
  private Sensor resolved;

  /**
   * @param name the processor's name (tags its sensor)
   * @param retention how long a post's thread key is kept, counted on the post clock
   * @param purgeInterval stream time between purges
   */
  ThreadRootProcessor(String name, Duration retention, Duration purgeInterval) {
    this.name = name;
    this.retention = retention;
    this.purgeInterval = purgeInterval;
  }

  @Override
  public void init(ProcessorContext<String, Post> context) {
    super.init(context);
    roots = context.getStateStore(NormalizerTopology.THREAD_ROOTS_STORE);
    resolved = NormalizerSensors.sensor(context, name, NormalizerMetrics.THREAD_ROOTS_RESOLVED);
    try (KeyValueIterator<String, ValueAndTimestamp<String>> all = roots.all()) {
      while (all.hasNext()) {
        postClock.restore(all.next().value.timestamp());
      }
    }
    context.schedule(purgeInterval, PunctuationType.STREAM_TIME, streamTimeMs -> purge());
  }

  @Override
  public void process(Record<String, Post> record) {
    Post post = record.value();
    long createdMs = post.createdAt().toEpochMilli();
    postClock.advance(createdMs, context().currentSystemTimeMs());
    if (post.parentId() == null) {
      context().forward(record);
      return;
    }
    String start = post.threadKey();
    ValueAndTimestamp<String> startKey = roots.get(start);
    if (startKey != null && startKey.value().equals(post.id())) {
      log.warn("post {} is the thread key of {}, which it names as its thread's start: a cycle in the input; "
          + "routing {} by {}", post.id(), start, post.id(), start);
    } else if (startKey != null) {
      post = post.toBuilder().root(startKey.value()).build();
      resolved.record();
      log.debug("post {} belongs to thread {} (parent {}, named start {})", post.id(), post.rootId(), post.parentId(),
          start);
    }
    if (!neverAStart(post)) {
      roots.put(post.id(), ValueAndTimestamp.make(post.threadKey(), createdMs));
    }
    context().forward(record.withValue(post));
  }

  /**
   * A Reddit comment whose thread key is its submission (its {@code link_id}, or its parent for a top-level
   * comment) is never named as a thread's start: every reply to it names that submission itself, and only
   * submissions are crossposted. Not storing it saves a store write and a changelog record per comment, most of
   * a Reddit stream.
   */
  private static boolean neverAStart(Post post) {
    return post.source() == Source.REDDIT && post.nativeId().startsWith("t1_")
        && post.threadKey().startsWith(SUBMISSION_ID_PREFIX);
  }

  /** Removes entries created more than {@code retention} before the post clock. */
  void purge() {
    List<String> expired = postClock.expired(roots, ValueAndTimestamp::timestamp, retention);
    expired.forEach(roots::delete);
    if (!expired.isEmpty()) {
      log.debug("purged {} thread keys of posts created more than {} before the post clock from {}", expired.size(),
          retention, NormalizerTopology.THREAD_ROOTS_STORE);
    }
  }
}
