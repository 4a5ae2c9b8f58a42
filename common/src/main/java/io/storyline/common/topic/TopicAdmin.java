package io.storyline.common.topic;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates storyline's topics through the Admin client. Stateless and thread-safe. */
public final class TopicAdmin {
  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /**
   * Creates the topics that do not exist yet and checks the configs of those that do against the
   * specs: a {@code max.message.bytes} below the spec's is raised to it (records the stages write, up to
   * 8 MiB on the raw topics, would otherwise fail on a topic made by an older version), every other
   * difference is logged as a warning naming the topic, the key, both values, and left as it is (an
   * operator may have chosen it). A broker that refuses to describe or alter configs (ACLs) gets a
   * warning with the command to run by hand; it does not stop the stage.
   *
   * @param admin an open admin client; may not be null, not closed here
   * @param specs the topics; may not be null
   * @param replicationFactor replication factor for new topics, at least 1
   * @param timeoutMs how long to wait for the broker, in ms
   * @return the names of the topics this call created
   * @throws IllegalStateException naming the topic if the broker refuses or does not answer in time
   */
  public static Set<String> ensureTopics(
      Admin admin, Collection<? extends TopicSpec<?, ?>> specs, short replicationFactor, long timeoutMs) {
    List<NewTopic> requests = specs.stream().map(s -> s.toNewTopic(replicationFactor)).toList();
    CreateTopicsResult result = admin.createTopics(requests);
    java.util.Set<String> created = new java.util.TreeSet<>();
    for (var entry : result.values().entrySet()) {
      try {
        entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
        created.add(entry.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "could not create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "broker did not confirm creation of topic " + entry.getKey() + " within " + timeoutMs + " ms", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topic " + entry.getKey(), e);
      }
    }
    if (!created.isEmpty()) {
      log.info("Created topics {}", created);
    }
    List<TopicSpec<?, ?>> existing = specs.stream().filter(s -> !created.contains(s.name()))
        .<TopicSpec<?, ?>>map(s -> s).toList();
    if (!existing.isEmpty()) {
      reconcile(admin, existing, replicationFactor, timeoutMs);
    }
    return created;
  }

  private static void reconcile(Admin admin, List<TopicSpec<?, ?>> specs, short replicationFactor, long timeoutMs) {
    Map<ConfigResource, Config> actual;
    try {
      actual = admin.describeConfigs(specs.stream().map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList())
          .all().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Could not read the configs of existing topics {} to check them: {}",
          specs.stream().map(TopicSpec::name).toList(), e.getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading topic configs", e);
    }
    for (TopicSpec<?, ?> spec : specs) {
      Config config = actual.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
      if (config == null) {
        continue;
      }
      spec.toNewTopic(replicationFactor).configs().forEach((key, expected) -> {
        ConfigEntry entry = config.get(key);
        String value = entry == null ? null : entry.value();
        if (expected.equals(value)) {
          return;
        }
        if (TopicConfig.MAX_MESSAGE_BYTES_CONFIG.equals(key) && value != null && isLower(value, expected)) {
          raise(admin, spec.name(), key, value, expected, timeoutMs);
        } else {
          log.warn("Topic {} has {}={}; storyline creates it with {}={} (left as it is)", spec.name(), key, value, key,
              expected);
        }
      });
    }
  }

  private static boolean isLower(String value, String expected) {
    try {
      return Long.parseLong(value) < Long.parseLong(expected);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void raise(Admin admin, String topic, String key, String from, String to, long timeoutMs) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(key, to), AlterConfigOp.OpType.SET))))
          .all().get(timeoutMs, TimeUnit.MILLISECONDS);
      log.info("Raised {} of topic {} from {} to {}: the records storyline writes there may be that large", key, topic, from, to);
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Topic {} has {}={}, below the {} storyline needs, and raising it failed ({}); records above {} bytes will "
          + "be refused. Run: kafka-configs.sh --bootstrap-server HOST:PORT --alter --entity-type topics --entity-name {} "
          + "--add-config {}={}", topic, key, from, to, e.getMessage(), from, topic, key, to);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while raising " + key + " of topic " + topic, e);
    }
  }
}
