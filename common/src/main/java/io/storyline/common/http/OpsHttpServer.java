package io.storyline.common.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.common.config.CommonConfig;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.storyline.common.text.TextCut;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints every stage serves, on Jetty (the {@code jetty-server} that Kafka Connect brings into the
 * same JVM, so one version), with routes written against the JDK's {@code com.sun.net.httpserver} handler API:
 *
 * <ul>
 *   <li>{@code GET /metrics}: the stage's Micrometer registry in the exposition format the client asks for with
 *       {@code Accept} (the Prometheus Java client's negotiation, {@code ExpositionFormats.findWriter}): OpenMetrics
 *       1.0 text for {@code application/openmetrics-text} (what a Prometheus server asks for first), else the
 *       Prometheus text format 0.0.4;
 *   <li>{@code GET /health/live}: 200 while the process runs;
 *   <li>{@code GET /health/ready}: 200 with {@code {"status":"UP"}} when the readiness check passes,
 *       else 503 with {@code {"status":"DOWN","reason":...}}.
 * </ul>
 *
 * Further routes are added with {@link #route(String, HttpHandler)} before {@link #start()}; a request goes to the
 * route with the longest path prefix of its decoded path, as on the JDK's server. Every route, and the JSON 404 for
 * paths no route serves, goes through {@link HttpHardening}: read-only methods (405 with {@code Allow} otherwise),
 * request size limits (413/414/431) and security headers on every response. A handler that throws before
 * answering gets a JSON 500 without details (the log has them). At most {@code maxConnections} connections are
 * open at once (the {@code http.max.connections} setting of a stage); more wait in the accept queue. Before session
 * 12 there was no limit, and 305 idle connections used up a stage's 450 file descriptors (Jetty: "Accept Failure
 * ... Too many open files").
 *
 * <p>Requests rejected before any route runs answer in the same JSON shape with the same security headers: what
 * Jetty refuses to read as HTTP/1.1 (a request target with a malformed percent escape such as {@code /%}, an empty
 * path segment such as {@code //api/v1/lists}, an encoded {@code /} or {@code ..}, characters a URI may not hold,
 * a request line or header field that is not HTTP, a {@code Content-Length} with a {@code Transfer-Encoding}, more
 * than {@value #MAX_JETTY_HEADER_BYTES} bytes of request line and headers: 400, 414 or 431, rules of RFC 9110/9112
 * and Jetty's {@code UriCompliance.DEFAULT}), and a target Jetty reads but {@link URI} does not (400). Before
 * session 12 the JDK's server answered these with its own HTML page. Thread-safe after start; handlers run on
 * virtual threads.
 */
public final class OpsHttpServer implements AutoCloseable {
  /**
   * Largest request line plus header section Jetty reads, in bytes: above {@link HttpHardening#MAX_HEADER_BYTES}
   * and {@link HttpHardening#MAX_URI_CHARS} so that those rules answer with their own messages first.
   */
  static final int MAX_JETTY_HEADER_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);
  private static final ExpositionFormats EXPOSITION_FORMATS = ExpositionFormats.init();

  private final Server server;
  private final ServerConnector connector;
  private final ExecutorService executor;
  private final HttpHardening hardening = new HttpHardening();
  private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
  private final int maxConnections;

  /**
   * Binds the server with at most {@link CommonConfig#DEFAULT_HTTP_MAX_CONNECTIONS} connections; it does not serve
   * until {@link #start()}.
   *
   * @param host interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}; may not be null
   * @param port TCP port, 0 for any free port
   * @param registry the registry scraped at {@code /metrics}; may not be null
   * @param readiness returns null when ready, else the reason it is not; may not be null, called per request
   * @throws IOException if the port cannot be bound
   */
  public OpsHttpServer(String host, int port, PrometheusMeterRegistry registry, Supplier<String> readiness)
      throws IOException {
    this(host, port, CommonConfig.DEFAULT_HTTP_MAX_CONNECTIONS, registry, readiness);
  }

  /**
   * Binds the server; it does not serve until {@link #start()}.
   *
   * @param host interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}; may not be null
   * @param port TCP port, 0 for any free port
   * @param maxConnections most connections open at once (Jetty's {@code NetworkConnectionLimit}); further clients
   *     wait in the accept queue until one closes; at least 1
   * @param registry the registry scraped at {@code /metrics}; may not be null
   * @param readiness returns null when ready, else the reason it is not; may not be null, called per request
   * @throws IOException if the port cannot be bound
   * @throws IllegalArgumentException if {@code maxConnections} is below 1
   */
  public OpsHttpServer(String host, int port, int maxConnections, PrometheusMeterRegistry registry,
      Supplier<String> readiness) throws IOException {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("illegal maxConnections " + maxConnections + ", must be at least 1");
    }
    Objects.requireNonNull(registry, "registry can't be null");
    Objects.requireNonNull(readiness, "readiness can't be null");
    this.maxConnections = maxConnections;
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("storyline-http-", 0).factory());
    // Jetty's own threads: one acceptor and one selector (set below, so the count does not grow with the cores);
    // handlers run on virtual threads
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("storyline-http-io");
    threads.setVirtualThreadsExecutor(executor);
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(MAX_JETTY_HEADER_BYTES);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    // an HTTP client must not take the file descriptors the stage's Kafka clients and RocksDB need
    server.addBean(new NetworkConnectionLimit(maxConnections, connector));
    server.setErrorHandler(new JsonErrorHandler());
    server.setHandler(new Dispatcher());
    connector.open();
    route("/metrics", ex -> {
      ExpositionFormatWriter writer = EXPOSITION_FORMATS.findWriter(ex.getRequestHeaders().getFirst("Accept"));
      ByteArrayOutputStream scrape = new ByteArrayOutputStream(64 * 1024);
      registry.scrape(scrape, writer.getContentType());
      respond(ex, 200, writer.getContentType(), scrape.toByteArray());
    });
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
   * @param path path prefix, e.g. {@code /api/v1/top/}; {@code /} replaces the JSON 404 for unrouted paths; may
   *     not be null
   * @param handler the handler; may not be null
   * @return this server
   */
  public OpsHttpServer route(String path, HttpHandler handler) {
    Objects.requireNonNull(path, "path can't be null");
    Objects.requireNonNull(handler, "handler can't be null");
    routes.put(path, ex -> {
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
    });
    return this;
  }

  private void notFound(HttpExchange ex) throws IOException {
    try (ex) {
      respond(ex, 404, "application/json", HttpHardening.errorJson(404, "Not Found",
          "no route " + ex.getRequestURI().getRawPath()));
    }
  }

  /** @return the route with the longest prefix of {@code path}, else the JSON 404 */
  private HttpHandler routeFor(String path) {
    String longest = null;
    for (String prefix : routes.keySet()) {
      if (path != null && path.startsWith(prefix) && (longest == null || prefix.length() > longest.length())) {
        longest = prefix;
      }
    }
    return longest == null ? this::notFound : routes.get(longest);
  }

  /** Starts serving. */
  public void start() {
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("could not start the HTTP server on port " + port() + ": " + e.getMessage(), e);
    }
    log.info("Serving HTTP on http://{}:{}/", connector.getHost() == null ? "0.0.0.0" : connector.getHost(), port());
  }

  /** @return the bound port */
  public int port() {
    return connector.getLocalPort();
  }

  /** @return the interface the server is bound to as given, e.g. {@code 127.0.0.1} or {@code 0.0.0.0} */
  public String host() {
    return connector.getHost() == null ? "0.0.0.0" : connector.getHost();
  }

  /** @return the most connections the server holds open at once, at least 1 */
  public int maxConnections() {
    return maxConnections;
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
    respond(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a complete response.
   *
   * @param ex the exchange; may not be null
   * @param status HTTP status
   * @param contentType the Content-Type header value
   * @param bytes the body
   * @throws IOException if the client went away
   */
  public static void respond(HttpExchange ex, int status, String contentType, byte[] bytes) throws IOException {
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
    int port = port();
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("Stopping the HTTP server on port {} failed", port, e);
    } finally {
      connector.close(); // a server closed before start() still holds the port bound by the constructor
      executor.shutdownNow();
    }
  }

  /** Hands each request to its route as a JDK exchange, through {@link HttpHardening}. */
  private final class Dispatcher extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      HttpURI target = request.getHttpURI();
      // a CONNECT's authority-form target has no path: it goes on as the empty URI, to be refused by method
      String pathQuery = target.getPathQuery() == null ? "" : target.getPathQuery();
      URI uri;
      try {
        uri = new URI(pathQuery);
      } catch (URISyntaxException e) {
        writeError(request, response, callback, 400, "malformed request target " + JsonErrorHandler.cut(pathQuery)
            + ": not a URI path and query (RFC 3986) at index " + e.getIndex() + ": " + e.getReason());
        return true;
      }
      JettyExchange ex = new JettyExchange(request, response, callback, uri);
      try {
        new Filter.Chain(List.of(hardening), routeFor(uri.getPath())).doFilter(ex);
      } catch (IOException | RuntimeException e) {
        log.warn("HTTP request {} failed", uri.getRawPath(), e);
      } finally {
        ex.close();
      }
      return true;
    }
  }

  /** Writes the JSON error shape with the security headers straight to a Jetty response. */
  static void writeError(Request request, Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    HttpHardening.SECURITY_HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    byte[] body = HttpHardening.errorJson(status, HttpStatus.getMessage(status), message).getBytes(StandardCharsets.UTF_8);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      response.write(true, null, callback);
    } else {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  /**
   * Jetty's answer to a request it rejects before any route (and to a failed exchange): the JSON error shape
   * with the security headers, never Jetty's HTML page; a 5xx without details.
   */
  static final class JsonErrorHandler extends ErrorHandler {
    /** Answers every method: Jetty's own handler writes no body for methods other than GET, POST and HEAD. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      generateResponse(request, response, response.getStatus(), (String) request.getAttribute(ERROR_MESSAGE),
          (Throwable) request.getAttribute(ERROR_EXCEPTION), callback);
      return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
        Callback callback) {
      if (code >= 500) {
        writeError(request, response, callback, code, "the request failed on the server; see its log");
        return;
      }
      StringBuilder text = new StringBuilder("the request could not be read as HTTP/1.1: ")
          .append(message == null ? HttpStatus.getMessage(code) : message);
      Throwable root = cause;
      while (root != null && root.getCause() != null) {
        root = root.getCause();
      }
      if (root != null && root != cause && root.getMessage() != null) {
        text.append(" (").append(root.getMessage()).append(')');
      }
      // a request Jetty could not parse is replaced by a placeholder of this path (HttpChannelState.onBadMessage)
      HttpURI target = request.getHttpURI();
      if (target != null && target.getPathQuery() != null && !"/badMessage".equals(target.getPath())) {
        text.append(", request target ").append(cut(target.getPathQuery()));
      }
      writeError(request, response, callback, code, text.append("; see RFC 9110 and RFC 9112").toString());
    }

    /** @return {@code s} cut to 200 characters for an error message */
    static String cut(String s) {
      return s.length() > 200 ? "'" + TextCut.prefix(s, 200) + "...'" : "'" + s + "'";
    }
  }
}
