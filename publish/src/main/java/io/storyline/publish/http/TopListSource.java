package io.storyline.publish.http;

import io.storyline.common.model.TopList;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;
import io.storyline.common.model.Story;
import io.storyline.publish.rank.StoryActivity;

/** Where the HTTP API reads the latest published lists from. Implementations are thread-safe. */
public interface TopListSource {
  /**
   * @param list a list id, e.g. {@code all/24h}; may not be null
   * @return the latest list under that id, or empty if none was published (yet)
   */
  Optional<TopList> get(String list);

  /** @return the latest list of every id published so far, in no particular order; never null */
  Collection<TopList> all();

  /**
   * @return null when the source has caught up with what was published, else the reason it has
   *     not (served as 503 by the API and by {@code /health/ready}); the default is always ready
   */
  default String notReadyReason() {
    return null;
  }

  /**
   * @param id a story id; may not be null
   * @return the latest snapshot of that story, if known; the default knows none
   */
  default Optional<Story> story(String id) {
    return Optional.empty();
  }

  /**
   * @param id a story id; may not be null
   * @return the story's posts per hour; the default is {@link StoryActivity#EMPTY}
   */
  default StoryActivity activity(String id) {
    return StoryActivity.EMPTY;
  }

  /**
   * Registers a listener for every newly applied list (used for Server-Sent Events).
   *
   * @param listener called with each new list, quickly, never throwing; may not be null
   * @return a handle that unregisters the listener; the default registers nothing
   */
  default AutoCloseable onList(Consumer<TopList> listener) {
    return () -> {};
  }
}
