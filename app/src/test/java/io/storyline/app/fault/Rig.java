package io.storyline.app.fault;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.ClusterTopology;
import io.storyline.common.config.CommonConfig;
import io.storyline.common.stage.StreamsStage;
import io.storyline.common.testkit.EmbeddedKafkaCluster;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.connect.EmbeddedConnectStandalone;
import io.storyline.ingest.connect.ReplayConnectorConfig;
import io.storyline.ingest.normalize.NormalizerConfig;
import io.storyline.ingest.normalize.NormalizerTopology;
import io.storyline.publish.PublishConfig;
import io.storyline.publish.PublishTopology;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Shared parts of the fault tests: the stages in process (as {@code storyline demo} runs them), the
 * replay connector in Connect standalone, the settings every run uses, and waits on Kafka's own
 * bookkeeping (end offsets against committed offsets). Stateless.
 */
final class Rig {
  /** How long any one stage may take to drain the sample. */
  static final Duration DRAIN = Duration.ofMinutes(3);

  private Rig() {}

  /**
   * @return common settings of a stage: brokers, state dir; {@code publish.clock=event} so ranks are
   *     deterministic; the normalizer's replay merge wait, so the merge order of the sample's raw topics
   *     does not depend on which of them was fetched first (the runs compared here must see the same order)
   */
  /**
   * @return the cluster stage's {@code cluster.snapshot.interval.ms} in the fault tests: {@code
   *     -Dstoryline.fault.snapshot.interval.ms}, default 0 (the stage's default, one snapshot per post,
   *     whose output the tests compare with the reference record for record); with an interval the
   *     snapshots depend on timing and the tests check what exactly-once guarantees there
   */
  static long snapshotIntervalMs() {
    return Long.getLong("storyline.fault.snapshot.interval.ms", 0L);
  }

  static Map<String, Object> settings(EmbeddedKafkaCluster kafka, Path stateDir) {
    Map<String, Object> s = new HashMap<>();
    s.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    s.put(CommonConfig.STATE_DIR_CONFIG, stateDir.toString());
    s.put(PublishConfig.CLOCK_CONFIG, PublishConfig.CLOCK_EVENT);
    s.put(NormalizerConfig.MERGE_WAIT_MS_CONFIG, NormalizerConfig.REPLAY_MERGE_WAIT_MS);
    s.put(ClusterConfig.SNAPSHOT_INTERVAL_MS_CONFIG, Long.toString(snapshotIntervalMs()));
    return s;
  }

  /**
   * The same settings as {@code storyline run} arguments ({@code --bootstrap-servers}, {@code
   * --state-dir}, {@code -D}), plus a consumer session timeout of 6 s (the broker's minimum) instead of
   * the default 45 s: a killed instance sends no leave-group, so its partitions wait for the session to
   * expire before a restarted or surviving instance gets them.
   */
  static List<String> runArgs(String stage, EmbeddedKafkaCluster kafka, Path stateDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", stage, "--bootstrap-servers", kafka.bootstrapServers(),
        "--state-dir", stateDir.toString(), "--http-host", "127.0.0.1", "-D", PublishConfig.CLOCK_CONFIG + "=" + PublishConfig.CLOCK_EVENT,
        "-D", "kafka.session.timeout.ms=6000", "-D", "kafka.heartbeat.interval.ms=1000",
        "-D", ClusterConfig.SNAPSHOT_INTERVAL_MS_CONFIG + "=" + snapshotIntervalMs()));
    args.addAll(List.of(extra));
    return args;
  }

  static StreamsStage normalizer(EmbeddedKafkaCluster kafka, Path stateDir) {
    NormalizerConfig c = new NormalizerConfig(settings(kafka, stateDir));
    return started(new StreamsStage("normalizer", NormalizerTopology.build(c), NormalizerTopology.streamsProperties(c),
        new SimpleMeterRegistry()));
  }

  static StreamsStage cluster(EmbeddedKafkaCluster kafka, Path stateDir) {
    ClusterConfig c = new ClusterConfig(settings(kafka, stateDir));
    return started(new StreamsStage("cluster", ClusterTopology.build(c), ClusterTopology.streamsProperties(c), new SimpleMeterRegistry()));
  }

  static StreamsStage publish(EmbeddedKafkaCluster kafka, Path stateDir) {
    PublishConfig c = new PublishConfig(settings(kafka, stateDir));
    return started(new StreamsStage("publish", PublishTopology.build(c), PublishTopology.streamsProperties(c), new SimpleMeterRegistry()));
  }

  private static StreamsStage started(StreamsStage s) {
    s.start();
    return s;
  }

  /**
   * Starts Connect standalone in this process with the replay connector on {@code input}.
   *
   * @param offsets Connect's offsets file
   */
  static EmbeddedConnectStandalone replay(EmbeddedKafkaCluster kafka, Path input, Path offsets) {
    EmbeddedConnectStandalone connect =
        EmbeddedConnectStandalone.start(EmbeddedConnectStandalone.workerProperties(kafka.bootstrapServers(), offsets, 500));
    connect.addConnector("storyline-replay", ReplayConnectorConfig.connectorProperties(List.of(input)));
    return connect;
  }

  /** Connector file for {@code storyline run ingest -c}: the replay connector on {@code input}. */
  static Path replayConnectorFile(Path dir, Path input) throws IOException {
    Map<String, String> props = ReplayConnectorConfig.connectorProperties(List.of(input));
    StringBuilder text = new StringBuilder("name=storyline-replay\n");
    props.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
    Path file = dir.resolve("replay.properties");
    Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    return file;
  }

  /**
   * The fault tests' input: the bundled sample and, when {@code ../shared/data/reddit-localllama} is
   * there (see {@link #sharedDir()}), its 3,747 r/LocalLLaMA posts too, so that faults hit a replay of a
   * few thousand real posts; without the shared data, or with {@code -Dstoryline.fault.input=sample},
   * the sample alone (687 posts). The shared files are copied into {@code dir} (a temp folder), never
   * into the project.
   *
   * @return the input folder
   */
  static Path extractInput(Path dir) {
    Path input = extractSample(dir);
    Path shared = sharedDir().resolve("data/reddit-localllama");
    if ("sample".equals(System.getProperty("storyline.fault.input")) || !Files.isDirectory(shared)) {
      System.out.printf("fault input: the bundled sample only (%s)%n",
          Files.isDirectory(shared) ? "-Dstoryline.fault.input=sample" : shared + " is absent");
      return input;
    }
    try (var files = Files.list(shared)) {
      Path target = Files.createDirectories(input.resolve("reddit-localllama"));
      for (Path file : files.filter(f -> f.getFileName().toString().matches("posts-part\\d+\\.jsonl")).sorted().toList()) {
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy the r/LocalLLaMA posts from " + shared, e);
    }
    System.out.printf("fault input: the bundled sample and the r/LocalLLaMA posts of %s%n", shared);
    return input;
  }

  /** @return {@code ../shared} beside the project root, or {@code -Dstoryline.shared.dir} */
  static Path sharedDir() {
    String configured = System.getProperty("storyline.shared.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    // the working directory is the app module; ../shared sits beside the project root
    return Path.of("").toAbsolutePath().getParent().getParent().resolve("shared");
  }

  /**
   * Copies the bundled sample (the demo's; {@code sample/INDEX} on the class path) into {@code dir}.
   *
   * @return the sample folder
   */
  static Path extractSample(Path dir) {
    Path target = dir.resolve("sample");
    try (InputStream index = Rig.class.getResourceAsStream("/sample/INDEX")) {
      if (index == null) {
        throw new IllegalStateException("sample/INDEX is not on the class path");
      }
      for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
        Path file = target.resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = Rig.class.getResourceAsStream("/sample/" + name)) {
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /** @return the names of the raw topics */
  static List<String> rawTopics() {
    return Topics.rawTopics().stream().map(TopicSpec::name).toList();
  }

  /**
   * @param transactional whether the topics are written by exactly-once producers (their end is a
   *     commit marker that a consumer reads past without committing, so one short counts as caught up)
   * @return true if {@code group} has committed offsets covering every committed record of {@code topics}
   */
  static boolean caughtUp(EmbeddedKafkaCluster kafka, String group, List<String> topics, boolean transactional) {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, Long> ends = endOffsets(admin, topics, IsolationLevel.READ_COMMITTED);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      for (var e : ends.entrySet()) {
        if (e.getValue() == 0) {
          continue;
        }
        OffsetAndMetadata c = committed.get(e.getKey());
        if ((c == null ? 0 : c.offset()) < e.getValue() - (transactional ? 1 : 0)) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      return false; // the broker is restarting or the group is rebalancing: not caught up yet
    }
  }

  /** @return the sum over partitions of {@code topic}'s end offset, read_uncommitted (includes open transactions) */
  static long written(EmbeddedKafkaCluster kafka, String topic) {
    try (Admin admin = kafka.admin()) {
      return endOffsets(admin, List.of(topic), IsolationLevel.READ_UNCOMMITTED).values().stream().mapToLong(Long::longValue).sum();
    } catch (Exception e) {
      return -1;
    }
  }

  /** @return the offset {@code group} committed on partition 0 of {@code topic}, 0 if none */
  static long committed(EmbeddedKafkaCluster kafka, String group, String topic) {
    try (Admin admin = kafka.admin()) {
      OffsetAndMetadata c = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
          .get(new TopicPartition(topic, 0));
      return c == null ? 0 : c.offset();
    } catch (Exception e) {
      return -1;
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics, IsolationLevel isolation) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()
        .forEach(d -> d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> out = new HashMap<>();
    admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  /**
   * Where the pipeline stands, for a failure message: records written to each topic (uncommitted and
   * committed end offsets) and the offsets each stage's group has committed on its inputs.
   *
   * @return e.g. {@code "raw written 687; posts written 701 / committed end 700; normalizer committed 687 ..."}
   */
  static String progress(EmbeddedKafkaCluster kafka) {
    try (Admin admin = kafka.admin()) {
      List<String> posts = List.of(Topics.POSTS.name());
      List<String> out = List.of(Topics.STORY_ASSIGNMENTS.name(), Topics.STORIES.name());
      return "raw written " + sum(endOffsets(admin, rawTopics(), IsolationLevel.READ_UNCOMMITTED))
          + "; posts written " + sum(endOffsets(admin, posts, IsolationLevel.READ_UNCOMMITTED))
          + " / committed end " + sum(endOffsets(admin, posts, IsolationLevel.READ_COMMITTED))
          + "; assignments+stories written " + sum(endOffsets(admin, out, IsolationLevel.READ_UNCOMMITTED))
          + " / committed end " + sum(endOffsets(admin, out, IsolationLevel.READ_COMMITTED))
          + "; group offsets: normalizer " + groupOffsets(admin, NormalizerConfig.DEFAULT_APPLICATION_ID)
          + ", cluster " + groupOffsets(admin, ClusterConfig.DEFAULT_APPLICATION_ID)
          + ", publish " + groupOffsets(admin, PublishConfig.DEFAULT_APPLICATION_ID);
    } catch (Exception e) {
      return "progress unknown: " + e;
    }
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<String, Long> groupOffsets(Admin admin, String group) throws Exception {
    Map<String, Long> out = new java.util.TreeMap<>();
    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
        .forEach((tp, o) -> out.merge(tp.topic(), o == null ? 0 : o.offset(), Long::sum));
    return out;
  }

  /** Awaits {@code condition}, polling every 200 ms, for at most {@link #DRAIN}. */
  static void awaitDrained(String what, BooleanSupplier condition) {
    await(what).atMost(DRAIN).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
  }

  /**
   * Waits until the normalizer, cluster and publish stages (default application ids) have read every
   * committed record of their inputs, and every post has an assignment.
   */
  static void awaitStagesDrained(EmbeddedKafkaCluster kafka) {
    awaitDrained("the normalizer has read every raw record", () -> caughtUp(kafka,
        NormalizerConfig.DEFAULT_APPLICATION_ID, rawTopics(), false));
    awaitClusterAndPublishDrained(kafka);
  }

  /** Waits until cluster and publish (default application ids) have read every committed record of their inputs. */
  static void awaitClusterAndPublishDrained(EmbeddedKafkaCluster kafka) {
    awaitDrained("the clusterer has read every post", () -> caughtUp(kafka, ClusterConfig.DEFAULT_APPLICATION_ID,
        List.of(Topics.POSTS.name()), true));
    awaitStoriesSteady(kafka);
    awaitPublishDrained(kafka);
  }

  /**
   * Waits until publish (default application id) has read every committed story and assignment, and
   * then until its lists hold still ({@link #awaitListsSteady}).
   */
  static void awaitPublishDrained(EmbeddedKafkaCluster kafka) {
    awaitDrained("the publisher has read every story", () -> caughtUp(kafka, PublishConfig.DEFAULT_APPLICATION_ID,
        List.of(Topics.STORIES.name(), Topics.STORY_ASSIGNMENTS.name()), true));
    awaitListsSteady(kafka);
  }

  /**
   * Waits until {@code top-stories} has no open transaction and its end offset has not moved for one
   * second. Publish coalesces re-ranking ({@code publish.recompute.interval.ms}, 200 ms by default): a
   * list changed by the last stories is re-ranked by a wall-clock punctuation after publish has already
   * committed its input offsets, and committed with its next transaction (100 ms commit interval); one
   * second is ten such transactions. With the event clock nothing else writes lists once input stops.
   */
  static void awaitListsSteady(EmbeddedKafkaCluster kafka) {
    awaitSteady(kafka, Topics.TOP_STORIES.name());
  }

  /**
   * Waits until {@code stories} has no open transaction and its end offset has not moved for one
   * second. The cluster stage publishes the snapshots of the stories changed in the last {@code
   * cluster.snapshot.interval.ms} ({@link #snapshotIntervalMs()}) from a wall-clock punctuation, after it may
   * already have committed its last input offsets; a stage stopped before that keeps them marked in
   * its store for its next start. One second is ten intervals. Call it before stopping the stage.
   */
  static void awaitStoriesSteady(EmbeddedKafkaCluster kafka) {
    awaitSteady(kafka, Topics.STORIES.name());
  }

  private static void awaitSteady(EmbeddedKafkaCluster kafka, String topic) {
    java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(-1);
    await(topic + " has no open transaction and holds still").atMost(DRAIN).pollInterval(Duration.ofMillis(100))
        .during(Duration.ofSeconds(1))
        .until(() -> {
          try (Admin admin = kafka.admin()) {
            Map<TopicPartition, Long> committedEnd = endOffsets(admin, List.of(topic), IsolationLevel.READ_COMMITTED);
            long end = sum(committedEnd);
            boolean noOpenTransaction =
                committedEnd.equals(endOffsets(admin, List.of(topic), IsolationLevel.READ_UNCOMMITTED));
            return last.getAndSet(end) == end && noOpenTransaction;
          } catch (Exception e) {
            last.set(-1);
            return false; // the broker is restarting: not steady
          }
        });
  }
}
