package io.storyline.ingest.format;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the {@link RawItem}s and warnings of one file while it is being split; numbers items in
 * order. Not thread-safe: one per file read.
 */
public final class ItemCollector {
  private final String file;
  private final String displayName;
  private final List<RawItem> items = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final java.util.Map<String, Integer> skipped = new java.util.LinkedHashMap<>();

  /**
   * @param file the file as given, recorded in every item; may not be null
   * @param displayName the name warnings start with (usually the file name); may not be null
   */
  public ItemCollector(String file, String displayName) {
    this.file = java.util.Objects.requireNonNull(file, "file can't be null");
    this.displayName = java.util.Objects.requireNonNull(displayName, "displayName can't be null");
  }

  /** @return the file as recorded in items */
  public String file() {
    return file;
  }

  /**
   * Adds one item with the next index.
   *
   * @param format its format; not null
   * @param nativeId the platform id or null if unreadable
   * @param createdAt the event time or null if unreadable
   * @param payload the payload bytes; not null
   */
  public void add(NativeFormat format, String nativeId, Instant createdAt, byte[] payload) {
    items.add(new RawItem(format, nativeId, createdAt, payload, file, items.size()));
  }

  /** @param message a note naming what was skipped or broken and why; the file name is prefixed */
  public void warn(String message) {
    warnings.add(displayName + ": " + message);
  }

  /**
   * Counts one skipped piece of content that is not a post (e.g. a Reddit {@code more} stub); one
   * warning per distinct reason is added by {@link #finishWarnings()}.
   *
   * @param reason why it was skipped, e.g. {@code "Reddit 'more' stubs (collapsed comments, not in the file)"}
   */
  public void skip(String reason) {
    skipped.merge(reason, 1, Integer::sum);
  }

  /** Turns the skip counts into warnings ({@code "skipped 12 Reddit 'more' stubs ..."}) and clears them. */
  public void finishWarnings() {
    skipped.forEach((reason, n) -> warn("skipped " + n + " " + reason));
    skipped.clear();
  }

  /** @return the items so far, in order (live view) */
  public List<RawItem> items() {
    return items;
  }

  /** @return the warnings so far (live view) */
  public List<String> warnings() {
    return warnings;
  }
}
