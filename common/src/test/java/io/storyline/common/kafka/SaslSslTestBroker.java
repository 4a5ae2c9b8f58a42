package io.storyline.common.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An embedded KRaft broker with a {@code SASL_SSL} client listener named {@value #LISTENER}: a
 * self-signed certificate for {@code 127.0.0.1} made at test time with the running JDK's {@code
 * keytool} (nothing committed), SCRAM-SHA-512 with one user added when the log directory is formatted.
 * {@link #clientProperties(KRaftBroker, Tls, String, String)} gives the client settings for it, which storyline stages
 * take with the {@code kafka.} prefix. For tests only.
 */
public final class SaslSslTestBroker {
  /** The name of the secure listener. */
  public static final String LISTENER = "SECURE";
  /** The SASL mechanism of the listener. */
  public static final String MECHANISM = "SCRAM-SHA-512";
  private static final String STORE_TYPE = "PKCS12";

  private SaslSslTestBroker() {}

  /**
   * The key store of the broker (its key pair and self-signed certificate) and the trust store clients
   * use (that certificate only), both PKCS12 with one password.
   *
   * @param keyStore the broker's key store file
   * @param trustStore the clients' trust store file
   * @param password the password of both
   */
  public record Tls(Path keyStore, Path trustStore, String password) {}

  /**
   * Makes a 2048-bit RSA key and a certificate valid for a day for CN=127.0.0.1 with subject alternative
   * names {@code IP:127.0.0.1} and {@code DNS:localhost} (so clients keep hostname verification on), with
   * {@code $java.home/bin/keytool}.
   *
   * @param dir an existing directory for the two stores
   * @return the stores
   * @throws IllegalStateException with keytool's output if it fails
   */
  public static Tls selfSignedTls(Path dir) {
    String password = "tls-" + Long.toHexString(System.nanoTime());
    Path keyStore = dir.resolve("broker.p12");
    Path cert = dir.resolve("broker.crt");
    Path trustStore = dir.resolve("truststore.p12");
    keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
        "-keystore", keyStore.toString(), "-storetype", STORE_TYPE, "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-storetype", STORE_TYPE,
        "-storepass", password, "-rfc", "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(),
        "-keystore", trustStore.toString(), "-storetype", STORE_TYPE, "-storepass", password);
    return new Tls(keyStore, trustStore, password);
  }

  /**
   * Starts a broker whose {@value #LISTENER} listener takes SASL_SSL with SCRAM-SHA-512 and knows one
   * user. The PLAINTEXT listener stays for the broker's own traffic.
   *
   * @param tls the stores from {@link #selfSignedTls(Path)}
   * @param user the SCRAM user
   * @param password its password (see {@link KRaftBroker.Builder#scramCredential} for the characters allowed)
   * @return the running broker; close it
   */
  public static KRaftBroker start(Tls tls, String user, String password) {
    String prefix = "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
    return KRaftBroker.builder()
        .listener(LISTENER, "SASL_SSL", 0)
        .property("sasl.enabled.mechanisms", MECHANISM)
        .property(prefix + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;")
        .property(prefix + "ssl.keystore.location", tls.keyStore().toString())
        .property(prefix + "ssl.keystore.password", tls.password())
        .property(prefix + "ssl.keystore.type", STORE_TYPE)
        .property(prefix + "ssl.key.password", tls.password())
        .scramCredential(MECHANISM, user, password)
        .start();
  }

  /**
   * @param broker a broker from {@link #start}
   * @param tls its stores
   * @param user the SCRAM user
   * @param password the password to log in with (right or wrong)
   * @return client settings for the secure listener: bootstrap.servers, security.protocol, sasl.mechanism,
   *     sasl.jaas.config and ssl.truststore.*
   */
  public static Map<String, String> clientProperties(KRaftBroker broker, Tls tls, String user, String password) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("bootstrap.servers", broker.bootstrapServers(LISTENER));
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", MECHANISM);
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user + "\" password=\"" + password + "\";");
    p.put("ssl.truststore.location", tls.trustStore().toString());
    p.put("ssl.truststore.password", tls.password());
    p.put("ssl.truststore.type", STORE_TYPE);
    return p;
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run keytool " + args[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running keytool " + args[0], e);
    }
  }
}
