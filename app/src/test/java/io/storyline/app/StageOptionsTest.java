package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.config.CommonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class StageOptionsTest {

  @Command(name = "stage")
  static final class Stage {
    @Mixin StageOptions options;
  }

  private static Map<String, Object> merged(String... args) {
    Stage stage = new Stage();
    new CommandLine(stage).parseArgs(args);
    return stage.options.merged("storyline run cluster");
  }

  @Test
  void shouldTakeTheHttpPortAndHostFromASettingWhenTheOptionsAreNotGiven() {
    Map<String, Object> m = merged("--bootstrap-servers", "127.0.0.1:9092", "-D", "http.port=9401", "-D", "http.host=127.0.0.1");

    assertThat(m).containsEntry(CommonConfig.HTTP_PORT_CONFIG, "9401").containsEntry(CommonConfig.HTTP_HOST_CONFIG, "127.0.0.1");
  }

  @Test
  void shouldTakeTheHttpPortFromTheConfigFileWhenNeitherOptionNorSettingGivesOne(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("stage.properties"), "http.port=9402\n");

    assertThat(merged("--bootstrap-servers", "127.0.0.1:9092", "--config", file.toString()))
        .containsEntry(CommonConfig.HTTP_PORT_CONFIG, "9402");
  }

  @Test
  void shouldLetTheOptionsWinOverSettings() {
    Map<String, Object> m = merged("--bootstrap-servers", "127.0.0.1:9092", "-D", "http.port=9401", "--http-port", "9500",
        "-D", "http.host=127.0.0.1", "--http-host", "10.0.0.5");

    assertThat(m).containsEntry(CommonConfig.HTTP_PORT_CONFIG, "9500").containsEntry(CommonConfig.HTTP_HOST_CONFIG, "10.0.0.5");
  }

  @Test
  void shouldBindAnyFreePortOnAllInterfacesByDefault() {
    assertThat(merged("--bootstrap-servers", "127.0.0.1:9092"))
        .containsEntry(CommonConfig.HTTP_PORT_CONFIG, "0").containsEntry(CommonConfig.HTTP_HOST_CONFIG, "0.0.0.0");
  }

  @Test
  void shouldRefuseAMistypedSettingKeyNamingItTheClosestKeyAndTheRule() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> merged("--bootstrap-servers", "127.0.0.1:9092",
            "-D", "cluster.similarity.treshold=0.3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting 'cluster.similarity.treshold'")
        .hasMessageContaining("did you mean 'cluster.similarity.threshold'?")
        .hasMessageContaining("storyline run cluster")
        .hasMessageContaining("kafka.");
  }

  @Test
  void shouldRefuseAKeyNoStageDefinesWithoutASuggestionWhenNothingIsClose(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("stage.properties"), "clustering.mode=fast\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> merged("--bootstrap-servers", "127.0.0.1:9092",
            "--config", file.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'clustering.mode'")
        .hasMessageNotContaining("did you mean");
  }

  @Test
  void shouldAcceptAnotherStagesKeySoOneFileCanServeEveryStage(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("stages.properties"), "publish.lists=all/24h\nnormalizer.merge.wait.ms=0\n");

    assertThat(merged("--bootstrap-servers", "127.0.0.1:9092", "--config", file.toString()))
        .containsEntry("publish.lists", "all/24h");
  }

  @Test
  void shouldPassKafkaPrefixedKeysThroughUnchecked() {
    assertThat(merged("--bootstrap-servers", "127.0.0.1:9092", "-D", "kafka.num.stream.threads=2"))
        .containsEntry("kafka.num.stream.threads", "2");
  }
}
