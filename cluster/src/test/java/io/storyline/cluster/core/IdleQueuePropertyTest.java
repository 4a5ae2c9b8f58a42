package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link IdleQueue} (a heap whose replaced and forgotten keys are dropped only when they reach the top)
 * closes exactly the stories, in exactly the order, that a sorted set of every open story's current
 * (last seen, id) key closes, whatever the mix of stories opened, grown (last seen moving forward, or
 * staying), merged away and aged out, and however many stale entries the heap carries or rebuilds.
 */
class IdleQueuePropertyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private record Key(Instant lastSeen, String id) {}

  private static final Comparator<Key> ORDER = Comparator.comparing(Key::lastSeen).thenComparing(Key::id);

  @Property(tries = 200)
  void closesTheSameStoriesInTheSameOrderAsASortedSetOfCurrentKeys(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3000) int operations, @ForAll @IntRange(min = 1, max = 400) int ids) {
    Random random = new Random(seed);
    IdleQueue queue = new IdleQueue();
    TreeSet<Key> model = new TreeSet<>(ORDER);
    Map<String, Key> current = new HashMap<>();
    long clockSeconds = 0;
    for (int op = 0; op < operations; op++) {
      String id = "s-" + random.nextInt(ids);
      int kind = random.nextInt(10);
      if (kind < 6) {
        // a story opens or grows: last seen at the clock, or (an older post joining) unchanged
        clockSeconds += random.nextInt(3);
        Key old = current.get(id);
        Instant lastSeen = old != null && random.nextInt(4) == 0 ? old.lastSeen() : T0.plusSeconds(clockSeconds);
        if (old != null) {
          model.remove(old);
        }
        Key k = new Key(lastSeen, id);
        model.add(k);
        current.put(id, k);
        queue.touch(id, lastSeen);
      } else if (kind < 8) {
        // merged away (or an id never opened: nothing happens)
        Key old = current.remove(id);
        if (old != null) {
          model.remove(old);
        }
        queue.forget(id);
      } else {
        // the watermark moves on: everything idle since before the cutoff closes, oldest first
        Instant cutoff = T0.plusSeconds(clockSeconds - random.nextInt(50));
        List<String> expected = new ArrayList<>();
        while (!model.isEmpty() && model.first().lastSeen().isBefore(cutoff)) {
          Key k = model.pollFirst();
          current.remove(k.id());
          expected.add(k.id());
        }
        List<String> actual = new ArrayList<>();
        String closed;
        while ((closed = queue.pollIdleBefore(cutoff)) != null) {
          actual.add(closed);
        }
        assertThat(actual).as("stories closed before %s", cutoff).isEqualTo(expected);
      }
      assertThat(queue.size()).as("open stories").isEqualTo(model.size());
      assertThat(queue.entries()).as("heap entries, live and stale").isLessThanOrEqualTo(2 * model.size() + IdleQueue.SLACK + 1);
    }
  }

  @Example
  void aStoryThatGrewClosesByItsLatestLastSeenNotByAnEarlierOne() {
    IdleQueue queue = new IdleQueue();
    queue.touch("s-1", T0);
    queue.touch("s-2", T0.plusSeconds(10));
    queue.touch("s-1", T0.plusSeconds(20));

    assertThat(queue.pollIdleBefore(T0.plusSeconds(15))).isEqualTo("s-2");
    assertThat(queue.pollIdleBefore(T0.plusSeconds(15))).isNull();
    assertThat(queue.pollIdleBefore(T0.plusSeconds(21))).isEqualTo("s-1");
    assertThat(queue.size()).isZero();
  }

  @Example
  void aForgottenStoryNeverCloses() {
    IdleQueue queue = new IdleQueue();
    queue.touch("s-1", T0);
    queue.forget("s-1");

    assertThat(queue.pollIdleBefore(T0.plusSeconds(1))).isNull();
    assertThat(queue.size()).isZero();
    assertThat(queue.entries()).as("the stale entry was dropped on the way").isZero();
  }

  @Example
  void staleEntriesAreRebuiltAwayWhenTheyOutnumberTheLiveOnes() {
    IdleQueue queue = new IdleQueue();
    for (int i = 0; i < 10 * IdleQueue.SLACK; i++) {
      queue.touch("s-1", T0.plusSeconds(i));
    }
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.entries()).isLessThanOrEqualTo(2 + IdleQueue.SLACK + 1);
  }
}
