package io.storyline.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker with a SASL_SSL listener (SCRAM-SHA-512, a self-signed certificate made in the
 * test): the right user reads and writes; a wrong password and an untrusted certificate fail fast with
 * the authentication error, not a hang.
 */
@Timeout(120)
class KRaftBrokerSaslSslIT {
  private static final String USER = "storyline";
  private static final String PASSWORD = "right-" + Long.toHexString(System.nanoTime());
  @TempDir static Path dir;
  private static SaslSslTestBroker.Tls tls;
  private static KRaftBroker broker;

  @BeforeAll
  static void start() {
    tls = SaslSslTestBroker.selfSignedTls(dir);
    broker = SaslSslTestBroker.start(tls, USER, PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static Map<String, Object> client(String password) {
    Map<String, Object> p = new HashMap<>(SaslSslTestBroker.clientProperties(broker, tls, USER, password));
    p.put("request.timeout.ms", "10000");
    p.put("default.api.timeout.ms", "15000");
    return p;
  }

  @Test
  void shouldListTheSecureListenerBesideThePlaintextOne() {
    assertThat(broker.port(SaslSslTestBroker.LISTENER)).isNotEqualTo(broker.port());
    assertThat(broker.bootstrapServers("secure")).isEqualTo("127.0.0.1:" + broker.port("SECURE"));
    assertThat(broker.properties().get("listener.security.protocol.map")).contains("SECURE:SASL_SSL");
    assertThatThrownBy(() -> broker.port("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SECURE");
  }

  @Test
  void shouldCarryRecordsForTheScramUserOverTls() throws Exception {
    try (Admin admin = Admin.create(client(PASSWORD))) {
      admin.createTopics(List.of(new NewTopic("secure-greetings", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(client(PASSWORD), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("secure-greetings", "k", "hello over SASL_SSL")).get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> c = client(PASSWORD);
    c.put("group.id", "secure-reader");
    c.put("auto.offset.reset", "earliest");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("secure-greetings"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      ConsumerRecords<String, String> got = ConsumerRecords.empty();
      while (got.isEmpty() && System.nanoTime() < deadline) {
        got = consumer.poll(Duration.ofMillis(500)); // poll blocks up to its timeout: no busy loop
      }
      assertThat(got.records("secure-greetings")).extracting(r -> r.value()).containsExactly("hello over SASL_SSL");
    }
  }

  @Test
  void shouldFailFastWithAnAuthenticationErrorForAWrongPassword() {
    long start = System.nanoTime();
    try (Admin admin = Admin.create(client("wrong-password"))) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(SaslAuthenticationException.class)
          .hasMessageContaining("invalid credentials").hasMessageContaining(SaslSslTestBroker.MECHANISM)
          .hasMessageNotContaining("wrong-password");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("an error, not a hang").isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void shouldFailFastWithATlsErrorWhenTheCertificateIsNotTrusted() {
    Map<String, Object> untrusting = client(PASSWORD);
    untrusting.remove("ssl.truststore.location");
    untrusting.remove("ssl.truststore.password");
    untrusting.remove("ssl.truststore.type");
    try (Admin admin = Admin.create(untrusting)) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(SslAuthenticationException.class);
    }
  }
}
