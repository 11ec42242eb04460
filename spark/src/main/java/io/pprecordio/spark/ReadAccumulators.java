package io.pprecordio.spark;

import io.pprecordio.ReadStats;
import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The named accumulators one scan adds its readers' counts to, so that they reach the driver (and
 * the Spark UI's stage page). Each reader adds its {@link ReadStats} once, when it closes; only
 * successful tasks' additions count, so a retried task is counted once.
 */
final class ReadAccumulators implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LongAccumulator records;
  private final LongAccumulator corruptRegions;
  private final LongAccumulator skippedBytes;
  private final LongAccumulator tornTails;
  private final LongAccumulator tornTailBytes;

  private ReadAccumulators(SparkContext sc) {
    records = sc.longAccumulator(PPRecordAccumulators.RECORDS);
    corruptRegions = sc.longAccumulator(PPRecordAccumulators.CORRUPT_REGIONS);
    skippedBytes = sc.longAccumulator(PPRecordAccumulators.SKIPPED_BYTES);
    tornTails = sc.longAccumulator(PPRecordAccumulators.TORN_TAILS);
    tornTailBytes = sc.longAccumulator(PPRecordAccumulators.TORN_TAIL_BYTES);
  }

  /** Registers a scan's accumulators, and the listener that logs each job's totals once. */
  static ReadAccumulators register(SparkContext sc) {
    JobSummaryListener.ensureRegistered(sc);
    return new ReadAccumulators(sc);
  }

  /** Adds what one reader returned and skipped. */
  void add(ReadStats stats) {
    records.add(stats.records());
    if (stats.corruptRegions() > 0) {
      corruptRegions.add(stats.corruptRegions());
      skippedBytes.add(stats.skippedBytes());
    }
    if (stats.tornTail()) {
      tornTails.add(stats.tornTails());
      tornTailBytes.add(stats.tornTailBytes());
    }
  }
}
