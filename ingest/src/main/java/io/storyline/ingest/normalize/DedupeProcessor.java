package io.storyline.ingest.normalize;

import io.storyline.common.model.Post;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the first post of each post id, drops (and counts, {@link NormalizerMetrics#DUPLICATES})
 * later copies of the same content, and forwards an <em>edit</em> as an update (same key, counted in
 * {@link NormalizerMetrics#UPDATED} and {@link NormalizerMetrics#EMITTED}).
 *
 * <p>Why here: every platform's edit (an X edit chain keyed by its first id, Reddit's {@code edited},
 * Discord's {@code edited_timestamp}, an arXiv replacement) reaches this processor as a post whose id
 * was seen before; this is the one place that sees that for all sources, and its state is already
 * keyed by post id. A version is {@code (fetchedAt, fingerprint)}: the fingerprint is a SHA-256 of the
 * content a reader sees (title, text, links, url, author, relation, parent) and leaves engagement out,
 * so a re-fetch or an at-least-once redelivery with new counts stays a duplicate. A different
 * fingerprint with a {@code fetchedAt} not older than the stored one is an edit; an older one (a stale
 * copy redelivered after a newer version) is dropped as a duplicate. Downstream, the clusterer treats a
 * post id it has seen as already counted, so an update never counts a post twice.
 *
 * <p>State: {@value NormalizerTopology#SEEN_POSTS_STORE} (post id → {@code createdAt} epoch ms) and
 * {@value NormalizerTopology#POST_VERSIONS_STORE} (post id → {@code "<fetchedAt ms>:<fingerprint>"}),
 * both persistent and changelogged. A stream-time punctuator every {@code purgeInterval} removes ids
 * (from both) whose {@code createdAt} is more than {@code retention} before the <em>post clock</em>, so
 * the stores stay bounded; a copy arriving after its id was purged is emitted again.
 *
 * <p>The post clock ({@link PostClock}) is rebuilt from the store on init; it is not Kafka's stream
 * time, so that one record with a wrong timestamp cannot purge every id at once and let duplicates
 * through. Not thread-safe.
 */
final class DedupeProcessor extends ContextualProcessor<String, Post, String, Post> {
  private static final Logger log = LoggerFactory.getLogger(DedupeProcessor.class);

  private final String name;
  private final Duration retention;
  private final Duration purgeInterval;
  private KeyValueStore<String, Long> seen;
  private KeyValueStore<String, String> versions;
  private final PostClock postClock = new PostClock();
  private Sensor duplicates;
  private Sensor emitted;
  private Sensor updated;

  DedupeProcessor(String name, Duration retention, Duration purgeInterval) {
    this.name = name;
    this.retention = retention;
    this.purgeInterval = purgeInterval;
  }

  @Override
  public void init(ProcessorContext<String, Post> context) {
    super.init(context);
    seen = context.getStateStore(NormalizerTopology.SEEN_POSTS_STORE);
    versions = context.getStateStore(NormalizerTopology.POST_VERSIONS_STORE);
    duplicates = NormalizerSensors.sensor(context, name, NormalizerMetrics.DUPLICATES);
    emitted = NormalizerSensors.sensor(context, name, NormalizerMetrics.EMITTED);
    updated = NormalizerSensors.sensor(context, name, NormalizerMetrics.UPDATED);
    try (KeyValueIterator<String, Long> all = seen.all()) {
      while (all.hasNext()) {
        postClock.restore(all.next().value);
      }
    }
    context.schedule(purgeInterval, PunctuationType.STREAM_TIME, streamTimeMs -> purge());
  }

  @Override
  public void process(Record<String, Post> record) {
    String id = record.key();
    Post post = record.value();
    String version = post.fetchedAt().toEpochMilli() + ":" + fingerprint(post);
    if (seen.get(id) != null) {
      if (isNewerVersion(versions.get(id), version)) {
        versions.put(id, version);
        context().forward(record);
        emitted.record();
        updated.record();
        log.debug("post {} changed (fetched {}); emitting the new version", id, post.fetchedAt());
        return;
      }
      if (versions.get(id) == null) {
        versions.put(id, version); // seen before versions were kept: from now on edits are recognised
      }
      duplicates.record();
      log.debug("dropping duplicate of post {}", id);
      return;
    }
    long createdMs = post.createdAt().toEpochMilli();
    seen.put(id, createdMs);
    versions.put(id, version);
    postClock.advance(createdMs, context().currentSystemTimeMs());
    context().forward(record);
    emitted.record();
  }

  /** @return true if {@code candidate} has other content than {@code stored} and was not fetched before it */
  private static boolean isNewerVersion(String stored, String candidate) {
    if (stored == null) {
      return false;
    }
    int s = stored.indexOf(':');
    int c = candidate.indexOf(':');
    if (s < 0 || stored.substring(s + 1).equals(candidate.substring(c + 1))) {
      return false;
    }
    try {
      return Long.parseLong(candidate.substring(0, c)) >= Long.parseLong(stored.substring(0, s));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** @return hex of the first 16 bytes of a SHA-256 over the reader-visible content of {@code post} */
  static String fingerprint(Post post) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Object part : new Object[] {post.title(), post.text(), post.links(), post.url(), post.author(), post.relation(),
          post.parentId()}) {
        sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Removes ids created more than {@code retention} before the post clock. */
  void purge() {
    List<String> expired = postClock.expired(seen, Long::longValue, retention);
    for (String id : expired) {
      seen.delete(id);
      versions.delete(id);
    }
    if (!expired.isEmpty()) {
      log.debug("purged {} post ids created more than {} before the post clock from {}", expired.size(), retention,
          NormalizerTopology.SEEN_POSTS_STORE);
    }
  }
}
