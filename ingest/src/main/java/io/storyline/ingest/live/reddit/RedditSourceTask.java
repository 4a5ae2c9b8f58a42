package io.storyline.ingest.live.reddit;

import io.storyline.common.model.Source;
import io.storyline.ingest.live.LiveConnectorConfig;
import io.storyline.ingest.live.LiveMetrics;
import io.storyline.ingest.live.LiveSourceTask;
import io.storyline.ingest.live.StreamPoller;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import java.util.Map;

/** The task of {@link RedditSourceConnector}: {@link LiveSourceTask} with a {@link RedditPoller}. */
public final class RedditSourceTask extends LiveSourceTask {
  @Override
  protected Source source() {
    return Source.REDDIT;
  }

  @Override
  protected RateLimitStyle rateLimitStyle() {
    return RateLimitStyle.REDDIT;
  }

  @Override
  protected LiveConnectorConfig parseConfig(Map<String, String> props) {
    return new RedditConfig(props);
  }

  @Override
  protected StreamPoller newPoller(LiveConnectorConfig config, LiveHttpClient http, LiveMetrics metrics, Pacer pacer) {
    return new RedditPoller((RedditConfig) config, http, metrics, pacer);
  }

  @Override
  protected String credentialKey() {
    // the caller quotes the whole: "... in 'reddit.token' or 'reddit.client.id' and 'reddit.client.secret' (HTTP 401)"
    return RedditConfig.TOKEN_CONFIG + "' or '" + RedditConfig.CLIENT_ID_CONFIG + "' and '" + RedditConfig.CLIENT_SECRET_CONFIG;
  }
}
