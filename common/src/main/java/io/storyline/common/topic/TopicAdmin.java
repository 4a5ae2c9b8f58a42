package io.storyline.common.topic;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates storyline's topics through the Admin client. Stateless and thread-safe. */
public final class TopicAdmin {
  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /**
   * Creates the topics that do not exist yet; existing topics are left as they are.
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
    return created;
  }
}
