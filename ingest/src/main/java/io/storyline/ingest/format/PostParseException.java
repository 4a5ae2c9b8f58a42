package io.storyline.ingest.format;

/**
 * A native payload could not be turned into a post. The message names the format, the field or
 * position, the offending value (shortened) and the rule it broke, e.g. {@code "reddit-thing:
 * created_utc 'yesterday' is not a number of epoch seconds"}. The only exception parsers throw for
 * bad input.
 */
public class PostParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong: thing, value and rule */
  public PostParseException(String message) {
    super(message);
  }

  /**
   * @param message what was wrong: thing, value and rule
   * @param cause the underlying error (Jackson, XML)
   */
  public PostParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
