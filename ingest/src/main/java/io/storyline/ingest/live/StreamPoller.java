package io.storyline.ingest.live;

import io.storyline.ingest.live.http.FetchException;
import java.util.Map;

/**
 * A platform's paging logic: given a stream (query, subreddit, channel, category) and its cursor,
 * fetches the next page and says where the cursor goes. Plain Java, no Connect types. Called from one
 * task thread.
 */
public interface StreamPoller {
  /**
   * @param stream one of the task's streams
   * @param cursor the stream's cursor (empty map on the very first sweep); never null
   * @return the page and the cursor after it
   * @throws FetchException if the page could not be fetched (the cursor stays where it is)
   * @throws InterruptedException if the task is stopping
   */
  Page fetch(String stream, Map<String, String> cursor) throws FetchException, InterruptedException;
}
