package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.config.CommonConfig;
import io.storyline.common.kafka.KRaftBroker;
import io.storyline.common.topic.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BootstrapCheck} keeps a real broker that is slow to start working: a stage started before its broker
 * listens waits for it (up to {@link BootstrapCheck#LISTEN_WAIT}) and then creates its topics as before.
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BootstrapCheckIT {
  /** @return a loopback port nothing listens on (bound once, then released) */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void shouldWaitForARealBrokerThatStartsListeningAfterTheStageBegan(@TempDir Path dir) throws Exception {
    // a first broker loads Kafka's server classes, so that the one under test binds its port in about a second,
    // well inside the 5 s the check waits, also on a loaded machine
    try (KRaftBroker warmUp = KRaftBroker.builder().dataDir(dir.resolve("warm-up")).start()) {
      assertThat(warmUp.bootstrapServers()).isNotBlank();
    }
    int port = freePort();
    CommonConfig config = new CommonConfig(Map.of(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
        CommonConfig.STATE_DIR_CONFIG, dir.resolve("state").toString()));

    CompletableFuture<StageRunner> stage = CompletableFuture.supplyAsync(() -> new StageRunner(config, List.of(Topics.POSTS)));
    try (KRaftBroker broker = KRaftBroker.builder().port(port).dataDir(dir.resolve("broker")).start();
        StageRunner runner = stage.get(60, TimeUnit.SECONDS);
        Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      assertThat(runner).isNotNull();
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.POSTS.name());
    } finally {
      stage.thenAccept(StageRunner::close);
    }
  }
}
