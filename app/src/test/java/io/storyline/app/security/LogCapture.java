package io.storyline.app.security;

import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures every log event of this JVM while open, with message, context data and the full stack trace
 * of any exception: adds a writer appender to the root and to every configured logger and lowers the
 * levels ({@code io.storyline} to DEBUG, Kafka, Connect and the root to INFO, as in production), then
 * restores the levels and removes the appender on close. Not thread-safe to open twice at once.
 */
public final class LogCapture implements AutoCloseable {
  private static final String NAME = "storyline-secret-capture";
  private final StringWriter out = new StringWriter();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final Map<String, Level> previous = new HashMap<>();
  private final WriterAppender appender;

  /** Starts capturing. */
  public LogCapture() {
    Configuration config = context.getConfiguration();
    appender = WriterAppender.newBuilder()
        .setName(NAME)
        .setTarget(out)
        .setLayout(PatternLayout.newBuilder().withConfiguration(config)
            .withPattern("%d{HH:mm:ss.SSS} %-5level [%t] %c - %msg %X%n%throwable").build())
        .build();
    appender.start();
    config.addAppender(appender);
    for (String name : List.of("io.storyline", "kafka", "org.apache.kafka", "state.change.logger")) {
      if (!config.getLoggers().containsKey(name)) {
        config.addLogger(name, new LoggerConfig(name, Level.INFO, true));
      }
    }
    for (LoggerConfig logger : config.getLoggers().values()) {
      previous.put(logger.getName(), logger.getLevel());
      logger.setLevel(logger.getName().startsWith("io.storyline") ? Level.DEBUG : Level.INFO);
      logger.addAppender(appender, Level.ALL, null);
    }
    LoggerConfig root = config.getRootLogger();
    previous.put("", root.getLevel());
    root.setLevel(Level.INFO);
    root.addAppender(appender, Level.ALL, null);
    context.updateLoggers();
  }

  /** @return everything logged since open, one event per line plus stack traces */
  public synchronized String text() {
    return out.toString();
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    for (LoggerConfig logger : config.getLoggers().values()) {
      logger.removeAppender(NAME);
      Level level = previous.get(logger.getName());
      if (level != null) {
        logger.setLevel(level);
      }
    }
    config.getRootLogger().removeAppender(NAME);
    config.getRootLogger().setLevel(previous.getOrDefault("", Level.WARN));
    context.updateLoggers();
    appender.stop();
  }
}
