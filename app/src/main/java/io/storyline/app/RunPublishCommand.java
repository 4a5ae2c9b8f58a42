package io.storyline.app;

import io.storyline.publish.PublishConfig;
import io.storyline.publish.PublishTopology;
import io.storyline.publish.http.PublishHttpApi;
import io.storyline.publish.http.TopStoriesView;
import io.storyline.publish.rank.ListDefinition;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code storyline run publish}: {@code stories} to {@code top-stories}, plus the HTTP API. */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Runs the ranker (stories -> top-stories) and serves the HTTP API (/api/v1/top/{list}).")
final class RunPublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StageOptions options;

  @Override
  public Integer call() throws Exception {
    PublishConfig config = new PublishConfig(options.merged("storyline run publish"));
    try (StageRunner runner = new StageRunner(config, PublishTopology.topics())) {
      TopStoriesView view = new TopStoriesView(config.bootstrapServers(), config.kafkaClientOverrides());
      runner.closeWithStage(view);
      view.start();
      List<String> lists = config.lists().stream().map(ListDefinition::id).toList();
      runner.start("publish", PublishTopology.build(config, runner.registry()), PublishTopology.streamsProperties(config),
          config, view::notReadyReason,
          http -> new PublishHttpApi(view, lists, runner.registry(), Clock.systemUTC()).register(http));
      return runner.serve(spec.commandLine().getOut());
    }
  }
}
