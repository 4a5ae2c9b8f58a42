package io.storyline.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;

/**
 * The first contact of {@code storyline demo --bootstrap-servers} and {@code storyline run <stage>} with the brokers
 * the user named. Before, nothing listening there cost about 65 s: the topic creation's 30 s wait, then closing the
 * admin client, which waited for its pending request's own 60 s default API timeout.
 *
 * <ul>
 *   <li>{@link #awaitListener}: for at most {@link #LISTEN_WAIT}, try a TCP connection to each bootstrap address
 *       until one accepts; if none does, fail with one line naming the option, the value and what each address
 *       answered (connection refused, timed out, unknown host). A broker whose port opens within that time, or one
 *       that accepts connections but answers slowly (still electing its controller), passes: the admin client then
 *       waits up to {@link #ADMIN_TIMEOUT_MS} for its answers, as before. The probe opens and closes a plain TCP
 *       connection; a TLS listener may log it as a failed handshake.</li>
 *   <li>{@link #adminConfig}: the admin client's {@code default.api.timeout.ms} bounded to {@link #ADMIN_TIMEOUT_MS}
 *       (unless the user set it), so that a request that was not answered in that time has ended when the client
 *       closes.</li>
 * </ul>
 *
 * Not used for the embedded broker, which is listening before its address is known. Stateless.
 */
final class BootstrapCheck {
  /** How long the bootstrap addresses may refuse connections before the command gives up. */
  static final Duration LISTEN_WAIT = Duration.ofSeconds(5);
  /** How long the admin client waits for a listening broker's answers (topic creation). */
  static final long ADMIN_TIMEOUT_MS = 30_000;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

  private BootstrapCheck() {}

  /**
   * @param overrides the {@code kafka.*} client settings without the prefix; not null
   * @param bootstrapServers the brokers; not null
   * @return an admin client configuration: the overrides, the bootstrap servers and, unless set, {@code
   *     default.api.timeout.ms} = {@link #ADMIN_TIMEOUT_MS}
   */
  static Map<String, Object> adminConfig(Map<String, Object> overrides, String bootstrapServers) {
    Map<String, Object> config = new java.util.HashMap<>(overrides);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MS);
    return config;
  }

  /**
   * Returns once a bootstrap address accepts a TCP connection.
   *
   * @param option how the user gave the brokers, for the message, e.g. {@code "--bootstrap-servers"}; not null
   * @param bootstrapServers comma-separated {@code host:port}s as Kafka reads them; not null
   * @param wait the longest time to keep trying while every address refuses; not negative
   * @throws IllegalArgumentException if no address accepted within {@code wait}, naming option, value and what was
   *     tried; or if an entry is not {@code host:port}
   * @throws IllegalStateException if interrupted while waiting (the interrupt flag is set again)
   */
  static void awaitListener(String option, String bootstrapServers, Duration wait) {
    List<InetSocketAddress> addresses = addresses(option, bootstrapServers);
    Map<String, String> answers = new LinkedHashMap<>();
    long deadline = System.nanoTime() + wait.toNanos();
    int rounds = 0;
    while (true) {
      rounds++;
      for (InetSocketAddress address : addresses) {
        String answer = tryConnect(address);
        if (answer == null) {
          return;
        }
        answers.put(address.getHostString() + ":" + address.getPort(), answer);
      }
      if (System.nanoTime() - deadline >= 0) {
        break;
      }
      try {
        Thread.sleep(RETRY_PAUSE.toMillis()); // a retry pause in a command's start-up
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a listener at " + option + " " + bootstrapServers, e);
      }
    }
    List<String> tried = new ArrayList<>();
    answers.forEach((address, answer) -> tried.add(address + " " + answer));
    throw new IllegalArgumentException("nothing accepts connections at " + option + " " + bootstrapServers + " (tried "
        + rounds + " times in " + wait.toSeconds() + " s: " + String.join(", ", tried)
        + "): is a broker running there, and is the address right?");
  }

  /** @return null if the address accepted a connection, else what happened, e.g. "connection refused" */
  private static String tryConnect(InetSocketAddress address) {
    if (address.isUnresolved()) {
      InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
      if (resolved.isUnresolved()) {
        return "unknown host";
      }
      address = resolved;
    }
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
      return null;
    } catch (java.net.SocketTimeoutException e) {
      return "no answer within " + CONNECT_TIMEOUT.toMillis() + " ms";
    } catch (java.net.ConnectException e) {
      return "connection refused";
    } catch (IOException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /**
   * Checks the brokers a command was given before anything connects, so that a value Kafka's clients would refuse is
   * refused naming the option the user typed: before session 14, {@code --bootstrap-servers ,} was refused as
   * "Configuration 'bootstrap.servers' values must not be empty" and an address whose host does not resolve as "No
   * resolvable bootstrap urls given in bootstrap.servers" (the admin client's words, naming its key).
   *
   * @param option how the user gave the brokers, for the message, e.g. {@code "--bootstrap-servers"}; not null
   * @param bootstrapServers comma-separated {@code host:port}s as Kafka reads them; not null
   * @throws IllegalArgumentException naming the option and the value if an entry is not {@code host:port}, if there is
   *     none, or if no entry's host resolves (Kafka's clients need one that does)
   */
  static void requireAddresses(String option, String bootstrapServers) {
    List<InetSocketAddress> addresses = addresses(option, bootstrapServers);
    for (InetSocketAddress address : addresses) {
      try {
        java.net.InetAddress.getAllByName(address.getHostString());
        return;
      } catch (java.net.UnknownHostException | SecurityException e) {
        // the next one
      }
    }
    throw new IllegalArgumentException("illegal " + option + " " + bootstrapServers + ": no host of it resolves on this"
        + " machine (Kafka's clients need one that does); is the name right?");
  }

  private static List<InetSocketAddress> addresses(String option, String bootstrapServers) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String entry : bootstrapServers.split(",")) {
      String s = entry.trim();
      if (s.isEmpty()) {
        continue;
      }
      String host = Utils.getHost(s);
      Integer port = Utils.getPort(s);
      if (host == null || port == null) {
        throw new IllegalArgumentException("illegal " + option + " " + bootstrapServers + ": '" + s + "' is not HOST:PORT");
      }
      out.add(InetSocketAddress.createUnresolved(host, port));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("illegal " + option + " '" + bootstrapServers + "': names no HOST:PORT");
    }
    return out;
  }
}
