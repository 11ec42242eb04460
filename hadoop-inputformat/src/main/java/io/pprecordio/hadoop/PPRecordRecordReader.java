package io.pprecordio.hadoop;

import java.io.IOException;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * The {@code mapreduce} record reader of {@link PPRecordInputFormat}: key = frame offset, value =
 * record. The key object is reused; each value is a new {@link BytesWritable} around the record's
 * own array, so values may be kept (as Spark's {@code collect()} does) without copying.
 */
public class PPRecordRecordReader extends RecordReader<LongWritable, BytesWritable> {
  private final LongWritable key = new LongWritable();
  private BytesWritable value;
  private PPRecordSplitReader split;

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    FileSplit fileSplit = (FileSplit) genericSplit;
    split = PPRecordSplitReader.open(context.getConfiguration(), fileSplit.getPath(),
        fileSplit.getStart(), fileSplit.getLength(), context::getCounter);
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    if (split == null || !split.next()) {
      value = null;
      return false;
    }
    key.set(split.offset());
    value = new BytesWritable(split.record());
    return true;
  }

  @Override
  public LongWritable getCurrentKey() {
    return key;
  }

  @Override
  public BytesWritable getCurrentValue() {
    return value;
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
