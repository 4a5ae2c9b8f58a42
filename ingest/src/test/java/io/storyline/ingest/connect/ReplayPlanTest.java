package io.storyline.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.topic.Topics;
import io.storyline.ingest.format.FileReadResult;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.RawItem;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {
  private static RawItem item(String file, int index, String id, String createdAt) {
    return new RawItem(NativeFormat.REDDIT_THING, id, createdAt == null ? null : Instant.parse(createdAt),
        id.getBytes(StandardCharsets.UTF_8), file, index);
  }

  private static FileReadResult file(String name, RawItem... items) {
    return new FileReadResult(Path.of(name), Optional.of("test"), List.of(items), List.of());
  }

  private static List<String> ids(List<RawItem> items) {
    return items.stream().map(RawItem::nativeId).toList();
  }

  static Path replayDir() {
    try {
      return Path.of(ReplayPlanTest.class.getResource("/replay").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldMergeFilesIntoEventTimeOrder() {
    ReplayPlan plan = ReplayPlan.merge("r", List.of(
        file("a", item("a", 0, "a0", "2025-01-01T00:00:03Z"), item("a", 1, "a1", "2025-01-01T00:00:01Z")),
        file("b", item("b", 0, "b0", "2025-01-01T00:00:02Z"), item("b", 1, "b1", "2025-01-01T00:00:04Z"))));

    assertThat(ids(plan.items())).containsExactly("a1", "b0", "a0", "b1");
  }

  @Test
  void shouldKeepItemsWithoutTimeRightAfterTheirPredecessorInTheFile() {
    ReplayPlan plan = ReplayPlan.merge("r", List.of(
        file("a", item("a", 0, "a0", "2025-01-01T00:00:05Z"), item("a", 1, "a1-no-time", null),
            item("a", 2, "a2", "2025-01-01T00:00:09Z")),
        file("b", item("b", 0, "b0", "2025-01-01T00:00:06Z"))));

    assertThat(ids(plan.items())).containsExactly("a0", "a1-no-time", "b0", "a2");
  }

  @Test
  void shouldGiveEveryItemAnEventTimeSoNoRecordCarriesTheTimeOfTheReplay() {
    // a broken file's items have no time: they must not reach Kafka stamped with "now"
    ReplayPlan plan = ReplayPlan.merge("r", List.of(
        file("a", item("a", 0, "a0-no-time", null), item("a", 1, "a1", "2025-01-01T00:00:05Z"),
            item("a", 2, "a2-no-time", null)),
        file("b", item("b", 0, "b0", "2025-01-01T00:00:03Z"))));

    assertThat(ids(plan.items())).containsExactly("a0-no-time", "b0", "a1", "a2-no-time");
    assertThat(plan.eventTimes()).containsExactly(
        Instant.parse("2025-01-01T00:00:03Z"), // leading, before any time: the first time in the plan
        Instant.parse("2025-01-01T00:00:03Z"),
        Instant.parse("2025-01-01T00:00:05Z"),
        Instant.parse("2025-01-01T00:00:05Z")); // its predecessor's time
  }

  @Test
  void shouldPutLeadingItemsWithoutTimeFirstAndBreakTiesByFileThenIndex() {
    ReplayPlan plan = ReplayPlan.merge("r", List.of(
        file("a", item("a", 0, "a0", "2025-01-01T00:00:01Z"), item("a", 1, "a1", "2025-01-01T00:00:01Z")),
        file("b", item("b", 0, "b0-no-time", null), item("b", 1, "b1", "2025-01-01T00:00:01Z"))));

    assertThat(ids(plan.items())).containsExactly("b0-no-time", "a0", "a1", "b1");
  }

  @Test
  void shouldYieldExactlyTheItemsAfterACommittedPosition() {
    ReplayPlan plan = ReplayPlan.merge("r", List.of(
        file("a", item("a", 0, "x0", "2025-01-01T00:00:01Z"), item("a", 1, "x1", "2025-01-01T00:00:02Z"),
            item("a", 2, "x2", "2025-01-01T00:00:03Z"))));

    assertThat(ids(plan.remainingAfter(-1))).containsExactly("x0", "x1", "x2");
    assertThat(ids(plan.remainingAfter(0))).containsExactly("x1", "x2");
    assertThat(ids(plan.remainingAfter(2))).isEmpty();
    assertThat(ids(plan.remainingAfter(7))).isEmpty();
    assertThatThrownBy(() -> plan.remainingAfter(-2)).hasMessageContaining("-2");
  }

  @Test
  void shouldIdentifyAReplayByItsPathSetWhateverTheOrder() {
    String id = ReplayPlan.replayId(List.of(Path.of("/data/b"), Path.of("/data/a")));

    assertThat(id).startsWith("sha256:")
        .isEqualTo(ReplayPlan.replayId(List.of(Path.of("/data/a"), Path.of("/data/./b"))))
        .isNotEqualTo(ReplayPlan.replayId(List.of(Path.of("/data/a"))));
  }

  @Test
  void shouldReadADirectoryRecursivelyInPathOrderAndRouteEachFormatToItsRawTopic() {
    ReplayPlan plan = ReplayPlan.plan(List.of(replayDir()));

    assertThat(plan.files()).extracting(p -> p.getFileName().toString()).containsExactly(
        "README.md", "api_2026_id_list_two_papers.xml", "broken.json", "listing_r_askreddit_new_2016-03_subset.json");
    assertThat(plan.unrecognisedFiles()).extracting(p -> p.getFileName().toString()).containsExactly("README.md");
    assertThat(plan.warnings()).anyMatch(w -> w.contains("README.md"));
    assertThat(plan.countsByTopic()).containsOnlyKeys(
        Topics.RAW_REDDIT.name(), Topics.RAW_ARXIV.name(), Topics.RAW_UNKNOWN.name());
    assertThat(plan.countsByTopic().get(Topics.RAW_REDDIT.name())).isEqualTo(12L);
    assertThat(plan.countsByTopic().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(plan.items().size());
    List<Instant> times = plan.items().stream().map(RawItem::createdAt).filter(t -> t != null).toList();
    assertThat(times).isSorted();
  }

  @Test
  void shouldRejectAMissingPathNamingIt() {
    Path missing = Path.of("/no/such/replay/dir");

    assertThatThrownBy(() -> ReplayPlan.plan(List.of(missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }
}
