package io.pprecordio.hadoop.mapred;

import io.pprecordio.hadoop.PPRecordSplitReader;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.lib.CombineFileInputFormat;
import org.apache.hadoop.mapred.lib.CombineFileRecordReader;
import org.apache.hadoop.mapred.lib.CombineFileRecordReaderWrapper;
import org.apache.hadoop.mapred.lib.CombineFileSplit;
import org.apache.hadoop.mapreduce.JobContext;

/**
 * The old-API {@link io.pprecordio.hadoop.CombinePPRecordInputFormat}: many small files (and the
 * blocks of large ones) packed into splits of up to
 * {@code mapreduce.input.fileinputformat.split.maxsize} bytes by node and rack, each piece read by
 * {@link PPRecordInputFormat}'s reader.
 *
 * <pre>{@code
 * job.setInputFormat(CombinePPRecordInputFormat.class);
 * CombinePPRecordInputFormat.setInputPaths(job, new Path("hdfs:///data/small-files"));
 * job.setLong("mapreduce.input.fileinputformat.split.maxsize", 256L << 20);
 * }</pre>
 */
public class CombinePPRecordInputFormat
    extends CombineFileInputFormat<LongWritable, BytesWritable> {
  @Override
  public RecordReader<LongWritable, BytesWritable> getRecordReader(InputSplit split, JobConf job,
      Reporter reporter) throws IOException {
    reporter.setStatus(split.toString());
    return new CombineFileRecordReader<>(job, (CombineFileSplit) split, reporter, fileReader());
  }

  /** The old API wants the reader class typed as a RecordReader of the format's types. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Class<RecordReader<LongWritable, BytesWritable>> fileReader() {
    return (Class) FileReader.class;
  }

  /** As {@link PPRecordInputFormat}: any plain file splits; a whole-file compressed one cannot. */
  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return PPRecordSplitReader.wholeFileCodec(context.getConfiguration(), file) == null;
  }

  @Override
  protected boolean isSplitable(FileSystem fs, Path file) {
    return PPRecordSplitReader.wholeFileCodec(fs.getConf(), file) == null;
  }

  /** Reads one piece of a combined split through {@link PPRecordInputFormat}'s reader. */
  public static final class FileReader
      extends CombineFileRecordReaderWrapper<LongWritable, BytesWritable> {
    public FileReader(CombineFileSplit split, Configuration conf, Reporter reporter,
        Integer index) throws IOException {
      super(new PPRecordInputFormat(), split, conf, reporter, index);
    }
  }
}
