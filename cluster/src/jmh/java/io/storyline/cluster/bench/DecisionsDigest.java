package io.storyline.cluster.bench;

import io.storyline.cluster.core.CandidateScore;
import io.storyline.cluster.core.ClusterParams;
import io.storyline.cluster.core.Decision;
import io.storyline.cluster.core.InMemoryClusterState;
import io.storyline.cluster.core.StoryClusterer;
import io.storyline.cluster.eval.EvalDataset;
import io.storyline.cluster.eval.EvalDatasets;
import io.storyline.cluster.eval.LabeledPost;
import io.storyline.common.model.Story;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * [--on-demand] [dataset ...]} from the project root (datasets default to all of {@link
 * EvalDatasets#NAMES}). {@code --on-demand} decides with {@link StoryClusterer#decide} (no snapshot)
 * and builds the post's story snapshot afterwards with {@link StoryClusterer#snapshot}, the path of
 * the Streams stage that publishes once per story per interval: the digests must equal the default
 * run's.
 */
public final class DecisionsDigest {
  private DecisionsDigest() {}

  public static void main(String[] args) throws NoSuchAlgorithmException {
    Path shared = BenchCorpus.shared();
    boolean onDemand = args.length > 0 && args[0].equals("--on-demand");
    List<String> rest = List.of(args).subList(onDemand ? 1 : 0, args.length);
    List<String> names = rest.isEmpty() ? EvalDatasets.NAMES : rest;
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
      try (StoryClusterer c = new StoryClusterer(ClusterParams.DEFAULTS, new InMemoryClusterState())) {
        for (LabeledPost lp : data.posts()) {
          Decision d = onDemand ? decideThenSnapshot(c, lp) : c.assign(lp.post());
          md.update(line(d).getBytes(StandardCharsets.UTF_8));
          mdDecisions.update(decisionsLine(d).getBytes(StandardCharsets.UTF_8));
          mdSnapshots.update(snapshotsLine(d).getBytes(StandardCharsets.UTF_8));
          n++;
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
