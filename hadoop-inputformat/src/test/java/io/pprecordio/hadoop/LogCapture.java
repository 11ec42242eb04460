package io.pprecordio.hadoop;

import java.util.ArrayList;
import java.util.List;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.log4j.spi.ThrowableInformation;

/**
 * Collects what a logger logs, with its exceptions, through reload4j (Hadoop's log binding):
 * the LocalJobRunner reports a failed task only in its log.
 */
final class LogCapture extends AppenderSkeleton implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new ArrayList<>();

  LogCapture(Class<?> source) {
    this.logger = Logger.getLogger(source);
    logger.addAppender(this);
  }

  /** Every message and every exception message (causes included) logged so far, joined. */
  synchronized String text() {
    return String.join("\n", lines);
  }

  @Override
  protected synchronized void append(LoggingEvent event) {
    lines.add(String.valueOf(event.getMessage()));
    ThrowableInformation info = event.getThrowableInformation();
    for (Throwable t = info == null ? null : info.getThrowable(); t != null; t = t.getCause()) {
      lines.add(t.toString());
    }
  }

  @Override
  public void close() {
    logger.removeAppender(this);
  }

  @Override
  public boolean requiresLayout() {
    return false;
  }
}
