package io.storyline.ingest.live.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitAndBucketTest {
  private static final long NOW_MS = Instant.parse("2026-07-01T12:00:00Z").toEpochMilli();

  private static HttpHeaders headers(Map<String, String> values) {
    return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(
        Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
  }

  @Test
  void shouldReadXResetAsEpochSecondsOnlyWhenNothingRemains() {
    HttpHeaders exhausted = headers(Map.of("x-rate-limit-remaining", "0", "x-rate-limit-reset", Long.toString(NOW_MS / 1000 + 90)));
    HttpHeaders left = headers(Map.of("x-rate-limit-remaining", "3", "x-rate-limit-reset", Long.toString(NOW_MS / 1000 + 90)));

    assertThat(RateLimitStyle.X.exhaustedWait(exhausted, NOW_MS)).contains(Duration.ofSeconds(90));
    assertThat(RateLimitStyle.X.exhaustedWait(left, NOW_MS)).isEmpty();
  }

  @Test
  void shouldReadRedditResetAsSecondsFromNowAndFractionalRemaining() {
    HttpHeaders h = headers(Map.of("X-Ratelimit-Remaining", "0.0", "X-Ratelimit-Used", "100", "X-Ratelimit-Reset", "42"));

    assertThat(RateLimitStyle.REDDIT.exhaustedWait(h, NOW_MS)).contains(Duration.ofSeconds(42));
  }

  @Test
  void shouldPreferDiscordResetAfterAndFallBackToItsEpochReset() {
    HttpHeaders after = headers(Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset-After", "1.25",
        "X-RateLimit-Reset", Double.toString(NOW_MS / 1000.0 + 60)));
    HttpHeaders epochOnly = headers(Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Double.toString(NOW_MS / 1000.0 + 2.5)));

    assertThat(RateLimitStyle.DISCORD.exhaustedWait(after, NOW_MS)).contains(Duration.ofMillis(1250));
    assertThat(RateLimitStyle.DISCORD.exhaustedWait(epochOnly, NOW_MS)).contains(Duration.ofMillis(2500));
  }

  @Test
  void shouldIgnoreUnreadableOrPastResets() {
    assertThat(RateLimitStyle.X.exhaustedWait(headers(Map.of("x-rate-limit-remaining", "0", "x-rate-limit-reset", "soon")), NOW_MS)).isEmpty();
    assertThat(RateLimitStyle.X.exhaustedWait(headers(Map.of("x-rate-limit-remaining", "0", "x-rate-limit-reset", "1")), NOW_MS)).isEmpty();
    assertThat(RateLimitStyle.NONE.exhaustedWait(headers(Map.of("x-rate-limit-remaining", "0")), NOW_MS)).isEmpty();
  }

  @Test
  void shouldParseRetryAfterAsSecondsOrHttpDate() {
    assertThat(LiveHttpClient.parseRetryAfter("120", NOW_MS)).contains(Duration.ofSeconds(120));
    assertThat(LiveHttpClient.parseRetryAfter("Wed, 01 Jul 2026 12:00:30 GMT", NOW_MS)).contains(Duration.ofSeconds(30));
    assertThat(LiveHttpClient.parseRetryAfter("later", NOW_MS)).isEmpty();
  }

  @Test
  void shouldRefillTheBucketContinuouslyAtCapacityPerPeriod() throws InterruptedException {
    AtomicLong nanos = new AtomicLong();
    Pacer pacer = new Pacer(nanos::get, () -> NOW_MS);
    TokenBucket bucket = new TokenBucket(2, Duration.ofSeconds(4), pacer);

    assertThat(bucket.acquire()).isTrue();
    assertThat(bucket.acquire()).isTrue();
    assertThat(bucket.available()).isZero();
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(bucket.available()).isEqualTo(0.5);
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(bucket.available()).isEqualTo(2.0);
  }

  @Test
  void shouldEndAWaitForATokenWhenThePacerStops() throws InterruptedException {
    Pacer pacer = Pacer.system();
    TokenBucket bucket = new TokenBucket(1, Duration.ofHours(1), pacer);
    assertThat(bucket.acquire()).isTrue();
    pacer.stop();

    assertThat(bucket.acquire()).as("no token for an hour, but the pacer was stopped").isFalse();
  }

  @Test
  void shouldRejectAnEmptyBucket() {
    assertThatThrownBy(() -> new TokenBucket(0, Duration.ofSeconds(1), Pacer.system()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 0");
  }
}
