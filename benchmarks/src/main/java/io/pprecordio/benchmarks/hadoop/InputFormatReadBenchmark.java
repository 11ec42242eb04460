package io.pprecordio.benchmarks.hadoop;

import io.pprecordio.hadoop.PPRecordInputFormat;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The same records stored as pp_recordio and as an uncompressed
 * {@code SequenceFile<NullWritable, BytesWritable>}, each read through its own InputFormat's
 * RecordReader over every split of the file, as a job's map tasks would (one op = all splits =
 * the whole data set). Files are written through Hadoop's local file system, so both are read
 * through it with its checksums, as a {@code file://} job reads them.
 *
 * <p>Goal: pp_recordio throughput at least 1.0x SequenceFile's. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar io.pprecordio.benchmarks.Ratios
 * InputFormatReadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// AlwaysPreTouch: without it, the first passes over a fresh heap page-fault on every new page,
// which lands on whichever side allocates more (pp returns each record as a new array) and made
// warm-up and fork-to-fork results swing by 2x.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class InputFormatReadBenchmark {
  @Param({"100", "65536"})
  public int recordBytes;

  /** Payload bytes in each file. */
  @Param({"134217728"})
  public long totalBytes;

  /** {@code mapreduce.input.fileinputformat.split.maxsize}: 4 splits of a 128 MiB file. */
  @Param({"33554432"})
  public long splitBytes;

  /**
   * {@code io.file.buffer.size}, the stream buffer of both readers: Hadoop's default (4 KiB), and
   * 128 KiB, which pp_recordio's reader uses anyway (it opens with at least 128 KiB), so that the
   * SequenceFile baseline can have the same.
   */
  @Param({"4096", "131072"})
  public int ioFileBufferSize;

  private JobConf conf;
  private List<InputSplit> ppSplits;
  private List<InputSplit> seqSplits;

  @Setup
  public void setup() throws IOException, InterruptedException {
    conf = new JobConf();
    conf.setInt("io.file.buffer.size", ioFileBufferSize);
    PairedFiles files = PairedFiles.of(conf, "hadoop", "read", recordBytes, totalBytes);
    Path pp = files.pp;
    Path seq = files.seq;
    ppSplits = splits(new PPRecordInputFormat(), pp);
    seqSplits = splits(new SequenceFileInputFormat<NullWritable, BytesWritable>(), seq);

    // Both sides must move the same records, or the ratio means nothing.
    long ppBytes = readAll(new PPRecordInputFormat(), ppSplits, null);
    long seqBytes = readAll(new SequenceFileInputFormat<>(), seqSplits, null);
    long expected = totalBytes / recordBytes * recordBytes;
    if (ppBytes != expected || seqBytes != expected) {
      throw new IllegalStateException("payload bytes differ: pp " + ppBytes + ", SequenceFile "
          + seqBytes + ", written " + expected);
    }
  }

  private List<InputSplit> splits(FileInputFormat<?, ?> format, Path file)
      throws IOException {
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, file);
    FileInputFormat.setMaxInputSplitSize(job, splitBytes);
    return format.getSplits(job);
  }

  private <K> long readAll(InputFormat<K, BytesWritable> format, List<InputSplit> splits,
      Blackhole bh) throws IOException, InterruptedException {
    long bytes = 0;
    for (InputSplit split : splits) {
      TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
      try (RecordReader<K, BytesWritable> reader = format.createRecordReader(split, context)) {
        reader.initialize(split, context);
        while (reader.nextKeyValue()) {
          BytesWritable value = reader.getCurrentValue();
          bytes += value.getLength();
          if (bh != null) {
            bh.consume(reader.getCurrentKey());
            bh.consume(value);
          }
        }
      }
    }
    return bytes;
  }

  /** pp_recordio through PPRecordInputFormat: resync at each split, both checksums per record. */
  @Benchmark
  public long ppRead(Blackhole bh) throws IOException, InterruptedException {
    return readAll(new PPRecordInputFormat(), ppSplits, bh);
  }

  /** The baseline: SequenceFile through SequenceFileInputFormat, values deserialized in place. */
  @Benchmark
  public long baselineRead(Blackhole bh) throws IOException, InterruptedException {
    return readAll(new SequenceFileInputFormat<>(), seqSplits, bh);
  }
}
