package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code storyline demo --bootstrap-servers} and {@code storyline run <stage>} against an address where nothing
 * listens give up within seconds, in one line naming the option, the value and what was tried; an address that
 * starts listening within {@link BootstrapCheck#LISTEN_WAIT} passes. Before, both took about 65 s (a 30 s wait for
 * topic creation, then the admin client's close waited for its pending request's 60 s API timeout).
 */
class BootstrapCheckTest {
  /**
   * The bound the commands must give up within. A bound, not a measurement: the check waits 5 s, the old path
   * about 65 s; the margin covers a JVM on a loaded two-core machine.
   */
  private static final Duration GIVES_UP_WITHIN = Duration.ofSeconds(30);

  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    later.shutdownNow();
  }

  /** @return a loopback port nothing listens on (bound once, then released) */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String[] run(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Storyline.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int code = CompletableFuture.supplyAsync(() -> cli.execute(args)).get(GIVES_UP_WITHIN.toSeconds(), TimeUnit.SECONDS);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void shouldGiveUpOnAnAddressWhereNothingListensWithinSecondsNamingOptionValueAndWhatWasTried() throws Exception {
    String address = "127.0.0.1:" + freePort();
    for (String[] args : new String[][] {
        {"demo", "--bootstrap-servers", address, "--exit-when-done", "--http-port", "0"},
        {"run", "normalizer", "--bootstrap-servers", address, "--http-port", "0"}}) {
      String[] result = run(args); // fails with a TimeoutException past GIVES_UP_WITHIN

      assertThat(Integer.parseInt(result[0])).as("%s", String.join(" ", args)).isNotZero();
      assertThat(result[1]).as("%s", String.join(" ", args))
          .contains("storyline " + args[0])
          .contains("nothing accepts connections at --bootstrap-servers " + address)
          .contains(address + " connection refused")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void shouldPassAnAddressThatStartsListeningWithinTheWait() throws Exception {
    int port = freePort();
    CompletableFuture<ServerSocket> listening = new CompletableFuture<>();
    later.schedule(() -> {
      try {
        listening.complete(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
      } catch (IOException e) {
        listening.completeExceptionally(e);
      }
    }, 1, TimeUnit.SECONDS);
    try {
      assertThatCode(() -> BootstrapCheck.awaitListener("--bootstrap-servers", "127.0.0.1:" + port, BootstrapCheck.LISTEN_WAIT))
          .doesNotThrowAnyException();
    } finally {
      listening.get(10, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void shouldNameEveryAddressTriedAndRefuseAnEntryThatIsNotHostAndPort() throws Exception {
    String a = "127.0.0.1:" + freePort();
    String b = "127.0.0.1:" + freePort();

    assertThatThrownBy(() -> BootstrapCheck.awaitListener("--bootstrap-servers", a + "," + b, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bootstrap-servers " + a + "," + b)
        .hasMessageContaining(a + " connection refused").hasMessageContaining(b + " connection refused");
    assertThatThrownBy(() -> BootstrapCheck.awaitListener("--bootstrap-servers", "broker-without-port", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'broker-without-port' is not HOST:PORT");
  }

  @Test
  void shouldBoundTheAdminClientsApiTimeoutUnlessTheUserSetsIt() {
    assertThat(BootstrapCheck.adminConfig(java.util.Map.of(), "b:9092"))
        .containsEntry("bootstrap.servers", "b:9092").containsEntry("default.api.timeout.ms", 30_000);
    assertThat(BootstrapCheck.adminConfig(java.util.Map.of("default.api.timeout.ms", 90_000), "b:9092"))
        .containsEntry("default.api.timeout.ms", 90_000);
  }
}
