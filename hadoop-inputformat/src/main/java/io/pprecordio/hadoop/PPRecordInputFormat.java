package io.pprecordio.hadoop;

import io.pprecordio.CorruptionBudget;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.ReaderOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Reads pp_recordio files with the {@code mapreduce} API. The key is the byte offset of the
 * record's frame in its file, as TextInputFormat's key is a line's offset; the value is the
 * record.
 *
 * <p>Files split at any size, usually the HDFS block size: each split resynchronizes on the
 * format's magic number and returns exactly the records whose frames start inside it. Files under
 * whole-file compression ({@code .gz}, {@code .zst}, ... as named by the codec factory) are read
 * unsplit. Per-record compression needs no setting.
 *
 * <pre>{@code
 * Job job = Job.getInstance(conf);
 * job.setInputFormatClass(PPRecordInputFormat.class);
 * PPRecordInputFormat.addInputPath(job, new Path("hdfs:///data/events"));
 * PPRecordInputFormat.setCorruptionPolicy(job, CorruptionPolicy.FAIL);
 * }</pre>
 *
 * <p>Damaged regions are skipped and counted in the {@link PPRecordCounter} group, unless
 * {@link #CORRUPTION_POLICY} is {@code fail}, which fails the task with the file and offset.
 */
public class PPRecordInputFormat extends FileInputFormat<LongWritable, BytesWritable> {
  /**
   * What a reader does with a damaged region: {@code skip} (the default) skips it and counts it
   * in {@link PPRecordCounter}; {@code fail} fails the task with an error naming the file and
   * offset. A torn tail (an incomplete last frame) is never an error.
   */
  public static final String CORRUPTION_POLICY = "pprecordio.corruption.policy";

  /**
   * The largest record a reader accepts, which also bounds its memory; a larger one fails the task
   * with the file and offset. Accepts suffixes such as {@code 512m}. Default 268435456 (256 MiB).
   */
  public static final String MAX_RECORD_BYTES = "pprecordio.max.record.bytes";

  /**
   * The corruption budget's region count: with the {@code skip} policy, a reader (one split) that
   * meets more corrupt regions than this fails the task with an error naming the file, the offset
   * and the budget. A torn tail does not count. Default: no limit.
   */
  public static final String CORRUPTION_MAX_REGIONS = "pprecordio.corruption.max.regions";

  /**
   * The corruption budget's byte count: a reader (one split) that skips more bytes in corrupt
   * regions than this fails the task, as {@link #CORRUPTION_MAX_REGIONS}. Accepts suffixes such
   * as {@code 1m}. Default: no limit.
   */
  public static final String CORRUPTION_MAX_SKIPPED_BYTES =
      "pprecordio.corruption.max.skipped.bytes";

  @Override
  public RecordReader<LongWritable, BytesWritable> createRecordReader(InputSplit split,
      TaskAttemptContext context) {
    return new PPRecordRecordReader();
  }

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return PPRecordSplitReader.wholeFileCodec(context.getConfiguration(), file) == null;
  }

  /** Sets {@link #CORRUPTION_POLICY}. */
  public static void setCorruptionPolicy(Job job, CorruptionPolicy policy) {
    setCorruptionPolicy(job.getConfiguration(), policy);
  }

  /** Sets {@link #CORRUPTION_POLICY} on a configuration, such as the one Spark passes. */
  public static void setCorruptionPolicy(Configuration conf, CorruptionPolicy policy) {
    conf.set(CORRUPTION_POLICY, Settings.name(policy));
  }

  /** The {@link #CORRUPTION_POLICY} of a job. */
  public static CorruptionPolicy getCorruptionPolicy(JobContext job) {
    return Settings.corruptionPolicy(job.getConfiguration());
  }

  /**
   * Sets {@link #CORRUPTION_MAX_REGIONS} and {@link #CORRUPTION_MAX_SKIPPED_BYTES}: each split may
   * skip at most {@code maxRegions} corrupt regions and {@code maxSkippedBytes} bytes in them
   * ({@code Long.MAX_VALUE}: no limit). For a job-wide limit, check the {@link PPRecordCounter}
   * totals in the driver.
   */
  public static void setCorruptionBudget(Job job, long maxRegions, long maxSkippedBytes) {
    setCorruptionBudget(job.getConfiguration(), maxRegions, maxSkippedBytes);
  }

  /** Sets the corruption budget on a configuration, such as the one Spark passes. */
  public static void setCorruptionBudget(Configuration conf, long maxRegions,
      long maxSkippedBytes) {
    CorruptionBudget budget = new CorruptionBudget(maxRegions, maxSkippedBytes);
    conf.setLong(CORRUPTION_MAX_REGIONS, budget.maxRegions());
    conf.setLong(CORRUPTION_MAX_SKIPPED_BYTES, budget.maxSkippedBytes());
  }

  /** The corruption budget of a job: unlimited unless set. */
  public static CorruptionBudget getCorruptionBudget(JobContext job) {
    return readerOptions(job.getConfiguration()).corruptionBudget();
  }

  /** Sets {@link #MAX_RECORD_BYTES}. */
  public static void setMaxRecordBytes(Job job, long maxRecordBytes) {
    setMaxRecordBytes(job.getConfiguration(), maxRecordBytes);
  }

  /** Sets {@link #MAX_RECORD_BYTES} on a configuration, such as the one Spark passes. */
  public static void setMaxRecordBytes(Configuration conf, long maxRecordBytes) {
    if (maxRecordBytes < 0 || maxRecordBytes > ReaderOptions.MAX_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("maxRecordBytes must be in [0, "
          + ReaderOptions.MAX_MAX_RECORD_BYTES + "], got " + maxRecordBytes);
    }
    conf.setLong(MAX_RECORD_BYTES, maxRecordBytes);
  }

  /** The {@link #MAX_RECORD_BYTES} of a job. */
  public static long getMaxRecordBytes(JobContext job) {
    return readerOptions(job.getConfiguration()).maxRecordBytes();
  }

  /**
   * The core reader options that a configuration's {@code pprecordio.*} keys describe.
   *
   * @throws IllegalArgumentException naming the key when a value is not valid
   */
  public static ReaderOptions readerOptions(Configuration conf) {
    return Settings.readerOptions(conf);
  }
}
