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
   * @throws IllegalArgumentException naming the file and the rule if it cannot be read, has another
   *     extension, is not a JSON object of scalar values, or lacks {@code connector.class}
   */
  public static Named read(Path file) {
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    Map<String, String> config = new LinkedHashMap<>();
    try {
      switch (ext) {
        case "properties" -> {
          Properties p = new Properties();
          try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
          }
          p.stringPropertyNames().stream().sorted().forEach(k -> config.put(k, p.getProperty(k)));
        }
        case "json" -> {
          JsonNode root = JsonSupport.mapper().readTree(file.toFile());
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
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("could not read connector file " + file + ": " + e.getMessage(), e);
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
}
