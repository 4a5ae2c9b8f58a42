package io.storyline.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.storyline.common.serde.Json;

/** JSON string quoting through Jackson, so that any text is escaped correctly. */
final class JsonStrings {
  private JsonStrings() {}

  static String quote(String s) {
    try {
      return Json.mapper().writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not quote a string as JSON", e);
    }
  }
}
