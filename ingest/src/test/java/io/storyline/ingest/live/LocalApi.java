package io.storyline.ingest.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A local HTTP server (the JDK's) standing in for a platform API in tests: a {@link Handler} decides
 * each response from the request; scripted one-off responses ({@link #enqueue}) are served first, in
 * order. Records every request. Supports truncated bodies (a chunked body that stops half-way)
 * and stalls (for timeouts). Thread-safe.
 */
public final class LocalApi implements AutoCloseable {
  /** A response. {@code truncateTo} &ge; 0 sends only that many bytes of a body announced in full. */
  public record Reply(int status, Map<String, String> headers, byte[] body, int truncateTo, Duration stall) {
    public static Reply ok(String body) {
      return new Reply(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8), -1, Duration.ZERO);
    }

    public static Reply status(int status, Map<String, String> headers, String body) {
      return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8), -1, Duration.ZERO);
    }

    public Reply truncatedTo(int bytes) {
      return new Reply(status, headers, body, bytes, stall);
    }

    public Reply stalledFor(Duration d) {
      return new Reply(status, headers, body, truncateTo, d);
    }

    public Reply withHeaders(Map<String, String> more) {
      var all = new java.util.LinkedHashMap<>(headers);
      all.putAll(more);
      return new Reply(status, all, body, truncateTo, stall);
    }
  }

  /** A recorded request. */
  public record Request(URI uri, Map<String, List<String>> headers) {
    public String query(String name) {
      String q = uri.getRawQuery();
      if (q == null) {
        return null;
      }
      for (String part : q.split("&")) {
        int eq = part.indexOf('=');
        String k = eq < 0 ? part : part.substring(0, eq);
        if (k.equals(name)) {
          return eq < 0 ? "" : java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    }

    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Reply> scripted = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Function<Request, Reply> handler = r -> Reply.status(404, Map.of(), "no handler");

  public LocalApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** @return {@code http://127.0.0.1:<port>} */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public LocalApi handler(Function<Request, Reply> handler) {
    this.handler = handler;
    return this;
  }

  /** Serves {@code reply} to the next request, before the handler is asked. */
  public LocalApi enqueue(Reply reply) {
    scripted.add(reply);
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Request request = new Request(exchange.getRequestURI(), Map.copyOf(exchange.getRequestHeaders()));
    requests.add(request);
    Reply reply;
    synchronized (scripted) {
      reply = scripted.isEmpty() ? null : scripted.remove(0);
    }
    if (reply == null) {
      reply = handler.apply(request);
    }
    try {
      if (!reply.stall().isZero() && closing.await(reply.stall().toMillis(), TimeUnit.MILLISECONDS)) {
        exchange.close();
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    // a truncated body is sent chunked and ends early: the client gets a complete HTTP message with half a document
    long length = reply.truncateTo() >= 0 ? 0 : reply.body().length == 0 ? -1 : reply.body().length;
    exchange.sendResponseHeaders(reply.status(), length);
    try (OutputStream out = exchange.getResponseBody()) {
      int n = reply.truncateTo() >= 0 ? Math.min(reply.truncateTo(), reply.body().length) : reply.body().length;
      out.write(reply.body(), 0, n);
    } catch (IOException e) {
      // the client went away (e.g. timed out): nothing to do
    }
    exchange.close();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
