package io.pprecordio.hadoop;

import java.io.IOException;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * The {@code mapreduce} record reader of {@link PPRecordInputFormat}: key = the record's
 * {@link io.pprecordio.RecordAddress#key()} (its frame offset, unless it is past the first record
 * of a block), value = record.
 *
 * <p>As Hadoop's own record readers do, it reuses one key and one value object: each
 * {@link #nextKeyValue()} overwrites them, and the value's array is larger than the record
 * ({@link BytesWritable#getLength()} bytes are the record). A caller that keeps values, such as a
 * Spark job that caches or collects {@code newAPIHadoopFile} records, copies them first
 * ({@link BytesWritable#copyBytes()}).
 */
public class PPRecordRecordReader extends RecordReader<LongWritable, BytesWritable> {
  private final LongWritable key = new LongWritable();
  private final BytesWritable value = new BytesWritable();
  private boolean hasValue;
  private PPRecordSplitReader split;

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    FileSplit fileSplit = (FileSplit) genericSplit;
    split = PPRecordSplitReader.open(context.getConfiguration(), fileSplit.getPath(),
        fileSplit.getStart(), fileSplit.getLength(), context::getCounter);
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    hasValue = split != null && split.next();
    if (!hasValue) {
      return false;
    }
    key.set(split.key());
    split.copyRecordTo(value);
    return true;
  }

  @Override
  public LongWritable getCurrentKey() {
    return key;
  }

  @Override
  public BytesWritable getCurrentValue() {
    return hasValue ? value : null;
  }

  @Override
  public float getProgress() throws IOException {
    return split == null ? 0.0f : split.progress();
  }

  @Override
  public void close() throws IOException {
    if (split != null) {
      split.close();
    }
  }
}
