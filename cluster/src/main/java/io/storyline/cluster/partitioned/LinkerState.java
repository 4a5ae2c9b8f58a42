package io.storyline.cluster.partitioned;

import io.storyline.cluster.core.StoryState;
import java.util.function.Consumer;

/**
 * The durable state of {@link StoryLinker}; its story index and caches are derived from it. Local
 * story keys are {@code p<partition>/<local id>}. Implementations need not be thread-safe.
 */
public interface LinkerState {
  /** @return the counters, {@link LinkerMeta#INITIAL} when empty */
  LinkerMeta meta();

  /** Replaces the counters. */
  void putMeta(LinkerMeta meta);

  /** @return the latest state of an open local story, or null */
  StoryState local(String localKey);

  /** Stores the latest state of an open local story. */
  void putLocal(String localKey, StoryState story);

  /** Forgets an open local story (closed or absorbed). */
  void deleteLocal(String localKey);

  /** @return the global story id a local story (open, closed or absorbed) maps to, or null */
  String globalOf(String localKey);

  /** Maps a local story to a global story. */
  void putGlobalOf(String localKey, String globalId);

  /** Removes a local story's mapping. */
  void deleteGlobalOf(String localKey);

  /** @return an open global story, or null */
  GlobalStory global(String globalId);

  /** Stores an open global story. */
  void putGlobal(GlobalStory global);

  /** Removes a global story (closed or merged away). */
  void deleteGlobal(String globalId);

  /** Calls {@code action} for every open global story. */
  void forEachGlobal(Consumer<GlobalStory> action);
}
