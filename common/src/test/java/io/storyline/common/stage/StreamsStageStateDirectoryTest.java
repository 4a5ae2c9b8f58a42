package io.storyline.common.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second instance of a stage on the same state directory (found in session 12: a second {@code storyline run
 * publish} with the first one's {@code --state-dir} ended with Kafka Streams' 24-line stack trace). The Kafka
 * Streams client takes the directory's lock when it is made, before it connects, so no broker is needed.
 */
class StreamsStageStateDirectoryTest {

  private static Topology withAStore() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.table("in", Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("a-store"));
    return builder.build();
  }

  private static Properties properties(Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "storyline-lock-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return p;
  }

  @Test
  void shouldRefuseASecondStageOnTheSameStateDirectoryNamingTheDirectoryAndTheRule(@TempDir Path dir) {
    StreamsStage first = new StreamsStage("publish", withAStore(), properties(dir), new SimpleMeterRegistry());
    try {
      assertThatThrownBy(() -> new StreamsStage("publish", withAStore(), properties(dir), new SimpleMeterRegistry()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(dir.resolve("storyline-lock-test").toString())
          .hasMessageContaining("another process holds its lock")
          .hasMessageContaining("give each instance its own state directory");
    } finally {
      first.close();
    }
    StreamsStage again = new StreamsStage("publish", withAStore(), properties(dir), new SimpleMeterRegistry());
    assertThat(again).as("the directory is usable once the first stage closed").isNotNull();
    again.close();
  }
}
