package io.storyline.ingest.live;

import io.storyline.ingest.format.RawItem;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One fetched page of one stream.
 *
 * @param items the posts of the page to emit, in emission order (already filtered: only posts newer than
 *     the cursor, no empty Discord messages); never null
 * @param next the cursor after this page (string values; absent keys mean unset); never null
 * @param sweepDone true if this page ended a sweep (the stream is caught up and waits {@code
 *     poll.interval.ms}); false if the next page should follow at once
 */
public record Page(List<RawItem> items, Map<String, String> next, boolean sweepDone) {
  public Page {
    items = List.copyOf(items);
    next = Map.copyOf(Objects.requireNonNull(next, "next cursor can't be null"));
  }
}
