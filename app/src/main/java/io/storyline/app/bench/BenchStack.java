package io.storyline.app.bench;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.ClusterStage;
import io.storyline.common.config.CommonConfig;
import io.storyline.common.kafka.KRaftBroker;
import io.storyline.common.metrics.PrometheusConventions;
import io.storyline.common.stage.CloseableStack;
import io.storyline.common.stage.StreamsStage;
import io.storyline.common.topic.TopicAdmin;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.normalize.NormalizerConfig;
import io.storyline.ingest.normalize.NormalizerTopology;
import io.storyline.publish.PublishConfig;
import io.storyline.publish.PublishTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts one benchmark run needs, in one process: an embedded KRaft broker (or an external
 * cluster), the topics, and the Streams stages of the chosen {@link Mode}, configured as {@code
 * storyline demo} configures them (publish on the event clock) plus the run's overrides. Stopped in
 * reverse order by {@link #close()}. Not thread-safe.
 */
public final class BenchStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BenchStack.class);

  /** Which stages run. */
  public enum Mode {
    /** normalizer → cluster → publish: raw topics to top lists. */
    PIPELINE,
    /** the cluster stage alone: posts to assignments and stories. */
    CLUSTER,
    /** the pass-through floor: posts to one trivial assignment each. */
    FLOOR,
    /**
     * the pipeline's floor: raw topics → normalizer → pass-through, i.e. the pipeline's exactly-once hops
     * up to the assignments with everything but clustering and ranking (no stories, no lists).
     */
    PIPELINE_FLOOR;

    /** @return whether the run's posts enter at the raw topics (through the normalizer) rather than at {@code posts} */
    public boolean readsRaw() {
      return this == PIPELINE || this == PIPELINE_FLOOR;
    }
  }

  private final CloseableStack open = new CloseableStack();
  private final PrometheusMeterRegistry registry = PrometheusConventions.newRegistry();
  private final String bootstrapServers;
  private final Admin admin;
  private final List<StreamsStage> stages = new ArrayList<>();
  private final String lastStageGroup;
  private final String lastStageInput;
  private final Path brokerDir;

  /**
   * Starts the broker (unless {@code bootstrapServers} is given), creates the topics and starts the stages.
   *
   * @param mode which stages; may not be null
   * @param dataDir an empty directory for broker logs and state; may not be null
   * @param bootstrapServers an external cluster, or null for the embedded broker
   * @param stageSettings extra settings given to every stage's config (e.g. {@code kafka.commit.interval.ms},
   *     {@code publish.emit.interval.ms}, {@code cluster.partitions}: the cluster stage runs as {@link
   *     ClusterStage} picks, over a {@code posts} topic with that many partitions); may not be null
   * @throws Exception if a part fails to start; what started is stopped again
   */
  public BenchStack(Mode mode, Path dataDir, String bootstrapServers, Map<String, String> stageSettings) throws Exception {
    try {
      brokerDir = bootstrapServers == null ? dataDir.resolve("broker") : null;
      if (bootstrapServers == null) {
        KRaftBroker broker = open.push(KRaftBroker.builder().dataDir(dataDir.resolve("broker")).start());
        this.bootstrapServers = broker.bootstrapServers();
      } else {
        this.bootstrapServers = bootstrapServers;
      }
      admin = open.push(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers)));
      Map<String, Object> common = new HashMap<>(stageSettings);
      common.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
      common.put(CommonConfig.STATE_DIR_CONFIG, dataDir.resolve("state").toString());
      if (mode != Mode.FLOOR) {
        // posts with cluster.partitions partitions first (ensureTopics leaves existing topics alone)
        TopicAdmin.ensureTopics(admin, ClusterStage.topics(new ClusterConfig(common)),
            CommonConfig.DEFAULT_REPLICATION_FACTOR, 30_000);
      }
      TopicAdmin.ensureTopics(admin, Topics.all(), CommonConfig.DEFAULT_REPLICATION_FACTOR, 30_000);
      switch (mode) {
        case PIPELINE -> {
          NormalizerConfig n = new NormalizerConfig(common);
          ClusterConfig c = new ClusterConfig(common);
          Map<String, Object> pm = new HashMap<>(common);
          pm.putIfAbsent(PublishConfig.CLOCK_CONFIG, PublishConfig.CLOCK_EVENT);
          PublishConfig p = new PublishConfig(pm);
          stage("normalizer", NormalizerTopology.build(n, registry), NormalizerTopology.streamsProperties(n));
          stage("cluster", ClusterStage.topology(c, registry), ClusterStage.streamsProperties(c));
          stage("publish", PublishTopology.build(p, registry), PublishTopology.streamsProperties(p));
          lastStageGroup = p.applicationId();
          lastStageInput = Topics.STORIES.name();
        }
        case CLUSTER -> {
          ClusterConfig c = new ClusterConfig(common);
          stage("cluster", ClusterStage.topology(c, registry), ClusterStage.streamsProperties(c));
          lastStageGroup = c.applicationId();
          lastStageInput = Topics.POSTS.name();
        }
        case FLOOR, PIPELINE_FLOOR -> {
          if (mode == Mode.PIPELINE_FLOOR) {
            NormalizerConfig n = new NormalizerConfig(common);
            stage("normalizer", NormalizerTopology.build(n, registry), NormalizerTopology.streamsProperties(n));
          }
          PassThroughConfig f = new PassThroughConfig(common);
          stage("floor", PassThroughTopology.build(f), PassThroughTopology.streamsProperties(f));
          lastStageGroup = f.applicationId();
          lastStageInput = Topics.POSTS.name();
        }
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private void stage(String name, org.apache.kafka.streams.Topology topology, java.util.Properties props) {
    StreamsStage stage = open.push(new StreamsStage(name, topology, props, registry));
    stages.add(stage);
    stage.start();
  }

  /**
   * Waits until every stage is RUNNING (has its partitions), so that a timed feed does not include startup.
   *
   * @param timeout the longest wait
   * @throws TimeoutException naming the stage that is not running
   * @throws InterruptedException if interrupted
   */
  public void awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (StreamsStage s : stages) {
      while (s.state() != KafkaStreams.State.RUNNING) {
        checkHealthy();
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("stage " + s.name() + " is " + s.state() + ", not RUNNING, after " + timeout);
        }
        TimeUnit.MILLISECONDS.sleep(20); // polling a state, not synchronising: nothing to wait on
      }
    }
  }

  /** @throws IllegalStateException naming the stage if one failed */
  public void checkHealthy() {
    for (StreamsStage s : stages) {
      if (s.failure() != null) {
        throw new IllegalStateException("stage " + s.name() + " failed: " + s.failure().getMessage(), s.failure());
      }
    }
  }

  /**
   * @return true if the last stage (publish, or the cluster/floor stage) has committed offsets
   *     covering every committed record of its input topic (a transactional topic: one short of the
   *     end offset counts, for the final commit marker)
   */
  public boolean lastStageCaughtUp() {
    try {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      var described = admin.describeTopics(List.of(lastStageInput)).allTopicNames().get(10, TimeUnit.SECONDS);
      described.get(lastStageInput).partitions()
          .forEach(p -> request.put(new TopicPartition(lastStageInput, p.partition()), OffsetSpec.latest()));
      var ends = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(lastStageGroup).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      for (var e : ends.entrySet()) {
        long end = e.getValue().offset();
        OffsetAndMetadata c = committed.get(e.getKey());
        if (end > 0 && (c == null ? 0 : c.offset()) < end - 1) {
          return false;
        }
      }
      return true;
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read offsets of " + lastStageInput + "/" + lastStageGroup + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading offsets", e);
    }
  }

  /**
   * @return true if no ranked list waits for a coalesced re-ranking ({@code storyline.publish.lists.pending}
   *     is 0 or absent) and {@code top-stories} has no open transaction (its read_committed end offset
   *     equals its high watermark), i.e. every list the run produced is visible to read_committed readers
   */
  public boolean listsSettled() {
    double pending = registry.find("storyline.publish.lists.pending").gauges().stream()
        .mapToDouble(Gauge::value).sum();
    if (pending > 0) {
      return false;
    }
    String topic = Topics.TOP_STORIES.name();
    return endOffsets(topic, IsolationLevel.READ_COMMITTED).equals(endOffsets(topic, IsolationLevel.READ_UNCOMMITTED));
  }

  /**
   * @param topic a topic
   * @param isolation whose end: last stable offset (read_committed) or high watermark
   * @return the end offset of each partition
   */
  public Map<TopicPartition, Long> endOffsets(String topic, IsolationLevel isolation) {
    try {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
          .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get(10, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read end offsets of " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading end offsets of " + topic, e);
    }
  }

  /** @return whether the stages include publish (the run produces top lists) */
  public boolean producesLists() {
    return Topics.STORIES.name().equals(lastStageInput);
  }

  /** @return the clusterer's open story count from its gauge, or NaN if no cluster stage runs (yet) */
  public double activeStories() {
    Gauge g = registry.find("storyline.cluster.stories.active").gauge();
    return g == null ? Double.NaN : g.value();
  }

  /** @return native memory in use by the stages' RocksDB stores (sum of their shared caches), bytes */
  public long rocksDbBytes() {
    return (long) registry.find("storyline.rocksdb.memory.used").gauges().stream().mapToDouble(Gauge::value).sum();
  }

  /**
   * @return bytes of log segments per topic on the embedded broker's disk (partitions summed; internal
   *     topics such as changelogs included), largest first; empty for an external cluster
   */
  public Map<String, Long> topicBytes() {
    Map<String, Long> bytes = new java.util.TreeMap<>();
    if (brokerDir == null || !java.nio.file.Files.isDirectory(brokerDir)) {
      return bytes;
    }
    try (var files = java.nio.file.Files.walk(brokerDir)) {
      files.filter(f -> f.getFileName().toString().endsWith(".log") && java.nio.file.Files.isRegularFile(f))
          .forEach(f -> {
            String partitionDir = f.getParent().getFileName().toString();
            int dash = partitionDir.lastIndexOf('-');
            if (dash > 0 && partitionDir.substring(dash + 1).chars().allMatch(Character::isDigit)) {
              try {
                bytes.merge(partitionDir.substring(0, dash), java.nio.file.Files.size(f), Long::sum);
              } catch (java.io.IOException e) {
                // a segment deleted while walking: not counted
              }
            }
          });
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      log.warn("Could not size the broker's topics under {}: {}", brokerDir, e.getMessage());
    }
    Map<String, Long> sorted = new java.util.LinkedHashMap<>();
    bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** @return the broker's bootstrap servers */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Stops the stages and the broker, newest first; errors are logged, not thrown. */
  @Override
  public void close() {
    open.close();
    registry.close();
    log.debug("Benchmark stack closed");
  }
}
