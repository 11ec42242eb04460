package io.pprecordio.spark;

/**
 * Names of the accumulators a pp_recordio scan reports through. Every scan registers one of
 * each; they show on the Spark UI's stage pages, and a {@link org.apache.spark.scheduler.SparkListener}
 * finds them by name in {@code StageInfo.accumulables()} or {@code TaskInfo.accumulables()}, for
 * example to enforce a job-wide corruption limit. At the end of every job that read
 * pp_recordio, the connector logs the job's totals once, at INFO.
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
}
