package io.storyline.cluster.internal;

import io.storyline.common.model.EventTimes;
import io.storyline.common.model.Post;
import io.storyline.common.topic.Topics;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Reads the cluster stage's {@code posts} input: {@link Topics#POSTS}' value deserializer, which refuses
 * what no post can be (invalid JSON, no {@code createdAt}, a time outside the years 1970 to 9999), plus
 * the wall-clock rule of {@link EventTimes#isFuture}: a post created more than {@link
 * EventTimes#MAX_FUTURE} after the wall clock is refused too. The normalizer dead-letters such posts
 * already; this guards against any other producer of {@code posts}, since one such post would move the
 * stage's event-time watermark ahead for good and close every open story as idle.
 *
 * <p>A refusal is a {@link SerializationException} naming the post, the field, the value and the rule,
 * so the stage's {@link DeadLetterDeserializationHandler} sends the original bytes to {@code posts.dlq}
 * with that reason, in both the single and the partitioned mode. Thread-safe if the clock is.
 */
public final class PostsInputDeserializer implements Deserializer<Post> {
  private final Deserializer<Post> inner = Topics.POSTS.valueSerde().deserializer();
  private final LongSupplier wallClockMs;

  /**
   * @param wallClockMs the wall clock, epoch ms (in production {@code System::currentTimeMillis}); may not
   *     be null
   */
  public PostsInputDeserializer(LongSupplier wallClockMs) {
    this.wallClockMs = Objects.requireNonNull(wallClockMs, "wall clock can't be null");
  }

  /** @return a serde that writes like {@link Topics#POSTS} and reads with this deserializer on the system clock */
  public static Serde<Post> serde() {
    return Serdes.serdeFrom(Topics.POSTS.valueSerde().serializer(), new PostsInputDeserializer(System::currentTimeMillis));
  }

  /**
   * @return the post, or null for a null record value (a tombstone, which the processors skip and count)
   * @throws SerializationException if the bytes are no valid post, or the post was created in the future
   */
  @Override
  public Post deserialize(String topic, byte[] data) {
    Post post = inner.deserialize(topic, data);
    if (post != null) {
      long wall = wallClockMs.getAsLong();
      if (EventTimes.isFuture(post.createdAt(), wall)) {
        throw new SerializationException("can't read a post from " + topic + ": "
            + EventTimes.futureMessage("post " + post.id(), "createdAt", post.createdAt(), wall));
      }
    }
    return post;
  }

  @Override
  public void close() {
    inner.close();
  }
}
