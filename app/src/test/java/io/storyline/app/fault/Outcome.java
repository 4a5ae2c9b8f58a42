package io.storyline.app.fault;

import io.storyline.common.model.Post;
import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.model.TopList;
import io.storyline.common.testkit.EmbeddedKafkaCluster;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/**
 * What a pipeline run left in its topics, read {@code read_committed} (only committed transactions),
 * in offset order: the records of {@code posts}, {@code story-assignments}, {@code stories}, {@code
 * top-stories} and {@code digests}, and the number of raw records. Immutable.
 *
 * @param rawRecords committed records in all raw topics
 * @param posts {@code posts} in offset order
 * @param assignments {@code story-assignments} in offset order
 * @param stories {@code stories} in offset order (the full history, not only the latest per key)
 * @param lists {@code top-stories} in offset order
 * @param digests {@code digests} in offset order
 */
record Outcome(
    long rawRecords,
    List<KeyValue<String, Post>> posts,
    List<KeyValue<String, StoryAssignment>> assignments,
    List<KeyValue<String, Story>> stories,
    List<KeyValue<String, TopList>> lists,
    List<KeyValue<String, TopList>> digests) {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param cluster the broker to read
   * @return what its topics hold now
   */
  static Outcome read(EmbeddedKafkaCluster cluster) {
    long raw = 0;
    for (TopicSpec<String, byte[]> t : Topics.rawTopics()) {
      raw += cluster.consumeAll(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer(), READ_TIMEOUT).size();
    }
    return new Outcome(raw, read(cluster, Topics.POSTS), read(cluster, Topics.STORY_ASSIGNMENTS), read(cluster, Topics.STORIES),
        read(cluster, Topics.TOP_STORIES), read(cluster, Topics.DIGESTS));
  }

  static <K, V> List<KeyValue<K, V>> read(EmbeddedKafkaCluster cluster, TopicSpec<K, V> spec) {
    return cluster.consumeAll(spec.name(), spec.keySerde().deserializer(), spec.valueSerde().deserializer(), READ_TIMEOUT)
        .stream().map(r -> KeyValue.pair(r.key(), r.value())).toList();
  }

  /** @return the newest story snapshot per story id (what compaction keeps) */
  Map<String, Story> latestStories() {
    return latest(stories);
  }

  /**
   * @return per list id, the ranked content of its newest list: the items without {@code movement}
   *     (rank change since the previous emission, which depends on when the wall-clock punctuator
   *     happened to emit in between) — rank, story, headline, summary, category, score and its
   *     parts, post count, sources and links are compared exactly
   */
  Map<String, List<TopList.Item>> rankedLists() {
    return ranked(lists);
  }

  /** @return per edition key, the ranked content of its newest digest edition (as {@link #rankedLists()}) */
  Map<String, List<TopList.Item>> rankedDigests() {
    return ranked(digests);
  }

  private static Map<String, List<TopList.Item>> ranked(List<KeyValue<String, TopList>> records) {
    Map<String, List<TopList.Item>> out = new LinkedHashMap<>();
    latest(records).forEach((k, list) -> out.put(k, list.items().stream()
        .map(i -> new TopList.Item(i.rank(), i.storyId(), i.headline(), i.summary(), i.category(), i.score(), i.scoreParts(),
            i.postCount(), i.sources(), i.links(), null))
        .toList()));
    return out;
  }

  private static <V> Map<String, V> latest(List<KeyValue<String, V>> records) {
    Map<String, V> out = new LinkedHashMap<>();
    for (KeyValue<String, V> kv : records) {
      if (kv.value == null) {
        out.remove(kv.key);
      } else {
        out.put(kv.key, kv.value);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Outcome[raw=" + rawRecords + ", posts=" + posts.size() + ", assignments=" + assignments.size() + ", stories="
        + stories.size() + " (" + latestStories().size() + " ids), lists=" + lists.size() + ", digests=" + digests.size() + "]";
  }
}
