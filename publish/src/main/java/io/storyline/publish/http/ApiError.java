package io.storyline.publish.http;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The one JSON shape of every API error: {@code {"status":404,"error":"Not Found","message":"..."}}.
 * No stack traces; the server log has them.
 *
 * @param status the HTTP status code
 * @param error the status reason phrase
 * @param message what was wrong with the request, naming the value and the rule; never null
 */
@JsonPropertyOrder({"status", "error", "message"})
public record ApiError(int status, String error, String message) {

  /** @return a 400 Bad Request error */
  public static ApiError badRequest(String message) {
    return new ApiError(400, "Bad Request", message);
  }

  /** @return a 404 Not Found error */
  public static ApiError notFound(String message) {
    return new ApiError(404, "Not Found", message);
  }

  /** @return a 503 Service Unavailable error */
  public static ApiError unavailable(String message) {
    return new ApiError(503, "Service Unavailable", message);
  }

  /** @return a 500 Internal Server Error */
  public static ApiError internal(String message) {
    return new ApiError(500, "Internal Server Error", message);
  }
}
