package io.storyline.common.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One Jetty request seen as a {@code com.sun.net.httpserver} {@link HttpExchange}, so that the routes of an {@link
 * OpsHttpServer} (and their {@link com.sun.net.httpserver.Filter}s) keep the JDK's handler API while Jetty reads
 * the requests. The semantics are the JDK's ({@link HttpExchange}): {@link #sendResponseHeaders(int, long)} once,
 * with a length above 0 for a body of exactly that many bytes, 0 for a streamed (chunked) body and -1 for none;
 * the body is written to {@link #getResponseBody()} and the exchange ends at {@link #close()}, which completes the
 * Jetty request. An exchange closed before any response was sent is failed, so Jetty answers it with its error
 * handler (a JSON 500 on an {@link OpsHttpServer}). Used by one thread at a time, as the JDK's exchanges are.
 */
final class JettyExchange extends HttpExchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final URI uri;
  private final Headers requestHeaders = new Headers();
  private final Headers responseHeaders = new Headers();
  private InputStream body;
  private OutputStream out;
  private int code = -1;
  private boolean closed;

  /**
   * @param request the Jetty request; may not be null
   * @param response its response; may not be null
   * @param callback completed by {@link #close()}; may not be null
   * @param uri the request target as the handlers see it (path and query, still percent-encoded); may not be null
   */
  JettyExchange(Request request, Response response, Callback callback, URI uri) {
    this.request = Objects.requireNonNull(request, "request can't be null");
    this.response = Objects.requireNonNull(response, "response can't be null");
    this.callback = Objects.requireNonNull(callback, "callback can't be null");
    this.uri = Objects.requireNonNull(uri, "uri can't be null");
    for (HttpField field : request.getHeaders()) {
      requestHeaders.add(field.getName(), field.getValue());
    }
    this.body = Content.Source.asInputStream(request);
    this.out = new BodyStream(Content.Sink.asOutputStream(response));
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return request.getMethod();
  }

  /** @throws UnsupportedOperationException always: routes of an {@link OpsHttpServer} have no JDK context */
  @Override
  public HttpContext getHttpContext() {
    throw new UnsupportedOperationException("an OpsHttpServer route has no com.sun.net.httpserver.HttpContext");
  }

  /** Ends the exchange: the body is completed, or, when no response was sent, the request is failed (a 500). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (code == -1) {
      callback.failed(new IllegalStateException("the handler of " + uri.getRawPath() + " sent no response"));
      return;
    }
    try {
      out.close();
      callback.succeeded();
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
    }
  }

  @Override
  public InputStream getRequestBody() {
    return body;
  }

  @Override
  public OutputStream getResponseBody() {
    return out;
  }

  @Override
  public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
    if (code != -1) {
      throw new IOException("the response headers were already sent (status " + code + ")");
    }
    code = rCode;
    response.setStatus(rCode);
    for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
      for (String value : header.getValue()) {
        response.getHeaders().add(header.getKey(), value);
      }
    }
    boolean noBody = rCode == 204 || rCode == 304 || "HEAD".equals(request.getMethod());
    if (responseLength > 0 && !noBody) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, responseLength);
    } else if (responseLength == -1 && !noBody) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    }
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return inet(request.getConnectionMetaData().getRemoteSocketAddress());
  }

  @Override
  public int getResponseCode() {
    return code;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return inet(request.getConnectionMetaData().getLocalSocketAddress());
  }

  @Override
  public String getProtocol() {
    return request.getConnectionMetaData().getProtocol();
  }

  @Override
  public Object getAttribute(String name) {
    return request.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    if (value == null) {
      request.removeAttribute(name);
    } else {
      request.setAttribute(name, value);
    }
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    if (i != null) {
      body = i;
    }
    if (o != null) {
      out = o;
    }
  }

  /** @return null: the servers have no authentication */
  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }

  private static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet : null;
  }

  /** The response body: refuses bytes before the headers, as the JDK's does. */
  private final class BodyStream extends OutputStream {
    private final OutputStream sink;
    private boolean bodyClosed;

    BodyStream(OutputStream sink) {
      this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
      headersSent();
      sink.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      headersSent();
      sink.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      if (code != -1) {
        sink.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (code != -1 && !bodyClosed) {
        bodyClosed = true;
        sink.close();
      }
    }

    private void headersSent() throws IOException {
      if (code == -1) {
        throw new IOException("response body written before sendResponseHeaders");
      }
    }
  }
}
