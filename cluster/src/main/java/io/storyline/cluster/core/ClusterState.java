package io.storyline.cluster.core;

import java.util.function.Consumer;

/**
 * The durable state of the clustering core, which everything else (the story index, the ageing
 * order) is derived from. The Streams stage backs it with persistent key-value stores with
 * changelogs; tests and the eval harness use {@link InMemoryClusterState}. Implementations need not
 * be thread-safe: the core calls them from one thread.
 */
public interface ClusterState {
  /** @return the counters, {@link ClusterMeta#INITIAL} before the first post; never null */
  ClusterMeta meta();

  /** @param meta the new counters; may not be null */
  void putMeta(ClusterMeta meta);

  /** @return the document frequency of a term, 0 if unseen */
  long docFreq(String term);

  /** Sets the document frequency of a term, &ge; 1. */
  void putDocFreq(String term, long df);

  /** @return the open story with this id, or null */
  StoryState story(String storyId);

  /** Stores (inserts or replaces) an open story. */
  void putStory(StoryState story);

  /** Removes a story (it was closed). */
  void deleteStory(String storyId);

  /** Calls {@code action} for every open story, in no particular order. */
  void forEachStory(Consumer<StoryState> action);

  /** @return the memo of a remembered post, or null */
  PostMemo post(String postId);

  /** Remembers a post. */
  void putPost(String postId, PostMemo memo);

  /** Forgets a post. */
  void deletePost(String postId);

  /** @return the post id in a slot of the post memory ring, or null */
  String ringSlot(long slot);

  /** Puts a post id in a slot of the post memory ring. */
  void putRingSlot(long slot, String postId);
}
