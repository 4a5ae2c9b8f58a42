package io.storyline.cluster.eval;

import java.util.List;
import java.util.Locale;

/**
 * A labelled stream and the facts printed beside its scores.
 *
 * @param name dataset name as given on the command line; never null
 * @param description what the items and the gold labels are; never null
 * @param posts the stream, in stream order; never null
 * @param skipped input rows not fed to the clusterer, with the reason, e.g. {@code "1000 rows without
 *     created_at"}; never null
 * @param secondLevel name of the {@link LabeledPost#gold2()} labelling, or null if there is none
 */
public record EvalDataset(String name, String description, List<LabeledPost> posts, List<String> skipped,
    String secondLevel) {

  /** @return the number of scored posts (with a gold label) */
  public long scored() {
    return posts.stream().filter(p -> p.gold() != null).count();
  }

  /**
   * @param n at most this many posts, &ge; 1: the first n in stream order
   * @return this dataset cut to its first {@code n} posts
   */
  public EvalDataset limit(int n) {
    if (n >= posts.size()) {
      return this;
    }
    return new EvalDataset(name, description + String.format(Locale.ROOT, " (first %d of %d posts)", n, posts.size()),
        posts.subList(0, n), skipped, secondLevel);
  }
}
