package io.storyline.app;

import picocli.CommandLine.Command;

/**
 * {@code storyline run <stage>}: runs one stage against a Kafka cluster, with its own {@code /metrics}
 * and {@code /health/*} endpoints, until Ctrl-C. Several instances of a stage with the same
 * application id share its work (Kafka Streams' consumer group).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs one stage against a Kafka cluster until Ctrl-C.",
    subcommands = {RunIngestCommand.class, RunNormalizerCommand.class, RunClusterCommand.class, RunPublishCommand.class})
final class RunCommand {}
