package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.FormatVersion;
import io.pprecordio.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapReduceBase;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real MapReduce jobs on the LocalJobRunner, pp_recordio in and pp_recordio out, with both APIs.
 * The input mixes clean, damaged and whole-file gzip files; the jobs tag each record with its file
 * and key, so the output is checked record by record.
 */
class LocalJobRunnerTest {
  private static final long SPLIT_BYTES = 128 << 10;

  @TempDir
  static java.nio.file.Path tmp;
  private static Path input;
  private static List<Rec> expected;
  private static Fixtures.Damaged damaged;

  @BeforeAll
  static void writeInput() throws IOException {
    java.nio.file.Path dir = Files.createDirectory(tmp.resolve("in"));
    List<Fixtures.Content> contents = new ArrayList<>();
    contents.add(Fixtures.mixed("big.pp_recordio", 21, 400, true));
    contents.add(Fixtures.mixed("small.pp_recordio", 22, 50, false));
    damaged = Fixtures.damaged("damaged.pp_recordio", TestData.mixed(new Random(23), 80, false));
    contents.add(damaged.content());
    for (Fixtures.Content c : contents) {
      Fixtures.write(dir, c.name(), c.bytes());
    }
    Fixtures.Content zipped = Fixtures.mixed("zipped.pp_recordio", 24, 60, false);
    Fixtures.write(dir, "zipped.pp_recordio.gz", Fixtures.gzip(zipped.bytes()));
    contents.add(new Fixtures.Content("zipped.pp_recordio.gz", null, zipped.records().stream()
        .map(r -> new Rec("zipped.pp_recordio.gz", r.offset(), r.payload())).toList()));
    expected = Fixtures.all(contents);
    input = Fixtures.hadoopPath(dir);
  }

  static Configuration localConf() {
    return localConf(tmp);
  }

  /** A LocalJobRunner configuration whose Hadoop temporary files go under {@code tmpDir}. */
  static Configuration localConf(java.nio.file.Path tmpDir) {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", tmpDir.resolve("hadoop-tmp").toString());
    conf.setInt("mapreduce.task.io.sort.mb", 4); // not 100 MB per map task
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    conf.setInt("mapreduce.client.completion.pollinterval", 50); // not 5 s per job
    conf.setInt("mapreduce.client.progressmonitor.pollinterval", 50);
    return conf;
  }

  /** Emits each record tagged with its file and key, keyed by the key so reducers share them. */
  public static class TagMapper
      extends Mapper<LongWritable, BytesWritable, LongWritable, BytesWritable> {
    @Override
    protected void map(LongWritable key, BytesWritable value, Context context)
        throws IOException, InterruptedException {
      String file = ((FileSplit) context.getInputSplit()).getPath().getName();
      context.write(key, new BytesWritable(
          Tags.encode(file, key.get(), value.getBytes(), value.getLength())));
    }
  }

  public static class ValueReducer
      extends Reducer<LongWritable, BytesWritable, NullWritable, BytesWritable> {
    @Override
    protected void reduce(LongWritable key, Iterable<BytesWritable> values, Context context)
        throws IOException, InterruptedException {
      for (BytesWritable v : values) {
        context.write(NullWritable.get(), v);
      }
    }
  }

  @Test
  void mapreduceApiJobWithReducers() throws Exception {
    Job job = Job.getInstance(localConf(), "pp_recordio mapreduce");
    job.setInputFormatClass(PPRecordInputFormat.class);
    FileInputFormat.addInputPath(job, input);
    FileInputFormat.setMaxInputSplitSize(job, SPLIT_BYTES);
    job.setMapperClass(TagMapper.class);
    job.setMapOutputKeyClass(LongWritable.class);
    job.setMapOutputValueClass(BytesWritable.class);
    job.setReducerClass(ValueReducer.class);
    job.setNumReduceTasks(2);
    job.setOutputFormatClass(PPRecordOutputFormat.class);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    PPRecordOutputFormat.setCodec(job, Codec.ZSTD);
    Path out = Fixtures.hadoopPath(tmp.resolve("out-mapreduce"));
    FileOutputFormat.setOutputPath(job, out);

    assertTrue(job.waitForCompletion(false), "job failed");

    List<OutputFiles.Part> parts = OutputFiles.read(job.getConfiguration(), out, ".pp_recordio");
    assertEquals(List.of("part-r-00000.pp_recordio", "part-r-00001.pp_recordio"),
        parts.stream().map(OutputFiles.Part::name).toList());
    assertEquals(expected, OutputFiles.tagged(parts));
    for (OutputFiles.Part p : parts) {
      for (long offset : p.offsets()) {
        FrameBytes.assertFrame(p.bytes(), (int) offset, FormatVersion.V2, Codec.ZSTD);
      }
    }
    var counters = job.getCounters();
    assertTrue(counters.findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue() == expected.size());
    assertTrue(job.getConfiguration().getLong(FileInputFormat.SPLIT_MAXSIZE, 0) == SPLIT_BYTES);
    assertEquals(damaged.corruptRegions(),
        counters.findCounter(PPRecordCounter.CORRUPT_REGIONS).getValue());
    assertEquals(damaged.skippedBytes(),
        counters.findCounter(PPRecordCounter.SKIPPED_BYTES).getValue());
    assertEquals(1, counters.findCounter(PPRecordCounter.TORN_TAILS).getValue());
    assertEquals(damaged.tornTailBytes(),
        counters.findCounter(PPRecordCounter.TORN_TAIL_BYTES).getValue());
    assertEquals("Corrupt regions skipped",
        counters.findCounter(PPRecordCounter.CORRUPT_REGIONS).getDisplayName());
  }

  /** Old-API mapper: the same tagging, written directly (map-only). */
  public static class OldTagMapper extends MapReduceBase
      implements org.apache.hadoop.mapred.Mapper<LongWritable, BytesWritable, NullWritable,
          BytesWritable> {
    @Override
    public void map(LongWritable key, BytesWritable value,
        OutputCollector<NullWritable, BytesWritable> output, Reporter reporter) throws IOException {
      String file =
          ((org.apache.hadoop.mapred.FileSplit) reporter.getInputSplit()).getPath().getName();
      output.collect(NullWritable.get(), new BytesWritable(
          Tags.encode(file, key.get(), value.getBytes(), value.getLength())));
    }
  }

  private static JobConf oldApiJob(Path out) {
    JobConf job = new JobConf(localConf(), LocalJobRunnerTest.class);
    job.setJobName("pp_recordio mapred");
    job.setInputFormat(io.pprecordio.hadoop.mapred.PPRecordInputFormat.class);
    org.apache.hadoop.mapred.FileInputFormat.setInputPaths(job, input);
    // The LocalJobRunner asks the old API for one split per file, which then splits at the
    // file system's block size: make local "blocks" small, in a file system of this job's own.
    job.setBoolean("fs.file.impl.disable.cache", true);
    job.setLong("fs.local.block.size", SPLIT_BYTES);
    job.setMapperClass(OldTagMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputFormat(io.pprecordio.hadoop.mapred.PPRecordOutputFormat.class);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    org.apache.hadoop.mapred.FileOutputFormat.setOutputPath(job, out);
    return job;
  }

  @Test
  void mapredApiMapOnlyJobWritingV1Gzip() throws Exception {
    Path out = Fixtures.hadoopPath(tmp.resolve("out-mapred"));
    JobConf job = oldApiJob(out);
    io.pprecordio.hadoop.mapred.PPRecordOutputFormat.setFormatVersion(job, FormatVersion.V1);
    io.pprecordio.hadoop.mapred.PPRecordOutputFormat.setCodec(job, Codec.GZIP);

    RunningJob running = JobClient.runJob(job);
    assertTrue(running.isSuccessful());

    List<OutputFiles.Part> parts = OutputFiles.read(job, out, ".pp_recordio");
    assertTrue(parts.size() > 8, "expected one file per map task, got " + parts.size());
    assertTrue(parts.stream().allMatch(p -> p.name().startsWith("part-")), parts.toString());
    assertEquals(expected, OutputFiles.tagged(parts));
    for (OutputFiles.Part p : parts) {
      for (long offset : p.offsets()) {
        FrameBytes.assertFrame(p.bytes(), (int) offset, FormatVersion.V1, Codec.GZIP);
      }
    }
    org.apache.hadoop.mapred.Counters counters = running.getCounters();
    assertEquals(damaged.corruptRegions(), counters.getCounter(PPRecordCounter.CORRUPT_REGIONS));
    assertEquals(damaged.skippedBytes(), counters.getCounter(PPRecordCounter.SKIPPED_BYTES));
    assertEquals(1, counters.getCounter(PPRecordCounter.TORN_TAILS));
  }

  @Test
  void wholeFileCompressedOutputReadsBack() throws Exception {
    Job job = Job.getInstance(localConf(), "pp_recordio gzip output");
    job.setInputFormatClass(PPRecordInputFormat.class);
    FileInputFormat.addInputPath(job, input);
    job.setMapperClass(TagMapper.class);
    job.setMapOutputKeyClass(LongWritable.class);
    job.setMapOutputValueClass(BytesWritable.class);
    job.setReducerClass(ValueReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputFormatClass(PPRecordOutputFormat.class);
    Path out = Fixtures.hadoopPath(tmp.resolve("out-gz"));
    FileOutputFormat.setOutputPath(job, out);
    FileOutputFormat.setCompressOutput(job, true);
    FileOutputFormat.setOutputCompressorClass(job, org.apache.hadoop.io.compress.GzipCodec.class);
    assertTrue(job.waitForCompletion(false), "job failed");

    // Read back through the input format: one unsplit .gz file, every record once.
    SplitReads.Result back = SplitReads.readNew(localConf(), out, 1024);
    assertEquals(1, back.splits);
    assertEquals("part-r-00000.pp_recordio.gz", back.records.get(0).file());
    List<Rec> decoded = new ArrayList<>();
    for (Rec r : back.records) {
      decoded.add(Tags.decode(r.payload()));
    }
    assertEquals(expected, Rec.sorted(decoded));
  }

  @Test
  void failModeFailsTheJobNamingFileAndOffset() throws Exception {
    Job job = Job.getInstance(localConf(), "pp_recordio fail mode");
    job.setInputFormatClass(PPRecordInputFormat.class);
    FileInputFormat.addInputPath(job, input);
    PPRecordInputFormat.setCorruptionPolicy(job, CorruptionPolicy.FAIL);
    job.setMapperClass(TagMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(LongWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    job.setOutputFormatClass(org.apache.hadoop.mapreduce.lib.output.NullOutputFormat.class);
    try (LogCapture log = new LogCapture(org.apache.hadoop.mapred.LocalJobRunner.class)) {
      assertFalse(job.waitForCompletion(false), "job should fail on the damaged file");
      assertTrue(log.text().contains("CorruptRecordException: corrupt pp_recordio data in "
          + input + "/damaged.pp_recordio at offset " + damaged.firstDamageOffset()), log.text());
    }
  }

  @Test
  void mapredFailModeFailsTheJob() {
    Path out = Fixtures.hadoopPath(tmp.resolve("out-mapred-fail"));
    JobConf job = oldApiJob(out);
    io.pprecordio.hadoop.mapred.PPRecordInputFormat.setCorruptionPolicy(job,
        CorruptionPolicy.FAIL);
    try (LogCapture log = new LogCapture(org.apache.hadoop.mapred.LocalJobRunner.class)) {
      IOException e = assertThrows(IOException.class, () -> JobClient.runJob(job));
      assertTrue(e.getMessage().contains("failed"), e.getMessage());
      assertTrue(log.text().contains("damaged.pp_recordio at offset "
          + damaged.firstDamageOffset()), log.text());
    }
  }
}
