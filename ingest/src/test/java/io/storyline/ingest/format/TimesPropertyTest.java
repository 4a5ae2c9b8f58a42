package io.storyline.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every event time the parsers and page splitters read goes through {@link Times}; whatever it returns
 * must be a valid Kafka record timestamp (epoch ms, not negative) and never overflow {@code
 * toEpochMilli()}, for every instant ISO-8601 can write (years -999999999 to +999999999).
 */
class TimesPropertyTest {
  /** The range ISO-8601 can write at every offset: LocalDateTime's, a day in from both ends. */
  private static final Instant FIRST = java.time.LocalDateTime.MIN.toInstant(ZoneOffset.UTC).plusSeconds(86_400);
  private static final Instant LAST = java.time.LocalDateTime.MAX.toInstant(ZoneOffset.UTC).minusSeconds(86_400);

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(FIRST.getEpochSecond(), LAST.getEpochSecond()).map(Instant::ofEpochSecond),
        Arbitraries.longs().between(-10_000_000_000L, 300_000_000_000L).map(Instant::ofEpochSecond),
        Arbitraries.of(FIRST, LAST, Instant.EPOCH.minusNanos(1),
            Instant.EPOCH, Times.LATEST, Times.LATEST.plusNanos(1)));
  }

  @Property(tries = 1000)
  void shouldReturnOnlyTimesThatAreKafkaTimestampsForAnyIsoDateTime(@ForAll("instants") Instant t,
      @ForAll("offsets") ZoneOffset offset) {
    String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(offset));

    Instant parsed = Times.iso(text);

    if (parsed != null) {
      assertThat(parsed).isEqualTo(t);
      assertThat(parsed.toEpochMilli()).isNotNegative();
    } else {
      assertThat(Times.inRange(t)).as("%s is in range but was not read", text).isFalse();
    }
  }

  @Provide
  Arbitrary<ZoneOffset> offsets() {
    return Arbitraries.integers().between(-18 * 3600, 18 * 3600).map(s -> ZoneOffset.ofTotalSeconds(s / 60 * 60));
  }
}
