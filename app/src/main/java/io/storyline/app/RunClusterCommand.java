package io.storyline.app;

import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.ClusterStage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code storyline run cluster}: {@code posts} to {@code story-assignments} and {@code stories}. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Runs the online clusterer: posts -> story-assignments, stories.")
final class RunClusterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StageOptions options;

  @Option(names = "--cluster-partitions", paramLabel = "N",
      description = "Partitions of posts to run over (cluster.partitions; default 1, one global clusterer). N > 1: the"
          + " two-level mode, one local clusterer per partition (run several instances to spread them), linked into"
          + " global stories; posts is created with N partitions if missing.")
  Integer clusterPartitions;

  @Override
  public Integer call() throws Exception {
    java.util.Map<String, Object> settings = options.merged("storyline run cluster");
    if (clusterPartitions != null) {
      SettingKeys.requireOptionValid("--cluster-partitions", clusterPartitions, ClusterConfig.definition(),
          ClusterConfig.PARTITIONS_CONFIG);
      settings.put(ClusterConfig.PARTITIONS_CONFIG, clusterPartitions.toString());
    }
    ClusterConfig config = new ClusterConfig(settings);
    try (StageRunner runner = new StageRunner(config, ClusterStage.topics(config))) {
      runner.start("cluster", ClusterStage.topology(config, runner.registry()), ClusterStage.streamsProperties(config), config, null, null);
      return runner.serve(spec.commandLine().getOut());
    }
  }
}
