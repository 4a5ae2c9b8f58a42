package io.storyline.ingest.live.x;

import io.storyline.common.model.Source;
import io.storyline.ingest.live.LiveConnectorConfig;
import io.storyline.ingest.live.LiveMetrics;
import io.storyline.ingest.live.LiveSourceTask;
import io.storyline.ingest.live.StreamPoller;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import java.util.Map;

/** The task of {@link XSourceConnector}: {@link LiveSourceTask} with a {@link XPoller}. */
public final class XSourceTask extends LiveSourceTask {
  @Override
  protected Source source() {
    return Source.TWITTER;
  }

  @Override
  protected RateLimitStyle rateLimitStyle() {
    return RateLimitStyle.X;
  }

  @Override
  protected LiveConnectorConfig parseConfig(Map<String, String> props) {
    return new XConfig(props);
  }

  @Override
  protected StreamPoller newPoller(LiveConnectorConfig config, LiveHttpClient http, LiveMetrics metrics, Pacer pacer) {
    return new XPoller((XConfig) config, http, pacer);
  }

  @Override
  protected String credentialKey() {
    return XConfig.BEARER_TOKEN_CONFIG;
  }
}
