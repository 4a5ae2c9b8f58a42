package io.storyline.app;

import io.storyline.common.model.TopList;
import io.storyline.common.stage.StreamsStage;
import io.storyline.common.topic.Topics;
import io.storyline.ingest.connect.ReplayPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code storyline demo} does, step by step: plan the replay, start the {@link Pipeline}, start
 * the replay, wait until every stage has drained the input ({@link DrainWatcher}), print the lists,
 * then serve until Ctrl-C or exit. Not thread-safe; one run per instance.
 */
final class Demo {
  private static final Logger log = LoggerFactory.getLogger(Demo.class);
  /** How long top-stories must hold still before the lists are read: ten exactly-once commit intervals. */
  private static final Duration LISTS_STEADY = Duration.ofSeconds(1);

  /** Exit code when the input holds nothing to replay ({@link DemoCommand} refuses an {@code --input} that does not exist). */
  static final int EXIT_BAD_INPUT = 2;
  /** Exit code when the pipeline failed or did not drain in time. */
  static final int EXIT_FAILED = 1;

  private final DemoSettings settings;
  private final PrintWriter out;
  private final PrintWriter err;
  private volatile Pipeline pipeline;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch serving = new CountDownLatch(1);
  /** Counted down when {@link #run()} has stopped the pipeline and deleted its temporary directory. */
  private final CountDownLatch finished = new CountDownLatch(1);
  /** How long Ctrl-C waits for {@link #run()} to stop the pipeline and delete its temporary directory. */
  private static final java.time.Duration CLEANUP_WAIT = java.time.Duration.ofSeconds(30);

  Demo(DemoSettings settings, PrintWriter out, PrintWriter err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs the demo.
   *
   * @return the process exit code: 0 on success, {@link #EXIT_BAD_INPUT}, {@link #EXIT_FAILED}
   * @throws Exception if starting a part fails unexpectedly
   */
  int run() throws Exception {
    // the port before anything else: a port in use was refused only after "Replaying 687 native records ..." (session 14)
    DemoHttp http = DemoHttp.bind(settings, this::notReadyReason);
    boolean tempDir = settings.dataDir() == null;
    Path dataDir;
    try {
      dataDir = tempDir ? Pipeline.createTempDataDir() : Files.createDirectories(settings.dataDir());
    } catch (IOException e) {
      http.close();
      throw new java.io.UncheckedIOException("could not use --data-dir " + settings.dataDir() + ": "
          + Storyline.describe(e), e);
    }
    Thread hook = new Thread(() -> {
      Pipeline p = pipeline;
      if (p != null) {
        p.close();
      }
      stopped.countDown();
      // the JVM halts when the hooks return: let run() finish its clean-up (the temporary directory) first
      try {
        if (!finished.await(CLEANUP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          log.warn("the demo did not finish cleaning up within {}; {} may be left behind", CLEANUP_WAIT,
              tempDir ? dataDir : "nothing");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "storyline-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      List<Path> inputs = settings.inputs().isEmpty() ? List.of(SampleData.extractTo(dataDir)) : settings.inputs();
      ReplayPlan plan = ReplayPlan.plan(inputs);
      if (!plan.warnings().isEmpty()) {
        // the replay task logs each warning when it starts; say here only that there are some
        log.info("{} warning(s) about the input; the replay connector's task logs each", plan.warnings().size());
      }
      if (plan.items().size() == 0) {
        err.printf("storyline demo: no posts found in %s%n", inputs);
        err.flush();
        return EXIT_BAD_INPUT;
      }
      out.printf("Replaying %d native records from %s%n", plan.items().size(), inputs);
      out.flush();
      pipeline = new Pipeline(settings, dataDir, http);
      Pipeline p = pipeline;
      DrainWatcher watcher = new DrainWatcher(p.admin());
      List<String> rawTopics = DrainWatcher.names(Topics.rawTopics());
      long deadline = System.nanoTime() + settings.timeout().toNanos();

      p.startReplay(inputs, dataDir);
      // from the replay's committed position, not from counting new raw records: a demo run again on the same
      // --data-dir resumes its replay (after a finished run it writes nothing), which the count waited for until the
      // timeout (session 11)
      int last = plan.items().size() - 1;
      watcher.await("Connect has written all " + plan.items().size() + " raw records (the replay committed position " + last + ")",
          () -> healthy(p) && p.replayCommittedPosition(plan.sourcePartition()) >= last, deadline);
      watcher.await("the normalizer has read every raw record",
          () -> healthy(p) && watcher.caughtUp(p.normalizerConfig().applicationId(), rawTopics, false), deadline);
      watcher.await("the clusterer has read every post",
          () -> healthy(p) && watcher.caughtUp(p.clusterConfig().applicationId(), List.of(Topics.POSTS.name()), true), deadline);
      if (p.clusterConfig().partitions() > 1) {
        String links = io.storyline.cluster.PartitionedClusterTopology.linksTopic(p.clusterConfig().applicationId());
        watcher.await("the story linker has read every local decision",
            () -> healthy(p) && watcher.caughtUp(p.clusterConfig().applicationId(), List.of(links), true), deadline);
      }
      watcher.await("the publisher has read every story",
          () -> healthy(p) && watcher.caughtUp(p.publishConfig().applicationId(), List.of(Topics.STORIES.name()), true), deadline);
      // publish re-ranks changed lists at most publish.recompute.interval.ms later, and commits them with its next
      // transaction: wait until nothing is pending and top-stories holds still with no open transaction
      watcher.awaitSteady("publish has re-ranked and committed every changed list",
          () -> healthy(p) && p.listsPending() == 0 ? watcher.endOffsetSumIfNoOpenTransaction(Topics.TOP_STORIES.name()) : null,
          LISTS_STEADY, deadline);
      long listsEnd = watcher.endOffsetSum(List.of(Topics.TOP_STORIES.name()));
      watcher.await("the HTTP view has read every list", () -> healthy(p) && p.view().positionSum() >= listsEnd, deadline);

      for (String list : settings.lists()) {
        Optional<TopList> top = p.view().get(list);
        if (top.isPresent()) {
          TopListTable.print(top.get(), out);
        } else {
          out.printf("%nNo list '%s' was published (known: %s)%n", list, p.view().all().stream().map(TopList::list).sorted().toList());
        }
      }
      if (!settings.exitWhenDone()) {
        // only when they will be served: with --exit-when-done the demo stops them right after the tables (session 12
        // printed the addresses there too, for a broker and a server gone a second later)
        out.printf("%nHTTP: http://%s:%d/api/v1/top/%s  (metrics: /metrics, health: /health/ready)%n",
            p.httpHost(), p.httpPort(), settings.lists().isEmpty() ? "all/24h" : settings.lists().get(0));
        out.printf("Kafka: %s  (topics posts, stories, top-stories; dead letters in posts.dlq, stories.dlq)%n", p.bootstrapServers());
        out.flush();
      }
      serving.countDown();
      if (!settings.exitWhenDone()) {
        out.println("Serving until Ctrl-C.");
        out.flush();
        stopped.await();
      }
      out.flush();
      return 0;
    } catch (TimeoutException e) {
      err.printf("storyline demo: %s within %s%n", e.getMessage(), settings.timeout());
      err.flush();
      return EXIT_FAILED;
    } catch (StageFailedException e) {
      err.printf("storyline demo: %s%n", e.getMessage());
      err.flush();
      return EXIT_FAILED;
    } finally {
      Pipeline p = pipeline;
      if (p != null) {
        p.close();
      }
      http.close(); // the pipeline closed it if it started; else it is closed here (twice is harmless)
      serving.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already; it closes the pipeline itself
      }
      if (tempDir) {
        deleteRecursively(dataDir);
      }
      finished.countDown();
    }
  }

  /**
   * Waits until the demo has printed its lists and serves (or has finished).
   *
   * @param timeout the longest wait
   * @return the running pipeline, or empty if the demo did not get there in time
   * @throws InterruptedException if interrupted
   */
  Optional<Pipeline> awaitServing(java.time.Duration timeout) throws InterruptedException {
    if (!serving.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      return Optional.empty();
    }
    return Optional.ofNullable(pipeline);
  }

  /** Ends serving, as Ctrl-C does; {@link #run()} then stops the pipeline and returns. */
  void stop() {
    stopped.countDown();
  }

  /** @return null when the pipeline's stages and list view are ready, else why not ("starting" before it exists) */
  private String notReadyReason() {
    Pipeline p = pipeline;
    return p == null ? "starting" : p.notReadyReason();
  }

  private static boolean healthy(Pipeline p) {
    for (StreamsStage s : p.stages()) {
      if (s.failure() != null) {
        throw new StageFailedException("stage " + s.name() + " failed: " + s.failure().getMessage());
      }
    }
    return true;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not delete the temporary data directory {}: {}", dir, e.getMessage());
    }
  }

  /** A stage stopped with an error while the demo waited for it. */
  static final class StageFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StageFailedException(String message) {
      super(message);
    }
  }
}
