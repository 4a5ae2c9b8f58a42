package io.storyline.ingest.live;

import io.storyline.ingest.live.http.LiveHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys every live connector shares (topic prefix, sweep interval, HTTP timeouts, retries, token
 * bucket, user agent, first-sweep look-back); each platform's config extends {@link #base()} with its
 * own keys. Immutable; thread-safe.
 */
public abstract class LiveConnectorConfig extends AbstractConfig {
  public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
  public static final String DEFAULT_TOPIC_PREFIX = "posts.raw.";
  private static final String TOPIC_PREFIX_DOC = "Prefix of the raw topics: posts go to <prefix><platform>, e.g. posts.raw.reddit; "
      + "pages that never became a usable document go to <prefix>unknown (and from there to the dead-letter topic).";

  public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";
  private static final String POLL_INTERVAL_MS_DOC = "Milliseconds between the end of one complete sweep of a stream "
      + "(query, subreddit, channel, category) and the start of the next. Pages within a sweep follow each other at the "
      + "rate the token bucket allows.";

  public static final String LOOKBACK_HOURS_CONFIG = "initial.lookback.hours";
  private static final String LOOKBACK_HOURS_DOC = "On a stream's first sweep (no committed cursor), how far back to "
      + "read, in hours. Later sweeps read everything newer than the cursor.";

  public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
  private static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "TCP/TLS connect timeout in milliseconds.";
  public static final String HTTP_REQUEST_TIMEOUT_MS_CONFIG = "http.request.timeout.ms";
  private static final String HTTP_REQUEST_TIMEOUT_MS_DOC = "Time in milliseconds for a whole response; a slower one is retried.";
  public static final String HTTP_MAX_RETRIES_CONFIG = "http.max.retries";
  private static final String HTTP_MAX_RETRIES_DOC = "Retries of one request after 408, 429, 5xx, I/O errors, timeouts and "
      + "bodies that are not the expected document; after that the page is given up until the next sweep.";
  public static final String HTTP_BACKOFF_BASE_MS_CONFIG = "http.backoff.base.ms";
  private static final String HTTP_BACKOFF_BASE_MS_DOC = "Base of the exponential backoff with full jitter, in milliseconds: "
      + "retry n waits uniformly in [0, min(http.backoff.max.ms, base * 2^n)] unless the server says how long.";
  public static final String HTTP_BACKOFF_MAX_MS_CONFIG = "http.backoff.max.ms";
  private static final String HTTP_BACKOFF_MAX_MS_DOC = "Longest wait before a retry, in milliseconds, also the most a "
      + "Retry-After or rate-limit reset is honoured for.";
  public static final String RATE_LIMIT_REQUESTS_CONFIG = "rate.limit.requests";
  private static final String RATE_LIMIT_REQUESTS_DOC = "Token bucket of the task: at most this many requests (the burst) "
      + "per rate.limit.period.ms; every attempt, retries included, takes a token.";
  public static final String RATE_LIMIT_PERIOD_MS_CONFIG = "rate.limit.period.ms";
  private static final String RATE_LIMIT_PERIOD_MS_DOC = "Period in milliseconds in which rate.limit.requests tokens refill.";
  public static final String USER_AGENT_CONFIG = "http.user.agent";
  private static final String USER_AGENT_DOC = "User-Agent header. Reddit requires a unique, descriptive one: "
      + "<platform>:<app id>:<version> (by /u/<reddit user>).";

  /** Task key set by the connectors: the streams (comma-separated) one task polls. */
  public static final String TASK_STREAMS_CONFIG = "live.task.streams";

  /**
   * @param requestsPerPeriod default bucket size
   * @param periodMs default bucket period in ms
   * @return the shared keys, with the platform's default rate
   */
  public static ConfigDef base(int requestsPerPeriod, long periodMs) {
    return new ConfigDef()
        .define(TOPIC_PREFIX_CONFIG, Type.STRING, DEFAULT_TOPIC_PREFIX, new ConfigDef.NonEmptyString(), Importance.MEDIUM, TOPIC_PREFIX_DOC)
        .define(POLL_INTERVAL_MS_CONFIG, Type.LONG, 60_000L, Range.between(0, 86_400_000L), Importance.MEDIUM, POLL_INTERVAL_MS_DOC)
        .define(LOOKBACK_HOURS_CONFIG, Type.INT, 24, Range.between(0, 24 * 366), Importance.MEDIUM, LOOKBACK_HOURS_DOC)
        .define(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, Range.between(1, 300_000), Importance.LOW, HTTP_CONNECT_TIMEOUT_MS_DOC)
        .define(HTTP_REQUEST_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.between(1, 600_000), Importance.LOW, HTTP_REQUEST_TIMEOUT_MS_DOC)
        .define(HTTP_MAX_RETRIES_CONFIG, Type.INT, 5, Range.between(0, 50), Importance.LOW, HTTP_MAX_RETRIES_DOC)
        .define(HTTP_BACKOFF_BASE_MS_CONFIG, Type.LONG, 1_000L, Range.between(0, 600_000), Importance.LOW, HTTP_BACKOFF_BASE_MS_DOC)
        .define(HTTP_BACKOFF_MAX_MS_CONFIG, Type.LONG, 120_000L, Range.between(0, 3_600_000), Importance.LOW, HTTP_BACKOFF_MAX_MS_DOC)
        .define(RATE_LIMIT_REQUESTS_CONFIG, Type.INT, requestsPerPeriod, Range.atLeast(1), Importance.LOW, RATE_LIMIT_REQUESTS_DOC)
        .define(RATE_LIMIT_PERIOD_MS_CONFIG, Type.LONG, periodMs, Range.between(1, 86_400_000L), Importance.LOW, RATE_LIMIT_PERIOD_MS_DOC)
        .define(USER_AGENT_CONFIG, Type.STRING, "storyline/0.1 (+https://github.com/storyline)", new ConfigDef.NonEmptyString(),
            Importance.MEDIUM, USER_AGENT_DOC)
        .define(TASK_STREAMS_CONFIG, Type.LIST, "", Importance.LOW, "Set by the connector for each task; do not set.");
  }

  /**
   * Parses every key, then checks the rules spanning several keys: the shared one ({@code http.backoff.base.ms}
   * not above {@code http.backoff.max.ms}) and the platform's ({@link #crossKeyViolations()}).
   *
   * @throws ConfigException naming key, value and rule, if a key's own rule is broken (the first such key)
   * @throws ConfigViolations with every broken rule spanning several keys, if the keys' own rules hold
   */
  protected LiveConnectorConfig(ConfigDef definition, Map<?, ?> originals) {
    super(definition, originals, false);
    List<ConfigException> violations = new java.util.ArrayList<>();
    if (httpBackoffBase().compareTo(httpBackoffMax()) > 0) {
      violations.add(new ConfigException(HTTP_BACKOFF_BASE_MS_CONFIG, getLong(HTTP_BACKOFF_BASE_MS_CONFIG),
          "must not exceed " + HTTP_BACKOFF_MAX_MS_CONFIG + " (" + getLong(HTTP_BACKOFF_MAX_MS_CONFIG) + ")"));
    }
    violations.addAll(crossKeyViolations());
    if (!violations.isEmpty()) {
      throw new ConfigViolations(violations);
    }
  }

  /**
   * The platform's rules spanning several keys (a blank token, nothing to poll, ...). Called once from the
   * constructor after every key is parsed, as {@link AbstractConfig#postProcessParsedConfig} is: read values only
   * through the getters (a subclass's own fields are not yet set). Does no I/O.
   *
   * @return one {@link ConfigException} per broken rule, naming the key it is about, the value and the rule; empty
   *     when all hold
   */
  protected List<ConfigException> crossKeyViolations() {
    return List.of();
  }

  /** @return every stream this connector polls, in configured order, e.g. subreddit names; never empty */
  public abstract List<String> streams();

  /** @return the streams of this task ({@value #TASK_STREAMS_CONFIG}), or all streams when unset */
  public List<String> taskStreams() {
    List<String> assigned = getList(TASK_STREAMS_CONFIG).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    return assigned.isEmpty() ? streams() : assigned;
  }

  public String topicPrefix() { return getString(TOPIC_PREFIX_CONFIG); }

  public Duration pollInterval() { return Duration.ofMillis(getLong(POLL_INTERVAL_MS_CONFIG)); }

  public Duration lookback() { return Duration.ofHours(getInt(LOOKBACK_HOURS_CONFIG)); }

  public Duration httpBackoffBase() { return Duration.ofMillis(getLong(HTTP_BACKOFF_BASE_MS_CONFIG)); }

  public Duration httpBackoffMax() { return Duration.ofMillis(getLong(HTTP_BACKOFF_MAX_MS_CONFIG)); }

  public int rateLimitRequests() { return getInt(RATE_LIMIT_REQUESTS_CONFIG); }

  public Duration rateLimitPeriod() { return Duration.ofMillis(getLong(RATE_LIMIT_PERIOD_MS_CONFIG)); }

  /** @return the HTTP client settings these keys describe */
  public LiveHttpClient.Settings httpSettings() {
    return new LiveHttpClient.Settings(
        Duration.ofMillis(getLong(HTTP_CONNECT_TIMEOUT_MS_CONFIG)), Duration.ofMillis(getLong(HTTP_REQUEST_TIMEOUT_MS_CONFIG)),
        getInt(HTTP_MAX_RETRIES_CONFIG), httpBackoffBase(), httpBackoffMax(), getString(USER_AGENT_CONFIG));
  }

  /**
   * @param key a LIST key
   * @return its trimmed, non-empty elements, in order, without duplicates
   */
  protected List<String> cleanList(String key) {
    return getList(key).stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /** Validates a base URL: absolute http(s) without query. */
  public static final class BaseUrl implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String s = value == null ? "" : value.toString().trim();
      try {
        java.net.URI uri = new java.net.URI(s);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null || uri.getQuery() != null) {
          throw new ConfigException(name, value, "must be an absolute http(s) URL without a query, e.g. https://api.x.com");
        }
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException(name, value, "is not a URL: " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "absolute http(s) URL without query";
    }
  }
}
