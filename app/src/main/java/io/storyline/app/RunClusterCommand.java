package io.storyline.app;

import io.storyline.cluster.ClusterConfig;
import io.storyline.cluster.ClusterTopology;
import io.storyline.common.topic.Topics;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code storyline run cluster}: {@code posts} to {@code story-assignments} and {@code stories}. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Runs the online clusterer: posts -> story-assignments, stories.")
final class RunClusterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StageOptions options;

  @Override
  public Integer call() throws Exception {
    ClusterConfig config = new ClusterConfig(options.merged());
    try (StageRunner runner = new StageRunner(config, List.of(Topics.POSTS, Topics.STORY_ASSIGNMENTS, Topics.STORIES))) {
      runner.start("cluster", ClusterTopology.build(config, runner.registry()), ClusterTopology.streamsProperties(config), config, null, null);
      return runner.serve(spec.commandLine().getOut());
    }
  }
}
