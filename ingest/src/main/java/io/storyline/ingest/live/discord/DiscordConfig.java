package io.storyline.ingest.live.discord;

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
 * Configuration of the {@link DiscordSourceConnector}: the shared keys of {@link LiveConnectorConfig}
 * (default bucket 5 requests per second, well inside Discord's global 50/s; per-route buckets are read
 * from the headers) plus the channel ids, the bot token (a {@code PASSWORD}) and the page size.
 * Immutable; thread-safe.
 */
public final class DiscordConfig extends LiveConnectorConfig {
  public static final String CHANNEL_IDS_CONFIG = "discord.channel.ids";
  private static final String CHANNEL_IDS_DOC = "Snowflake ids of the text channels to poll, comma-separated. The bot "
      + "must be in the guild with VIEW_CHANNEL and READ_MESSAGE_HISTORY there, and the app needs the privileged "
      + "MESSAGE_CONTENT intent, or message text arrives empty.";
  public static final String BOT_TOKEN_CONFIG = "discord.bot.token";
  private static final String BOT_TOKEN_DOC = "Bot token (sent as 'Authorization: Bot <token>'). Never logged.";
  public static final String BASE_URL_CONFIG = "discord.api.base.url";
  private static final String BASE_URL_DOC = "Base URL of the Discord REST API, with version.";
  public static final String PAGE_SIZE_CONFIG = "discord.page.size";
  private static final String PAGE_SIZE_DOC = "Messages per request ('limit'), 1..100.";

  private static final ConfigDef CONFIG = base(5, 1_000L)
      .define(CHANNEL_IDS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new Snowflakes(), Importance.HIGH, CHANNEL_IDS_DOC)
      .define(BOT_TOKEN_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, BOT_TOKEN_DOC)
      .define(BASE_URL_CONFIG, Type.STRING, "https://discord.com/api/v10", new BaseUrl(), Importance.LOW, BASE_URL_DOC)
      .define(PAGE_SIZE_CONFIG, Type.INT, 100, Range.between(1, 100), Importance.LOW, PAGE_SIZE_DOC);

  /**
   * @throws ConfigException naming the key, value and rule: the first key whose own rule is broken, else a {@link
   *     io.storyline.ingest.live.ConfigViolations} with every broken rule spanning keys
   */
  public DiscordConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
  }

  @Override
  protected List<ConfigException> crossKeyViolations() {
    return botToken().value().isBlank() ? List.of(new ConfigException(BOT_TOKEN_CONFIG, "[hidden]", "must not be blank"))
        : List.of();
  }

  public static ConfigDef definition() {
    return new ConfigDef(CONFIG);
  }

  @Override
  public List<String> streams() {
    return cleanList(CHANNEL_IDS_CONFIG);
  }

  public Password botToken() { return getPassword(BOT_TOKEN_CONFIG); }

  public String baseUrl() { return getString(BASE_URL_CONFIG).replaceAll("/+$", ""); }

  public int pageSize() { return getInt(PAGE_SIZE_CONFIG); }

  static final class Snowflakes implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (!(value instanceof List<?> list) || list.stream().map(String::valueOf).map(String::trim).allMatch(String::isEmpty)) {
        throw new ConfigException(name, value, "must name at least one channel id");
      }
      for (Object o : list) {
        String s = String.valueOf(o).trim();
        if (!s.isEmpty() && !s.matches("\\d{15,20}")) {
          throw new ConfigException(name, s, "is not a Discord snowflake id (15-20 digits; enable developer mode and 'Copy Channel ID')");
        }
      }
    }

    @Override
    public String toString() {
      return "comma-separated channel snowflakes";
    }
  }
}
