package io.storyline.cluster.eval;

import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.cluster.partitioned.InMemoryLinkerState;
import io.storyline.cluster.partitioned.LinkResult;
import io.storyline.cluster.partitioned.LocalStoryUpdate;
import io.storyline.cluster.partitioned.StoryLinker;
import io.storyline.common.model.Post;
import io.storyline.common.model.Story;
import io.storyline.common.topic.PostPartitioner;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The partitioned cluster stage in plain Java: P {@link StoryClusterer}s, one per partition of
 * {@code posts} (a post goes where the normalizer's {@link PostPartitioner} puts it: by its thread, so a
 * reply goes with its thread; a post without a parent where Kafka's default partitioner puts its id),
 * and one {@link StoryLinker} over their decisions in stream order, as {@code
 * PartitionedClusterTopology} runs them with one stream task per partition and the linking task
 * reading the links topic. Global stories merged later resolve to their survivor ({@link #resolve}).
 * Not thread-safe.
 */
public final class PartitionedStreamClusterer implements StreamClusterer {
  private final ClusterParams params;
  private final int partitions;
  private final double localThreshold;
  private final StoryClusterer[] clusterers;
  private final InMemoryClusterState[] states;
  private final StoryLinker linker;
  private final Map<String, String> mergedInto = new HashMap<>();
  /** Post id to the global id it was assigned, for repeats whose global story has closed. */
  private final Map<String, String> assigned = new HashMap<>();
  private final Map<LinkResult.Kind, Integer> kinds = new EnumMap<>(LinkResult.Kind.class);
  private long localNanos;
  private long linkNanos;

  /**
   * With the default local threshold ({@link StoryLinker#DEFAULT_LOCAL_THRESHOLD}).
   *
   * @param params the core's parameters; may not be null
   * @param partitions partitions of {@code posts}, &ge; 1
   * @throws IllegalArgumentException if {@code partitions} is below 1
   */
  public PartitionedStreamClusterer(ClusterParams params, int partitions) {
    this(params, StoryLinker.DEFAULT_LOCAL_THRESHOLD, partitions);
  }

  /**
   * @param params the core's parameters, used by the linker and (with {@code localThreshold}) by
   *     every partition; may not be null
   * @param localThreshold the partitions' similarity threshold, in [0, 1]
   * @param partitions partitions of {@code posts}, &ge; 1
   * @throws IllegalArgumentException if {@code partitions} is below 1
   */
  public PartitionedStreamClusterer(ClusterParams params, double localThreshold, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("illegal partition count " + partitions + ", must be >= 1");
    }
    this.params = params;
    this.localThreshold = localThreshold;
    this.partitions = partitions;
    this.clusterers = new StoryClusterer[partitions];
    this.states = new InMemoryClusterState[partitions];
    for (int i = 0; i < partitions; i++) {
      states[i] = new InMemoryClusterState();
      clusterers[i] = new StoryClusterer(StoryLinker.localParams(params, localThreshold), states[i]);
    }
    this.linker = new StoryLinker(params, new InMemoryLinkerState());
  }

  @Override
  public String assign(Post post) {
    return link(post).globalStoryId();
  }

  /**
   * What one post does to the partitioned stage: its partition's local decision and the linker's
   * result, as {@link #assign} applies them (for digests of the partitioned mode's decisions, e.g.
   * {@code DecisionsDigest --partitions}).
   *
   * @param post the next post; may not be null
   * @return the partition, the local decision and the link result, with the global story id the
   *     post counts for; never null
   */
  public Linked link(Post post) {
    int p = PostPartitioner.partition(post, partitions);
    long t0 = System.nanoTime();
    Decision d = clusterers[p].assign(post);
    LocalStoryUpdate u = LocalStoryUpdate.of(p, d,
        d.kind() == Decision.Kind.DUPLICATE ? null : states[p].story(d.assignment().storyId()));
    long t1 = System.nanoTime();
    LinkResult r = linker.apply(u);
    localNanos += t1 - t0;
    linkNanos += System.nanoTime() - t1;
    kinds.merge(r.kind(), 1, Integer::sum);
    for (Story s : r.stories()) {
      if (s.mergedInto() != null) {
        mergedInto.put(s.id(), s.mergedInto());
      }
    }
    if (r.assignment() == null) {
      // the live stage writes no assignment for a repeat whose global story closed: the post keeps
      // the one story-assignments already holds for its id
      return new Linked(p, d, r, assigned.getOrDefault(post.id(), StoryLinker.localKey(p, d.assignment().storyId())));
    }
    assigned.put(post.id(), r.assignment().storyId());
    return new Linked(p, d, r, r.assignment().storyId());
  }

  /**
   * One post's way through the partitioned stage.
   *
   * @param partition the post's partition of {@code posts}, in [0, partitions)
   * @param local its partition's decision (local story ids); never null
   * @param result the linker's result for the local update; never null
   * @param globalStoryId the global story the post counts for (for a repeat whose global story closed,
   *     the one it was assigned before); never null
   */
  public record Linked(int partition, Decision local, LinkResult result, String globalStoryId) {}

  /**
   * @return the share of {@link #assign} time spent in the linker, in [0, 1]: the part of the work
   *     that stays on one task however many partitions run (Amdahl's serial fraction)
   */
  public double linkShare() {
    long total = localNanos + linkNanos;
    return total == 0 ? 0 : (double) linkNanos / total;
  }

  @Override
  public String resolve(String clusterId) {
    String id = clusterId;
    for (String next = mergedInto.get(id); next != null; next = mergedInto.get(id)) {
      id = next;
    }
    return id;
  }

  /** @return how many posts each linking decision got so far */
  public Map<LinkResult.Kind, Integer> linkKinds() {
    return Map.copyOf(kinds);
  }

  @Override
  public String describe() {
    return "storyline partitioned core (" + partitions + " partitions, local threshold " + localThreshold + ", linked) " + params;
  }

  @Override
  public void close() {
    for (StoryClusterer c : clusterers) {
      c.close();
    }
    linker.close();
  }
}
