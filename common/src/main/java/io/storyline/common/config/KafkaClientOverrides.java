package io.storyline.common.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Client settings (the {@code kafka.}-prefixed keys of a stage, see {@link
 * CommonConfig#kafkaClientOverrides()}) spread to the clients a component creates, and shown without
 * their secrets. Kafka Streams passes top-level client settings to its producers, consumers and admin
 * itself; a Kafka Connect worker does not: it uses the top-level keys for its own admin and group
 * clients and reads its tasks' clients from keys prefixed {@code producer.}, {@code consumer.} and
 * {@code admin.} (https://kafka.apache.org/documentation/#connectconfigs, "security.protocol ... must be
 * set for the worker, and with the producer./consumer. prefixes"). Stateless and thread-safe.
 */
public final class KafkaClientOverrides {
  /** The prefixes of a Connect worker's task clients. */
  public static final List<String> CONNECT_CLIENT_PREFIXES = List.of("producer.", "consumer.", "admin.");

  private KafkaClientOverrides() {}

  /**
   * @param clientOverrides client settings without prefix (e.g. {@code security.protocol}); may not be
   *     null; values are kept as strings ({@link Object#toString()}; a Kafka {@code Password}'s value)
   * @return worker settings: every key as given and again under each of {@link #CONNECT_CLIENT_PREFIXES};
   *     a new mutable map
   */
  public static Map<String, String> forConnectWorker(Map<String, ?> clientOverrides) {
    Objects.requireNonNull(clientOverrides, "client overrides can't be null");
    Map<String, String> out = new LinkedHashMap<>();
    clientOverrides.forEach((k, v) -> {
      String value = v instanceof org.apache.kafka.common.config.types.Password p ? p.value() : String.valueOf(v);
      out.put(k, value);
      for (String prefix : CONNECT_CLIENT_PREFIXES) {
        out.put(prefix + k, value);
      }
    });
    return out;
  }

  /**
   * @param key a client or stage setting name, with or without a prefix
   * @return true if its value is a secret and must not be shown: a {@code sasl.jaas.config}, any
   *     {@code *.password}, {@code *.secret}, {@code *.token} or {@code *.key} setting (SSL key store and
   *     trust store passwords, {@code ssl.key.password}, {@code ssl.keystore.key}, OAuth client secrets,
   *     API tokens)
   */
  public static boolean isSecret(String key) {
    String k = Objects.requireNonNull(key, "key can't be null").toLowerCase(Locale.ROOT);
    return k.endsWith("sasl.jaas.config") || k.endsWith("password") || k.endsWith("secret") || k.endsWith("token")
        || k.endsWith(".key") || k.endsWith("credentials");
  }

  /**
   * @param settings settings to show (e.g. in a log line or an error); may not be null
   * @return the setting names in order, each secret one with the value {@code [hidden]} and the others
   *     with theirs, like Kafka's own config dumps; never the value of a secret
   */
  public static String describe(Map<String, ?> settings) {
    Objects.requireNonNull(settings, "settings can't be null");
    Set<String> keys = new TreeSet<>();
    settings.keySet().forEach(k -> keys.add(String.valueOf(k)));
    StringBuilder out = new StringBuilder("{");
    for (String k : keys) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(k).append('=').append(isSecret(k) ? "[hidden]" : String.valueOf(settings.get(k)));
    }
    return out.append('}').toString();
  }
}
