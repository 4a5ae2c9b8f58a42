package io.storyline.common.topic;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.model.TopList;
import io.storyline.common.serde.StorylineSerdes;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic storyline reads or writes, declared once. See {@code docs/ARCHITECTURE.md} for the data
 * flow. The clustering topics have one partition by default: online clustering needs one view of all
 * active stories (scale-out is a later design step).
 */
public final class Topics {
  private Topics() {}

  /**
   * Configs of the event-time topics (raw, posts, dead letters, assignments). Records keep the post's
   * creation time as their timestamp, so a time-based retention would delete a replay of older posts
   * at once: retention is unlimited by time ({@code retention.ms=-1}; operators cap it by size or
   * override it). A post dated in the future (a skewed client clock) must reach the normalizer, not
   * make the broker refuse the write, so {@code message.timestamp.after.max.ms} is unbounded too.
   */
  public static final Map<String, String> EVENT_TIME_TOPIC_CONFIGS =
      Map.of(
          TopicConfig.RETENTION_MS_CONFIG, "-1",
          TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE));

  /**
   * Largest record the raw topics and {@code posts.dlq} accept ({@code max.message.bytes}), 8 MiB: a raw
   * payload up to this size reaches the Normalizer (which cuts the post to its limits) and can be
   * dead-lettered with its original bytes; Kafka's default, about 1 MB, would make the connector's write
   * of a 5 MB post fail. Producers writing these topics (the Connect worker, the Normalizer's DLQ writes)
   * need {@code max.request.size} at least this large.
   */
  public static final int RAW_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  /** {@link #EVENT_TIME_TOPIC_CONFIGS} plus {@code max.message.bytes} = {@link #RAW_MAX_MESSAGE_BYTES}. */
  public static final Map<String, String> RAW_TOPIC_CONFIGS = Map.of(
      TopicConfig.RETENTION_MS_CONFIG, "-1",
      TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE),
      TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(RAW_MAX_MESSAGE_BYTES));

  /** Raw native payload bytes from X/Twitter, keyed by native id. */
  public static final TopicSpec<String, byte[]> RAW_TWITTER = raw(Source.TWITTER);
  /** Raw native payload bytes from Reddit, keyed by fullname. */
  public static final TopicSpec<String, byte[]> RAW_REDDIT = raw(Source.REDDIT);
  /** Raw native payload bytes from Discord, keyed by snowflake. */
  public static final TopicSpec<String, byte[]> RAW_DISCORD = raw(Source.DISCORD);
  /** Raw native payload bytes from arXiv, keyed by arXiv id. */
  public static final TopicSpec<String, byte[]> RAW_ARXIV = raw(Source.ARXIV);

  /**
   * Raw payloads whose platform could not be recognised (e.g. a file of broken JSON); the normalizer
   * dead-letters every record of it with the reason.
   */
  public static final TopicSpec<String, byte[]> RAW_UNKNOWN =
      new TopicSpec<>("posts.raw.unknown", Serdes.String(), Serdes.ByteArray(), 1, TopicConfig.CLEANUP_POLICY_DELETE,
          RAW_TOPIC_CONFIGS);

  /** Normalised posts, keyed by post id. */
  public static final TopicSpec<String, Post> POSTS =
      new TopicSpec<>("posts", Serdes.String(), StorylineSerdes.post(), 1, TopicConfig.CLEANUP_POLICY_DELETE,
          EVENT_TIME_TOPIC_CONFIGS);

  /** Raw records the normalizer could not parse, with the reason in headers ({@link DeadLetterHeaders}). */
  public static final TopicSpec<byte[], byte[]> POSTS_DLQ =
      new TopicSpec<>("posts.dlq", Serdes.ByteArray(), Serdes.ByteArray(), 1, TopicConfig.CLEANUP_POLICY_DELETE,
          RAW_TOPIC_CONFIGS);

  /** One clustering decision per post, keyed by post id. */
  public static final TopicSpec<String, StoryAssignment> STORY_ASSIGNMENTS =
      new TopicSpec<>("story-assignments", Serdes.String(), StorylineSerdes.assignment(), 1,
          TopicConfig.CLEANUP_POLICY_DELETE, EVENT_TIME_TOPIC_CONFIGS);

  /** Latest snapshot of every story, keyed by story id; compacted. */
  public static final TopicSpec<String, Story> STORIES =
      new TopicSpec<>("stories", Serdes.String(), StorylineSerdes.story(), 1, TopicConfig.CLEANUP_POLICY_COMPACT, Map.of());

  /**
   * {@code stories} and {@code story-assignments} records the publish stage could not use (unreadable,
   * or a story last seen in the future), original key, value and headers plus the reason ({@link
   * DeadLetterHeaders}).
   */
  public static final TopicSpec<byte[], byte[]> STORIES_DLQ =
      new TopicSpec<>("stories.dlq", Serdes.ByteArray(), Serdes.ByteArray(), 1, TopicConfig.CLEANUP_POLICY_DELETE,
          EVENT_TIME_TOPIC_CONFIGS);

  /** Latest ranked list per list id ({@code all/24h}), compacted. */
  public static final TopicSpec<String, TopList> TOP_STORIES =
      new TopicSpec<>("top-stories", Serdes.String(), StorylineSerdes.topList(), 1, TopicConfig.CLEANUP_POLICY_COMPACT, Map.of());

  /**
   * Daily editions of the category lists, keyed by {@code <list>@<yyyy-MM-dd>} (e.g. {@code
   * news/24h@2026-03-02}), one record per list and UTC day; compacted, so a re-run of a day replaces
   * its edition.
   */
  public static final TopicSpec<String, TopList> DIGESTS =
      new TopicSpec<>("digests", Serdes.String(), StorylineSerdes.topList(), 1, TopicConfig.CLEANUP_POLICY_COMPACT, Map.of());

  /**
   * @param source a platform; may not be null
   * @return the raw topic of that platform
   */
  public static TopicSpec<String, byte[]> raw(Source source) {
    return new TopicSpec<>(
        "posts.raw." + source.id(), Serdes.String(), Serdes.ByteArray(), 1, TopicConfig.CLEANUP_POLICY_DELETE,
        RAW_TOPIC_CONFIGS);
  }

  /** @return the raw topics of every platform, in {@link Source} order, then {@link #RAW_UNKNOWN} */
  public static List<TopicSpec<String, byte[]>> rawTopics() {
    return List.of(RAW_TWITTER, RAW_REDDIT, RAW_DISCORD, RAW_ARXIV, RAW_UNKNOWN);
  }

  /** @return every topic storyline's pipeline uses */
  public static List<TopicSpec<?, ?>> all() {
    return List.of(RAW_TWITTER, RAW_REDDIT, RAW_DISCORD, RAW_ARXIV, RAW_UNKNOWN, POSTS, POSTS_DLQ, STORY_ASSIGNMENTS, STORIES, STORIES_DLQ, TOP_STORIES,
        DIGESTS);
  }
}
