package io.storyline.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.storyline.ingest.live.arxiv.ArxivSourceConnector;
import io.storyline.ingest.live.discord.DiscordSourceConnector;
import io.storyline.ingest.live.reddit.RedditSourceConnector;
import io.storyline.ingest.live.x.XSourceConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.isolation.PluginDesc;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged plugin directory ({@code target/plugin/storyline-ingest}, built in the package phase)
 * is what a distributed Connect worker loads from {@code plugin.path}: Connect's own plugin discovery
 * finds all five connectors in it, in an isolated class loader at that location.
 */
@Tag("integration")
class ConnectPluginDirectoryIT {
  @Test
  void shouldDiscoverEveryConnectorInThePackagedPluginDirectory() {
    Path pluginPath = Path.of("target", "plugin").toAbsolutePath();
    assumeTrue(Files.isDirectory(pluginPath.resolve("storyline-ingest")), "plugin directory is built by 'mvn package'");

    Plugins plugins = new Plugins(Map.of("plugin.path", pluginPath.toString(), "plugin.discovery", "service_load"));
    Map<String, String> locations = plugins.sourceConnectors().stream()
        .collect(Collectors.toMap(PluginDesc::className, PluginDesc::location, (a, b) -> a));

    for (Class<? extends SourceConnector> c : java.util.List.of(XSourceConnector.class, RedditSourceConnector.class,
        DiscordSourceConnector.class, ArxivSourceConnector.class, ReplaySourceConnector.class)) {
      assertThat(locations).as("connectors found on plugin.path").containsKey(c.getName());
      assertThat(locations.get(c.getName())).contains("storyline-ingest");
    }
  }
}
