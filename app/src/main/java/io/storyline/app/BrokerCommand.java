package io.storyline.app;

import io.storyline.common.kafka.KRaftBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code storyline broker}: runs only the embedded single-node KRaft broker until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Runs a real single-node KRaft Kafka broker in-process until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", description = "Client port (default: ${DEFAULT-VALUE}; 0 = any free port).", defaultValue = "9092")
  int port;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Log directory; kept after exit. Default: a temporary directory, deleted on exit.")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    KRaftBroker.Builder builder = KRaftBroker.builder().port(port);
    if (dataDir != null) {
      builder.dataDir(dataDir);
    }
    try (KRaftBroker broker = builder.start()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        broker.close();
        stopped.countDown();
      }, "storyline-broker-shutdown"));
      spec.commandLine().getOut().printf("Kafka broker listening on %s (Ctrl-C to stop)%n", broker.bootstrapServers());
      spec.commandLine().getOut().flush();
      stopped.await();
    }
    return 0;
  }
}
