package io.storyline.ingest.connect;

import io.storyline.ingest.format.FileReadResult;
import io.storyline.ingest.format.NativeFiles;
import io.storyline.ingest.format.RawItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything one replay emits, in the order it emits it: the items of all files merged into
 * event-time order, plus what was skipped. Both the {@link ReplaySourceTask} and callers that need to
 * know what to expect (the in-process demo, tests) build it with {@link #plan(List)}, so they agree
 * item for item.
 *
 * <p>Order: files are read in order of their normalised absolute path; each item gets an effective
 * time, its {@code createdAt} or, when that is null, the effective time of the item before it in the
 * same file ({@link Instant#MIN} for leading items without time), so items without a time stay next
 * to their predecessor. Items are then stably sorted by (effective time, file order, index in file).
 *
 * <p>The position of an item is its index in {@link #items()}. Connect stores the position of the
 * last emitted item as the source offset {@code {"position": p}} under the source partition {@link
 * #sourcePartition()}; a restart resumes at {@code p + 1} (see {@link #remainingAfter(long)}).
 *
 * <p>The whole plan, payloads included, is held in memory: it is meant for dump files of up to a few
 * hundred thousand posts. Immutable and thread-safe.
 *
 * @param replayId stable id of the configured path set ({@code sha256:} of the sorted, normalised
 *     absolute paths); the same paths give the same id in any order; never null
 * @param files the files read, in read order; never null
 * @param items all items of all files in emission order; never null
 * @param warnings warnings of all files, each naming its file (e.g. an unrecognised file); never null
 * @param unrecognisedFiles files that yielded no recognised format, in read order; never null
 * @param eventTimes the event time of each item, index for index with {@code items}: its {@code
 *     createdAt}, or for an item without one (a broken record) its effective time, and for items
 *     before any item with a time, the first time in the plan; never null, same size as {@code items}
 *     (empty elements only if no item has a time)
 */
public record ReplayPlan(
    String replayId, List<Path> files, List<RawItem> items, List<String> warnings, List<Path> unrecognisedFiles,
    List<Instant> eventTimes) {

  /** Key of the source partition map. */
  public static final String PARTITION_KEY = "replay";
  /** Key of the source offset map: the position of the last emitted item, a non-negative long. */
  public static final String POSITION_KEY = "position";

  public ReplayPlan {
    Objects.requireNonNull(replayId, "replay id can't be null");
    files = List.copyOf(files);
    items = List.copyOf(items);
    warnings = List.copyOf(warnings);
    unrecognisedFiles = List.copyOf(unrecognisedFiles);
    eventTimes = java.util.Collections.unmodifiableList(new ArrayList<>(eventTimes));
    if (eventTimes.size() != items.size()) {
      throw new IllegalArgumentException(
          "replay plan has " + items.size() + " items but " + eventTimes.size() + " event times; they must match");
    }
  }

  /**
   * Reads every file under {@code paths} with {@link NativeFiles#read(Path)} and merges the items.
   *
   * @param paths files or directories (read recursively); may not be null or empty; duplicates and
   *     overlapping directories are read once
   * @return the plan
   * @throws IllegalArgumentException naming the path if one does not exist
   * @throws UncheckedIOException if a directory cannot be listed or a file cannot be read
   */
  public static ReplayPlan plan(List<Path> paths) {
    if (paths == null || paths.isEmpty()) {
      throw new IllegalArgumentException("replay paths can't be null or empty");
    }
    List<Path> files = expand(paths);
    List<FileReadResult> results = new ArrayList<>(files.size());
    for (Path file : files) {
      results.add(NativeFiles.read(file));
    }
    return merge(replayId(paths), results);
  }

  /**
   * Merges already-read files into event-time order (the pure part of {@link #plan(List)}).
   *
   * @param replayId the replay id, see {@link #replayId(List)}; may not be null
   * @param results the files' read results in file order; may not be null
   * @return the plan
   */
  public static ReplayPlan merge(String replayId, List<FileReadResult> results) {
    record Keyed(RawItem item, Instant time, int fileOrder) {}
    List<Keyed> keyed = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<Path> unrecognised = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < results.size(); f++) {
      FileReadResult result = results.get(f);
      files.add(result.file());
      warnings.addAll(result.warnings());
      if (result.formatDescription().isEmpty()) {
        unrecognised.add(result.file());
      }
      Instant previous = Instant.MIN;
      for (RawItem item : result.items()) {
        Instant time = item.createdAt() != null ? item.createdAt() : previous;
        keyed.add(new Keyed(item, time, f));
        previous = time;
      }
    }
    // List.sort is stable; the index tie-break keeps file order explicit anyway.
    keyed.sort(Comparator.comparing(Keyed::time)
        .thenComparingInt(Keyed::fileOrder)
        .thenComparingInt(k -> k.item().index()));
    // Every record gets an event time as its timestamp: a record without one would get the time it was
    // replayed (years after its neighbours) and, at the head of its partition, hold back the
    // event-time merge of the raw topics downstream.
    Instant first = keyed.stream().map(Keyed::time).filter(t -> !Instant.MIN.equals(t)).findFirst().orElse(null);
    List<Instant> times = keyed.stream().map(k -> Instant.MIN.equals(k.time()) ? first : k.time()).toList();
    return new ReplayPlan(replayId, files, keyed.stream().map(Keyed::item).toList(), warnings, unrecognised,
        java.util.Collections.unmodifiableList(new ArrayList<>(times)));
  }

  /**
   * @param paths the configured files or directories; may not be null
   * @return {@code "sha256:" + hex(SHA-256 of the sorted, de-duplicated, normalised absolute paths
   *     joined by '\n')}: independent of the order the paths are listed in
   */
  public static String replayId(List<Path> paths) {
    String joined = paths.stream()
        .map(p -> p.toAbsolutePath().normalize().toString())
        .sorted()
        .distinct()
        .collect(Collectors.joining("\n"));
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return "sha256:" + HexFormat.of().formatHex(sha.digest(joined.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * @param paths files or directories
   * @return every regular file under them, de-duplicated, sorted by normalised absolute path
   * @throws IllegalArgumentException naming the path if one does not exist
   */
  static List<Path> expand(List<Path> paths) {
    Set<Path> files = new LinkedHashSet<>();
    for (Path path : paths) {
      Path p = path.toAbsolutePath().normalize();
      if (!Files.exists(p)) {
        throw new IllegalArgumentException(
            "replay path '" + path + "' does not exist; every replay path must be an existing file or directory");
      }
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException("can't list replay directory '" + path + "'", e);
        }
      } else {
        files.add(p);
      }
    }
    return files.stream().sorted(Comparator.comparing(Path::toString)).toList();
  }

  /** @return the source partition of this replay: {@code {"replay": replayId}} */
  public Map<String, String> sourcePartition() {
    return Map.of(PARTITION_KEY, replayId);
  }

  /**
   * @param position the position of an emitted item, 0-based
   * @return the source offset recording that {@code position} was emitted: {@code {"position": position}}
   */
  public static Map<String, Long> sourceOffset(long position) {
    return Map.of(POSITION_KEY, position);
  }

  /**
   * @param position the position of the last emitted item, or -1 if none was emitted
   * @return the items still to emit: positions {@code position + 1} up to the end; empty if {@code
   *     position} is at or past the last item
   * @throws IllegalArgumentException if {@code position < -1}
   */
  public List<RawItem> remainingAfter(long position) {
    if (position < -1) {
      throw new IllegalArgumentException("replay position " + position + " must be at least -1");
    }
    return position + 1 >= items.size() ? List.of() : items.subList((int) position + 1, items.size());
  }

  /**
   * @param topicPrefix the raw topic prefix, see {@link ReplayConnectorConfig#TOPIC_PREFIX_CONFIG}
   * @return how many items go to each raw topic, sorted by topic name; topics with no item are absent
   */
  public Map<String, Long> countsByTopic(String topicPrefix) {
    return items.stream().collect(Collectors.groupingBy(
        i -> ReplayConnectorConfig.topicFor(i.format(), topicPrefix), TreeMap::new, Collectors.counting()));
  }

  /** @return {@link #countsByTopic(String)} with the default prefix {@code posts.raw.} */
  public Map<String, Long> countsByTopic() {
    return countsByTopic(ReplayConnectorConfig.DEFAULT_TOPIC_PREFIX);
  }
}
