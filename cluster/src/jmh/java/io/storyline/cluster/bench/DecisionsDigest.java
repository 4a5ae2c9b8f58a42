package io.storyline.cluster.bench;

import io.storyline.cluster.core.CandidateScore;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.cluster.eval.EvalDataset;
import io.storyline.cluster.eval.EvalDatasets;
import io.storyline.cluster.eval.LabeledPost;
import io.storyline.cluster.eval.PartitionedStreamClusterer;
import io.storyline.cluster.partitioned.LinkResult;
import io.storyline.common.model.StoryAssignment;
import io.storyline.common.model.Story;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Decisions-equality check for speed work: runs the core with its defaults over every eval dataset
 * (as {@code storyline eval} does: one clusterer per dataset, stream order) and prints, per dataset,
 * a SHA-256 over every decision: post, story, kind, exact score bits, new-story flag, every scored
 * candidate (id and exact score bits), closed and merged stories, and the published story snapshot
 * (label, headline, summary, terms, top posts, counts). Equal digests before and after a change mean
 * the change moved no decision and no published story. Two parts are also printed on their own: {@code
 * decisions} (everything above except the snapshots: merged stories by id and {@code mergedInto} only)
 * and {@code snapshots} (the merged stories' final snapshots and the post's story snapshot), so a change
 * that is meant to alter only the published snapshots (e.g. merged-away stories without a summary) can
 * show that it moved no decision. Also prints wall-clock posts/s (one run, JIT warm-up included: a
 * rough figure; the JMH benchmarks are the measurement).
 *
 * <p>Usage: {@code java -cp cluster/target/benchmarks.jar io.storyline.cluster.bench.DecisionsDigest
 * [--on-demand | --partitions N] [dataset ...]} from the project root (datasets default to all of {@link
 * EvalDatasets#NAMES}). {@code --on-demand} decides with {@link StoryClusterer#decide} (no snapshot)
 * and builds the post's story snapshot afterwards with {@link StoryClusterer#snapshot}, the path of
 * the Streams stage that publishes once per story per interval: the digests must equal the default
 * run's.
 *
 * <p>{@code --partitions N} (N &ge; 1) digests the partitioned mode instead ({@link
 * PartitionedStreamClusterer}: N local clusterers at the linker's local threshold and the {@link
 * io.storyline.cluster.partitioned.StoryLinker}, as {@code storyline eval --partitions N} runs them):
 * per post its partition, the local decision as above, and the link result (kind, global assignment
 * with its exact score bits, the global stories merged away and the post's global story, the globals
 * closed). {@code decisions} then leaves out the local and global snapshots (merged globals by id and
 * {@code mergedInto} only), {@code snapshots} holds only them. The partitioned digests are their own
 * reference: they do not equal the single mode's.
 */
public final class DecisionsDigest {
  private DecisionsDigest() {}

  public static void main(String[] args) throws NoSuchAlgorithmException {
    Path shared = BenchCorpus.shared();
    boolean onDemand = false;
    int partitions = 0;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--on-demand")) {
        onDemand = true;
      } else if (args[i].equals("--partitions")) {
        partitions = partitionsOption(args, ++i);
      } else {
        names.add(args[i]);
      }
    }
    if (onDemand && partitions > 0) {
      throw new IllegalArgumentException("--on-demand and --partitions " + partitions
          + " can't be combined: the partitioned mode always decides with its snapshot");
    }
    if (names.isEmpty()) {
      names = EvalDatasets.NAMES;
    }
    if (partitions > 0) {
      System.out.printf(Locale.ROOT, "DIGEST partitioned mode, %d partitions%n", partitions);
    }
    MessageDigest all = MessageDigest.getInstance("SHA-256");
    MessageDigest allDecisions = MessageDigest.getInstance("SHA-256");
    MessageDigest allSnapshots = MessageDigest.getInstance("SHA-256");
    for (String name : names) {
      Path dir = shared.resolve("data").resolve(EvalDatasets.folder(name));
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("dataset " + name + " not found: " + dir);
      }
      EvalDataset data = EvalDatasets.load(name, shared, null, null);
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      MessageDigest mdDecisions = MessageDigest.getInstance("SHA-256");
      MessageDigest mdSnapshots = MessageDigest.getInstance("SHA-256");
      long start = System.nanoTime();
      int n = 0;
      if (partitions > 0) {
        try (PartitionedStreamClusterer c = new PartitionedStreamClusterer(ClusterParams.DEFAULTS, partitions)) {
          for (LabeledPost lp : data.posts()) {
            PartitionedStreamClusterer.Linked l = c.link(lp.post());
            String decisions = linkedDecisionsLine(l);
            String snapshots = linkedSnapshotsLine(l);
            md.update((decisions + snapshots).getBytes(StandardCharsets.UTF_8));
            mdDecisions.update(decisions.getBytes(StandardCharsets.UTF_8));
            mdSnapshots.update(snapshots.getBytes(StandardCharsets.UTF_8));
            n++;
          }
        }
      } else {
        try (StoryClusterer c = new StoryClusterer(ClusterParams.DEFAULTS, new InMemoryClusterState())) {
          for (LabeledPost lp : data.posts()) {
            Decision d = onDemand ? decideThenSnapshot(c, lp) : c.assign(lp.post());
            md.update(line(d).getBytes(StandardCharsets.UTF_8));
            mdDecisions.update(decisionsLine(d).getBytes(StandardCharsets.UTF_8));
            mdSnapshots.update(snapshotsLine(d).getBytes(StandardCharsets.UTF_8));
            n++;
          }
        }
      }
      double secs = (System.nanoTime() - start) / 1e9;
      byte[] h = md.digest();
      byte[] hd = mdDecisions.digest();
      byte[] hs = mdSnapshots.digest();
      all.update(h);
      allDecisions.update(hd);
      allSnapshots.update(hs);
      System.out.printf(Locale.ROOT, "DIGEST %-12s posts=%6d sha256=%s  %.1f s  %.0f posts/s%n", name, n,
          HexFormat.of().formatHex(h), secs, n / secs);
      System.out.printf(Locale.ROOT, "DIGEST %-12s decisions=%s snapshots=%s%n", name, HexFormat.of().formatHex(hd),
          HexFormat.of().formatHex(hs));
    }
    System.out.printf(Locale.ROOT, "DIGEST %-12s sha256=%s%n", "all", HexFormat.of().formatHex(all.digest()));
    System.out.printf(Locale.ROOT, "DIGEST %-12s decisions=%s%n", "all", HexFormat.of().formatHex(allDecisions.digest()));
    System.out.printf(Locale.ROOT, "DIGEST %-12s snapshots=%s%n", "all", HexFormat.of().formatHex(allSnapshots.digest()));
  }

  /** @return the value of {@code --partitions} at {@code args[i]}, a whole number &ge; 1 */
  private static int partitionsOption(String[] args, int i) {
    String value = i < args.length ? args[i] : null;
    try {
      int n = Integer.parseInt(String.valueOf(value));
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("--partitions takes a whole number >= 1, got " + value);
  }

  /**
   * A partitioned post without snapshots: partition, the local decision's line, the link kind, the
   * global assignment (exact score bits), the merged globals by id and {@code mergedInto}, the post's
   * global story id, the globals closed.
   */
  private static String linkedDecisionsLine(PartitionedStreamClusterer.Linked l) {
    LinkResult r = l.result();
    StringBuilder sb = new StringBuilder().append('p').append(l.partition()).append('|')
        .append(decisionsLine(l.local()).stripTrailing()).append("|link:").append(r.kind());
    StoryAssignment a = r.assignment();
    if (a != null) {
      sb.append('|').append(a.postId()).append('|').append(a.storyId()).append('|')
          .append(Double.doubleToLongBits(a.score())).append('|').append(a.newStory());
    }
    for (Story s : r.stories()) {
      sb.append(s.mergedInto() != null ? "|merged:" + s.id() + "->" + s.mergedInto() : "|global:" + s.id());
    }
    return sb.append("|closedGlobals:").append(r.closedGlobals()).append("|counts:").append(l.globalStoryId())
        .append('\n').toString();
  }

  /** A partitioned post's snapshots: the local decision's, then every global story the linker publishes. */
  private static String linkedSnapshotsLine(PartitionedStreamClusterer.Linked l) {
    StringBuilder sb = new StringBuilder(snapshotsLine(l.local()).stripTrailing());
    for (Story s : l.result().stories()) {
      sb.append("|global:").append(s);
    }
    return sb.append('\n').toString();
  }

  /** {@link StoryClusterer#decide} without the snapshot, then the snapshot built on demand, as one decision. */
  private static Decision decideThenSnapshot(StoryClusterer c, LabeledPost lp) {
    Decision d = c.decide(lp.post(), id -> false);
    Story story = d.kind() == Decision.Kind.DUPLICATE ? null : c.snapshot(d.assignment().storyId());
    return new Decision(d.assignment(), d.kind(), story, d.candidates(), d.threshold(), d.closedStories(),
        d.mergedStories());
  }

  /** The decision without any snapshot: merged stories by id and {@code mergedInto}. */
  private static String decisionsLine(Decision d) {
    StringBuilder sb = decisionPrefix(d);
    for (Story m : d.mergedStories()) {
      sb.append("|merged:").append(m.id()).append("->").append(m.mergedInto());
    }
    return sb.append('\n').toString();
  }

  /** The published snapshots of the decision: merged stories' final ones, then the post's story. */
  private static String snapshotsLine(Decision d) {
    StringBuilder sb = new StringBuilder();
    for (Story m : d.mergedStories()) {
      sb.append("|merged:").append(m);
    }
    return sb.append("|story:").append(d.story()).append('\n').toString();
  }

  private static String line(Decision d) {
    StringBuilder sb = decisionPrefix(d);
    for (Story m : d.mergedStories()) {
      sb.append("|merged:").append(m);
    }
    sb.append("|story:").append(d.story()).append('\n');
    return sb.toString();
  }

  /** Post, story, kind, score, whether new, every candidate's scores, and the stories closed: shared by both lines. */
  private static StringBuilder decisionPrefix(Decision d) {
    StringBuilder sb = new StringBuilder();
    sb.append(d.assignment().postId()).append('|').append(d.assignment().storyId()).append('|').append(d.kind())
        .append('|').append(Double.doubleToLongBits(d.assignment().score())).append('|').append(d.assignment().newStory());
    for (CandidateScore cs : d.candidates()) {
      sb.append("|c:").append(cs.storyId()).append(':').append(Double.doubleToLongBits(cs.score()))
          .append(':').append(Double.doubleToLongBits(cs.cosine())).append(':').append(Double.doubleToLongBits(cs.topPostCosine()));
    }
    return sb.append("|closed:").append(d.closedStories());
  }
}
