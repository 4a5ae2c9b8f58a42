package io.storyline.app.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.model.Story;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.model.TopList;
import io.storyline.common.testkit.EmbeddedKafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KeyValue;

/**
 * The knobs and checks every fault test shares: how many faults (system property {@code
 * storyline.fault.rounds}, default 3, the CI size), the seed of the random fault points ({@code
 * storyline.fault.seed}, default random; always printed so a failure can be replayed), the
 * exactly-once checks, and the figures line each test prints and appends to {@code
 * target/fault-figures.txt} for docs/RELIABILITY.md. Stateless but for the seeded {@link Random}.
 */
final class Faults {
  private Faults() {}

  /** @return fault rounds per test: {@code -Dstoryline.fault.rounds}, default 3 */
  static int rounds() {
    return Integer.getInteger("storyline.fault.rounds", 3);
  }

  /**
   * @param test printed with the seed
   * @return a Random seeded from {@code -Dstoryline.fault.seed} or the clock; the seed is printed
   */
  static Random random(String test) {
    long seed = Long.getLong("storyline.fault.seed", System.nanoTime());
    System.out.printf("%s: fault seed %d (rerun with -Dstoryline.fault.seed=%d)%n", test, seed, seed);
    return new Random(seed);
  }

  /**
   * The point of round {@code round} of {@code rounds}: a random position in the round's slice of
   * the first {@code rounds/(rounds+1)} of the work, so every fault lands before the work is done.
   */
  static long point(Random random, long total, int round, int rounds) {
    return Math.max(1, (long) (total * (round + random.nextDouble()) / (rounds + 1)));
  }

  /**
   * Asserts every post has exactly one assignment and no story id was opened twice.
   *
   * @return {lost, duplicated} (both 0 when the assertion passes)
   */
  static long[] assertExactlyOnce(List<String> postIds, List<KeyValue<String, StoryAssignment>> assignments) {
    Map<String, Integer> perPost = new HashMap<>();
    assignments.forEach(a -> perPost.merge(a.key, 1, Integer::sum));
    List<String> lost = postIds.stream().filter(id -> !perPost.containsKey(id)).toList();
    Map<String, Integer> duplicated = new LinkedHashMap<>();
    perPost.forEach((id, n) -> {
      if (n > 1) {
        duplicated.put(id, n);
      }
    });
    Set<String> opened = new HashSet<>();
    List<String> reopened = new ArrayList<>();
    for (KeyValue<String, StoryAssignment> a : assignments) {
      if (a.value.newStory() && !opened.add(a.value.storyId())) {
        reopened.add(a.value.storyId() + " (again by " + a.key + ")");
      }
      if (!a.value.newStory() && !opened.contains(a.value.storyId())) {
        reopened.add(a.value.storyId() + " (joined by " + a.key + " before it was opened)");
      }
    }
    assertThat(lost).as("posts without an assignment (lost)").isEmpty();
    assertThat(duplicated).as("posts with more than one assignment (duplicated)").isEmpty();
    assertThat(perPost.keySet()).as("assignments of posts that were never in posts").isEqualTo(new HashSet<>(postIds));
    assertThat(reopened).as("story ids opened twice or used before they were opened").isEmpty();
    return new long[] {lost.size(), duplicated.size()};
  }

  /**
   * Asserts the order exactly-once guarantees for {@code stories} when the cluster stage publishes
   * once per story per interval (so which intermediate versions appear depends on timing): per story
   * id, the snapshots appear in strictly increasing {@link Story#version()} (a story's version grows
   * with every change, and its merged-away final snapshot is one past its last), so no version goes
   * backwards or appears twice, however often the stage was killed or moved.
   *
   * @return the number of snapshots checked
   */
  static int assertSnapshotVersionsIncrease(List<KeyValue<String, Story>> stories) {
    Map<String, Long> last = new HashMap<>();
    List<String> violations = new ArrayList<>();
    for (KeyValue<String, Story> kv : stories) {
      if (kv.value == null) {
        continue;
      }
      assertThat(kv.value.id()).as("key of a stories record").isEqualTo(kv.key);
      Long before = last.put(kv.key, kv.value.version());
      if (before != null && kv.value.version() <= before) {
        violations.add(kv.key + " version " + kv.value.version() + " after " + before);
      }
    }
    assertThat(violations).as("story snapshots repeated or going backwards (per id, in offset order)").isEmpty();
    return stories.size();
  }

  /**
   * Asserts that every item of every list shows a snapshot the cluster stage committed: its story id,
   * headline, summary, category and post count are those of one record of {@code stories}; with
   * {@code latest}, of that story's latest snapshot (the final lists are ranked after the last one).
   */
  static void assertItemsShowCommittedSnapshots(Map<String, List<TopList.Item>> lists, List<KeyValue<String, Story>> stories,
      boolean latest) {
    Set<List<Object>> shown = new HashSet<>();
    Map<String, Story> newest = new HashMap<>();
    for (KeyValue<String, Story> kv : stories) {
      if (kv.value != null) {
        shown.add(itemView(kv.value));
        newest.put(kv.key, kv.value);
      }
    }
    List<String> unknown = new ArrayList<>();
    lists.forEach((list, items) -> items.forEach(i -> {
      List<Object> view = List.of(i.storyId(), i.headline(), i.summary(), i.category(), i.postCount());
      Story s = newest.get(i.storyId());
      boolean ok = latest ? s != null && s.mergedInto() == null && view.equals(itemView(s)) : shown.contains(view);
      if (!ok) {
        unknown.add(list + " #" + i.rank() + " " + view);
      }
    }));
    assertThat(unknown).as("list items not showing %s committed snapshot of their story", latest ? "the latest" : "a").isEmpty();
  }

  private static List<Object> itemView(Story s) {
    return List.of(s.id(), s.headline(), s.summary(), s.category(), s.postCount());
  }

  /** @return records in {@code topic} read read_uncommitted: committed ones plus those of aborted or open transactions */
  static long uncommittedCount(EmbeddedKafkaCluster kafka, String topic) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
    }
    return count;
  }

  /**
   * Prints the figures of a fault test ({@code FAULT-FIGURES <test> k=v ...}) and appends them to
   * {@code target/fault-figures.txt}.
   */
  static void report(String test, Map<String, Object> figures) {
    StringBuilder line = new StringBuilder("FAULT-FIGURES ").append(test);
    figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);
    try {
      Files.writeString(Path.of("target", "fault-figures.txt"), line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything under it (a stage's local state: the disk is lost). */
  static void wipe(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
