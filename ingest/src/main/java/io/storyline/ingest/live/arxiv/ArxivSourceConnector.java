package io.storyline.ingest.live.arxiv;

import io.storyline.ingest.live.LiveConnectorConfig;
import io.storyline.ingest.live.LiveSourceConnector;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Live arXiv source connector: polls the export API for the newest submissions of each configured
 * category and writes each entry to {@code posts.raw.arxiv} as an {@code arxiv-atom-entry}. Config: {@link ArxivConfig}; paging
 * and cursors: {@link ArxivPoller}; records and offsets: {@link io.storyline.ingest.live.LiveSourceTask}.
 * Always one task: arXiv allows one connection at a time.
 */
public final class ArxivSourceConnector extends LiveSourceConnector {
  @Override
  protected LiveConnectorConfig parseConfig(Map<String, String> props) {
    return new ArxivConfig(props);
  }

  @Override
  protected int maxTasksAllowed() {
    return 1;
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ArxivSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return ArxivConfig.definition();
  }
}
