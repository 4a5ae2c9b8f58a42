package io.storyline.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.testkit.EmbeddedKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class KRaftBrokerIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final StringSerializer SER = new StringSerializer();
  private static final StringDeserializer DE = new StringDeserializer();

  /** The test-kit helpers over a bare broker, without taking over its lifecycle. */
  private static EmbeddedKafkaCluster clientsOf(KRaftBroker broker) {
    return new EmbeddedKafkaCluster() {
      @Override
      public String bootstrapServers() {
        return broker.bootstrapServers();
      }

      @Override
      public void close() {
        // the broker is closed by the test
      }
    };
  }

  @Test
  void shouldServeATransactionalRecordToAReadCommittedConsumer() {
    try (KRaftBroker broker = KRaftBroker.start()) {
      EmbeddedKafkaCluster kafka = clientsOf(broker);
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
      kafka.createTopic("greetings", 2);

      kafka.produce("greetings", SER, SER, List.of(KeyValue.pair("k1", "hello")));

      List<ConsumerRecord<String, String>> got = kafka.consume("greetings", DE, DE, 1, WAIT);
      assertThat(got).singleElement().satisfies(r -> {
        assertThat(r.key()).isEqualTo("k1");
        assertThat(r.value()).isEqualTo("hello");
      });
    }
  }

  @Test
  void shouldHideAbortedTransactionsFromReadCommittedConsumers() {
    try (KRaftBroker broker = KRaftBroker.start()) {
      EmbeddedKafkaCluster kafka = clientsOf(broker);
      kafka.createTopic("tx", 1);
      Map<String, Object> config = kafka.clientConfig();
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "aborting-" + UUID.randomUUID());
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, SER, SER)) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "k", "aborted"));
        producer.flush();
        producer.abortTransaction();
      }
      kafka.produce("tx", SER, SER, List.of(KeyValue.pair("k", "committed")));

      assertThat(kafka.consumeAll("tx", DE, DE, WAIT)).extracting(ConsumerRecord::value).containsExactly("committed");
    }
  }

  @Test
  void shouldKeepTopicsAndCommittedRecordsWhenRestartedOnTheSameDataDirAndPort(@TempDir Path dataDir) {
    int port;
    String clusterId;
    try (KRaftBroker first = KRaftBroker.builder().dataDir(dataDir).start()) {
      port = first.port();
      clusterId = first.clusterId();
      assertThat(first.ownsDataDir()).isFalse();
      clientsOf(first).createTopic("durable", 1);
      clientsOf(first).produce("durable", SER, SER, List.of(KeyValue.pair("k", "survives")));
    }
    assertThat(dataDir.resolve("kraft-logs").resolve("meta.properties")).as("a given data dir is kept").exists();

    try (KRaftBroker second = KRaftBroker.builder().dataDir(dataDir).port(port).start()) {
      assertThat(second.port()).isEqualTo(port);
      assertThat(second.clusterId()).isEqualTo(clusterId);
      assertThat(clientsOf(second).consumeAll("durable", DE, DE, WAIT))
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("k", "survives"));
    }
  }

  @Test
  void shouldDeleteTheTempDataDirItCreatedOnClose() {
    KRaftBroker broker = KRaftBroker.start();
    Path dir = broker.dataDir();
    assertThat(broker.ownsDataDir()).isTrue();
    assertThat(dir).isDirectory();

    broker.close();
    broker.close(); // idempotent

    assertThat(Files.exists(dir)).as("temp data dir %s deleted", dir).isFalse();
  }

  @Test
  void shouldApplyExtraBrokerProperties() throws Exception {
    try (KRaftBroker broker = KRaftBroker.builder().property("auto.create.topics.enable", "false").start();
        Admin admin = clientsOf(broker).admin()) {
      ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(KRaftBroker.NODE_ID));
      Config config = admin.describeConfigs(List.of(node)).all().get().get(node);

      assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
      assertThat(config.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
      assertThat(broker.properties()).containsEntry("process.roles", "broker,controller");
    }
  }

  @Test
  void shouldRejectAnOutOfRangePortNamingIt() {
    assertThatThrownBy(() -> KRaftBroker.builder().port(70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000")
        .hasMessageContaining("[0, 65535]");
  }
}
