package io.storyline.common.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The request rules and response headers of every route of an {@link OpsHttpServer}, as a JDK {@link
 * Filter} that runs before the route's handler. The servers are read-only, so:
 *
 * <ul>
 *   <li>methods: {@code GET} and {@code HEAD} go to the handler; {@code OPTIONS} gets {@code 204} with
 *       {@code Allow}; anything else ({@code POST}, {@code PUT}, {@code DELETE}, {@code PATCH}, {@code
 *       TRACE}, ...) gets {@code 405} with {@code Allow: GET, HEAD, OPTIONS};
 *   <li>sizes: a request target longer than {@value #MAX_URI_CHARS} characters gets {@code 414}; request
 *       headers of more than {@value #MAX_HEADER_COUNT} fields or {@value #MAX_HEADER_BYTES} bytes (names
 *       plus values plus 4 per field, as HTTP/1.1 sends them) get {@code 431}; a request with a body
 *       ({@code Content-Length} above 0, or any {@code Transfer-Encoding}) gets {@code 413}, unread;
 * </ul>
 *
 * every rejection in the one JSON error shape {@code {"status":405,"error":"Method Not
 * Allowed","message":"..."}} (the same as the publish API's errors). Every response, rejected or not,
 * carries {@link #SECURITY_HEADERS}: a restrictive {@code Content-Security-Policy} (a route serving a
 * page replaces it with its own), {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy:
 * no-referrer}, {@code X-Frame-Options: DENY} and {@code Cache-Control: no-store} (a route may replace
 * it). The server applies its own, larger limit before this filter runs (64 KiB of request line and headers,
 * {@code OpsHttpServer}, answered in the same JSON shape); these are the application's limits. Headers: OWASP Secure Headers Project
 * (https://owasp.org/www-project-secure-headers/). Stateless and thread-safe.
 */
public final class HttpHardening extends Filter {
  /** Longest accepted request target (path and query), in characters. */
  public static final int MAX_URI_CHARS = 2048;
  /** Most request header fields accepted. */
  public static final int MAX_HEADER_COUNT = 64;
  /** Largest accepted request header section, in bytes (UTF-8 names and values plus 4 per field). */
  public static final int MAX_HEADER_BYTES = 16 * 1024;
  /** The {@code Allow} header of a 405 and of an {@code OPTIONS} answer. */
  public static final String ALLOW = "GET, HEAD, OPTIONS";
  /** The restrictive policy of every response that does not set its own. */
  public static final String DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  /** Headers set on every response before the handler runs; a handler may replace them. */
  public static final Map<String, String> SECURITY_HEADERS = Map.of(
      "Content-Security-Policy", DEFAULT_CSP,
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "no-referrer",
      "X-Frame-Options", "DENY",
      "Cache-Control", "no-store");

  @Override
  public void doFilter(HttpExchange ex, Chain chain) throws IOException {
    Headers out = ex.getResponseHeaders();
    SECURITY_HEADERS.forEach(out::set);
    String method = ex.getRequestMethod();
    String uri = ex.getRequestURI().toString();
    if (uri.length() > MAX_URI_CHARS) {
      reject(ex, 414, "URI Too Long", "request target of " + uri.length() + " characters, the limit is " + MAX_URI_CHARS);
      return;
    }
    int fields = 0;
    long bytes = 0;
    for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
      for (String value : h.getValue()) {
        fields++;
        bytes += utf8Length(h.getKey()) + utf8Length(value) + 4;
      }
    }
    if (fields > MAX_HEADER_COUNT || bytes > MAX_HEADER_BYTES) {
      reject(ex, 431, "Request Header Fields Too Large", "request headers of " + fields + " fields and " + bytes
          + " bytes, the limits are " + MAX_HEADER_COUNT + " fields and " + MAX_HEADER_BYTES + " bytes");
      return;
    }
    if (!"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method)) {
      out.set("Allow", ALLOW);
      reject(ex, 405, "Method Not Allowed", "method " + safeMethod(method) + " is not allowed, this server is read-only: "
          + ALLOW);
      return;
    }
    if (hasBody(ex.getRequestHeaders())) {
      reject(ex, 413, "Content Too Large", "request bodies are not accepted, this server is read-only");
      return;
    }
    if ("OPTIONS".equals(method)) {
      out.set("Allow", ALLOW);
      ex.sendResponseHeaders(204, -1);
      ex.close();
      return;
    }
    chain.doFilter(ex);
  }

  @Override
  public String description() {
    return "storyline: read-only methods, request size limits, security headers";
  }

  /**
   * @param status the HTTP status
   * @param error its reason phrase
   * @param message what was wrong, naming the value and the rule
   * @return the one JSON error shape, {@code {"status":..,"error":..,"message":..}}; {@code <}, {@code >},
   *     {@code &}, U+2028 and U+2029 in the strings are written as JSON unicode escapes, so the body
   *     stays inert even where it is embedded in HTML or script
   */
  public static String errorJson(int status, String error, String message) {
    return "{\"status\":" + status + ",\"error\":" + htmlSafe(JsonStrings.quote(error)) + ",\"message\":"
        + htmlSafe(JsonStrings.quote(message)) + "}";
  }

  /** Escapes markup characters and JS line separators inside an already quoted JSON string. */
  private static String htmlSafe(String quoted) {
    return quoted.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }

  private static void reject(HttpExchange ex, int status, String error, String message) throws IOException {
    try (ex) {
      // the connection may hold an unread body or an oversized request: do not reuse it
      ex.getResponseHeaders().set("Connection", "close");
      OpsHttpServer.respond(ex, status, "application/json", errorJson(status, error, message));
    }
  }

  private static boolean hasBody(Headers in) {
    if (in.containsKey("Transfer-Encoding")) {
      return true;
    }
    String length = in.getFirst("Content-Length");
    if (length == null) {
      return false;
    }
    try {
      return Long.parseLong(length.strip()) > 0;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** The method as given, cut and restricted to token characters, for the error message. */
  private static String safeMethod(String method) {
    String cut = method.length() > 32 ? method.substring(0, 32) + "..." : method;
    return cut.replaceAll("[^A-Za-z0-9_-]", "?");
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }
}
