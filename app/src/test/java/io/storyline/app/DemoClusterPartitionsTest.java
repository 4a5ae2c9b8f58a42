package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code storyline demo} has one partition count, for the {@code posts} topic it creates and the cluster stage alike
 * (found in session 14: {@code -D cluster.partitions=4} reached only the cluster stage, which ran the two-level mode
 * over the one partition the demo had created, one local clusterer instead of four; and it won over {@code
 * --cluster-partitions}). No broker is needed: the count is read from the parsed command line as the demo reads it.
 */
class DemoClusterPartitionsTest {

  private static DemoCommand demo(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("demo"));
    all.addAll(List.of(args));
    return Storyline.commandLine().parseArgs(all.toArray(String[]::new)).subcommand().commandSpec().commandLine().getCommand();
  }

  /** @return the partitions the cluster stage is configured with, for the demo's count and its -D settings */
  private static int clusterStagePartitions(DemoCommand command) {
    DemoSettings settings = new DemoSettings(List.of(), null, null, null, null, 0, List.of("all/24h"), true,
        Duration.ofMinutes(1), command.clusterPartitions(), command.stageSettings);
    return Pipeline.stageConfigs(settings, "localhost:9092", Path.of("unused")).cluster().partitions();
  }

  @Test
  void shouldCreatePostsWithTheClusterPartitionsSettingWhenTheOptionIsNotGiven() {
    DemoCommand command = demo("-D", "cluster.partitions=4");

    assertThat(command.clusterPartitions()).as("the count posts is created with").isEqualTo(4);
    assertThat(clusterStagePartitions(command)).isEqualTo(4);
  }

  @Test
  void shouldLetTheOptionWinOverTheSettingForPostsAndTheClusterStageAlike() {
    DemoCommand command = demo("--cluster-partitions", "2", "-D", "cluster.partitions=4");

    assertThat(command.clusterPartitions()).isEqualTo(2);
    assertThat(clusterStagePartitions(command)).as("the cluster stage runs over the partitions posts has").isEqualTo(2);
  }

  @Test
  void shouldRunOneGlobalClustererWithNeitherAndRefuseASettingOutsideItsRuleNamingIt() {
    assertThat(demo().clusterPartitions()).isEqualTo(1);
    assertThat(clusterStagePartitions(demo())).isEqualTo(1);
    assertThatThrownBy(() -> demo("-D", "cluster.partitions=0").clusterPartitions())
        .hasMessageContaining("cluster.partitions").hasMessageContaining("0");
  }
}
