package io.pprecordio.examples.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Keeps the records the pattern selects. Two flavours, because a mapper's output key type is
 * fixed: {@link ToReducers} keys each record for an even spread over the reducers,
 * {@link MapOnly} hands records straight to the output format.
 */
abstract class GrepMapper<K extends Writable>
    extends Mapper<LongWritable, BytesWritable, K, BytesWritable> {
  private RecordMatcher matcher;

  @Override
  protected void setup(Context context) {
    matcher = RecordMatcher.of(context.getConfiguration());
  }

  @Override
  protected void map(LongWritable offset, BytesWritable record, Context context)
      throws IOException, InterruptedException {
    if (matcher.selects(record.getBytes(), record.getLength())) {
      context.getCounter(GrepCounter.RECORDS_MATCHED).increment(1);
      // The reader hands out a new BytesWritable per record, and both collectors serialize or
      // write it at once: no copy needed.
      context.write(key(offset, context), record);
    }
  }

  /** Remembers why this task failed, for the job's one-line error on the LocalJobRunner. */
  @Override
  public void run(Context context) throws IOException, InterruptedException {
    try {
      super.run(context);
    } catch (IOException | RuntimeException | Error e) {
      LocalFailures.record(context.getConfiguration(), e);
      throw e;
    }
  }

  abstract K key(LongWritable offset, Context context);

  /** With reducers: the key spreads records evenly, whatever their sizes and offsets. */
  static final class ToReducers extends GrepMapper<LongWritable> {
    private final LongWritable key = new LongWritable();
    private long fileHash;

    @Override
    protected void setup(Context context) {
      super.setup(context);
      fileHash = context.getInputSplit() instanceof FileSplit
          ? ((FileSplit) context.getInputSplit()).getPath().toString().hashCode()
          : 0;
    }

    @Override
    LongWritable key(LongWritable offset, Context context) {
      // Frame offsets share factors (records of equal size), so HashPartitioner's modulo would
      // skew on them; a mixed (file, offset) pair spreads evenly and stays deterministic.
      key.set(mix(fileHash * 0x9E3779B97F4A7C15L + offset.get()));
      return key;
    }

    /** The finalizer of SplitMix64. */
    static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }

  /** Map-only ({@code mapreduce.job.reduces=0}): one output file per input split. */
  static final class MapOnly extends GrepMapper<NullWritable> {
    @Override
    NullWritable key(LongWritable offset, Context context) {
      return NullWritable.get();
    }
  }
}
