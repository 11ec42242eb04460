package io.pprecordio;

import java.io.IOException;

/**
 * Receives the regions a reader skips, in file order, each exactly once across all the splits of
 * a file. Connectors turn these into Beam metrics, Hadoop counters and dead-letter records.
 */
@FunctionalInterface
public interface CorruptionListener {
  /** A listener that ignores every region. */
  CorruptionListener NONE = region -> {};

  /**
   * Called for each skipped region, including a torn tail ({@link CorruptRegion#isTornTail()}),
   * before the reader returns the record that follows it. An exception thrown here ends the read:
   * it propagates out of {@link PPRecordReader#advance()} as it is (an {@link IOException}, or a
   * runtime exception), so a listener can write regions to a dead-letter file.
   */
  void onCorruptRegion(CorruptRegion region) throws IOException;
}
