package io.storyline.ingest.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.ingest.format.JsonSupport;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads one connector configuration from a file, in either of the forms Kafka Connect users write:
 * a {@code .properties} file (as {@code connect-standalone} takes), or a {@code .json} file that is
 * either a flat object of settings or the REST API's {@code {"name": .., "config": {..}}}. Values are
 * strings (JSON numbers and booleans are written as text). Stateless.
 */
public final class ConnectorFiles {
  private ConnectorFiles() {}

  /**
   * A connector's name and settings.
   *
   * @param name the connector name: the {@code name} setting, else the file name without extension
   * @param config the settings (without {@code name}), in file order
   */
  public record Named(String name, Map<String, String> config) {}

  /**
   * @param file a {@code .properties} or {@code .json} file; not null
   * @return the connector it describes
   * @throws IllegalArgumentException naming the file and the rule if it cannot be read, is not UTF-8 text, has
   *     another extension, is not a JSON object of scalar values, or lacks {@code connector.class}. A UTF-8
   *     byte-order mark (as Windows editors write) is skipped; CRLF line ends read as LF.
   */
  public static Named read(Path file) {
    if (file.getFileName() == null) {
      throw new IllegalArgumentException("connector file " + file + " is not a file: give a .properties or .json file");
    }
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    Map<String, String> config = new LinkedHashMap<>();
    try {
      switch (ext) {
        case "properties" -> {
          Properties p = new Properties();
          try (Reader r = new java.io.StringReader(text(file))) {
            p.load(r);
          }
          p.stringPropertyNames().stream().sorted().forEach(k -> config.put(k, p.getProperty(k)));
        }
        case "json" -> {
          JsonNode root = JsonSupport.mapper().readTree(text(file));
          if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("connector file " + file + " must hold a JSON object");
          }
          JsonNode settings = root.has("config") && root.get("config").isObject() ? root.get("config") : root;
          settings.properties().forEach(e -> {
            if (!e.getValue().isValueNode()) {
              throw new IllegalArgumentException("connector file " + file + ": setting '" + e.getKey()
                  + "' must be a string, number or boolean, not " + e.getValue().getNodeType().name().toLowerCase());
            }
            config.put(e.getKey(), e.getValue().asText());
          });
          if (settings != root && root.hasNonNull("name")) {
            config.putIfAbsent("name", root.get("name").asText());
          }
        }
        default -> throw new IllegalArgumentException("connector file " + file + " must end in .properties or .json");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("connector file " + file + " is not valid JSON: " + e.getOriginalMessage()
          + io.storyline.ingest.format.JsonSupport.at(e, ", column "), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("could not read connector file " + file + ": " + reason(e), e);
    }
    if (!config.containsKey("connector.class")) {
      throw new IllegalArgumentException("connector file " + file + " has no 'connector.class' setting");
    }
    String name = config.remove("name");
    if (name == null || name.isBlank()) {
      name = dot < 0 ? fileName : fileName.substring(0, dot);
    }
    return new Named(name, config);
  }

  /** The file's text: strict UTF-8 (a byte that is not names its offset), without a leading byte-order mark. */
  private static String text(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    String text;
    try {
      text = utf8.decode(in).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("connector file " + file + " is not UTF-8 text (byte " + in.position()
          + " starts no UTF-8 character); save it as UTF-8", e);
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** An I/O failure's reason; a {@link java.nio.file.FileSystemException}'s message is often only the path. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() == null) {
      return switch (fs) {
        case java.nio.file.NoSuchFileException x -> "no such file";
        case java.nio.file.AccessDeniedException x -> "permission denied";
        default -> e.getClass().getSimpleName();
      };
    }
    return String.valueOf(e.getMessage());
  }
}
