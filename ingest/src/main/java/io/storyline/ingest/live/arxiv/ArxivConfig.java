package io.storyline.ingest.live.arxiv;

import io.storyline.ingest.live.LiveConnectorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of the {@link ArxivSourceConnector}: the shared keys of {@link LiveConnectorConfig}
 * plus the categories, the export API URL, the page size and the interval between requests, which
 * must be at least 3000 ms against any host but a loopback one (arXiv API terms of use: "no more than
 * one request every three seconds", https://info.arxiv.org/help/api/tou.html); a host is loopback as written
 * ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}), never resolved, so validation does no network I/O. The interval replaces
 * {@code rate.limit.*}: the task's token bucket holds one token refilled every interval. Immutable;
 * thread-safe.
 */
public final class ArxivConfig extends LiveConnectorConfig {
  public static final String CATEGORIES_CONFIG = "arxiv.categories";
  private static final String CATEGORIES_DOC = "arXiv categories to poll, comma-separated, e.g. cs.AI,cs.CL,cs.LG; each is "
      + "one stream read with search_query=cat:<category>, newest submissions first.";
  public static final String BASE_URL_CONFIG = "arxiv.api.url";
  private static final String BASE_URL_DOC = "URL of the arXiv export API query endpoint.";
  public static final String PAGE_SIZE_CONFIG = "arxiv.page.size";
  private static final String PAGE_SIZE_DOC = "Entries per request ('max_results'), 1..2000.";
  public static final String REQUEST_INTERVAL_MS_CONFIG = "arxiv.request.interval.ms";
  public static final long MIN_INTERVAL_MS = 3_000L;
  private static final String REQUEST_INTERVAL_MS_DOC = "Milliseconds between two requests, retries included; at least 3000 "
      + "unless the API URL's host is a loopback address as written: localhost, 127.x.x.x or [::1] (a local mirror or test "
      + "server; names are not resolved).";
  public static final String OAI_SETS_CONFIG = "arxiv.oai.sets";
  private static final String OAI_SETS_DOC = "OAI-PMH sets to harvest with ListRecords (metadataPrefix arXivRaw), comma-separated, "
      + "e.g. cs or cs:cs:AI; each is one stream 'oai:<set>'. Empty = no harvest. Use it to backfill beyond the export API's "
      + "reach and to pick up replaced versions.";
  public static final String OAI_URL_CONFIG = "arxiv.oai.url";
  private static final String OAI_URL_DOC = "URL of arXiv's OAI-PMH endpoint (since March 2025).";
  public static final String OAI_FROM_CONFIG = "arxiv.oai.from";
  private static final String OAI_FROM_DOC = "First datestamp (YYYY-MM-DD, UTC; datestamps are last-modification dates) of the "
      + "first harvest; empty = today minus initial.lookback.hours. Later harvests start at the last response date.";
  /** arXiv answers at most 30000 results per query (more is HTTP 400). */
  public static final int MAX_RESULTS_PER_QUERY = 30_000;

  private static final ConfigDef CONFIG = base(1, MIN_INTERVAL_MS)
      .define(CATEGORIES_CONFIG, Type.LIST, "", new Categories(), Importance.HIGH, CATEGORIES_DOC)
      .define(BASE_URL_CONFIG, Type.STRING, "https://export.arxiv.org/api/query", new BaseUrl(), Importance.LOW, BASE_URL_DOC)
      .define(PAGE_SIZE_CONFIG, Type.INT, 100, Range.between(1, 2000), Importance.LOW, PAGE_SIZE_DOC)
      .define(OAI_SETS_CONFIG, Type.LIST, "", Importance.MEDIUM, OAI_SETS_DOC)
      .define(OAI_URL_CONFIG, Type.STRING, "https://oaipmh.arxiv.org/oai", new BaseUrl(), Importance.LOW, OAI_URL_DOC)
      .define(OAI_FROM_CONFIG, Type.STRING, "", ConfigDef.LambdaValidator.with((name, value) -> {
        String v = value == null ? "" : value.toString().trim();
        if (!v.isEmpty() && (v.length() != 10 || !ArxivOaiPoller.isOaiDate(v))) {
          throw new ConfigException(name, value, "must be a date YYYY-MM-DD (a real one: month 01-12, day of that month) or empty");
        }
      }, () -> "empty, or a date YYYY-MM-DD"), Importance.LOW, OAI_FROM_DOC)
      .define(REQUEST_INTERVAL_MS_CONFIG, Type.LONG, MIN_INTERVAL_MS, Range.between(0, 3_600_000L), Importance.LOW,
          REQUEST_INTERVAL_MS_DOC);

  /**
   * @throws ConfigException naming the key, value and rule, if a key's own rule is broken
   * @throws io.storyline.ingest.live.ConfigViolations with every broken rule spanning keys (nothing to poll; an
   *     interval under 3000 ms against a host that is not a loopback address)
   */
  public ArxivConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
  }

  @Override
  protected List<ConfigException> crossKeyViolations() {
    List<ConfigException> violations = new java.util.ArrayList<>();
    if (streams().isEmpty()) {
      violations.add(new ConfigException(CATEGORIES_CONFIG, getList(CATEGORIES_CONFIG),
          "nothing to poll: name at least one category (or an OAI set in " + OAI_SETS_CONFIG + ")"));
    }
    long interval = getLong(REQUEST_INTERVAL_MS_CONFIG);
    for (String urlKey : List.of(BASE_URL_CONFIG, OAI_URL_CONFIG)) {
      String host = URI.create(getString(urlKey)).getHost();
      boolean used = !cleanList(urlKey.equals(BASE_URL_CONFIG) ? CATEGORIES_CONFIG : OAI_SETS_CONFIG).isEmpty();
      if (interval < MIN_INTERVAL_MS && used && !io.storyline.common.text.Hosts.isLoopback(host)) {
        violations.add(new ConfigException(REQUEST_INTERVAL_MS_CONFIG, interval, "must be at least " + MIN_INTERVAL_MS
            + " ms against " + host + " (" + urlKey + "; arXiv API terms of use), unless that host is a loopback "
            + "address: localhost, 127.x.x.x or [::1]"));
      }
    }
    return violations;
  }

  public static ConfigDef definition() {
    return new ConfigDef(CONFIG);
  }

  /** @return the categories, then {@code oai:<set>} per configured OAI set */
  @Override
  public List<String> streams() {
    List<String> streams = new java.util.ArrayList<>(cleanList(CATEGORIES_CONFIG));
    cleanList(OAI_SETS_CONFIG).forEach(set -> streams.add("oai:" + set));
    return streams;
  }

  public String oaiUrl() { return getString(OAI_URL_CONFIG); }

  /** @return the configured first datestamp, or null */
  public String oaiFrom() {
    String v = getString(OAI_FROM_CONFIG).trim();
    return v.isEmpty() ? null : v;
  }

  public String baseUrl() { return getString(BASE_URL_CONFIG); }

  public int pageSize() { return getInt(PAGE_SIZE_CONFIG); }

  /** @return 1: one request per interval */
  @Override
  public int rateLimitRequests() {
    return 1;
  }

  /** @return the request interval */
  @Override
  public Duration rateLimitPeriod() {
    return Duration.ofMillis(Math.max(1, getLong(REQUEST_INTERVAL_MS_CONFIG)));
  }

  static final class Categories implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      for (Object o : (List<?>) value) {
        String s = String.valueOf(o).trim();
        if (!s.isEmpty() && !s.matches("[a-z-]+(\\.[A-Za-z-]+)?")) {
          throw new ConfigException(name, s, "is not an arXiv category such as cs.AI, stat.ML or hep-th");
        }
      }
    }

    @Override
    public String toString() {
      return "arXiv categories, e.g. cs.AI,cs.CL";
    }
  }
}
