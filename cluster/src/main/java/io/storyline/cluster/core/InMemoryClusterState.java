package io.storyline.cluster.core;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** {@link ClusterState} in hash maps, for tests and the eval harness. Not thread-safe. */
public final class InMemoryClusterState implements ClusterState {
  private ClusterMeta meta = ClusterMeta.INITIAL;
  private final Map<String, Long> docFreq = new HashMap<>();
  private final Map<String, StoryState> stories = new TreeMap<>();
  private final Map<String, PostMemo> posts = new HashMap<>();
  private final Map<Long, String> ring = new HashMap<>();

  @Override public ClusterMeta meta() { return meta; }
  @Override public void putMeta(ClusterMeta m) { this.meta = m; }
  @Override public long docFreq(String term) { return docFreq.getOrDefault(term, 0L); }
  @Override public void putDocFreq(String term, long df) { docFreq.put(term, df); }
  @Override public StoryState story(String id) { return stories.get(id); }
  @Override public void putStory(StoryState s) { stories.put(s.id(), s); }
  @Override public void deleteStory(String id) { stories.remove(id); }
  @Override public void forEachStory(Consumer<StoryState> action) { stories.values().forEach(action); }
  @Override public PostMemo post(String postId) { return posts.get(postId); }
  @Override public void putPost(String postId, PostMemo memo) { posts.put(postId, memo); }
  @Override public void deletePost(String postId) { posts.remove(postId); }
  @Override public String ringSlot(long slot) { return ring.get(slot); }
  @Override public void putRingSlot(long slot, String postId) { ring.put(slot, postId); }

  /** @return the number of remembered posts */
  public int rememberedPosts() { return posts.size(); }

  /** @return the number of open stories */
  public int openStories() { return stories.size(); }

  /** @return the vocabulary size of the document-frequency table */
  public int vocabularySize() { return docFreq.size(); }
}
