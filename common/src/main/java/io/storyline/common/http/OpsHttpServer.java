package io.storyline.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints every stage serves, on the JDK's built-in {@code com.sun.net.httpserver} (no
 * dependency, so no clash with Connect's Jetty in the same JVM):
 *
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text exposition of the stage's Micrometer registry;
 *   <li>{@code GET /health/live}: 200 while the process runs;
 *   <li>{@code GET /health/ready}: 200 with {@code {"status":"UP"}} when the readiness check passes,
 *       else 503 with {@code {"status":"DOWN","reason":...}}.
 * </ul>
 *
 * Further routes are added with {@link #route(String, HttpHandler)} before {@link #start()}. Every
 * route, and the JSON 404 for paths no route serves, goes through {@link HttpHardening}: read-only
 * methods (405 with {@code Allow} otherwise), request size limits (413/414/431) and security headers on
 * every response. A handler that throws before answering gets a JSON 500 without details (the log has
 * them). Thread-safe after start; handlers run on a small pool of named virtual threads.
 */
public final class OpsHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpHardening hardening = new HttpHardening();
  private boolean fallbackRoot = true;

  /**
   * Binds the server; it does not serve until {@link #start()}.
   *
   * @param host interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}; may not be null
   * @param port TCP port, 0 for any free port
   * @param registry the registry scraped at {@code /metrics}; may not be null
   * @param readiness returns null when ready, else the reason it is not; may not be null, called per request
   * @throws IOException if the port cannot be bound
   */
  public OpsHttpServer(String host, int port, PrometheusMeterRegistry registry, Supplier<String> readiness)
      throws IOException {
    Objects.requireNonNull(registry, "registry can't be null");
    Objects.requireNonNull(readiness, "readiness can't be null");
    this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("storyline-http-", 0).factory());
    server.setExecutor(executor);
    // paths no route serves: the JSON 404 with the security headers, not the JDK's HTML page
    server.createContext("/", this::notFound).getFilters().add(hardening);
    route("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    route("/health/live", ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}"));
    route(
        "/health/ready",
        ex -> {
          String reason = readiness.get();
          if (reason == null) {
            respond(ex, 200, "application/json", "{\"status\":\"UP\"}");
          } else {
            respond(ex, 503, "application/json",
                "{\"status\":\"DOWN\",\"reason\":" + JsonStrings.quote(reason) + "}");
          }
        });
  }

  /**
   * Adds a route for GET requests under {@code path}; other methods get 405.
   *
   * @param path context path, e.g. {@code /api/v1/top/}; may not be null
   * @param handler the handler; may not be null
   * @return this server
   */
  public OpsHttpServer route(String path, HttpHandler handler) {
    if ("/".equals(path) && fallbackRoot) {
      server.removeContext("/");
      fallbackRoot = false;
    }
    server.createContext(
        path,
        ex -> {
          try {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
              ex.getResponseHeaders().set("Allow", HttpHardening.ALLOW);
              respond(ex, 405, "application/json", HttpHardening.errorJson(405, "Method Not Allowed",
                  "method " + ex.getRequestMethod() + " is not allowed, this server is read-only: " + HttpHardening.ALLOW));
              return;
            }
            handler.handle(ex);
          } catch (IOException | RuntimeException e) {
            log.warn("HTTP handler for {} failed on {}", path, ex.getRequestURI().getRawPath(), e);
            if (ex.getResponseCode() == -1) {
              try {
                respond(ex, 500, "application/json", HttpHardening.errorJson(500, "Internal Server Error",
                    "the request failed on the server; see its log"));
              } catch (IOException | RuntimeException ignored) {
                // the client went away
              }
            }
          } finally {
            ex.close();
          }
        }).getFilters().add(hardening);
    return this;
  }

  private void notFound(HttpExchange ex) throws IOException {
    try (ex) {
      respond(ex, 404, "application/json", HttpHardening.errorJson(404, "Not Found",
          "no route " + ex.getRequestURI().getRawPath()));
    }
  }

  /** Starts serving. */
  public void start() {
    server.start();
    log.info("Serving HTTP on http://{}:{}/", server.getAddress().getHostString(), port());
  }

  /** @return the bound port */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Writes a complete response.
   *
   * @param ex the exchange; may not be null
   * @param status HTTP status
   * @param contentType the Content-Type header value
   * @param body the body, written as UTF-8
   * @throws IOException if the client went away
   */
  public static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
