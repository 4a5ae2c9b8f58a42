package io.storyline.ingest.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * JSON plumbing shared by the native parsers and file readers: one plain Jackson mapper (no
 * storyline wire conventions; native payloads are read and written as they are) and null-safe field
 * readers. Thread-safe.
 */
public final class JsonSupport {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private JsonSupport() {}

  /** @return the shared mapper; do not reconfigure it */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** @return a new empty object node */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Reads a payload as exactly one JSON value.
   *
   * @param format the payload's format, for the message
   * @param payload UTF-8 JSON bytes; may be null or empty (then an error)
   * @return the value, never null
   * @throws PostParseException if the payload is not exactly one JSON value
   */
  public static JsonNode readPayload(NativeFormat format, byte[] payload) throws PostParseException {
    if (payload == null || payload.length == 0) {
      throw new PostParseException(format.id() + ": payload is empty, expected one JSON value");
    }
    try (var parser = MAPPER.createParser(payload)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw new PostParseException(format.id() + ": payload has no JSON value");
      }
      if (parser.nextToken() != null) {
        throw new PostParseException(
            format.id() + ": payload has content after its first JSON value at byte offset "
                + parser.currentTokenLocation().getByteOffset() + ", expected exactly one value");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new PostParseException(
          format.id() + ": payload is not valid JSON (" + shorten(e.getOriginalMessage(), 120)
              + at(e, " column ")
              + "): '" + shorten(new String(payload, 0, Math.min(payload.length, 200),
                  java.nio.charset.StandardCharsets.UTF_8), 60) + "'", e);
    } catch (IOException e) {
      throw new PostParseException(format.id() + ": payload could not be read: " + e.getMessage(), e);
    }
  }

  /**
   * Where a JSON error is, for a message. Jackson's {@link com.fasterxml.jackson.core.exc.StreamConstraintsException}
   * (a document nested deeper than 1000, a number of more than 1000 digits: {@code StreamReadConstraints}) has no
   * location; building the message from it threw {@code NullPointerException} (session 11), which failed a replay
   * task on such a file and turned the dead-letter reason into a parser defect.
   *
   * @param e the error; not null
   * @param separator what goes between line and column, e.g. {@code " column "} or {@code ", column "}
   * @return {@code " at line L<separator>C"}, or {@code ""} if the error has no location
   */
  public static String at(JsonProcessingException e, String separator) {
    var location = e.getLocation();
    return location == null ? "" : " at line " + location.getLineNr() + separator + location.getColumnNr();
  }

  /** @return the bytes of {@code node} as compact JSON */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written: " + e.getMessage(), e);
    }
  }

  /**
   * @return the textual value of {@code node.get(field)}: strings as they are, numbers and booleans
   *     as their JSON text; null if absent, JSON null, an object or an array
   */
  public static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    return v.asText();
  }

  /** @return {@code text(node, field)} or null if that is blank */
  public static String nonBlank(JsonNode node, String field) {
    String s = text(node, field);
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * @return the integral value of {@code node.get(field)} if it is an integral number, a float (truncated)
   *     or a string holding one; null if absent, JSON null or not a number
   */
  public static Long count(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      double d = v.asDouble();
      return Double.isFinite(d) ? (long) d : null;
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** @return {@code node.get(field)} if it is an object, else null */
  public static JsonNode obj(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isObject() ? v : null;
  }

  /** @return {@code node.get(field)} if it is an array, else null */
  public static JsonNode arr(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isArray() ? v : null;
  }

  /**
   * @param s any string; may be null
   * @param max the maximum length kept (at least 1)
   * @return {@code s} cut to {@code max} chars with "…" appended if it was longer, control chars replaced
   */
  public static String shorten(String s, int max) {
    if (s == null) {
      return "null";
    }
    String t = s.replaceAll("[\\p{Cntrl}]", " ");
    return t.length() <= max ? t : t.substring(0, max) + "…";
  }
}
