package io.storyline.ingest.live.x;

import io.storyline.ingest.live.LiveConnectorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the {@link XSourceConnector}: the shared keys of {@link LiveConnectorConfig}
 * (default bucket 60 requests per 15 min; X's limits depend on the access tier, so the headers are
 * obeyed as well) plus the searches, user timelines and lists to poll, the app bearer token (a {@code
 * PASSWORD}) and the requested fields. Streams are named {@code search:<query>}, {@code user:<id>} and
 * {@code list:<id>}. Immutable; thread-safe.
 */
public final class XConfig extends LiveConnectorConfig {
  public static final String QUERIES_CONFIG = "x.search.queries";
  private static final String QUERIES_DOC = "Recent-search queries (GET /2/tweets/search/recent, last 7 days), separated by "
      + "'||' so that queries may contain commas, e.g. 'from:AnthropicAI -is:retweet||\"open weights\" lang:en'.";
  public static final String USER_IDS_CONFIG = "x.user.ids";
  private static final String USER_IDS_DOC = "Numeric user ids whose timelines to poll (GET /2/users/:id/tweets), comma-separated.";
  public static final String LIST_IDS_CONFIG = "x.list.ids";
  private static final String LIST_IDS_DOC = "Numeric list ids whose timelines to poll (GET /2/lists/:id/tweets), comma-separated. "
      + "Lists have no since_id, so a sweep stops at the first tweet not newer than the cursor.";
  public static final String BEARER_TOKEN_CONFIG = "x.bearer.token";
  private static final String BEARER_TOKEN_DOC = "App-only bearer token of an X developer app. Never logged.";
  public static final String BASE_URL_CONFIG = "x.api.base.url";
  private static final String BASE_URL_DOC = "Base URL of the X API v2.";
  public static final String PAGE_SIZE_CONFIG = "x.page.size";
  private static final String PAGE_SIZE_DOC = "Tweets per request ('max_results'), 10..100.";
  public static final String TWEET_FIELDS_CONFIG = "x.tweet.fields";
  public static final String DEFAULT_TWEET_FIELDS = "id,text,created_at,author_id,lang,public_metrics,entities,referenced_tweets,"
      + "conversation_id,attachments,note_tweet,edit_history_tweet_ids,edit_controls";
  private static final String TWEET_FIELDS_DOC = "The 'tweet.fields' requested; must include note_tweet (long posts) and "
      + "edit_history_tweet_ids (edits update a post).";
  public static final String EXPANSIONS_CONFIG = "x.expansions";
  public static final String DEFAULT_EXPANSIONS = "author_id,referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys";
  private static final String EXPANSIONS_DOC = "The 'expansions' requested: authors and referenced tweets travel in 'includes'.";
  public static final String USER_FIELDS_CONFIG = "x.user.fields";
  private static final String USER_FIELDS_DOC = "The 'user.fields' requested.";

  private static final ConfigDef CONFIG = base(60, 900_000L)
      .define(QUERIES_CONFIG, Type.STRING, "", Importance.HIGH, QUERIES_DOC)
      .define(USER_IDS_CONFIG, Type.LIST, "", new NumericIds(), Importance.HIGH, USER_IDS_DOC)
      .define(LIST_IDS_CONFIG, Type.LIST, "", new NumericIds(), Importance.HIGH, LIST_IDS_DOC)
      .define(BEARER_TOKEN_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, BEARER_TOKEN_DOC)
      .define(BASE_URL_CONFIG, Type.STRING, "https://api.x.com", new BaseUrl(), Importance.LOW, BASE_URL_DOC)
      .define(PAGE_SIZE_CONFIG, Type.INT, 100, Range.between(10, 100), Importance.LOW, PAGE_SIZE_DOC)
      .define(TWEET_FIELDS_CONFIG, Type.STRING, DEFAULT_TWEET_FIELDS, new RequiredFields("note_tweet", "edit_history_tweet_ids", "created_at"),
          Importance.LOW, TWEET_FIELDS_DOC)
      .define(EXPANSIONS_CONFIG, Type.STRING, DEFAULT_EXPANSIONS, new RequiredFields("author_id", "referenced_tweets.id"),
          Importance.LOW, EXPANSIONS_DOC)
      .define(USER_FIELDS_CONFIG, Type.STRING, "id,username,name,verified", Importance.LOW, USER_FIELDS_DOC);

  /**
   * @throws ConfigException naming the key, value and rule: the first key whose own rule is broken, else a {@link
   *     io.storyline.ingest.live.ConfigViolations} with every broken rule spanning keys
   */
  public XConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
  }

  @Override
  protected List<ConfigException> crossKeyViolations() {
    List<ConfigException> violations = new ArrayList<>();
    if (getPassword(BEARER_TOKEN_CONFIG).value().isBlank()) {
      violations.add(new ConfigException(BEARER_TOKEN_CONFIG, "[hidden]", "must not be blank"));
    }
    if (streams().isEmpty()) {
      violations.add(new ConfigException(QUERIES_CONFIG, getString(QUERIES_CONFIG),
          "nothing to poll: set at least one of " + QUERIES_CONFIG + ", " + USER_IDS_CONFIG + ", " + LIST_IDS_CONFIG));
    }
    return violations;
  }

  public static ConfigDef definition() {
    return new ConfigDef(CONFIG);
  }

  @Override
  public List<String> streams() {
    List<String> streams = new ArrayList<>();
    for (String q : getString(QUERIES_CONFIG).split("\\|\\|")) {
      if (!q.isBlank()) {
        streams.add("search:" + q.strip());
      }
    }
    cleanList(USER_IDS_CONFIG).forEach(id -> streams.add("user:" + id));
    cleanList(LIST_IDS_CONFIG).forEach(id -> streams.add("list:" + id));
    return streams.stream().distinct().toList();
  }

  public Password bearerToken() { return getPassword(BEARER_TOKEN_CONFIG); }

  public String baseUrl() { return getString(BASE_URL_CONFIG).replaceAll("/+$", ""); }

  public int pageSize() { return getInt(PAGE_SIZE_CONFIG); }

  public String tweetFields() { return getString(TWEET_FIELDS_CONFIG).replace(" ", ""); }

  public String expansions() { return getString(EXPANSIONS_CONFIG).replace(" ", ""); }

  public String userFields() { return getString(USER_FIELDS_CONFIG).replace(" ", ""); }

  static final class NumericIds implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      for (Object o : (List<?>) value) {
        String s = String.valueOf(o).trim();
        if (!s.isEmpty() && !s.matches("\\d{1,20}")) {
          throw new ConfigException(name, s, "is not a numeric X id (look the id up from the handle first)");
        }
      }
    }

    @Override
    public String toString() {
      return "comma-separated numeric ids";
    }
  }

  static final class RequiredFields implements ConfigDef.Validator {
    private final List<String> required;

    RequiredFields(String... required) {
      this.required = List.of(required);
    }

    @Override
    public void ensureValid(String name, Object value) {
      List<String> given = List.of(String.valueOf(value).replace(" ", "").split(","));
      for (String r : required) {
        if (!given.contains(r)) {
          throw new ConfigException(name, value, "must include '" + r + "'");
        }
      }
    }

    @Override
    public String toString() {
      return "comma-separated, including " + required;
    }
  }
}
