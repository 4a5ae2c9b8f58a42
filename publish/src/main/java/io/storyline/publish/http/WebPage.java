package io.storyline.publish.http;

import com.sun.net.httpserver.HttpExchange;
import io.storyline.common.http.OpsHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Serves the digest page: {@code GET /} ({@code web/index.html}) and {@code GET /assets/<file>}
 * ({@code web/app.js}, {@code web/style.css}) from the classpath, plain files with no build step.
 * Every response carries a Content-Security-Policy that allows scripts from this origin only (no
 * inline script, no {@code eval}), so even a post text that slipped into the DOM as markup could not
 * run; the page itself only ever inserts post text with {@code textContent}. Thread-safe.
 */
public final class WebPage {
  /** The Content-Security-Policy of every page response. */
  public static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
          + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private static final Map<String, String> ASSETS =
      Map.of(
          "/", "text/html; charset=utf-8",
          "/assets/app.js", "text/javascript; charset=utf-8",
          "/assets/style.css", "text/css; charset=utf-8");

  /**
   * Adds the page routes to a server that has not started yet.
   *
   * @param server the server; may not be null
   * @return the server
   */
  public OpsHttpServer register(OpsHttpServer server) {
    Objects.requireNonNull(server, "server can't be null");
    server.route("/", this::serve);
    return server;
  }

  private void serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if ("/index.html".equals(path)) {
      path = "/";
    }
    String type = ASSETS.get(path);
    if (type == null) {
      OpsHttpServer.respond(ex, 404, "application/json", SafeJson.writer()
          .writeValueAsString(ApiError.notFound("no page at " + path + ", the digest is at /")));
      return;
    }
    String resource = "/web/" + ("/".equals(path) ? "index.html" : path.substring("/assets/".length()));
    try (InputStream in = WebPage.class.getResourceAsStream(resource)) {
      if (in == null) {
        OpsHttpServer.respond(ex, 500, "application/json",
            "{\"status\":500,\"error\":\"Internal Server Error\",\"message\":\"page asset missing from the classpath\"}");
        return;
      }
      ex.getResponseHeaders().set("Content-Security-Policy", CSP);
      ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      OpsHttpServer.respond(ex, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
