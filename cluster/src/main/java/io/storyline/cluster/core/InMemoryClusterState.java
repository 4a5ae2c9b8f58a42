package io.storyline.cluster.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link ClusterState} in hash maps, for tests, the eval harness and the benchmarks. {@link
 * #forEachStory} visits the stories in id order (as when they were held in a {@code TreeMap}; a hash
 * map's look-up costs no walk down a tree of 100k stories, 4.5 % of the core benchmark's time at 100k
 * in session 8). Not thread-safe.
 */
public final class InMemoryClusterState implements ClusterState {
  private ClusterMeta meta = ClusterMeta.INITIAL;
  private final Map<String, Long> docFreq = new HashMap<>();
  private final Map<String, StoryState> stories = new HashMap<>();
  private final Map<String, PostMemo> posts = new HashMap<>();
  private final Map<Long, String> ring = new HashMap<>();

  @Override public ClusterMeta meta() { return meta; }
  @Override public void putMeta(ClusterMeta m) { this.meta = m; }
  @Override public long docFreq(String term) { return docFreq.getOrDefault(term, 0L); }
  @Override public void putDocFreq(String term, long df) { docFreq.put(term, df); }
  @Override public StoryState story(String id) { return stories.get(id); }
  @Override public void putStory(StoryState s) { stories.put(s.id(), s); }
  @Override public void deleteStory(String id) { stories.remove(id); }
  @Override public void forEachStory(Consumer<StoryState> action) {
    String[] ids = stories.keySet().toArray(new String[0]);
    Arrays.sort(ids);
    for (String id : ids) {
      action.accept(stories.get(id));
    }
  }
  @Override public PostMemo post(String postId) { return posts.get(postId); }
  @Override public void putPost(String postId, PostMemo memo) { posts.put(postId, memo); }
  @Override public void deletePost(String postId) { posts.remove(postId); }
  @Override public String ringSlot(long slot) { return ring.get(slot); }
  @Override public void putRingSlot(long slot, String postId) { ring.put(slot, postId); }

  /**
   * @return a new state holding the same meta, document frequencies, stories, post memory and ring
   *     (the maps are copied; their values are immutable records, shared), e.g. to start several runs
   *     from one state built once
   */
  public InMemoryClusterState copy() {
    InMemoryClusterState c = new InMemoryClusterState();
    c.meta = meta;
    c.docFreq.putAll(docFreq);
    c.stories.putAll(stories);
    c.posts.putAll(posts);
    c.ring.putAll(ring);
    return c;
  }

  /** @return the number of remembered posts */
  public int rememberedPosts() { return posts.size(); }

  /** @return the number of open stories */
  public int openStories() { return stories.size(); }

  /** @return the vocabulary size of the document-frequency table */
  public int vocabularySize() { return docFreq.size(); }
}
