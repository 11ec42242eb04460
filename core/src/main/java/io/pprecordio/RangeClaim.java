package io.pprecordio;

import java.io.IOException;

/**
 * Decides, offset by offset, whether a reader's range still owns what the reader is about to
 * deliver; for ranges whose end moves while they are read (Beam's dynamic work rebalancing, a
 * {@code RestrictionTracker}).
 *
 * <p>A reader calls {@link #tryClaim} with the frame offset of each record before it returns the
 * record, and, before it reports a corrupt region whose owning offset (FORMAT.md 7.4: the record
 * before it, the rejected frame it starts with, or 0) has not been claimed yet, with that owning
 * offset. Offsets arrive in increasing order. Once a claim fails, the reader returns and reports
 * nothing more. The connector thus never compares offsets itself: what a range delivers is
 * exactly what it claimed, and each record and region is delivered by exactly one range.
 */
@FunctionalInterface
public interface RangeClaim {
  /** Claims everything: the range is fixed by the reader's {@code [start, end)}. */
  RangeClaim ALL = offset -> true;

  /** Whether the range owns {@code offset}; false ends the read. */
  boolean tryClaim(long offset) throws IOException;
}
