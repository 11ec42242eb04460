package io.pprecordio.spark;

import java.io.Serializable;

/**
 * What pp_recordio scans have returned and skipped: the accumulators' values at one moment. Two
 * snapshots taken around an action give that action's counts ({@link #minus}).
 *
 * @param records records returned
 * @param corruptRegions corrupt regions skipped, not counting torn tails
 * @param skippedBytes bytes in those regions
 * @param tornTails files that ended inside a frame
 * @param tornTailBytes bytes of those incomplete frames
 */
public record PPRecordTotals(long records, long corruptRegions, long skippedBytes, long tornTails,
    long tornTailBytes) implements Serializable {

  /** Nothing read. */
  public static final PPRecordTotals ZERO = new PPRecordTotals(0, 0, 0, 0, 0);

  /** The counts since {@code earlier}, a snapshot taken before this one. */
  public PPRecordTotals minus(PPRecordTotals earlier) {
    return new PPRecordTotals(records - earlier.records, corruptRegions - earlier.corruptRegions,
        skippedBytes - earlier.skippedBytes, tornTails - earlier.tornTails,
        tornTailBytes - earlier.tornTailBytes);
  }

  @Override
  public String toString() {
    return records + " records; " + corruptRegions + " corrupt regions (" + skippedBytes
        + " bytes skipped); " + tornTails + " torn tails (" + tornTailBytes + " bytes)";
  }
}
