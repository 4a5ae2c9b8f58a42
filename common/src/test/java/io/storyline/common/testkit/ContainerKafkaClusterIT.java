package io.storyline.common.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs only where a Docker engine answers; skipped (not failed) elsewhere. */
@Timeout(300)
class ContainerKafkaClusterIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.container();

  @Test
  void shouldServeATransactionalRecordToAReadCommittedConsumer() {
    EmbeddedKafkaCluster kafka = KAFKA.cluster();
    kafka.createTopic("greetings", 2);

    kafka.produce("greetings", new StringSerializer(), new StringSerializer(), List.of(KeyValue.pair("k1", "hello")));

    List<ConsumerRecord<String, String>> got =
        kafka.consume("greetings", new StringDeserializer(), new StringDeserializer(), 1, Duration.ofSeconds(30));
    assertThat(got).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo("k1");
      assertThat(r.value()).isEqualTo("hello");
    });
  }
}
