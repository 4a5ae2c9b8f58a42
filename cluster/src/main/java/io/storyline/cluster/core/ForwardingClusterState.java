package io.storyline.cluster.core;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link ClusterState} that forwards every call to another state, for subclasses that watch or
 * change some calls and pass the rest through (tests that send stories through the store format, the
 * benchmark tool that watches document-frequency writes). The decorator pattern of Guava's {@code
 * Forwarding*} collections. Thread-safety is the delegate's.
 */
public abstract class ForwardingClusterState implements ClusterState {
  private final ClusterState delegate;

  /**
   * @param delegate the state every call goes to; may not be null
   * @throws NullPointerException if {@code delegate} is null
   */
  protected ForwardingClusterState(ClusterState delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** @return the state every call goes to */
  protected final ClusterState delegate() { return delegate; }

  @Override public ClusterMeta meta() { return delegate.meta(); }
  @Override public void putMeta(ClusterMeta meta) { delegate.putMeta(meta); }
  @Override public long docFreq(String term) { return delegate.docFreq(term); }
  @Override public void putDocFreq(String term, long df) { delegate.putDocFreq(term, df); }
  @Override public StoryState story(String storyId) { return delegate.story(storyId); }
  @Override public void putStory(StoryState story) { delegate.putStory(story); }
  @Override public void deleteStory(String storyId) { delegate.deleteStory(storyId); }
  @Override public void forEachStory(Consumer<StoryState> action) { delegate.forEachStory(action); }
  @Override public PostMemo post(String postId) { return delegate.post(postId); }
  @Override public void putPost(String postId, PostMemo memo) { delegate.putPost(postId, memo); }
  @Override public void deletePost(String postId) { delegate.deletePost(postId); }
  @Override public String ringSlot(long slot) { return delegate.ringSlot(slot); }
  @Override public void putRingSlot(long slot, String postId) { delegate.putRingSlot(slot, postId); }
}
