package io.storyline.ingest.live.discord;

import io.storyline.common.model.Source;
import io.storyline.ingest.live.LiveConnectorConfig;
import io.storyline.ingest.live.LiveMetrics;
import io.storyline.ingest.live.LiveSourceTask;
import io.storyline.ingest.live.StreamPoller;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import java.util.Map;

/** The task of {@link DiscordSourceConnector}: {@link LiveSourceTask} with a {@link DiscordPoller}. */
public final class DiscordSourceTask extends LiveSourceTask {
  @Override
  protected Source source() {
    return Source.DISCORD;
  }

  @Override
  protected RateLimitStyle rateLimitStyle() {
    return RateLimitStyle.DISCORD;
  }

  @Override
  protected LiveConnectorConfig parseConfig(Map<String, String> props) {
    return new DiscordConfig(props);
  }

  @Override
  protected StreamPoller newPoller(LiveConnectorConfig config, LiveHttpClient http, LiveMetrics metrics, Pacer pacer) {
    return new DiscordPoller((DiscordConfig) config, http, metrics, pacer);
  }

  @Override
  protected String credentialKey() {
    return DiscordConfig.BOT_TOKEN_CONFIG;
  }
}
