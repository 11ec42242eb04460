package io.pprecordio.hadoop;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReaderWrapper;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;

/**
 * {@link PPRecordInputFormat} for many small files: Hadoop's {@link CombineFileInputFormat} packs
 * files (and blocks of large files) into splits of up to
 * {@code mapreduce.input.fileinputformat.split.maxsize} bytes, grouped by node and then by rack,
 * so that a job over 5,000 small files runs a few map tasks instead of 5,000.
 *
 * <pre>{@code
 * job.setInputFormatClass(CombinePPRecordInputFormat.class);
 * CombinePPRecordInputFormat.addInputPath(job, new Path("hdfs:///data/small-files"));
 * CombinePPRecordInputFormat.setMaxInputSplitSize(job, 256L << 20);
 * }</pre>
 *
 * <p>Each piece of a combined split, a whole file or any byte range of one, is read by
 * {@link PPRecordInputFormat}'s reader, so keys, values, configuration keys and counters are the
 * same; a key ({@link io.pprecordio.RecordAddress#key()}) is relative to the record's own file. Without a maximum split size,
 * {@code CombineFileInputFormat} puts everything on one node into one split.
 */
public class CombinePPRecordInputFormat
    extends CombineFileInputFormat<LongWritable, BytesWritable> {
  @Override
  public RecordReader<LongWritable, BytesWritable> createRecordReader(InputSplit split,
      TaskAttemptContext context) throws IOException {
    return new CombineFileRecordReader<>((CombineFileSplit) split, context, FileReader.class);
  }

  /** As {@link PPRecordInputFormat}: any plain file splits; a whole-file compressed one cannot. */
  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return PPRecordSplitReader.wholeFileCodec(context.getConfiguration(), file) == null;
  }

  /** Reads one piece of a combined split through {@link PPRecordInputFormat}'s reader. */
  public static final class FileReader
      extends CombineFileRecordReaderWrapper<LongWritable, BytesWritable> {
    public FileReader(CombineFileSplit split, TaskAttemptContext context, Integer index)
        throws IOException, InterruptedException {
      super(new PPRecordInputFormat(), split, context, index);
    }
  }
}
