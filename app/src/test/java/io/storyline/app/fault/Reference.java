package io.storyline.app.fault;

import io.storyline.common.stage.StreamsStage;
import io.storyline.common.testkit.KRaftEmbeddedKafkaCluster;
import io.storyline.common.topic.TopicSpec;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.connect.EmbeddedConnectStandalone;
import io.storyline.ingest.connect.ReplayPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uninterrupted run the fault tests compare against: the fault input ({@link Rig#extractInput}) replayed through Connect,
 * normalizer, cluster and publish ({@code publish.clock=event}) on its own embedded broker, with no
 * fault, until every stage has drained; then its topics are read ({@link Outcome}). Computed once per
 * test JVM (kept in JUnit's root store) and shared by every fault test class that registers this
 * extension:
 *
 * <pre>{@code @RegisterExtension static final Reference REFERENCE = new Reference();}</pre>
 */
final class Reference implements BeforeAllCallback {
  private static final Logger log = LoggerFactory.getLogger(Reference.class);

  /**
   * @param items native records in the replayed input
   * @param outcome what the uninterrupted run left in its topics
   */
  record Run(int items, Outcome outcome) {}

  private volatile Run run;

  @Override
  public void beforeAll(ExtensionContext context) {
    run = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Reference.class, k -> compute(), Run.class);
  }

  /** @return the reference run; available from {@code @BeforeAll} on */
  Run run() {
    return run;
  }

  private static Run compute() {
    long started = System.nanoTime();
    Path work;
    try {
      work = Files.createTempDirectory("storyline-fault-reference-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (KRaftEmbeddedKafkaCluster kafka = KRaftEmbeddedKafkaCluster.start()) {
      kafka.createTopics(Topics.all().toArray(TopicSpec[]::new));
      Path input = Rig.extractInput(work);
      int items = ReplayPlan.plan(List.of(input)).items().size();
      try (StreamsStage normalizer = Rig.normalizer(kafka, work.resolve("state"));
          StreamsStage cluster = Rig.cluster(kafka, work.resolve("state"));
          StreamsStage publish = Rig.publish(kafka, work.resolve("state"));
          EmbeddedConnectStandalone connect = Rig.replay(kafka, input, work.resolve("offsets"))) {
        Rig.awaitDrained("Connect has written all " + items + " raw records",
            () -> Rig.rawTopics().stream().mapToLong(t -> Rig.written(kafka, t)).sum() >= items);
        Rig.awaitStagesDrained(kafka);
      }
      Outcome outcome = Outcome.read(kafka);
      log.info("reference run of {} native records: {} in {} ms", items, outcome, (System.nanoTime() - started) / 1_000_000);
      return new Run(items, outcome);
    } finally {
      try {
        Utils.delete(work.toFile());
      } catch (IOException e) {
        log.warn("could not delete {}: {}", work, e.getMessage());
      }
    }
  }
}
