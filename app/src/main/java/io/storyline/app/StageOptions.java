package io.storyline.app;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import io.storyline.common.config.CommonConfig;
import picocli.CommandLine.Option;

/**
 * Options every {@code storyline run <stage>} command shares. Settings are taken, lowest priority
 * first, from the stage's defaults, the {@code --config} file, {@code -D key=value} and the named
 * options.
 */
final class StageOptions {
  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers to connect to.")
  String bootstrapServers;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A .properties file of stage settings (every key: storyline settings, or docs/SETTINGS.md).")
  Path configFile;

  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", preprocessor = KeyValueCheck.class,
      description = "A single setting; repeatable; wins over --config.")
  Map<String, String> settings = new HashMap<>();

  /** {@code run}'s HTTP port when neither {@code --http-port} nor an {@code http.port} setting gives one: any free port. */
  static final String DEFAULT_HTTP_PORT = "0";
  /** {@code run}'s HTTP interface when neither {@code --http-host} nor an {@code http.host} setting gives one. */
  static final String DEFAULT_HTTP_HOST = "0.0.0.0";

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port of /metrics and /health/*; wins over an http.port setting (default: " + DEFAULT_HTTP_PORT
          + " = any free port).")
  Integer httpPort;

  @Option(names = "--http-host", paramLabel = "HOST",
      description = "Interface the HTTP endpoints bind to; wins over an http.host setting (default: " + DEFAULT_HTTP_HOST + ").")
  String httpHost;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Kafka Streams state directory; wins over a state.dir setting (default: storyline-state in java.io.tmpdir,"
          + " e.g. /tmp/storyline-state).")
  Path stateDir;

  /**
   * Reads a {@code .properties} file of settings as UTF-8, skipping a leading byte-order mark (which would
   * otherwise become part of the first key, refused as an unknown setting whose name looks right).
   *
   * @param file the file; not null
   * @return its properties
   * @throws IOException if it cannot be read, or is not UTF-8 ({@link java.nio.charset.MalformedInputException},
   *     described as such)
   */
  static Properties loadProperties(Path file) throws IOException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException("not UTF-8 text; save it as UTF-8", e);
    }
    Properties p = new Properties();
    try (Reader r = new java.io.StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text)) {
      p.load(r);
    }
    return p;
  }

  /**
   * Reads the {@code --config} file of a {@code run} command ({@link #loadProperties}).
   *
   * @param file the file; not null
   * @return its settings, key to value
   * @throws UncheckedIOException naming the option, the file and why it cannot be read (exit code 1, as for every
   *     file a command cannot use)
   */
  static Map<String, Object> readConfig(Path file) {
    Properties p;
    try {
      p = loadProperties(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read --config " + file + ": " + Storyline.describe(e), e);
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    p.forEach((k, v) -> out.put(k.toString(), v.toString()));
    return out;
  }

  /**
   * @param where the command, for messages, e.g. {@code "storyline run cluster"}
   * @return the merged settings for the stage's config class
   * @throws UncheckedIOException naming the file if {@code --config} cannot be read
   * @throws IllegalArgumentException naming a key that no stage defines and that is not prefixed {@code
   *     kafka.} (a key of another stage is accepted and ignored, so one file can serve every stage), or an HTTP
   *     host that does not resolve, or an {@code --http-port} outside 0..65535, or {@code --bootstrap-servers} that is
   *     not a list of {@code host:port} with a host that resolves
   * @throws UncheckedIOException naming the state directory if it can't be made or written (it is made here)
   */
  Map<String, Object> merged(String where) {
    Map<String, Object> out = new HashMap<>();
    if (configFile != null) {
      out.putAll(readConfig(configFile));
    }
    out.putAll(settings);
    SettingKeys.requireKnown(out, SettingKeys.allStages(), where);
    BootstrapCheck.requireAddresses("--bootstrap-servers", bootstrapServers);
    out.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    applyHttpOptions(out, httpPort, httpHost);
    if (stateDir != null) {
      out.put(CommonConfig.STATE_DIR_CONFIG, stateDir.toString());
    }
    Object dir = out.get(CommonConfig.STATE_DIR_CONFIG);
    if (dir != null && !String.valueOf(dir).isBlank()) {
      requireUsableStateDir(Path.of(String.valueOf(dir)));
    }
    return out;
  }

  /**
   * Puts {@code run}'s HTTP options into a command's settings, with the precedence every {@code run} command has
   * ({@code run ingest} too): the option, then the {@code http.port} / {@code http.host} setting ({@code -D}, {@code
   * --config}), then {@link #DEFAULT_HTTP_PORT} / {@link #DEFAULT_HTTP_HOST}.
   *
   * @param settings the command's settings, changed in place; may not be null
   * @param httpPort {@code --http-port}; null if not given
   * @param httpHost {@code --http-host}; null if not given
   * @throws IllegalArgumentException naming {@code --http-port} if it is outside 0..65535, or the host and where it
   *     came from if it does not resolve
   */
  static void applyHttpOptions(Map<String, Object> settings, Integer httpPort, String httpHost) {
    if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
      // else the http.port setting refused it: "Invalid value 99999 for configuration http.port", a key not typed
      throw new IllegalArgumentException("illegal --http-port: " + httpPort + ", must be between 0 (any free port) and 65535");
    }
    if (httpPort != null) {
      settings.put(CommonConfig.HTTP_PORT_CONFIG, Integer.toString(httpPort));
    }
    settings.putIfAbsent(CommonConfig.HTTP_PORT_CONFIG, DEFAULT_HTTP_PORT);
    if (httpHost != null) {
      settings.put(CommonConfig.HTTP_HOST_CONFIG, httpHost);
    }
    settings.putIfAbsent(CommonConfig.HTTP_HOST_CONFIG, DEFAULT_HTTP_HOST);
    requireResolvableHost(String.valueOf(settings.get(CommonConfig.HTTP_HOST_CONFIG)), "--http-host, or the http.host setting");
  }

  /**
   * Checks an HTTP host before anything connects: else the stage connected, created its topics and only then failed
   * to bind ("Unresolved address").
   *
   * @param host the host as given; may not be null
   * @param where where it was given, for the message, e.g. {@code --http-host, or the http.host setting}
   * @throws IllegalArgumentException naming the host, where it was given and the rule, if it is neither an address nor
   *     a name this machine resolves
   */
  static void requireResolvableHost(String host, String where) {
    String h = host.strip();
    try {
      java.net.InetAddress.getByName(h);
    } catch (java.net.UnknownHostException | SecurityException e) {
      throw new IllegalArgumentException("illegal HTTP host '" + h + "' (" + where + "): not an address or a host name"
          + " this machine resolves; give an interface's address, e.g. 127.0.0.1 or 0.0.0.0", e);
    }
  }

  /**
   * Makes the state directory (as Kafka Streams would) before anything connects, so that a directory that can't be
   * made or written fails the command in one line. Before: the stage connected, created its topics and then died
   * with Kafka Streams' {@code ProcessorStateException} stack trace ("base state directory ... doesn't exist and
   * couldn't be created").
   *
   * @throws UncheckedIOException naming the directory, where it came from and why it can't be used
   */
  private static void requireUsableStateDir(Path dir) {
    try {
      Files.createDirectories(dir);
      if (!Files.isWritable(dir)) {
        throw new java.nio.file.AccessDeniedException(dir.toString(), null, "not writable");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not use state directory " + dir + " (--state-dir, or the state.dir setting): "
          + Storyline.describe(e), e);
    }
  }
}
