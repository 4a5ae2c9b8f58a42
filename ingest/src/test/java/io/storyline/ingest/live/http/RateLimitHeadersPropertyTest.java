package io.storyline.ingest.live.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Rate-limit headers are numbers from the network: whatever their value, the wait read from them is
 * absent or positive, and an epoch reset in the past (X, Discord's fallback) is never a wait.
 */
class RateLimitHeadersPropertyTest {
  private static final long NOW_MS = Instant.parse("2026-07-01T12:00:00Z").toEpochMilli();

  @Provide
  Arbitrary<String> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().map(Object::toString),
        Arbitraries.longs().map(Object::toString),
        Arbitraries.of("-1e300", "1e300", "-9.3e15", "9.3e15", "-9223372036854775808", "9223372036854775807", "NaN",
            "Infinity", "-Infinity", "0", "-0.0", "1e-300", " 12 ", "0x10", ""),
        Arbitraries.strings().ofMaxLength(12));
  }

  @Property(tries = 1000)
  void shouldReadAnyResetHeaderAsNoWaitOrAPositiveWait(@ForAll RateLimitStyle style, @ForAll("numbers") String reset,
      @ForAll("numbers") String remaining) {
    HttpHeaders headers = HttpHeaders.of(Map.of("x-rate-limit-remaining", java.util.List.of(remaining),
        "x-rate-limit-reset", java.util.List.of(reset), "x-ratelimit-remaining", java.util.List.of(remaining),
        "x-ratelimit-reset", java.util.List.of(reset), "x-ratelimit-reset-after", java.util.List.of(reset)), (a, b) -> true);

    for (Optional<Duration> wait : java.util.List.of(style.resetWait(headers, NOW_MS), style.exhaustedWait(headers, NOW_MS))) {
      assertThat(wait).as("%s reset '%s' remaining '%s'", style, reset, remaining)
          .satisfiesAnyOf(w -> assertThat(w).isEmpty(), w -> assertThat(w.get()).isPositive());
      if (style == RateLimitStyle.X && wait.isPresent()) {
        assertThat(Double.parseDouble(reset.trim()) * 1000).as("an X reset is epoch seconds: a wait means it is ahead")
            .isGreaterThan(NOW_MS);
      }
    }
  }

  /** Found by this property: (long) (-1e300 * 1000) - now overflowed to a wait of about 292 million years. */
  @Example
  void shouldNotWaitForAnEpochResetFarInThePast() {
    HttpHeaders headers = HttpHeaders.of(Map.of("x-rate-limit-remaining", java.util.List.of("0"),
        "x-rate-limit-reset", java.util.List.of("-1e300"), "x-ratelimit-remaining", java.util.List.of("0"),
        "x-ratelimit-reset", java.util.List.of("-1e300")), (a, b) -> true);

    assertThat(RateLimitStyle.X.exhaustedWait(headers, NOW_MS)).isEmpty();
    assertThat(RateLimitStyle.DISCORD.exhaustedWait(headers, NOW_MS)).isEmpty();
  }
}
