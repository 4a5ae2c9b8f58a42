package io.storyline.app.bench;

import io.storyline.common.model.Source;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The real content of one post that the benchmarks replay under fresh ids and shifted times.
 *
 * @param source the platform the payload is rendered for: {@link Source#REDDIT} (a Reddit t3 thing)
 *     or {@link Source#TWITTER} (an X API v2 tweet); never null
 * @param title the title (Reddit posts); nullable
 * @param text the body text; never null, may be empty
 * @param author the author name; nullable
 * @param links outbound URLs of the original post; never null
 * @param originalTime when the original was created, for ordering and picking days; nullable
 */
public record Seed(Source source, String title, String text, String author, List<String> links, Instant originalTime) {
  public Seed {
    Objects.requireNonNull(source, "seed source can't be null");
    if (source != Source.REDDIT && source != Source.TWITTER) {
      throw new IllegalArgumentException("seed source " + source + " is not rendered; use REDDIT or TWITTER");
    }
    text = text == null ? "" : text;
    links = links == null ? List.of() : List.copyOf(links);
  }
}
