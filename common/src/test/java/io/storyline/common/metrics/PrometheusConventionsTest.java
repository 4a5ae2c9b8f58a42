package io.storyline.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PrometheusConventionsTest {
  private final AtomicLong value = new AtomicLong(3);

  private PrometheusMeterRegistry registryWithKafkaLikeMeters() {
    PrometheusMeterRegistry r = PrometheusConventions.newRegistry();
    FunctionCounter.builder("kafka.producer.txn.commit.time.ns.total", value, AtomicLong::get)
        .description("Total time the producer has spent in commitTransaction in nanoseconds.").register(r);
    Gauge.builder("kafka.app.info.start.time.ms", value, AtomicLong::get).description("start time").register(r);
    Gauge.builder("kafka.producer.connection.count", value, AtomicLong::get)
        .description("The current number of active connections.").register(r);
    Gauge.builder("kafka.consumer.node.request.latency.max", value, AtomicLong::get).register(r);
    FunctionCounter.builder("kafka.stream.topic.records.consumed.total", value, AtomicLong::get)
        .description("The total number of records consumed from this topic").register(r);
    return r;
  }

  @Test
  void shouldDropMetersWithAbbreviatedUnitsAndPluraliseCountGaugesAndAddMissingHelp() {
    String scrape = registryWithKafkaLikeMeters().scrape();
    assertThat(scrape).doesNotContain("_ns").doesNotContain("start_time_ms");
    assertThat(scrape).contains("kafka_producer_connections ").doesNotContain("kafka_producer_connection_count");
    assertThat(scrape).contains("# HELP kafka_consumer_node_request_latency_max Kafka client metric");
    assertThat(scrape).contains("kafka_stream_topic_records_consumed_total 3.0");
  }

  @Test
  void shouldProduceOutputThatPromtoolAccepts() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")),
        "promtool is not installed (apt-get install prometheus); skipping the promtool check");
    Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(registryWithKafkaLikeMeters().scrape().getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics said:%n%s", out).isZero();
  }
}
