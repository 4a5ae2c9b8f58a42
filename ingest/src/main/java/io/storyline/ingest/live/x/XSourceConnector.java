package io.storyline.ingest.live.x;

import io.storyline.ingest.live.LiveConnectorConfig;
import io.storyline.ingest.live.LiveSourceConnector;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Live X/Twitter source connector: polls API v2 recent searches, user timelines and list timelines
 * and writes each tweet to {@code posts.raw.twitter} as an {@code x-v2-tweet}. Config: {@link XConfig}; paging
 * and cursors: {@link XPoller}; records and offsets: {@link io.storyline.ingest.live.LiveSourceTask}.
 * Streams are spread over up to {@code tasks.max} tasks.
 */
public final class XSourceConnector extends LiveSourceConnector {
  @Override
  protected LiveConnectorConfig parseConfig(Map<String, String> props) {
    return new XConfig(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return XSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return XConfig.definition();
  }
}
