package io.storyline.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The time gap of scoring, computed without a {@code Duration}, is the one {@code Duration.between} gave. */
class GapHoursPropertyTest {
  /** Instants within about three years of 2026, at nanosecond resolution, many sharing a second. */
  @Provide
  static Arbitrary<Instant> instants() {
    Arbitrary<Long> seconds = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.longs().between(1_767_225_600L - 100_000_000L, 1_767_225_600L + 100_000_000L)),
        Tuple.of(1, Arbitraries.longs().between(1_767_225_600L, 1_767_225_602L)));
    Arbitrary<Integer> nanos = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(0, 999_999_999)),
        Tuple.of(1, Arbitraries.of(0, 1, 999_999, 1_000_000, 999_000_000, 999_999_999)));
    return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
  }

  @Property(tries = 5000)
  void shouldMeasureTheGapAsDurationBetweenInWholeMilliseconds(
      @ForAll("instants") Instant t, @ForAll("instants") Instant a, @ForAll("instants") Instant b) {
    Instant first = a.isBefore(b) ? a : b;
    Instant last = a.isBefore(b) ? b : a;
    double expected = t.isBefore(first) ? Duration.between(t, first).toMillis() / 3_600_000.0
        : t.isAfter(last) ? Duration.between(last, t).toMillis() / 3_600_000.0 : 0;
    assertThat(Double.doubleToLongBits(StoryScorer.gapHours(t, first, last)))
        .isEqualTo(Double.doubleToLongBits(expected));
  }
}
