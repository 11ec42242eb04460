package io.pprecordio.spark;

import io.pprecordio.ReadStats;
import java.io.Serializable;
import java.lang.ref.WeakReference;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The named accumulators every pp_recordio scan of one SparkContext adds its readers' counts to,
 * so that they reach the driver (and the Spark UI's stage pages). Each reader adds its
 * {@link ReadStats} once, when it closes; Spark merges only successful tasks' additions, so a
 * retried task counts once. One set per context: their values are the application's running
 * totals, which {@link PPRecordAccumulators#totals} reads.
 */
final class ReadAccumulators implements Serializable {
  private static final long serialVersionUID = 1L;
  private static WeakReference<SparkContext> context = new WeakReference<>(null);
  private static ReadAccumulators current;

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

  /**
   * The accumulators of {@code sc}, registered (with the listener that logs each job's totals)
   * on first use.
   */
  static synchronized ReadAccumulators of(SparkContext sc) {
    if (context.get() != sc) {
      current = new ReadAccumulators(sc);
      context = new WeakReference<>(sc);
      JobSummaryListener.register(sc);
    }
    return current;
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

  /** The driver's values: the totals of every successful task so far. */
  PPRecordTotals totals() {
    return new PPRecordTotals(records.value(), corruptRegions.value(), skippedBytes.value(),
        tornTails.value(), tornTailBytes.value());
  }
}
