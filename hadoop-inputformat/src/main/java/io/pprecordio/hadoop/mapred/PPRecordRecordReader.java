package io.pprecordio.hadoop.mapred;

import io.pprecordio.hadoop.PPRecordSplitReader;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;

/**
 * The {@code mapred} record reader of {@link PPRecordInputFormat}: key = the record's
 * {@link io.pprecordio.RecordAddress#key()} (its frame offset, unless it is past the first record
 * of a block), value = record, copied into the caller's objects as the old API requires.
 */
public class PPRecordRecordReader implements RecordReader<LongWritable, BytesWritable> {
  private final PPRecordSplitReader split;

  public PPRecordRecordReader(Configuration conf, FileSplit split, Reporter reporter)
      throws IOException {
    this.split = PPRecordSplitReader.open(conf, split.getPath(), split.getStart(),
        split.getLength(), reporter == null ? null : reporter::getCounter);
  }

  @Override
  public boolean next(LongWritable key, BytesWritable value) throws IOException {
    if (!split.next()) {
      return false;
    }
    key.set(split.key());
    split.copyRecordTo(value);
    return true;
  }

  @Override
  public LongWritable createKey() {
    return new LongWritable();
  }

  @Override
  public BytesWritable createValue() {
    return new BytesWritable();
  }

  @Override
  public long getPos() throws IOException {
    return split.position();
  }

  @Override
  public float getProgress() throws IOException {
    return split.progress();
  }

  @Override
  public void close() throws IOException {
    split.close();
  }
}
