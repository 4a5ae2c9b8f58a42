package io.storyline.ingest.live.reddit;

import io.storyline.ingest.live.LiveConnectorConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the {@link RedditSourceConnector}: the shared keys of {@link LiveConnectorConfig}
 * (default bucket 60 requests per 60 s, inside Reddit's 100 per minute for OAuth clients) plus the
 * subreddits, the OAuth bearer token (a {@code PASSWORD}: shown as {@code [hidden]}, never logged), the
 * API base URL and the page size. Immutable; thread-safe.
 */
public final class RedditConfig extends LiveConnectorConfig {
  public static final String SUBREDDITS_CONFIG = "reddit.subreddits";
  private static final String SUBREDDITS_DOC = "Subreddits to poll, without 'r/', comma-separated, e.g. LocalLLaMA,MachineLearning. "
      + "Each is one stream with its own cursor; /r/<sub>/new is read newest first.";
  public static final String TOKEN_CONFIG = "reddit.oauth.token";
  private static final String TOKEN_DOC = "A fixed OAuth2 bearer token (expires after 24 h; for tests and short runs). "
      + "Sent as 'Authorization: bearer <token>'. Never logged. Leave empty and set reddit.client.id/secret instead to let "
      + "the connector fetch and renew app-only tokens.";
  public static final String CLIENT_ID_CONFIG = "reddit.client.id";
  private static final String CLIENT_ID_DOC = "Client id of a Reddit app (https://www.reddit.com/prefs/apps); with "
      + "reddit.client.secret the connector gets app-only tokens (grant_type=client_credentials) and renews them before expiry.";
  public static final String CLIENT_SECRET_CONFIG = "reddit.client.secret";
  private static final String CLIENT_SECRET_DOC = "Client secret of the Reddit app. Never logged.";
  public static final String TOKEN_URL_CONFIG = "reddit.token.url";
  private static final String TOKEN_URL_DOC = "Reddit's OAuth2 token endpoint.";
  public static final String BASE_URL_CONFIG = "reddit.api.base.url";
  private static final String BASE_URL_DOC = "Base URL of the Reddit OAuth API.";
  public static final String PAGE_SIZE_CONFIG = "reddit.page.size";
  private static final String PAGE_SIZE_DOC = "Posts per listing request ('limit'), 1..100.";
  public static final String TRUNCATION_MIN_ITEMS_CONFIG = "reddit.truncation.min.items";
  private static final String TRUNCATION_MIN_ITEMS_DOC = "On a first sweep, a listing that ends (after = null) before the "
      + "look-back horizon after at least this many items is reported as cut by Reddit's ~1000-item listing limit; "
      + "fewer items mean the subreddit simply has no older posts.";

  private static final ConfigDef CONFIG = base(60, 60_000L)
      .define(SUBREDDITS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new Subreddits(), Importance.HIGH, SUBREDDITS_DOC)
      .define(TOKEN_CONFIG, Type.PASSWORD, "", Importance.HIGH, TOKEN_DOC)
      .define(CLIENT_ID_CONFIG, Type.STRING, "", Importance.HIGH, CLIENT_ID_DOC)
      .define(CLIENT_SECRET_CONFIG, Type.PASSWORD, "", Importance.HIGH, CLIENT_SECRET_DOC)
      .define(TOKEN_URL_CONFIG, Type.STRING, "https://www.reddit.com/api/v1/access_token", new BaseUrl(), Importance.LOW, TOKEN_URL_DOC)
      .define(BASE_URL_CONFIG, Type.STRING, "https://oauth.reddit.com", new BaseUrl(), Importance.LOW, BASE_URL_DOC)
      .define(PAGE_SIZE_CONFIG, Type.INT, 100, Range.between(1, 100), Importance.LOW, PAGE_SIZE_DOC)
      .define(TRUNCATION_MIN_ITEMS_CONFIG, Type.INT, 900, Range.atLeast(1), Importance.LOW, TRUNCATION_MIN_ITEMS_DOC);

  /**
   * @throws ConfigException naming the key, value and rule: the first key whose own rule is broken, else a {@link
   *     io.storyline.ingest.live.ConfigViolations} with every broken rule spanning keys
   */
  public RedditConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
  }

  @Override
  protected List<ConfigException> crossKeyViolations() {
    boolean client = !clientId().isBlank() && !getPassword(CLIENT_SECRET_CONFIG).value().isBlank();
    if (token().value().isBlank() && !client) {
      return List.of(new ConfigException(TOKEN_CONFIG, "[hidden]", "is empty and " + CLIENT_ID_CONFIG + "/"
          + CLIENT_SECRET_CONFIG + " are not both set: give a bearer token or the app's client id and secret"));
    }
    return List.of();
  }

  /** @return a copy of the definition */
  public static ConfigDef definition() {
    return new ConfigDef(CONFIG);
  }

  @Override
  public List<String> streams() {
    return cleanList(SUBREDDITS_CONFIG);
  }

  public Password token() { return getPassword(TOKEN_CONFIG); }

  public String clientId() { return getString(CLIENT_ID_CONFIG).trim(); }

  public Password clientSecret() { return getPassword(CLIENT_SECRET_CONFIG); }

  public String tokenUrl() { return getString(TOKEN_URL_CONFIG); }

  public String baseUrl() { return getString(BASE_URL_CONFIG).replaceAll("/+$", ""); }

  public int pageSize() { return getInt(PAGE_SIZE_CONFIG); }

  public int truncationMinItems() { return getInt(TRUNCATION_MIN_ITEMS_CONFIG); }

  /** Subreddit names: 2..21 letters, digits or underscores, without 'r/'. */
  static final class Subreddits implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (!(value instanceof List<?> list) || list.stream().map(String::valueOf).map(String::trim).allMatch(String::isEmpty)) {
        throw new ConfigException(name, value, "must name at least one subreddit");
      }
      for (Object o : list) {
        String s = String.valueOf(o).trim();
        if (!s.isEmpty() && !s.matches("[A-Za-z0-9_]{2,21}")) {
          throw new ConfigException(name, s, "is not a subreddit name (2-21 letters, digits or '_', without 'r/')");
        }
      }
    }

    @Override
    public String toString() {
      return "subreddit names, e.g. LocalLLaMA,MachineLearning";
    }
  }
}
