package io.pprecordio.hadoop.mapred;

import io.pprecordio.CorruptionPolicy;
import io.pprecordio.hadoop.PPRecordSplitReader;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.JobConfigurable;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;

/**
 * Reads pp_recordio files with the old {@code mapred} API (Hive, Hadoop streaming, older jobs):
 * key = the record's {@link io.pprecordio.RecordAddress#key()} (the byte offset of its frame for
 * a record that is not past the first of a block), value = record. Keys, block files, splits,
 * whole-file compression, configuration keys and counters are those of
 * {@link io.pprecordio.hadoop.PPRecordInputFormat}, whose documentation explains the keys.
 *
 * <pre>{@code
 * JobConf job = new JobConf(conf);
 * job.setInputFormat(PPRecordInputFormat.class);
 * PPRecordInputFormat.setInputPaths(job, new Path("hdfs:///data/events"));
 * PPRecordInputFormat.setCorruptionPolicy(job, CorruptionPolicy.FAIL);
 * }</pre>
 */
public class PPRecordInputFormat extends FileInputFormat<LongWritable, BytesWritable>
    implements JobConfigurable {
  /** See {@link io.pprecordio.hadoop.PPRecordInputFormat#CORRUPTION_POLICY}. */
  public static final String CORRUPTION_POLICY =
      io.pprecordio.hadoop.PPRecordInputFormat.CORRUPTION_POLICY;
  /** See {@link io.pprecordio.hadoop.PPRecordInputFormat#MAX_RECORD_BYTES}. */
  public static final String MAX_RECORD_BYTES =
      io.pprecordio.hadoop.PPRecordInputFormat.MAX_RECORD_BYTES;

  /** See {@link io.pprecordio.hadoop.PPRecordInputFormat#CORRUPTION_MAX_REGIONS}. */
  public static final String CORRUPTION_MAX_REGIONS =
      io.pprecordio.hadoop.PPRecordInputFormat.CORRUPTION_MAX_REGIONS;
  /** See {@link io.pprecordio.hadoop.PPRecordInputFormat#CORRUPTION_MAX_SKIPPED_BYTES}. */
  public static final String CORRUPTION_MAX_SKIPPED_BYTES =
      io.pprecordio.hadoop.PPRecordInputFormat.CORRUPTION_MAX_SKIPPED_BYTES;

  private Configuration conf;

  @Override
  public void configure(JobConf job) {
    this.conf = job;
  }

  @Override
  public RecordReader<LongWritable, BytesWritable> getRecordReader(InputSplit split, JobConf job,
      Reporter reporter) throws IOException {
    reporter.setStatus(split.toString());
    return new PPRecordRecordReader(job, (FileSplit) split, reporter);
  }

  @Override
  protected boolean isSplitable(FileSystem fs, Path file) {
    // Hadoop configures formats it creates; the file system's configuration covers the others.
    Configuration c = conf != null ? conf : fs.getConf();
    return PPRecordSplitReader.wholeFileCodec(c, file) == null;
  }

  /** Sets {@link #CORRUPTION_POLICY}. */
  public static void setCorruptionPolicy(JobConf job, CorruptionPolicy policy) {
    io.pprecordio.hadoop.PPRecordInputFormat.setCorruptionPolicy(job, policy);
  }

  /** The {@link #CORRUPTION_POLICY} of a job. */
  public static CorruptionPolicy getCorruptionPolicy(JobConf job) {
    return io.pprecordio.hadoop.PPRecordInputFormat.readerOptions(job).corruptionPolicy();
  }

  /**
   * Sets {@link #CORRUPTION_MAX_REGIONS} and {@link #CORRUPTION_MAX_SKIPPED_BYTES}: a budget per
   * split; see {@link io.pprecordio.hadoop.PPRecordInputFormat#setCorruptionBudget}.
   */
  public static void setCorruptionBudget(JobConf job, long maxRegions, long maxSkippedBytes) {
    io.pprecordio.hadoop.PPRecordInputFormat.setCorruptionBudget(job, maxRegions,
        maxSkippedBytes);
  }

  /** Sets {@link #MAX_RECORD_BYTES}. */
  public static void setMaxRecordBytes(JobConf job, long maxRecordBytes) {
    io.pprecordio.hadoop.PPRecordInputFormat.setMaxRecordBytes(job, maxRecordBytes);
  }

  /** The {@link #MAX_RECORD_BYTES} of a job. */
  public static long getMaxRecordBytes(JobConf job) {
    return io.pprecordio.hadoop.PPRecordInputFormat.readerOptions(job).maxRecordBytes();
  }
}
