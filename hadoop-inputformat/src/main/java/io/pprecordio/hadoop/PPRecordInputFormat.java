package io.pprecordio.hadoop;

import io.pprecordio.CorruptionBudget;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import io.pprecordio.RecordAddress;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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
 * Reads pp_recordio files with the {@code mapreduce} API. The key is the record's place in its
 * file, a {@code LongWritable} as TextInputFormat's line offset is; the value is the record.
 *
 * <p>Keys: a record alone in its frame has the byte offset of its frame as its key. Files written
 * in block mode (FORMAT.md 3.4; {@link PPRecordOutputFormat#BLOCK}) are read transparently, one
 * record at a time, and a record inside a block has the key {@link RecordAddress#key()}: the block
 * frame's offset plus its index in the block times 2<sup>48</sup>, so the first record of a block
 * keeps the frame offset as its key and files without blocks have the same keys as before block
 * mode. Keys are unique within a file (below 256 TiB) and reversible:
 * {@link RecordAddress#ofKey(long)} gives the frame offset and the index back, and
 * {@link PPRecordReader#readRecordAt(java.nio.channels.SeekableByteChannel, String,
 * RecordAddress, io.pprecordio.ReaderOptions)} (on a Hadoop file: {@link #readRecord}) reads the
 * record again. They are not monotonic inside a block (a record past the first of a block has
 * a key above every offset): order records by {@code RecordAddress.ofKey(key)}, not by the key.
 *
 * <p>Files split at any size, usually the HDFS block size: each split resynchronizes on the
 * format's magic number and returns exactly the records whose frames start inside it (all the
 * records of a block go with the split that holds the block frame's first byte). Files under
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
 * <p>Damaged regions are skipped and counted in the {@link PPRecordCounter} group (a damaged
 * block is one region, however many records it held), unless {@link #CORRUPTION_POLICY} is
 * {@code fail}, which fails the task with the file and offset. Hadoop's own
 * {@code Map input records} counts records, not frames.
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
   * Reads again the record that a reader returned under {@code key} from {@code file}: core's
   * {@link PPRecordReader#readRecordAt} at {@link RecordAddress#ofKey(long)}, on any
   * Hadoop file system, with the configuration's reader options.
   *
   * @throws io.pprecordio.CorruptRecordException naming the file if no intact record is there
   * @throws IOException if the file is compressed as a whole, where keys are stream positions
   */
  public static byte[] readRecord(Configuration conf, Path file, long key) throws IOException {
    if (PPRecordSplitReader.wholeFileCodec(conf, file) != null) {
      throw new IOException("cannot read the record of key " + key + " in " + file
          + ": the file is compressed as a whole and cannot be read from an offset");
    }
    FileSystem fs = file.getFileSystem(conf);
    long length = fs.getFileStatus(file).getLen();
    try (FSDataInputChannel channel = new FSDataInputChannel(fs.open(file), length)) {
      return PPRecordReader.readRecordAt(channel, file.toString(), RecordAddress.ofKey(key),
          readerOptions(conf));
    }
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
