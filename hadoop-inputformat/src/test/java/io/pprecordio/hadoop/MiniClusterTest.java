package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptionPolicy;
import io.pprecordio.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HDFS with 1 MiB blocks and a MapReduce cluster on YARN, in this JVM (task JVMs are real child
 * processes): splits follow the blocks and records that straddle block boundaries are read once;
 * a job whose map task fails on its first attempt still commits every record exactly once; fail
 * mode fails the task with the file and offset in its diagnostics.
 */
class MiniClusterTest {
  private static final int BLOCK = 1 << 20;

  @TempDir
  static java.nio.file.Path tmp;
  private static MiniDFSCluster dfs;
  private static DistributedFileSystem fs;
  private static MiniMRYarnCluster yarn;
  private static Path input;
  private static List<Rec> expected;
  /** A smaller input for the YARN job, whose task JVMs are slow to start: three blocks. */
  private static Path yarnInput;
  private static List<Rec> yarnExpected;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    conf.setLong("dfs.blocksize", BLOCK);
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();

    input = new Path("/in");
    List<Fixtures.Content> contents = new ArrayList<>();
    contents.add(Fixtures.mixed("blocks.pp_recordio", 31, 5000, true));
    contents.add(Fixtures.mixed("more.pp_recordio", 32, 3000, true));
    contents.add(Fixtures.clean("large-records.pp_recordio", largeRecords()));
    for (Fixtures.Content c : contents) {
      try (OutputStream out = fs.create(new Path(input, c.name()))) {
        out.write(c.bytes());
      }
    }
    expected = Fixtures.all(contents);

    yarnInput = new Path("/in-yarn");
    Fixtures.Content three = Fixtures.mixed("three-blocks.pp_recordio", 34, 3000, true);
    try (OutputStream out = fs.create(new Path(yarnInput, three.name()))) {
      out.write(three.bytes());
    }
    yarnExpected = three.records();
    startYarn();
  }

  /** A MapReduce cluster on the HDFS above, tuned to start and turn around at test speed. */
  private static void startYarn() {
    yarn = new MiniMRYarnCluster("pprecordio", 1);
    Configuration clusterConf = new Configuration(fs.getConf());
    clusterConf.set("fs.defaultFS", fs.getUri().toString());
    clusterConf.set("yarn.app.mapreduce.am.staging-dir", "/staging");
    String javaHome = "JAVA_HOME=" + System.getProperty("java.home");
    // Short-lived task JVMs: C1 only starts them faster.
    String opts = "-Xmx400m -XX:TieredStopAtLevel=1 "
        + System.getProperty("pprecordio.test.jdk17.opens", "");
    clusterConf.set("yarn.app.mapreduce.am.env", javaHome);
    clusterConf.set("mapreduce.map.env", javaHome);
    clusterConf.set("mapreduce.reduce.env", javaHome);
    clusterConf.set("yarn.app.mapreduce.am.command-opts", opts);
    clusterConf.set("mapreduce.map.java.opts", opts);
    clusterConf.set("mapreduce.reduce.java.opts", opts);
    clusterConf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    clusterConf.setInt("mapreduce.map.memory.mb", 512);
    clusterConf.setInt("mapreduce.reduce.memory.mb", 512);
    // Heartbeats and polls at test speed rather than production's 1 s to 5 s.
    clusterConf.setInt("yarn.resourcemanager.nodemanagers.heartbeat-interval-ms", 100);
    clusterConf.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 100);
    clusterConf.setInt("mapreduce.client.completion.pollinterval", 100);
    clusterConf.setInt("mapreduce.client.progressmonitor.pollinterval", 100);
    // Once the application master is gone, ask the history server at once.
    clusterConf.setInt("yarn.app.mapreduce.client-am.ipc.max-retries", 0);
    clusterConf.setInt("ipc.client.connect.retry.interval", 100);
    // Delete container logs at once, or stopping the node manager waits for the deletions.
    clusterConf.setInt("yarn.nodemanager.log.retain-seconds", 0);
    yarn.init(clusterConf);
    yarn.start();
  }

  /** Records of 100 KiB to 700 KiB, so that many frames straddle block boundaries. */
  private static TestData.Written largeRecords() throws IOException {
    Random rnd = new Random(33);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      records.add(TestData.randomBytes(rnd, (100 << 10) + rnd.nextInt(600 << 10)));
    }
    return TestData.write(records, io.pprecordio.WriterOptions.defaults());
  }

  @AfterAll
  static void stop() {
    if (yarn != null) {
      yarn.stop();
    }
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  @Test
  void splitsFollowBlocksAndReadEveryRecordOnce() throws Exception {
    Configuration conf = new Configuration(fs.getConf());
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, fs.makeQualified(input));
    List<InputSplit> splits = new PPRecordInputFormat().getSplits(job);
    int blocks = 0;
    for (FileStatus st : fs.listStatus(input)) {
      BlockLocation[] locations = fs.getFileBlockLocations(st, 0, st.getLen());
      blocks += locations.length;
      assertTrue(locations.length >= 3, st.getPath() + " should span several blocks");
    }
    // FileInputFormat folds a last block of less than 10% into the previous split.
    assertTrue(splits.size() >= blocks - 3 && splits.size() <= blocks,
        splits.size() + " splits for " + blocks + " blocks");
    for (InputSplit s : splits) {
      FileSplit split = (FileSplit) s;
      assertEquals(0, split.getStart() % BLOCK, split.toString());
      assertTrue(split.getLength() <= BLOCK * 11L / 10, split.toString());
      assertTrue(split.getLocations().length > 0, "no block location for " + split);
      assertTrue(split.getPath().toString().startsWith("hdfs://"), split.toString());
    }

    SplitReads.Result result = SplitReads.readNew(conf, fs.makeQualified(input), Long.MAX_VALUE);
    assertEquals(splits.size(), result.splits);
    assertEquals(expected, Rec.sorted(result.records));
    SplitReads.Result old = SplitReads.readOld(conf, fs.makeQualified(input), BLOCK);
    assertEquals(expected, Rec.sorted(old.records));
  }

  /**
   * A block file of three HDFS blocks, with a damaged block in the first and the last: splits
   * follow the HDFS blocks, each record comes once under its key, each damaged block is one region.
   */
  @Test
  void blockFileSplitsAtHdfsBlocks() throws Exception {
    Fixtures.Damaged damaged = BlockFiles.damaged("block-mode.pp_recordio", 36, 12_000);
    Path dir = fs.makeQualified(new Path("/in-block-mode"));
    try (OutputStream out = fs.create(new Path(dir, damaged.content().name()))) {
      out.write(damaged.content().bytes());
    }
    assertTrue(damaged.content().bytes().length > 2 * BLOCK, "spans three HDFS blocks");
    Configuration conf = new Configuration(fs.getConf());
    for (SplitReads.Result result : List.of(SplitReads.readNew(conf, dir, Long.MAX_VALUE),
        SplitReads.readOld(conf, dir, BLOCK))) {
      assertEquals(3, result.splits);
      assertEquals(Rec.sorted(damaged.content().records()), Rec.sorted(result.records));
      assertEquals(2, result.counter(PPRecordCounter.CORRUPT_REGIONS));
      assertEquals(damaged.skippedBytes(), result.counter(PPRecordCounter.SKIPPED_BYTES));
      assertEquals(1, result.counter(PPRecordCounter.TORN_TAILS));
    }
    List<Rec> all = damaged.content().records();
    List<Rec> sample = java.util.stream.IntStream.range(0, all.size()).filter(i -> i % 40 == 0)
        .mapToObj(all::get).toList(); // across all three HDFS blocks
    BlockFiles.assertReadableByKey(conf, dir, sample);
  }

  @Test
  void hdfsStreamsFillDirectBuffersThemselves() throws Exception {
    Path file = new Path(input, "large-records.pp_recordio");
    long size = fs.getFileStatus(file).getLen();
    byte[] expectedBytes = new byte[(int) size];
    try (org.apache.hadoop.fs.FSDataInputStream in = fs.open(file)) {
      in.readFully(0, expectedBytes);
    }
    try (FSDataInputChannel ch = new FSDataInputChannel(fs.open(file), size)) {
      assertTrue(ch.readsIntoByteBuffers(), "HDFS streams are ByteBufferReadable");
      java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(300_000);
      for (long at : new long[] {BLOCK - 1000, 17, size - 5000, 3L * BLOCK + 1}) {
        ch.position(at);
        direct.clear();
        while (direct.hasRemaining() && ch.read(direct) > 0) {
          // Reads stop at block boundaries; keep going.
        }
        direct.flip();
        byte[] got = new byte[direct.remaining()];
        direct.get(got);
        assertEquals(Math.min(300_000, size - at), got.length, "at " + at);
        assertTrue(java.util.Arrays.equals(got, java.util.Arrays.copyOfRange(expectedBytes,
            (int) at, (int) at + got.length)), "bytes at " + at);
      }
    }
  }

  /** Tags records like {@link LocalJobRunnerTest.TagMapper}; its first attempt of task 1 dies. */
  public static class FailOnceMapper
      extends Mapper<LongWritable, BytesWritable, NullWritable, BytesWritable> {
    private int seen;

    @Override
    protected void map(LongWritable key, BytesWritable value, Context context)
        throws IOException, InterruptedException {
      String file = ((FileSplit) context.getInputSplit()).getPath().getName();
      context.write(NullWritable.get(), new BytesWritable(
          Tags.encode(file, key.get(), value.getBytes(), value.getLength())));
      if (++seen == 50 && context.getTaskAttemptID().getTaskID().getId() == 1
          && context.getTaskAttemptID().getId() == 0) {
        throw new IOException("injected failure of the first attempt, after 50 records");
      }
    }
  }

  private static Job yarnJob(String name) throws IOException {
    Job job = Job.getInstance(new Configuration(yarn.getConfig()), name);
    job.setInputFormatClass(PPRecordInputFormat.class);
    job.setNumReduceTasks(0);
    job.setMapSpeculativeExecution(false); // exactly one retry, and no spare JVMs to start
    job.setOutputFormatClass(PPRecordOutputFormat.class);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    return job;
  }

  @Test
  void yarnJobWithARetriedMapTaskWritesEveryRecordOnce() throws Exception {
    Job job = yarnJob("pp_recordio retry");
    FileInputFormat.setInputPaths(job, fs.makeQualified(yarnInput));
    job.setMapperClass(FailOnceMapper.class);
    Path out = fs.makeQualified(new Path("/out-yarn"));
    FileOutputFormat.setOutputPath(job, out);

    assertTrue(job.waitForCompletion(false), "job failed: " + job.getStatus().getFailureInfo());

    assertEquals(1, job.getCounters().findCounter(JobCounter.NUM_FAILED_MAPS).getValue());
    assertEquals(4, job.getCounters().findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue(),
        "three block splits, one of them run twice");
    List<OutputFiles.Part> parts = OutputFiles.read(fs.getConf(), out, ".pp_recordio");
    assertEquals(List.of("part-m-00000.pp_recordio", "part-m-00001.pp_recordio",
        "part-m-00002.pp_recordio"), parts.stream().map(OutputFiles.Part::name).toList());
    assertEquals(yarnExpected, OutputFiles.tagged(parts));
    assertFalse(fs.exists(new Path(out, "_temporary")), "attempt files left behind");
  }

  /** Passes records through unchanged. */
  public static class CopyMapper
      extends Mapper<LongWritable, BytesWritable, NullWritable, BytesWritable> {
    @Override
    protected void map(LongWritable key, BytesWritable value, Context context)
        throws IOException, InterruptedException {
      context.write(NullWritable.get(), value);
    }
  }

  @Test
  void yarnFailModeFailsTheTaskNamingFileAndOffset() throws Exception {
    Fixtures.Damaged damaged =
        Fixtures.damaged("damaged.pp_recordio", TestData.mixed(new Random(35), 40, false));
    Path in = fs.makeQualified(new Path("/in-damaged/damaged.pp_recordio"));
    try (OutputStream out = fs.create(in)) {
      out.write(damaged.content().bytes());
    }
    Job job = yarnJob("pp_recordio fail mode");
    FileInputFormat.setInputPaths(job, in);
    PPRecordInputFormat.setCorruptionPolicy(job, CorruptionPolicy.FAIL);
    job.getConfiguration().setInt("mapreduce.map.maxattempts", 1);
    // One small task: run it inside the application master's JVM rather than start another.
    job.getConfiguration().setBoolean("mapreduce.job.ubertask.enable", true);
    job.setMapperClass(CopyMapper.class);
    FileOutputFormat.setOutputPath(job, fs.makeQualified(new Path("/out-damaged")));

    assertFalse(job.waitForCompletion(false), "the damaged input should fail the job");

    StringBuilder diagnostics = new StringBuilder();
    for (TaskCompletionEvent event : job.getTaskCompletionEvents(0, 10)) {
      for (String d : job.getTaskDiagnostics(event.getTaskAttemptId())) {
        diagnostics.append(d).append('\n');
      }
    }
    assertTrue(diagnostics.toString().contains("CorruptRecordException: corrupt pp_recordio data in "
        + in + " at offset " + damaged.firstDamageOffset()), diagnostics.toString());
  }
}
