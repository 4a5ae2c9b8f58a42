package io.storyline.ingest.live.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.ingest.live.JsonBodies;
import io.storyline.ingest.live.http.FetchException;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token for Reddit's API: the fixed {@code reddit.oauth.token}, or an app-only token from
 * {@code POST reddit.token.url} with {@code grant_type=client_credentials} and HTTP Basic client id and
 * secret (https://github.com/reddit-archive/reddit/wiki/OAuth2#application-only-oauth), renewed a
 * minute before its {@code expires_in} and after a 401. Tokens are never logged. Not thread-safe.
 */
final class RedditTokens {
  private static final Logger log = LoggerFactory.getLogger(RedditTokens.class);
  private static final long RENEW_EARLY_MS = 60_000;

  private final RedditConfig config;
  private final LiveHttpClient http;
  private final Pacer pacer;
  private final LiveHttpClient.BodyCheck tokenCheck = JsonBodies.check(
      n -> n.isObject() && n.hasNonNull("access_token"), "a Reddit token response with access_token");
  private String token;
  private long expiresAtMs;

  RedditTokens(RedditConfig config, LiveHttpClient http, Pacer pacer) {
    this.config = config;
    this.http = http;
    this.pacer = pacer;
  }

  /** @return true if tokens come from the client credentials (and so can be renewed) */
  boolean renewable() {
    return config.token().value().isBlank();
  }

  /** @return the current bearer token, fetching a new one when there is none or it is about to expire */
  String bearer() throws FetchException, InterruptedException {
    if (!renewable()) {
      return config.token().value();
    }
    if (token == null || pacer.epochMillis() >= expiresAtMs - RENEW_EARLY_MS) {
      String basic = Base64.getEncoder().encodeToString(
          (config.clientId() + ":" + config.clientSecret().value()).getBytes(StandardCharsets.UTF_8));
      LiveHttpClient.Response response = http.postForm(URI.create(config.tokenUrl()),
          Map.of("Authorization", "Basic " + basic), "grant_type=client_credentials", tokenCheck);
      JsonNode body = JsonBodies.parse(response.body());
      token = body.get("access_token").asText();
      long expiresInS = body.path("expires_in").asLong(3600);
      expiresAtMs = pacer.epochMillis() + expiresInS * 1000;
      log.info("got a Reddit app-only token valid for {} s", expiresInS);
    }
    return token;
  }

  /** Forgets the current token (after a 401), so the next {@link #bearer()} fetches a new one. */
  void invalidate() {
    token = null;
  }
}
