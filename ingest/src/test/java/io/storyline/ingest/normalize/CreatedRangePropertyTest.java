package io.storyline.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.storyline.common.model.EventTimes;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code normalizer.created.from}/{@code .to} (and the demo's {@code --from}/{@code --to}) over the whole range
 * ISO-8601 writes: a bound is null, an instant that leaves some post time in range ({@link EventTimes}: a lower
 * bound up to the end of 9999, an upper bound from 1970 on; beyond on the open side is fine, as "no bound"), or
 * refused with an {@link IllegalArgumentException} naming the value. A lower bound of year 300 000 000 used to be
 * accepted (and then every post was dropped as out of range), and the last date {@code LocalDate} holds as an upper
 * bound threw a bare {@code DateTimeException} naming no setting.
 */
class CreatedRangePropertyTest {
  @Provide
  Arbitrary<String> bounds() {
    Arbitrary<String> years = Arbitraries.oneOf(Arbitraries.integers().between(-999_999_999, 999_999_999),
        Arbitraries.of(-1, 0, 1969, 1970, 9999, 10_000, 999_999_999, -999_999_999)).map(y ->
        y < 0 ? String.format("-%04d", -y) : y > 9999 ? "+" + y : String.format("%04d", y));
    Arbitrary<String> dates = years.map(y -> y + "-12-31");
    Arbitrary<String> instants = years.map(y -> y + "-12-31T23:59:59.999999999Z");
    Arbitrary<String> odd = Arbitraries.of("", " ", "2025-02-30", "2025-07-07T25:00:00Z", "2025-07-07T10:00:00+25:00",
        "1969-12-31T23:59:59Z", "1970-01-01", "9999-12-31", "+10000-01-01", "-1000000000-01-01T00:00:00Z");
    return Arbitraries.oneOf(dates, instants, odd, Arbitraries.strings().ofMaxLength(30));
  }

  @Property(tries = 1000)
  void shouldGiveAnInstantAPostCanCarryOrRefuseNamingTheValue(@ForAll("bounds") String text, @ForAll boolean upper) {
    Instant[] parsed = new Instant[1];
    Throwable refused = catchThrowable(() -> parsed[0] = upper ? CreatedRange.parseTo(text) : CreatedRange.parseFrom(text));

    if (refused != null) {
      assertThat(refused).as("'%s'", text).isInstanceOf(IllegalArgumentException.class);
      assertThat(refused.getMessage()).as("'%s'", text).contains(text.trim());
    } else {
      assertThat(parsed[0] == null || (upper ? !parsed[0].isBefore(EventTimes.EARLIEST) : !parsed[0].isAfter(EventTimes.LATEST)))
          .as("'%s' -> %s leaves some post time in range", text, parsed[0]).isTrue();
    }
  }

  @Example
  void shouldTakeTheLastDateThereIsAsAnUpperBound() {
    assertThat(CreatedRange.parseTo("+999999999-12-31")).isAfter(EventTimes.LATEST);
  }

  @Example
  void shouldRefuseABoundNoPostCanReachNamingTheRule() {
    Throwable refused = catchThrowable(() -> CreatedRange.parseFrom("+300000000-01-01T00:00:00Z"));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'+300000000-01-01T00:00:00Z'").hasMessageContaining("1970 to 9999");
  }
}
