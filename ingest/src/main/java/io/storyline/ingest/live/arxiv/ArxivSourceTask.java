package io.storyline.ingest.live.arxiv;

import io.storyline.common.model.Source;
import io.storyline.ingest.live.LiveConnectorConfig;
import io.storyline.ingest.live.LiveMetrics;
import io.storyline.ingest.live.LiveSourceTask;
import io.storyline.ingest.live.StreamPoller;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import java.util.Map;

/** The task of {@link ArxivSourceConnector}: {@link LiveSourceTask} with a {@link ArxivPoller}. */
public final class ArxivSourceTask extends LiveSourceTask {
  @Override
  protected Source source() {
    return Source.ARXIV;
  }

  @Override
  protected RateLimitStyle rateLimitStyle() {
    return RateLimitStyle.NONE;
  }

  @Override
  protected LiveConnectorConfig parseConfig(Map<String, String> props) {
    return new ArxivConfig(props);
  }

  @Override
  protected StreamPoller newPoller(LiveConnectorConfig config, LiveHttpClient http, LiveMetrics metrics, Pacer pacer) {
    ArxivPoller api = new ArxivPoller((ArxivConfig) config, http, metrics, pacer);
    ArxivOaiPoller oai = new ArxivOaiPoller((ArxivConfig) config, http, metrics, pacer);
    return (stream, cursor) -> stream.startsWith("oai:") ? oai.fetch(stream, cursor) : api.fetch(stream, cursor);
  }

  @Override
  protected String credentialKey() {
    return ArxivConfig.CATEGORIES_CONFIG;
  }
}
