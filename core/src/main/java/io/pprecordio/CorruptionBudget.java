package io.pprecordio;

import java.io.Serializable;

/**
 * How much corruption one reader may skip before it fails: at most {@link #maxRegions()} corrupt
 * regions and {@link #maxSkippedBytes()} bytes in them. A torn tail counts against neither, as it
 * is never an error. The budget applies to one reader, that is one split of a file; a job-wide
 * limit is checked on the summed counters (Hadoop counters, Beam metrics, Spark accumulators).
 *
 * @param maxRegions corrupt regions a reader may skip; {@code Long.MAX_VALUE} for no limit
 * @param maxSkippedBytes bytes a reader may skip; {@code Long.MAX_VALUE} for no limit
 */
public record CorruptionBudget(long maxRegions, long maxSkippedBytes) implements Serializable {
  /** No limit: every corrupt region is skipped. */
  public static final CorruptionBudget UNLIMITED =
      new CorruptionBudget(Long.MAX_VALUE, Long.MAX_VALUE);

  public CorruptionBudget {
    if (maxRegions < 0) {
      throw new IllegalArgumentException(
          "the corruption budget's region count must not be negative, got " + maxRegions);
    }
    if (maxSkippedBytes < 0) {
      throw new IllegalArgumentException(
          "the corruption budget's skipped bytes must not be negative, got " + maxSkippedBytes);
    }
  }

  /** Whether this budget limits anything. */
  public boolean isLimited() {
    return maxRegions != Long.MAX_VALUE || maxSkippedBytes != Long.MAX_VALUE;
  }

  /** Whether a reader that has skipped {@code stats} is still within the budget. */
  boolean allows(ReadStats stats) {
    return stats.corruptRegions() <= maxRegions && stats.skippedBytes() <= maxSkippedBytes;
  }

  /** For messages: "3 corrupt regions and 1048576 skipped bytes". */
  String describe() {
    StringBuilder sb = new StringBuilder();
    if (maxRegions != Long.MAX_VALUE) {
      sb.append(maxRegions).append(maxRegions == 1 ? " corrupt region" : " corrupt regions");
    }
    if (maxSkippedBytes != Long.MAX_VALUE) {
      sb.append(sb.length() > 0 ? " and " : "").append(maxSkippedBytes)
          .append(maxSkippedBytes == 1 ? " skipped byte" : " skipped bytes");
    }
    return sb.length() == 0 ? "unlimited" : sb.toString();
  }
}
