package io.storyline.ingest.format;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link NativeFiles#read(Path)} found in one file.
 *
 * @param file the file as given; never null
 * @param formatDescription what the file was recognised as, e.g. {@code "Reddit NDJSON of bare
 *     things"}; empty when it was not recognised
 * @param items the posts' payloads in file order (for trees: depth first, parent before children);
 *     never null, empty for an unrecognised file
 * @param warnings human-readable notes on skipped or broken content, each naming the file; never null
 */
public record FileReadResult(
    Path file, Optional<String> formatDescription, List<RawItem> items, List<String> warnings) {
  public FileReadResult {
    Objects.requireNonNull(file, "file can't be null");
    formatDescription = formatDescription == null ? Optional.empty() : formatDescription;
    items = items == null ? List.of() : List.copyOf(items);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
