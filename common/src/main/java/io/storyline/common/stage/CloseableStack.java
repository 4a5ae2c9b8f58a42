package io.storyline.common.stage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a running service, closed in reverse order of opening: readers of a topic stop before
 * the stage that writes it, the broker last. A failure to close one part is logged and the rest are
 * still closed. Thread-safe: a shutdown hook and the main thread may both call {@link #close()}; the
 * second call finds nothing left to close.
 */
public final class CloseableStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CloseableStack.class);

  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  /**
   * @param part a started part; may not be null
   * @param <T> its type
   * @return {@code part}, for chaining
   */
  public synchronized <T extends AutoCloseable> T push(T part) {
    open.push(Objects.requireNonNull(part, "part can't be null"));
    return part;
  }

  /** Closes every part pushed so far, newest first; errors are logged, not thrown. */
  @Override
  public synchronized void close() {
    while (!open.isEmpty()) {
      AutoCloseable part = open.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("Could not close {} cleanly", part, e);
      }
    }
  }
}
