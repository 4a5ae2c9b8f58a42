package io.storyline.ingest.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log event (message and thrown, formatted) of the whole JVM while open, with {@code
 * io.storyline} at DEBUG and {@code org.apache.kafka.connect} at INFO, so tests can assert what never
 * reaches a log (secrets). Restores the levels on close.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Level storylineBefore;
  private final Level connectBefore;

  public LogCapture() {
    super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    storylineBefore = LogManager.getLogger("io.storyline").getLevel();
    connectBefore = LogManager.getLogger("org.apache.kafka.connect").getLevel();
    start();
    Configuration config = context.getConfiguration();
    config.addAppender(this);
    config.getRootLogger().addAppender(this, Level.ALL, null);
    Configurator.setLevel("io.storyline", Level.DEBUG);
    Configurator.setLevel("org.apache.kafka.connect", Level.INFO);
    config.getLoggers().values().forEach(l -> {
      if (!l.getAppenders().containsKey(getName())) {
        l.addAppender(this, Level.ALL, null);
      }
    });
    context.updateLoggers();
  }

  @Override
  public void append(LogEvent event) {
    StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
      line.append(" | ").append(t);
    }
    lines.add(line.toString());
  }

  /** @return the lines captured so far */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    config.getLoggers().values().forEach(l -> l.removeAppender(getName()));
    config.getRootLogger().removeAppender(getName());
    Configurator.setLevel("io.storyline", storylineBefore);
    Configurator.setLevel("org.apache.kafka.connect", connectBefore);
    context.updateLoggers();
    stop();
  }
}
