package io.storyline.ingest.live.http;

import io.storyline.ingest.live.LiveMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client of the live connectors: JDK {@link HttpClient} GETs with a connect and a request
 * timeout, a token bucket in front of every attempt, and retries.
 *
 * <p>Retried: HTTP 408, 429, 500, 502, 503, 504, I/O errors (incl. bodies cut short), timeouts, and
 * 200s whose body the caller's {@link BodyCheck} rejects (e.g. arXiv's "Rate exceeded." text, a
 * truncated JSON document). The wait before retry {@code n} (0-based) is, in order of preference:
 * {@code Retry-After} (seconds or HTTP date), the platform's rate-limit reset ({@link RateLimitStyle}),
 * else "full jitter" exponential backoff, uniform in [0, min(cap, base * 2^n)] (AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015). A wait the server asks for longer than {@code maxWait} is cut
 * to {@code maxWait}. After a success whose headers say the window is used up, the next request waits
 * for the reset. Not retried: other 4xx (a clear {@link FetchException} naming the URL and status).
 *
 * <p>Secrets: request headers are never logged; URLs are logged as given (put no secret in a URL).
 * Thread-safe (a task uses one from its own thread).
 */
public final class LiveHttpClient {
  private static final Logger log = LoggerFactory.getLogger(LiveHttpClient.class);
  private static final Set<Integer> RETRIED = Set.of(408, 429, 500, 502, 503, 504);

  /** Judges a 2xx body: returns null if it is the expected document, else why not. */
  @FunctionalInterface
  public interface BodyCheck {
    /**
     * @param body the response body bytes; never null
     * @return null if usable, else a short reason such as {@code "not an Atom feed: 'Rate exceeded.'"}
     */
    String problem(byte[] body);
  }

  /**
   * Settings.
   *
   * @param connectTimeout TCP/TLS connect timeout
   * @param requestTimeout time for the whole response
   * @param maxRetries retries after the first attempt, &gt;= 0
   * @param backoffBase base of the exponential backoff
   * @param backoffCap largest backoff and largest server-requested wait honoured
   * @param userAgent the {@code User-Agent} sent; not null
   */
  public record Settings(Duration connectTimeout, Duration requestTimeout, int maxRetries, Duration backoffBase,
      Duration backoffCap, String userAgent) {}

  /**
   * A usable response.
   *
   * @param status the HTTP status (2xx)
   * @param body the body; never null
   * @param headers the headers
   * @param attempts attempts it took, &gt;= 1
   */
  public record Response(int status, byte[] body, HttpHeaders headers, int attempts) {}

  private final HttpClient http;
  private final Settings settings;
  private final TokenBucket bucket;
  private final RateLimitStyle style;
  private final Pacer pacer;
  private final LiveMetrics metrics;
  private volatile long holdUntilNanos;

  /**
   * @param settings timeouts, retries, user agent; not null
   * @param bucket the task's token bucket; not null
   * @param style how the platform announces rate limits; not null
   * @param pacer clock and waits (stop it to abort waits); not null
   * @param metrics counters to update; not null
   */
  public LiveHttpClient(Settings settings, TokenBucket bucket, RateLimitStyle style, Pacer pacer, LiveMetrics metrics) {
    this.settings = settings;
    this.bucket = bucket;
    this.style = style;
    this.pacer = pacer;
    this.metrics = metrics;
    this.http = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /**
   * GETs {@code uri}, retrying as described in the class comment.
   *
   * @param uri the URL; not null
   * @param headers request headers (e.g. {@code Authorization}); never logged; not null
   * @param check judges a 2xx body; not null
   * @return the first usable response
   * @throws FetchException if a non-retried status comes back or retries are exhausted
   * @throws InterruptedException if interrupted, or if the pacer was stopped while waiting
   */
  public Response get(URI uri, Map<String, String> headers, BodyCheck check) throws FetchException, InterruptedException {
    return send(uri, headers, null, check);
  }

  /**
   * POSTs a form ({@code application/x-www-form-urlencoded}) to {@code uri}, retrying like {@link #get}.
   *
   * @param form the encoded form body, e.g. {@code grant_type=client_credentials}; never logged; not null
   * @see #get(URI, Map, BodyCheck)
   */
  public Response postForm(URI uri, Map<String, String> headers, String form, BodyCheck check)
      throws FetchException, InterruptedException {
    return send(uri, headers, form, check);
  }

  private Response send(URI uri, Map<String, String> headers, String form, BodyCheck check)
      throws FetchException, InterruptedException {
    String method = form == null ? "GET" : "POST";
    String lastProblem = null;
    int lastStatus = -1;
    byte[] lastBody = null;
    Throwable lastCause = null;
    for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
      Duration wait = Duration.ZERO;
      if (attempt > 0) {
        metrics.retry();
      }
      if (!waitHold() || !bucket.acquire()) {
        throw new InterruptedException("stopped while waiting to request " + uri);
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
          .header("User-Agent", settings.userAgent());
      if (form == null) {
        request.GET();
      } else {
        request.header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form, java.nio.charset.StandardCharsets.UTF_8));
      }
      headers.forEach(request::header);
      metrics.request();
      try {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        byte[] body = response.body() == null ? new byte[0] : response.body();
        long now = pacer.epochMillis();
        if (status >= 200 && status < 300) {
          style.exhaustedWait(response.headers(), now).ifPresent(this::holdFor);
          String problem = check.problem(body);
          if (problem == null) {
            return new Response(status, body, response.headers(), attempt + 1);
          }
          metrics.error();
          lastProblem = "HTTP " + status + " but " + problem;
          wait = backoff(attempt);
        } else if (RETRIED.contains(status)) {
          if (status == 429) {
            metrics.rateLimited();
          } else {
            metrics.error();
          }
          lastProblem = "HTTP " + status + " " + excerpt(body);
          Duration fallback = backoff(attempt);
          wait = serverWait(response.headers(), body, now).orElse(fallback);
        } else {
          metrics.error();
          throw new FetchException(method + " " + uri + " answered HTTP " + status + " " + excerpt(body)
              + " (not retried: only 408, 429 and 5xx are)", status, body, false, null);
        }
        lastStatus = status;
        lastBody = body;
        lastCause = null;
      } catch (HttpTimeoutException e) {
        metrics.error();
        lastProblem = "timed out (" + e.getMessage() + ")";
        lastStatus = -1;
        lastCause = e;
        wait = backoff(attempt);
      } catch (IOException e) {
        metrics.error();
        lastProblem = "I/O error " + e;
        lastStatus = -1;
        lastCause = e;
        wait = backoff(attempt);
      }
      if (attempt < settings.maxRetries()) {
        log.warn("{} {} attempt {} of {}: {}; retrying in {} ms", method, uri, attempt + 1, settings.maxRetries() + 1,
            lastProblem, wait.toMillis());
        if (!pacer.sleep(wait)) {
          throw new InterruptedException("stopped while backing off from " + uri);
        }
      }
    }
    throw new FetchException(method + " " + uri + " failed " + (settings.maxRetries() + 1) + " times; last: " + lastProblem,
        lastStatus, lastBody, true, lastCause);
  }

  private boolean waitHold() throws InterruptedException {
    long remaining = holdUntilNanos - pacer.nanoTime();
    return remaining <= 0 || pacer.sleep(Duration.ofNanos(remaining));
  }

  private void holdFor(Duration wait) {
    Duration capped = cap(wait);
    log.info("rate limit window used up; holding requests for {} ms", capped.toMillis());
    holdUntilNanos = pacer.nanoTime() + capped.toNanos();
  }

  /** Retry-After (seconds or HTTP date), else the platform's reset, else Discord's JSON retry_after. */
  private Optional<Duration> serverWait(HttpHeaders headers, byte[] body, long nowEpochMillis) {
    Optional<String> retryAfter = headers.firstValue("retry-after");
    if (retryAfter.isPresent()) {
      Optional<Duration> d = parseRetryAfter(retryAfter.get(), nowEpochMillis);
      if (d.isPresent()) {
        return d.map(this::cap);
      }
    }
    Optional<Duration> reset = style.resetWait(headers, nowEpochMillis);
    if (reset.isPresent()) {
      return reset.map(this::cap);
    }
    return jsonRetryAfter(body).map(this::cap);
  }

  static Optional<Duration> parseRetryAfter(String value, long nowEpochMillis) {
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      return seconds >= 0 && Double.isFinite(seconds) ? Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)))
          : Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        return Optional.of(Duration.ofMillis(Math.max(0, at - nowEpochMillis)));
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  /** Discord's 429 body {@code {"retry_after": 1.5, ...}} (seconds). */
  private static Optional<Duration> jsonRetryAfter(byte[] body) {
    try {
      com.fasterxml.jackson.databind.JsonNode node = io.storyline.ingest.format.JsonSupport.mapper().readTree(body);
      com.fasterxml.jackson.databind.JsonNode retry = node == null ? null : node.get("retry_after");
      if (retry != null && retry.isNumber() && retry.asDouble() >= 0) {
        return Optional.of(Duration.ofMillis((long) Math.ceil(retry.asDouble() * 1000)));
      }
    } catch (IOException notJson) {
      // not JSON: no hint in the body
    }
    return Optional.empty();
  }

  private Duration backoff(int attempt) {
    long base = settings.backoffBase().toMillis();
    long cap = settings.backoffCap().toMillis();
    long ceiling = attempt >= 30 ? cap : Math.min(cap, base << attempt);
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  private Duration cap(Duration d) {
    return d.compareTo(settings.backoffCap()) > 0 ? settings.backoffCap() : d;
  }

  /** @return the start of a body, one line, for messages */
  public static String excerpt(byte[] body) {
    if (body == null || body.length == 0) {
      return "(empty body)";
    }
    String text = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
    return "'" + text + (body.length > 160 ? "...'" : "'");
  }
}
