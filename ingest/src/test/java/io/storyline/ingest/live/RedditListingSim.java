package io.storyline.ingest.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code /r/<sub>/new} like Reddit: newest first, {@code limit} per page, {@code after} = the
 * fullname of the page's last post, and no {@code after} once {@code maxItems} (Reddit: ~1000) have been
 * listed or the posts run out. Posts can be added while it runs. Thread-safe.
 */
public final class RedditListingSim implements java.util.function.Function<LocalApi.Request, LocalApi.Reply> {
  private final List<Long> newestFirst = new ArrayList<>();
  private final int maxItems;
  private final java.util.function.LongUnaryOperator created;

  public RedditListingSim(int maxItems, java.util.function.LongUnaryOperator createdEpochSeconds) {
    this.maxItems = maxItems;
    this.created = createdEpochSeconds;
  }

  /** Adds posts first..last (ascending numbers = newer). */
  public synchronized RedditListingSim add(long first, long last) {
    for (long n = first; n <= last; n++) {
      newestFirst.add(0, n);
    }
    return this;
  }

  @Override
  public synchronized LocalApi.Reply apply(LocalApi.Request request) {
    if (!request.uri().getPath().matches("/r/[A-Za-z0-9_]+/new")) {
      return LocalApi.Reply.status(404, Map.of(), "{\"message\":\"Not Found\",\"error\":404}");
    }
    int limit = Integer.parseInt(request.query("limit"));
    String after = request.query("after");
    int start = 0;
    if (after != null) {
      int i = 0;
      while (i < newestFirst.size() && !RedditPages.fullname(newestFirst.get(i)).equals(after)) {
        i++;
      }
      start = i + 1; // an unknown anchor ends the listing (start past the end)
      if (i == newestFirst.size()) {
        start = newestFirst.size();
      }
    }
    int end = Math.min(Math.min(newestFirst.size(), start + limit), maxItems);
    List<Long> page = start >= end ? List.of() : List.copyOf(newestFirst.subList(start, end));
    String nextAfter = end < Math.min(newestFirst.size(), maxItems) && !page.isEmpty()
        ? RedditPages.fullname(page.get(page.size() - 1)) : null;
    return LocalApi.Reply.ok(RedditPages.page(page, created, nextAfter))
        .withHeaders(Map.of("x-ratelimit-remaining", "95.0", "x-ratelimit-used", "5", "x-ratelimit-reset", "300"));
  }
}
