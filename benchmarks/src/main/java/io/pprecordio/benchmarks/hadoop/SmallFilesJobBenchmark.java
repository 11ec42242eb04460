package io.pprecordio.benchmarks.hadoop;

import io.pprecordio.PPRecordWriter;
import io.pprecordio.WriterOptions;
import io.pprecordio.benchmarks.BenchFiles;
import io.pprecordio.hadoop.CombinePPRecordInputFormat;
import io.pprecordio.hadoop.PPRecordInputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
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

/**
 * A map-only LocalJobRunner job that counts the records of 5,000 small pp_recordio files: through
 * {@link CombinePPRecordInputFormat} (a few splits of up to {@code splitBytes}) against
 * {@link PPRecordInputFormat} (one split, so one map task, per file). One op is one whole job,
 * listing included. Run with {@code java -cp benchmarks/target/benchmarks.jar
 * io.pprecordio.benchmarks.Ratios SmallFilesJobBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MINUTES)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class SmallFilesJobBenchmark {
  @Param({"5000"})
  public int files;

  /** Records per file, of 100 random bytes each. */
  @Param({"10"})
  public int recordsPerFile;

  /** {@code mapreduce.input.fileinputformat.split.maxsize} of the combined job. */
  @Param({"1048576"})
  public long splitBytes;

  private Path input;
  private java.nio.file.Path scratch;

  @Setup
  public void setup() throws IOException {
    java.nio.file.Path dir = BenchFiles.dir().resolve("hadoop")
        .resolve("small-" + files + "x" + recordsPerFile);
    if (!Files.isDirectory(dir)) {
      java.nio.file.Path tmp =
          Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".tmp"));
      Random rnd = new Random(42);
      byte[] record = new byte[100];
      for (int i = 0; i < files; i++) {
        try (PPRecordWriter w = PPRecordWriter.create(tmp.resolve(
            String.format("part-%05d.pp_recordio", i)), WriterOptions.defaults())) {
          for (int r = 0; r < recordsPerFile; r++) {
            rnd.nextBytes(record);
            w.write(record);
          }
        }
      }
      Files.move(tmp, dir);
    }
    input = new Path(dir.toUri().toString());
    scratch = Files.createTempDirectory("pprecordio-jobs");
  }

  /** Does nothing with a record: Hadoop's Map input records counter is the count. */
  public static class CountMapper
      extends Mapper<LongWritable, BytesWritable, LongWritable, BytesWritable> {
    @Override
    protected void map(LongWritable key, BytesWritable value, Context context) {
      // counted by the framework
    }
  }

  private long count(Class<? extends InputFormat<LongWritable, BytesWritable>> format)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", scratch.toString());
    conf.setInt("mapreduce.task.io.sort.mb", 4);
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    conf.setInt("mapreduce.client.completion.pollinterval", 50);
    conf.setInt("mapreduce.client.progressmonitor.pollinterval", 50);
    Job job = Job.getInstance(conf, "count");
    job.setInputFormatClass(format);
    FileInputFormat.addInputPath(job, input);
    FileInputFormat.setMaxInputSplitSize(job, splitBytes);
    job.setMapperClass(CountMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputFormatClass(NullOutputFormat.class);
    if (!job.waitForCompletion(false)) {
      throw new IllegalStateException("the job failed");
    }
    long records = job.getCounters().findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue();
    // Both sides must count every record, or the ratio means nothing.
    if (records != (long) files * recordsPerFile) {
      throw new IllegalStateException(records + " records, expected " + files * recordsPerFile);
    }
    return records;
  }

  /** A few map tasks, each reading many files. */
  @Benchmark
  public long ppCombinedCount() throws Exception {
    return count(CombinePPRecordInputFormat.class);
  }

  /** The baseline: one split and one map task per file. */
  @Benchmark
  public long baselineCombinedCount() throws Exception {
    return count(PPRecordInputFormat.class);
  }
}
