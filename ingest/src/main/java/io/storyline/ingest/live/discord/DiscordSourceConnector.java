package io.storyline.ingest.live.discord;

import io.storyline.ingest.live.LiveConnectorConfig;
import io.storyline.ingest.live.LiveSourceConnector;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Live Discord source connector: polls the messages of each configured channel with a bot token and
 * writes each message to {@code posts.raw.discord} as a {@code discord-message}. Config: {@link DiscordConfig}; paging
 * and cursors: {@link DiscordPoller}; records and offsets: {@link io.storyline.ingest.live.LiveSourceTask}.
 * Channels are spread over up to {@code tasks.max} tasks.
 */
public final class DiscordSourceConnector extends LiveSourceConnector {
  @Override
  protected LiveConnectorConfig parseConfig(Map<String, String> props) {
    return new DiscordConfig(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return DiscordSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return DiscordConfig.definition();
  }
}
