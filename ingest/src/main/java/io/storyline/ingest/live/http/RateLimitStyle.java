package io.storyline.ingest.live.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * How a platform announces its rate limit in response headers, and how long to hold off before the
 * next request when it says the window is used up.
 *
 * <ul>
 *   <li>{@link #X}: {@code x-rate-limit-remaining}, {@code x-rate-limit-reset} = epoch seconds
 *       (https://docs.x.com/x-api/fundamentals/rate-limits).
 *   <li>{@link #REDDIT}: {@code X-Ratelimit-Remaining} (may be fractional), {@code X-Ratelimit-Reset} =
 *       seconds until the window ends (https://www.reddit.com/r/redditdev/comments/1yxrp7/).
 *   <li>{@link #DISCORD}: {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset-After} = seconds
 *       (fractional) until the bucket refills, else {@code X-RateLimit-Reset} = epoch seconds
 *       (https://discord.com/developers/docs/topics/rate-limits).
 *   <li>{@link #NONE}: no headers (arXiv); only {@code Retry-After} and the token bucket apply.
 * </ul>
 * Header names are matched case-insensitively (the JDK's {@link HttpHeaders} does).
 */
public enum RateLimitStyle {
  X("x-rate-limit-remaining", "x-rate-limit-reset", true),
  REDDIT("x-ratelimit-remaining", "x-ratelimit-reset", false),
  DISCORD("x-ratelimit-remaining", "x-ratelimit-reset-after", false),
  NONE(null, null, false);

  private final String remainingHeader;
  private final String resetHeader;
  private final boolean resetIsEpoch;

  RateLimitStyle(String remainingHeader, String resetHeader, boolean resetIsEpoch) {
    this.remainingHeader = remainingHeader;
    this.resetHeader = resetHeader;
    this.resetIsEpoch = resetIsEpoch;
  }

  /**
   * @param headers a response's headers; not null
   * @param nowEpochMillis the wall clock, epoch ms
   * @return how long to wait before the next request when the headers say no request is left in the
   *     window (remaining &lt; 1 and a reset in the future); empty when requests remain, the headers are
   *     absent or unreadable
   */
  public Optional<Duration> exhaustedWait(HttpHeaders headers, long nowEpochMillis) {
    if (remainingHeader == null) {
      return Optional.empty();
    }
    Double remaining = number(headers, remainingHeader);
    if (remaining == null || remaining >= 1) {
      return Optional.empty();
    }
    return resetWait(headers, nowEpochMillis);
  }

  /**
   * @return the wait until the window resets according to the headers, if they say so; empty when
   *     absent, unreadable or in the past
   */
  public Optional<Duration> resetWait(HttpHeaders headers, long nowEpochMillis) {
    if (resetHeader == null) {
      return Optional.empty();
    }
    Double reset = number(headers, resetHeader);
    if (reset == null && this == DISCORD) {
      Double epoch = number(headers, "x-ratelimit-reset");
      return epoch == null ? Optional.empty() : positive(epoch * 1000 - nowEpochMillis);
    }
    if (reset == null) {
      return Optional.empty();
    }
    return positive(resetIsEpoch ? reset * 1000 - nowEpochMillis : reset * 1000);
  }

  /**
   * In double arithmetic: an epoch reset far in the past ({@code -1e300}) cast to long first and then
   * reduced by now overflowed to a wait of 292 million years.
   */
  private static Optional<Duration> positive(double millis) {
    return millis > 0 ? Optional.of(Duration.ofMillis(millis >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(millis)))
        : Optional.empty();
  }

  static Double number(HttpHeaders headers, String name) {
    Optional<String> value = headers.firstValue(name);
    if (value.isEmpty()) {
      return null;
    }
    try {
      double d = Double.parseDouble(value.get().trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
