package io.storyline.common.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads what Java wrote with {@code kcat} (librdkafka), an independent Kafka client outside the JVM.
 * Skipped when {@code kcat} is not on the PATH (Debian: {@code apt-get install kcat}).
 */
@Timeout(120)
class KcatIT {
  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();

  @BeforeAll
  static void requireKcat() {
    Assumptions.assumeTrue(kcat() != null, "kcat is not on the PATH; install it with apt-get install kcat");
  }

  private static Path kcat() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .map(dir -> Path.of(dir, "kcat"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }

  @Test
  void shouldLetKcatReadACommittedRecordProducedByJava() throws IOException, InterruptedException {
    KAFKA.cluster().createTopic("kcat-check", 1);
    KAFKA.cluster().produce("kcat-check", new StringSerializer(), new StringSerializer(),
        List.of(KeyValue.pair("post-1", "{\"title\":\"DeepSeek mHC\"}")));

    Process kcat = new ProcessBuilder(
            kcat().toString(), "-C", "-b", KAFKA.cluster().bootstrapServers(), "-t", "kcat-check",
            "-e", "-o", "beginning", "-f", "%k|%s\\n", "-X", "isolation.level=read_committed")
        .redirectErrorStream(true)
        .start();
    boolean finished = kcat.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      kcat.destroyForcibly();
    }
    String output = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(finished).as("kcat exits at the end of the partition (-e); output: %s", output).isTrue();
    assertThat(kcat.exitValue()).as("kcat exit code; output: %s", output).isZero();
    assertThat(output.lines()).contains("post-1|{\"title\":\"DeepSeek mHC\"}");
  }
}
