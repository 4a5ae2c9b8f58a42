package io.storyline.app.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo stopped the way a user stops it (SIGTERM, which takes the same shutdown-hook path as
 * Ctrl-C's SIGINT) leaves nothing behind: its temporary directory (broker log, Connect offsets, state
 * stores, some 20–35 MB) is deleted before the JVM halts. Before session 7 the JVM halted as soon as
 * the hook had closed the pipeline, before the clean-up, and every stopped demo left its directory.
 */
class DemoShutdownIT {
  @TempDir Path tmp;

  private static List<Path> demoDirs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("storyline-demo-")).toList();
    }
  }

  @Test
  void shouldDeleteItsTemporaryDirectoryWhenStoppedWhileServing() throws Exception {
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    try (ChildStage demo = ChildStage.start("demo", tmp.resolve("logs"), List.of("-Djava.io.tmpdir=" + javaTmp),
        List.of("demo", "--http-port", "0"))) {
      demo.awaitOutput("Serving until Ctrl-C", Duration.ofMinutes(4));
      assertThat(demoDirs(javaTmp)).as("the demo's temporary directory while it serves").hasSize(1);

      demo.stop();

      assertThat(demo.isAlive()).as("stopped").isFalse();
      assertThat(demoDirs(javaTmp)).as("temporary directories left after SIGTERM; log tail:%n%s", demo.tail()).isEmpty();
    }
  }
}
