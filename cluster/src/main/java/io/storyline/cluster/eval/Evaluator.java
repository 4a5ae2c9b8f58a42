package io.storyline.cluster.eval;

import io.storyline.cluster.eval.ClusteringMetrics.Scores;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Replays a labelled stream through a {@link StreamClusterer} in stream order and scores it.
 * Stateless and thread-safe (each run creates its own clusterer).
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * The outcome of one run.
   *
   * @param dataset dataset name
   * @param clusterer the clusterer's description
   * @param posts posts fed
   * @param seconds wall time spent in {@link StreamClusterer#assign}, in seconds
   * @param postsPerSecond posts / seconds
   * @param predictedClustersAll distinct cluster ids over all fed posts (before block split)
   * @param scores scores against the gold labels over the whole stream (blocks applied)
   * @param secondLevelName name of the second labelling, or null
   * @param secondLevel scores against the second labelling, or null
   * @param byChannel scores per post channel (AINews section), empty when posts have no channel
   * @param meanDailyBcubedF1 mean over event-time UTC days of the day's BCubed F1 (days with at
   *     least one scored post)
   */
  public record Result(String dataset, String clusterer, int posts, double seconds, double postsPerSecond,
      int predictedClustersAll, Scores scores, String secondLevelName, Scores secondLevel, Map<String, Scores> byChannel,
      double meanDailyBcubedF1) {}

  /**
   * Runs one clusterer over one dataset.
   *
   * @param data the dataset; may not be null
   * @param factory creates a fresh clusterer; may not be null
   * @return the result
   */
  public static Result run(EvalDataset data, Supplier<StreamClusterer> factory) {
    List<String> predicted = new ArrayList<>(data.posts().size());
    String description;
    long nanos;
    try (StreamClusterer c = factory.get()) {
      description = c.describe();
      long t0 = System.nanoTime();
      for (LabeledPost p : data.posts()) {
        predicted.add(c.assign(p.post()));
      }
      nanos = System.nanoTime() - t0;
      predicted.replaceAll(c::resolve);
    }
    return score(data, predicted, description, nanos / 1e9);
  }

  /**
   * Scores predicted cluster ids (one per post of {@code data}, in order).
   *
   * @param data the dataset
   * @param predicted cluster id per post
   * @param description the clusterer's description
   * @param seconds time spent clustering
   * @return the result
   */
  public static Result score(EvalDataset data, List<String> predicted, String description, double seconds) {
    List<LabeledPost> posts = data.posts();
    Scores all = scoreWhere(posts, predicted, p -> "", LabeledPost::gold).get("");
    Scores second = data.secondLevel() == null ? null : scoreWhere(posts, predicted, p -> "", LabeledPost::gold2).get("");
    Map<String, Scores> byChannel = posts.stream().anyMatch(p -> p.post().channel() != null && p.gold() != null)
        ? scoreWhere(posts, predicted, p -> p.post().channel() == null ? "-" : p.post().channel(), LabeledPost::gold)
        : Map.of();
    Map<String, Scores> byDay = scoreWhere(posts, predicted,
        p -> p.post().createdAt().atZone(ZoneOffset.UTC).toLocalDate().toString(), LabeledPost::gold);
    double meanDaily = byDay.values().stream().mapToDouble(Scores::bcubedF1).average().orElse(0);
    int distinct = (int) predicted.stream().distinct().count();
    return new Result(data.name(), description, posts.size(), seconds, seconds > 0 ? posts.size() / seconds : 0, distinct,
        all, data.secondLevel(), second, byChannel, meanDaily);
  }

  private static Map<String, Scores> scoreWhere(List<LabeledPost> posts, List<String> predicted,
      Function<LabeledPost, String> group, Function<LabeledPost, String> goldOf) {
    Map<String, List<String>[]> parts = new HashMap<>();
    for (int i = 0; i < posts.size(); i++) {
      LabeledPost p = posts.get(i);
      String gold = goldOf.apply(p);
      if (gold == null) {
        continue;
      }
      @SuppressWarnings("unchecked")
      List<String>[] lists = parts.computeIfAbsent(group.apply(p), k -> new List[] {new ArrayList<>(), new ArrayList<>(), new ArrayList<>()});
      lists[0].add(predicted.get(i));
      lists[1].add(gold);
      lists[2].add(p.block());
    }
    Map<String, Scores> out = new TreeMap<>();
    parts.forEach((k, l) -> out.put(k, ClusteringMetrics.score(l[0], l[1], l[2])));
    if (out.isEmpty()) {
      out.put("", ClusteringMetrics.score(List.of(), List.of(), null));
    }
    return out;
  }
}
