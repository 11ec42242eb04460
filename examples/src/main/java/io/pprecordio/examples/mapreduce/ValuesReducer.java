package io.pprecordio.examples.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/** Writes every record it receives; the keys only chose the reducer. */
final class ValuesReducer extends Reducer<LongWritable, BytesWritable, NullWritable,
    BytesWritable> {
  @Override
  protected void reduce(LongWritable key, Iterable<BytesWritable> records, Context context)
      throws IOException, InterruptedException {
    for (BytesWritable record : records) {
      context.write(NullWritable.get(), record);
    }
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    try {
      super.run(context);
    } catch (IOException | RuntimeException | Error e) {
      LocalFailures.record(context.getConfiguration(), e);
      throw e;
    }
  }
}
