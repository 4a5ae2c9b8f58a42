package io.storyline.publish.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import io.storyline.common.model.EventTimes;
import io.storyline.common.topic.DeadLetters;
import io.storyline.common.topic.Topics;
import io.storyline.publish.rank.ListDefinition;
import io.storyline.publish.rank.TopListBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import io.storyline.publish.rank.EngagementNorms;
import io.storyline.publish.rank.StoryActivity;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every candidate story and emits the ranked lists that change.
 *
 * <ul>
 *   <li>Input: story id → {@link Story} (null = tombstone). Stories that are tombstoned or merged
 *       into another story ({@code mergedInto != null}) are removed from the candidates.
 *   <li>State: {@code candidates} (story id → Story, all live candidates, never cut to N), {@code
 *       clock} (the event-time "now": the newest lastSeen seen) and {@code emitted} (list id → the
 *       last emitted TopList, for change detection and rank movement). An in-memory mirror of the
 *       candidates is loaded from the store in {@link #init}, which Kafka Streams calls after the
 *       store is restored, so ranking does not deserialise every story on every update.
 *   <li>Output: list id → {@link TopList}, only for lists whose ranking changed ({@link
 *       TopListBuilder#changed}). On a story update the lists it can affect are recomputed: all
 *       lists when the event-time "now" moved, else those whose category matches the old or new
 *       version, plus lists never emitted (so every configured list is published, possibly empty,
 *       from the first story on).
 *   <li>Refused: a record with neither key nor value, and a live story whose {@code lastSeen} lies more
 *       than {@link EventTimes#MAX_FUTURE} after the wall clock, go to the {@value #DEAD_LETTER_CHILD}
 *       child ({@code stories.dlq}) with the {@code storyline.dlq.*} headers and are counted in {@code
 *       storyline_publish_stories_dead_letters_total{reason}} ({@code no-id}, {@code future-last-seen}).
 *   <li>It also keeps each story's {@link StoryActivity} (posts per hour, for velocity) and the
 *       learned {@link EngagementNorms}, and publishes the daily editions ({@link Digests}) to the
 *       {@value #DIGESTS_CHILD} child.
 *   <li>A wall-clock punctuator recomputes every list each {@code emitInterval} (windows and decay
 *       move while input is quiet), re-emits every list whose "now" moved even if its order did not
 *       (so {@code generatedAt} and the scores stay current), and prunes candidates older than the
 *       widest window.
 * </ul>
 *
 * Requires that all stories reach one task (the {@code stories} topic has one partition);
 * otherwise each task would publish lists of its own subset. Not thread-safe: one instance per
 * stream task, as Kafka Streams uses it.
 */
public final class TopStoriesProcessor implements Processor<String, Story, String, Object> {
  private static final Logger log = LoggerFactory.getLogger(TopStoriesProcessor.class);
  /** Key of the event-time "now" in the clock store. */
  static final String NOW_KEY = "now";
  /** Key of the instant of the last daily edition in the clock store. */
  static final String EDITION_KEY = "edition";
  /** Key of the learned engagement norms in the norms store. */
  static final String NORMS_KEY = "norms";
  /** Child node the ranked lists go to. */
  public static final String LISTS_CHILD = "top-stories-sink";
  /** Child node the daily editions go to. */
  public static final String DIGESTS_CHILD = "digests-sink";
  /** Child node refused story records go to (the {@code stories.dlq} sink). */
  public static final String DEAD_LETTER_CHILD = "stories-dlq-sink";
  private static final DateTimeFormatter EDITION_DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private final List<ListDefinition> lists;
  private final TopListBuilder builder;
  private final boolean eventClock;
  private final Duration emitInterval;
  private final Duration recomputeInterval;
  /** Lists changed by story updates since the last re-ranking, in configuration order. */
  private final java.util.Set<ListDefinition> pending = new java.util.LinkedHashSet<>();
  private long lastRecomputeWallMs = Long.MIN_VALUE;
  private final StoreNames stores;
  private final MeterRegistry registry;
  private final Duration widestWindow;

  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, Story> candidates;
  private KeyValueStore<String, Long> clock;
  private KeyValueStore<String, TopList> emitted;
  private final Map<String, Story> mirror = new HashMap<>();
  private final Map<String, StoryActivity> activityMirror = new HashMap<>();
  private final Digests digests;
  private KeyValueStore<String, StoryActivity> activity;
  private KeyValueStore<String, EngagementNorms> normsStore;
  private KeyValueStore<String, Long> pendingFetch;
  private Timer postToList;
  private EngagementNorms norms = EngagementNorms.EMPTY;
  private Timer rankingTimer;
  private Counter deadLetteredNoId;
  private Counter deadLetteredFuture;

  /** Names of the stores the processor uses. */
  public record StoreNames(
      String candidates, String clock, String emitted, String activity, String norms, String pendingFetch) {
    public StoreNames {
      Objects.requireNonNull(pendingFetch, "pending fetch store name can't be null");
      Objects.requireNonNull(candidates, "candidates store name can't be null");
      Objects.requireNonNull(clock, "clock store name can't be null");
      Objects.requireNonNull(emitted, "emitted store name can't be null");
      Objects.requireNonNull(activity, "activity store name can't be null");
      Objects.requireNonNull(norms, "norms store name can't be null");
    }
  }

  /**
   * The daily editions: the first time the ranking "now" reaches {@code hourUtc}:00 UTC of a day,
   * each of {@code lists} is ranked as of now (within one emit interval of the hour live; at the
   * first story past the hour in an event-time replay, so no later story leaks in) and sent to the
   * digests child under {@code <list>@<yyyy-MM-dd>}. When "now" jumps over several edition instants (a replay, a long stop),
   * only the latest edition is published.
   *
   * @param hourUtc the edition hour, 0 to 23
   * @param lists the lists published as editions; may be empty (no editions), not null
   */
  public record Digests(int hourUtc, List<ListDefinition> lists) {
    public Digests {
      if (hourUtc < 0 || hourUtc > 23) {
        throw new IllegalArgumentException("illegal digest hour " + hourUtc + ", must be 0 to 23 (UTC)");
      }
      lists = List.copyOf(Objects.requireNonNull(lists, "digest lists can't be null"));
    }

    /** @return the latest edition instant at or before {@code now} */
    public Instant latestEdition(Instant now) {
      Instant today = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(hourUtc));
      return today.isAfter(now) ? today.minus(Duration.ofDays(1)) : today;
    }
  }

  /**
   * @param lists the lists to maintain; non-empty, may not be null
   * @param builder builds and cuts each list; may not be null
   * @param eventClock true: now = newest lastSeen seen; false: now = the wall clock
   * @param emitInterval wall-clock punctuation period; positive
   * @param stores the store names; may not be null
   * @param registry where the processor's meters go; may not be null
   * @param digests the daily editions; may not be null
   */
  public TopStoriesProcessor(
      List<ListDefinition> lists,
      TopListBuilder builder,
      boolean eventClock,
      Duration emitInterval,
      StoreNames stores,
      MeterRegistry registry,
      Digests digests) {
    this(lists, builder, eventClock, emitInterval, Duration.ZERO, stores, registry, digests);
  }

  /**
   * As {@link #TopStoriesProcessor(List, TopListBuilder, boolean, Duration, StoreNames, MeterRegistry,
   * Digests)}, with coalesced re-ranking: a list changed by a story update is re-ranked at the first
   * story update at least {@code recomputeInterval} (wall clock) after the last re-ranking, or by a
   * wall-clock punctuation at that period, whichever comes first; the pending lists are counted in the
   * gauge {@code storyline.publish.lists.pending}. Zero re-ranks on every update.
   *
   * @param recomputeInterval the longest wait of a changed list; zero or positive
   */
  public TopStoriesProcessor(
      List<ListDefinition> lists,
      TopListBuilder builder,
      boolean eventClock,
      Duration emitInterval,
      Duration recomputeInterval,
      StoreNames stores,
      MeterRegistry registry,
      Digests digests) {
    this.recomputeInterval = Objects.requireNonNull(recomputeInterval, "recomputeInterval can't be null");
    if (recomputeInterval.isNegative()) {
      throw new IllegalArgumentException("illegal recompute interval " + recomputeInterval + ", must be zero or positive");
    }
    this.lists = List.copyOf(lists);
    this.digests = Objects.requireNonNull(digests, "digests can't be null");
    if (this.lists.isEmpty()) {
      throw new IllegalArgumentException("lists can't be empty: the processor would publish nothing");
    }
    this.builder = Objects.requireNonNull(builder, "builder can't be null");
    this.eventClock = eventClock;
    this.emitInterval = Objects.requireNonNull(emitInterval, "emitInterval can't be null");
    this.stores = Objects.requireNonNull(stores, "stores can't be null");
    this.registry = Objects.requireNonNull(registry, "registry can't be null");
    this.widestWindow = this.lists.stream().map(ListDefinition::window).max(Duration::compareTo).orElseThrow();
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.candidates = context.getStateStore(stores.candidates());
    this.clock = context.getStateStore(stores.clock());
    this.emitted = context.getStateStore(stores.emitted());
    this.activity = context.getStateStore(stores.activity());
    this.normsStore = context.getStateStore(stores.norms());
    this.pendingFetch = context.getStateStore(stores.pendingFetch());
    this.postToList =
        Timer.builder("storyline.publish.post.to.list")
            .description("From a post's fetchedAt to the first emitted list that includes its story (wall clock)")
            .publishPercentileHistogram()
            .register(registry);
    EngagementNorms learned = normsStore.get(NORMS_KEY);
    norms = learned == null ? EngagementNorms.EMPTY : learned;
    this.rankingTimer =
        Timer.builder("storyline.publish.ranking")
            .description("Recomputations of published lists (one per story update or punctuation)")
            .register(registry);
    this.deadLetteredNoId = deadLetterCounter("no-id");
    this.deadLetteredFuture = deadLetterCounter("future-last-seen");
    mirror.clear();
    try (KeyValueIterator<String, Story> it = candidates.all()) {
      while (it.hasNext()) {
        KeyValue<String, Story> kv = it.next();
        mirror.put(kv.key, kv.value);
      }
    }
    activityMirror.clear();
    try (KeyValueIterator<String, StoryActivity> it = activity.all()) {
      while (it.hasNext()) {
        KeyValue<String, StoryActivity> kv = it.next();
        activityMirror.put(kv.key, kv.value);
      }
    }
    log.info("Ranking {} candidate stories restored for task {}; lists {}, clock {}",
        mirror.size(), context.taskId(), lists, eventClock ? "event" : "wall");
    context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    pending.clear();
    if (!recomputeInterval.isZero()) {
      java.util.Set<ListDefinition> waiting = pending;
      Gauge.builder("storyline.publish.lists.pending", waiting, java.util.Set::size)
          .description("Lists changed by story updates and waiting for their coalesced re-ranking")
          .tag("task", context.taskId().toString())
          .register(registry);
      context.schedule(recomputeInterval, PunctuationType.WALL_CLOCK_TIME, wall -> flushPending());
    }
  }

  /** Re-ranks and emits the pending lists, if any, as of the ranking "now". */
  private void flushPending() {
    Instant now = now();
    if (pending.isEmpty() || now == null) {
      return;
    }
    List<ListDefinition> due = new ArrayList<>(pending);
    lastRecomputeWallMs = context.currentSystemTimeMs();
    recompute(due, now, false);
    // cleared only once the lists are forwarded, so the pending gauge reads 0 only after they reached the producer
    pending.clear();
  }

  @Override
  public void process(Record<String, Story> record) {
    Story story = record.value();
    String id = record.key() != null ? record.key() : story != null ? story.id() : null;
    if (id == null) {
      deadLetter(record, deadLetteredNoId, "a stories record with neither key nor value names no story");
      return;
    }
    if (story != null && story.mergedInto() == null
        && EventTimes.isFuture(story.lastSeen(), context.currentSystemTimeMs())) {
      // ranked, it would top every list with a negative age; with the event clock it would move "now" ahead for
      // good and every real story would be pruned
      deadLetter(record, deadLetteredFuture,
          EventTimes.futureMessage("story " + id, "lastSeen", story.lastSeen(), context.currentSystemTimeMs()));
      return;
    }
    Instant before = now();
    Story old = mirror.get(id);
    if (story == null || story.mergedInto() != null) {
      // a merged-away or deleted story is never listed again: forget its posts' fetch times too, or
      // they would stay in the store for good (prune() only sees stories still in the mirror)
      pendingFetch.delete(id);
      if (old == null) {
        return;
      }
      mirror.remove(id);
      candidates.delete(id);
      activityMirror.remove(id);
      activity.delete(id);
    } else {
      mirror.put(id, story);
      candidates.put(id, story);
      StoryActivity before2 = activityMirror.get(id);
      StoryActivity next = StoryActivity.fold(before2, old, story);
      if (next != before2) {
        activityMirror.put(id, next);
        activity.put(id, next);
      }
      EngagementNorms learned = norms.observe(old, story);
      if (learned != norms) {
        norms = learned;
        normsStore.put(NORMS_KEY, learned);
      }
      if (eventClock && (before == null || story.lastSeen().isAfter(before))) {
        clock.put(NOW_KEY, story.lastSeen().toEpochMilli());
      }
    }
    Instant now = now();
    if (now == null) {
      return;
    }
    boolean nowMoved = !now.equals(before);
    List<ListDefinition> affected = new ArrayList<>();
    for (ListDefinition list : lists) {
      if (nowMoved
          || emitted.get(list.id()) == null
          || (old != null && list.matchesCategory(old))
          || (story != null && list.matchesCategory(story))) {
        affected.add(list);
      }
    }
    if (recomputeInterval.isZero()) {
      recompute(affected, now, false);
    } else {
      // every list, not only the affected ones: a re-ranking then always sees the latest state (engagement
      // norms move with any story), so the last list per id does not depend on how updates were batched
      pending.addAll(lists);
      if (lastRecomputeWallMs == Long.MIN_VALUE
          || context.currentSystemTimeMs() - lastRecomputeWallMs >= recomputeInterval.toMillis()) {
        flushPending();
      }
    }
    maybePublishEdition(now);
  }

  private Counter deadLetterCounter(String reason) {
    return Counter.builder("storyline.publish.stories.dead.letters")
        .description("stories records sent to stories.dlq instead of being ranked, by reason")
        .tag("reason", reason)
        .register(registry);
  }

  /** Sends a refused story record to {@code stories.dlq} with the {@code storyline.dlq.*} headers. */
  private void deadLetter(Record<String, Story> record, Counter counter, String reason) {
    counter.increment();
    RecordMetadata at = context.recordMetadata().orElse(null);
    String topic = at == null ? "?" : at.topic();
    int partition = at == null ? -1 : at.partition();
    long offset = at == null ? -1 : at.offset();
    log.warn("dead-lettering {}-{}@{} to {}: {}", topic, partition, offset, Topics.STORIES_DLQ.name(), reason);
    context.forward(record.withHeaders(DeadLetters.headers(record.headers(), reason,
        IllegalArgumentException.class.getName(), DeadLetterDeserializationHandler.STAGE, topic, partition, offset)),
        DEAD_LETTER_CHILD);
  }

  private void punctuate(long wallClockMs) {
    Instant now = now();
    if (now == null) {
      return;
    }
    prune(now);
    recompute(lists, now, true);
    pending.clear();
    maybePublishEdition(now);
  }

  /** Publishes the daily editions once per edition instant. */
  private void maybePublishEdition(Instant now) {
    if (digests.lists().isEmpty()) {
      return;
    }
    Instant edition = digests.latestEdition(now);
    Long last = clock.get(EDITION_KEY);
    if (last != null && last >= edition.toEpochMilli()) {
      return;
    }
    clock.put(EDITION_KEY, edition.toEpochMilli());
    String date = EDITION_DATE.format(edition);
    for (ListDefinition list : digests.lists()) {
      TopList issue = builder.build(list, mirror.values(), now, null, activityMirror::get,
          norms.units(builder.ranker().weights().units()));
      context.forward(new Record<>(list.id() + "@" + date, issue, now.toEpochMilli()), DIGESTS_CHILD);
      Counter.builder("storyline.publish.digests.emitted")
          .description("Daily editions emitted to the digests topic")
          .tag("list", list.id())
          .register(registry)
          .increment();
    }
    log.info("Published the {} edition of {} at {}", date, digests.lists(), now);
  }

  /** Drops candidates that can no longer be in any list: lastSeen before now − widest window. */
  private void prune(Instant now) {
    Instant horizon = now.minus(widestWindow);
    int pruned = 0;
    for (Iterator<Map.Entry<String, Story>> it = mirror.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Story> e = it.next();
      if (e.getValue().lastSeen().isBefore(horizon)) {
        it.remove();
        candidates.delete(e.getKey());
        pendingFetch.delete(e.getKey());
        activityMirror.remove(e.getKey());
        activity.delete(e.getKey());
        pruned++;
      }
    }
    if (pruned > 0) {
      log.debug("Pruned {} stories last seen before {}", pruned, horizon);
    }
  }

  /**
   * @param refresh also emit lists whose ranking is unchanged but whose "now" moved, so that a
   *     list's {@code generatedAt} and scores stay current (used by the punctuator, at most once per
   *     {@code emitInterval})
   */
  private void recompute(List<ListDefinition> affected, Instant now, boolean refresh) {
    rankingTimer.record(
        () -> {
          for (ListDefinition list : affected) {
            TopList previous = emitted.get(list.id());
            TopList next = builder.build(list, mirror.values(), now, previous, activityMirror::get,
                norms.units(builder.ranker().weights().units()));
            boolean moved = refresh && previous != null && !previous.generatedAt().equals(next.generatedAt());
            // coalesced: which updates share a re-ranking depends on the wall clock, so scores count as a change
            // too, or the last list's scores would depend on that timing
            boolean changed = recomputeInterval.isZero()
                ? TopListBuilder.changed(previous, next)
                : TopListBuilder.changedOrRescored(previous, next);
            if (moved || changed) {
              emitted.put(list.id(), next);
              context.forward(new Record<>(list.id(), next, now.toEpochMilli()), LISTS_CHILD);
              recordPostToListLatency(next);
              Counter.builder("storyline.publish.lists.emitted")
                  .description("Top lists emitted to the top-stories topic")
                  .tag("list", list.id())
                  .register(registry)
                  .increment();
            }
          }
        });
  }

  /**
   * Records, for each story of an emitted list with posts no list has shown yet, the time from the
   * oldest such post's {@code fetchedAt} to now (wall clock), and marks them shown. In a replay the
   * fetch times are those of the dump, so the figure measures replay lag, not pipeline speed.
   */
  private void recordPostToListLatency(TopList list) {
    long wallNow = context.currentSystemTimeMs();
    for (TopList.Item item : list.items()) {
      Long fetched = pendingFetch.get(item.storyId());
      if (fetched != null) {
        postToList.record(Math.max(0, wallNow - fetched), java.util.concurrent.TimeUnit.MILLISECONDS);
        pendingFetch.delete(item.storyId());
      }
    }
  }

  /** @return the ranking "now", or null with the event clock before the first story */
  private Instant now() {
    if (!eventClock) {
      return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
    Long ms = clock.get(NOW_KEY);
    return ms == null ? null : Instant.ofEpochMilli(ms);
  }
}
