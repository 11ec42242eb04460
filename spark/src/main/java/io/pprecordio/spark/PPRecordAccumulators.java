package io.pprecordio.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The accumulators pp_recordio scans report through: one of each per SparkContext, added to by
 * every successful read task (a retried task counts once). Their values are the application's
 * running totals ({@link #totals}); they show by name on the Spark UI's stage pages, with each
 * stage's share, and in {@code TaskInfo.accumulables()} for a
 * {@link org.apache.spark.scheduler.SparkListener}. At the end of every job that read
 * pp_recordio, the connector also logs the job's own counts once, at INFO.
 *
 * <pre>{@code
 * PPRecordTotals before = PPRecordAccumulators.totals(spark);
 * long n = spark.read().format("pprecordio").load(path).count();
 * PPRecordTotals job = PPRecordAccumulators.totals(spark).minus(before);
 * if (job.corruptRegions() > 100) { ... }   // a job-wide limit
 * }</pre>
 */
public final class PPRecordAccumulators {
  /** Prefix shared by all names. */
  public static final String PREFIX = "pprecordio.";
  /** Records returned. */
  public static final String RECORDS = PREFIX + "records";
  /** Corrupt regions skipped, not counting torn tails. */
  public static final String CORRUPT_REGIONS = PREFIX + "corruptRegions";
  /** Bytes inside corrupt regions. */
  public static final String SKIPPED_BYTES = PREFIX + "skippedBytes";
  /** Files that end inside a frame: the trace of an interrupted writer, not counted as corruption. */
  public static final String TORN_TAILS = PREFIX + "tornTails";
  /** Bytes of those incomplete last frames. */
  public static final String TORN_TAIL_BYTES = PREFIX + "tornTailBytes";

  private PPRecordAccumulators() {}

  /**
   * The accumulators' current values on the driver: everything the application's pp_recordio
   * scans have counted so far. Exact once an action has returned, as Spark merges a task's
   * updates before it completes the stage.
   */
  public static PPRecordTotals totals(SparkSession spark) {
    return ReadAccumulators.of(spark.sparkContext()).totals();
  }
}
