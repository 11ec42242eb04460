package io.pprecordio.beam;

import java.io.IOException;

/**
 * Decides whether a reader may return the record (or report the corrupt region) owned by a frame
 * offset: a Beam restriction tracker's {@code tryClaim}.
 *
 * <p>The same contract as core's {@code io.pprecordio.RangeClaim}, which replaces this interface
 * (and {@link ClaimingReader}) once {@code PPRecordReader.open(..., RangeClaim)} is on main.
 */
@FunctionalInterface
interface RangeClaim {
  /** Claims an offset; false ends the read, and nothing more is returned or reported. */
  boolean tryClaim(long offset) throws IOException;
}
