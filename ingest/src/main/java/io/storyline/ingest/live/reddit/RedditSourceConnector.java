package io.storyline.ingest.live.reddit;

import io.storyline.ingest.live.LiveConnectorConfig;
import io.storyline.ingest.live.LiveSourceConnector;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Live Reddit source connector: polls {@code /r/<sub>/new} of each configured subreddit and writes
 * each post to {@code posts.raw.reddit} as a {@code reddit-thing}. Config: {@link RedditConfig}; paging
 * and cursors: {@link RedditPoller}; records and offsets: {@link io.storyline.ingest.live.LiveSourceTask}.
 * Subreddits are spread over up to {@code tasks.max} tasks.
 */
public final class RedditSourceConnector extends LiveSourceConnector {
  @Override
  protected LiveConnectorConfig parseConfig(Map<String, String> props) {
    return new RedditConfig(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return RedditSourceTask.class;
  }

  @Override
  public ConfigDef config() {
    return RedditConfig.definition();
  }
}
