package io.storyline.app;

import io.storyline.ingest.normalize.NormalizerConfig;
import io.storyline.ingest.normalize.NormalizerTopology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code storyline run normalizer}: raw topics to {@code posts} and {@code posts.dlq}. */
@Command(name = "normalizer", mixinStandardHelpOptions = true,
    description = "Runs the normalizer: posts.raw.* -> posts (and posts.dlq for records it cannot parse).")
final class RunNormalizerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StageOptions options;

  @Override
  public Integer call() throws Exception {
    NormalizerConfig config = new NormalizerConfig(options.merged("storyline run normalizer"));
    try (StageRunner runner = new StageRunner(config, NormalizerTopology.topics())) {
      runner.start("normalizer", NormalizerTopology.build(config, runner.registry()), NormalizerTopology.streamsProperties(config),
          config, null, null);
      return runner.serve(spec.commandLine().getOut());
    }
  }
}
