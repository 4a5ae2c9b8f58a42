package io.storyline.cluster.internal;

import io.storyline.cluster.core.ClusterMeta;
import io.storyline.cluster.core.ClusterState;
import io.storyline.cluster.core.PostMemo;
import io.storyline.cluster.core.StoryState;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link ClusterState} over Kafka Streams key-value stores. Not thread-safe; one per stream task.
 *
 * <p>Story states are read through a write-through cache of the {@value #STORY_CACHE_SIZE} most recently
 * used ones: reading a candidate story from the store means decoding its JSON (centroid, surfaces, top
 * posts), which was 26 % of the cluster stream thread in {@code storyline bench pipeline} (JFR, see
 * docs/BENCHMARKS.md). The store stays the source of truth: every write and delete goes to it first,
 * and the cache lives and dies with this object, which the processor makes anew in each {@code init()}
 * (after a restore or a task revival), so it never outlives the store contents it mirrors. {@link
 * StoryState} is immutable in practice (every change makes a new instance), so handing out the cached
 * instance gives the same decisions as decoding a fresh copy.
 *
 * <p>Document frequencies are read the same way, through a write-through cache of the {@value
 * #DOC_FREQ_CACHE_SIZE} most recently used terms: every post reads the frequency of each of its terms,
 * and a read through the store's layers (key serialisation, the record cache's sorted map, metrics,
 * RocksDB on a miss) was 7 % of the cluster stream thread on a warm {@code storyline bench day} (JFR,
 * docs/BENCHMARKS.md). About 6 MB per task when full.
 */
public final class StoreClusterState implements ClusterState {
  static final String META_KEY = "meta";
  /** Story states kept decoded, most recently used first. */
  static final int STORY_CACHE_SIZE = 4_096;

  private final java.util.Map<String, StoryState> storyCache = lru(STORY_CACHE_SIZE);

  /** Document frequencies kept decoded, most recently used first. */
  static final int DOC_FREQ_CACHE_SIZE = 65_536;

  private final java.util.Map<String, Long> docFreqCache = lru(DOC_FREQ_CACHE_SIZE);

  private final KeyValueStore<String, StoryState> stories;
  private final KeyValueStore<String, Long> docFreq;
  private final KeyValueStore<String, PostMemo> posts;
  private final KeyValueStore<Long, String> ring;
  private final KeyValueStore<String, ClusterMeta> meta;

  public StoreClusterState(KeyValueStore<String, StoryState> stories, KeyValueStore<String, Long> docFreq,
      KeyValueStore<String, PostMemo> posts, KeyValueStore<Long, String> ring, KeyValueStore<String, ClusterMeta> meta) {
    this.stories = stories;
    this.docFreq = docFreq;
    this.posts = posts;
    this.ring = ring;
    this.meta = meta;
  }

  @Override public ClusterMeta meta() {
    ClusterMeta m = meta.get(META_KEY);
    return m == null ? ClusterMeta.INITIAL : m;
  }
  @Override public void putMeta(ClusterMeta m) { meta.put(META_KEY, m); }
  @Override public long docFreq(String term) {
    Long df = docFreqCache.get(term);
    if (df == null) {
      Long stored = docFreq.get(term);
      df = stored == null ? 0L : stored;
      docFreqCache.put(term, df);
    }
    return df;
  }
  @Override public void putDocFreq(String term, long df) {
    docFreq.put(term, df);
    docFreqCache.put(term, df);
  }
  @Override public StoryState story(String id) {
    StoryState cached = storyCache.get(id);
    if (cached != null) {
      return cached;
    }
    StoryState stored = stories.get(id);
    if (stored != null) {
      storyCache.put(id, stored);
    }
    return stored;
  }
  @Override public void putStory(StoryState s) {
    stories.put(s.id(), s);
    storyCache.put(s.id(), s);
  }
  @Override public void deleteStory(String id) {
    stories.delete(id);
    storyCache.remove(id);
  }
  @Override public void forEachStory(Consumer<StoryState> action) {
    try (KeyValueIterator<String, StoryState> it = stories.all()) {
      while (it.hasNext()) {
        KeyValue<String, StoryState> kv = it.next();
        if (kv.value != null) {
          action.accept(kv.value);
        }
      }
    }
  }
  @Override public PostMemo post(String postId) { return posts.get(postId); }
  @Override public void putPost(String postId, PostMemo memo) { posts.put(postId, memo); }
  @Override public void deletePost(String postId) { posts.delete(postId); }
  @Override public String ringSlot(long slot) { return ring.get(slot); }
  @Override public void putRingSlot(long slot, String postId) { ring.put(slot, postId); }

  /** @return a map that keeps the {@code capacity} most recently used entries (access order) */
  private static <V> java.util.Map<String, V> lru(int capacity) {
    return new java.util.LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(java.util.Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
