package io.storyline.ingest.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.live.http.LiveHttpClient;
import java.io.IOException;
import java.util.function.Predicate;

/** Body checks and parsing of JSON API responses shared by the live pollers. Stateless. */
public final class JsonBodies {
  private JsonBodies() {}

  /**
   * @param shape what the document must satisfy
   * @param expected what it should be, for the reason, e.g. {@code "a Reddit Listing"}
   * @return a check that rejects bodies that are not complete JSON (e.g. cut short) or not of the shape
   */
  public static LiveHttpClient.BodyCheck check(Predicate<JsonNode> shape, String expected) {
    return body -> {
      JsonNode node;
      try {
        node = JsonSupport.mapper().readTree(body);
      } catch (IOException e) {
        String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return "the body is not " + expected + ", not even complete JSON (" + why + "): " + LiveHttpClient.excerpt(body);
      }
      if (node == null || node.isMissingNode()) {
        return "the body is empty, not " + expected;
      }
      return shape.test(node) ? null : "the body is not " + expected + ": " + LiveHttpClient.excerpt(body);
    };
  }

  /**
   * @param body a body that passed a {@link #check}
   * @return its tree
   * @throws IllegalStateException if it does not parse (a check was skipped: a bug)
   */
  public static JsonNode parse(byte[] body) {
    try {
      return JsonSupport.mapper().readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("body passed its check but does not parse: " + e.getMessage(), e);
    }
  }
}
