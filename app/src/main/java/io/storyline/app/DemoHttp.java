package io.storyline.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.common.config.CommonConfig;
import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.metrics.PrometheusConventions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The demo's one HTTP server (API, page, feeds, {@code /metrics}, {@code /health/*}), bound before anything else of the
 * demo happens, and the registry it scrapes. {@link Demo} binds it first, so that a port in use is refused before the
 * demo says it replays anything or starts a part; the {@link Pipeline} then adds the routes, starts it and owns it.
 * Before session 14 the pipeline bound it, after the demo had printed "Replaying 687 native records ...".
 *
 * @param server bound, not started; never null
 * @param registry scraped at {@code /metrics}, for every part of the pipeline to register its meters in; never null
 */
record DemoHttp(OpsHttpServer server, PrometheusMeterRegistry registry) implements AutoCloseable {

  /**
   * The demo's HTTP port and where it came from.
   *
   * @param port the port to bind, 0 to 65535 (0 = any free port)
   * @param named the port as the user chose it, for a message: {@code --http-port 9000}, {@code port 9000 (the
   *     http.port setting)} or {@code port 8080 (the default)}; never null
   */
  record Port(int port, String named) {}

  /**
   * Binds the demo's server with the {@code http.*} settings of its {@code -D}: interface {@code http.host} (default
   * 127.0.0.1), port {@link #port}, and at most {@code http.max.connections} connections (default 1024).
   *
   * @param settings the demo's settings; may not be null
   * @param readiness null when ready, else why not; may not be null, called per {@code /health/ready} request once
   *     the server has started
   * @return the bound server, not started, with a new registry
   * @throws UncheckedIOException naming the port, where it came from and the way out if it cannot be bound
   * @throws org.apache.kafka.common.config.ConfigException if an {@code http.*} setting breaks its rule
   */
  static DemoHttp bind(DemoSettings settings, Supplier<String> readiness) {
    CommonConfig config = httpConfig(settings);
    Port port = port(settings, config);
    PrometheusMeterRegistry registry = PrometheusConventions.newRegistry();
    try {
      return new DemoHttp(
          new OpsHttpServer(config.httpHost(), port.port(), config.httpMaxConnections(), registry, readiness), registry);
    } catch (IOException e) {
      registry.close();
      throw new UncheckedIOException("could not serve " + port.named() + " on " + config.httpHost()
          + " (give a free port, or --http-port 0 for any free one)", e);
    }
  }

  /**
   * The one place the demo chooses its port: {@code --http-port}, else the {@code http.port} setting, else {@value
   * DemoSettings#DEFAULT_HTTP_PORT}.
   *
   * @param settings the demo's settings; may not be null
   * @param config the {@code http.*} settings read from them; may not be null
   * @return the port and how to name it
   */
  static Port port(DemoSettings settings, CommonConfig config) {
    if (settings.httpPort() != null) {
      return new Port(settings.httpPort(), "--http-port " + settings.httpPort());
    }
    if (settings.settings().containsKey(CommonConfig.HTTP_PORT_CONFIG)) {
      return new Port(config.httpPort(), "port " + config.httpPort() + " (the http.port setting)");
    }
    return new Port(DemoSettings.DEFAULT_HTTP_PORT, "port " + DemoSettings.DEFAULT_HTTP_PORT + " (the default)");
  }

  /** @return the demo's {@code -D} settings read as a stage reads them (only the {@code http.*} keys are used) */
  private static CommonConfig httpConfig(DemoSettings settings) {
    Map<String, Object> http = new HashMap<>(settings.settings());
    http.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"); // a placeholder: only the http.* keys are read
    return new CommonConfig(http);
  }

  /** Releases the port and closes the registry; harmless after the pipeline has closed both. */
  @Override
  public void close() {
    server.close();
    registry.close();
  }
}
