package io.storyline.ingest.live.http;

/**
 * A request that could not be answered with a usable document: a status that is not retried (e.g.
 * 400, 401, 403, 404), or retries exhausted. Carries the last status (or -1 for I/O errors and
 * timeouts) and the start of the last body, for the log and the dead-letter topic.
 */
public final class FetchException extends Exception {
  private final int status;
  private final byte[] body;
  private final boolean retriable;

  /**
   * @param message what was requested, what came back and which rule failed (secrets redacted)
   * @param status the last HTTP status, -1 if none
   * @param body the last body, may be null
   * @param retriable true if a later attempt may succeed (5xx, 429, timeouts, bad bodies)
   */
  public FetchException(String message, int status, byte[] body, boolean retriable, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.body = body;
    this.retriable = retriable;
  }

  /** @return the last HTTP status, -1 if no response came */
  public int status() {
    return status;
  }

  /** @return the last response body, or null */
  public byte[] body() {
    return body;
  }

  /** @return true if the same request may succeed later */
  public boolean retriable() {
    return retriable;
  }
}
