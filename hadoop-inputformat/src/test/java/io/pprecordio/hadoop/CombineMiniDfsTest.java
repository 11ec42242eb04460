package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.RangeReads;
import io.pprecordio.ReadStats;
import io.pprecordio.ReaderOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CombinePPRecordInputFormat} over 5,000 tiny files (every 500th damaged) on a
 * MiniDFSCluster in this JVM: a handful of splits, located on the data node, with exactly the
 * files' records through both APIs, and a LocalJobRunner job on HDFS with exactly their counters.
 */
class CombineMiniDfsTest {
  private static final int FILES = 5000;

  @TempDir
  static java.nio.file.Path tmp;
  private static MiniDFSCluster dfs;
  private static DistributedFileSystem fs;
  private static Path input;
  private static List<Fixtures.Content> tinyFiles;
  private static long maxSplitBytes;
  private static long largestFile;

  @BeforeAll
  static void writeInput() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    // A file closes without waiting for the data node's block report (by default the client
    // polls from 400 ms, which made 5,000 small files take half an hour).
    conf.setInt("dfs.namenode.file.close.num-committed-allowed", 1);
    conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 10);
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();
    input = fs.makeQualified(new Path("/tiny"));
    tinyFiles = CombineReads.tinyFiles(FILES, 71);
    // Eight writers: each file costs a few round trips to the name node, little work.
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (Fixtures.Content c : tinyFiles) {
        writes.add(writers.submit(() -> {
          try (OutputStream out = fs.create(new Path(input, c.name()))) {
            out.write(c.bytes());
          }
          return null;
        }));
      }
      for (Future<?> w : writes) {
        w.get();
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IOException("writing the input failed", e);
    } finally {
      writers.shutdown();
    }
    // A quarter of the input per split: four or five splits for 5,000 files.
    maxSplitBytes = CombineReads.totalBytes(tinyFiles) / 4;
    largestFile = tinyFiles.stream().mapToLong(c -> c.bytes().length).max().getAsLong();
  }

  @AfterAll
  static void stop() {
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  /** A LocalJobRunner configuration on the cluster's HDFS. */
  private static Configuration conf() {
    Configuration conf = LocalJobRunnerTest.localConf(tmp);
    conf.set("fs.defaultFS", fs.getUri().toString());
    conf.addResource(fs.getConf());
    return conf;
  }

  @Test
  void tinyFilesMakeAHandfulOfSplitsWithExactRecords() throws Exception {
    Configuration conf = conf();
    List<InputSplit> splits = CombineReads.splits(conf, input, maxSplitBytes);
    assertTrue(splits.size() >= 4 && splits.size() <= 6, splits.size() + " splits");
    int pieces = 0;
    for (InputSplit split : splits) {
      // A split closes once it reaches the maximum, so it may pass it by its last piece.
      long length = split.getLength();
      assertTrue(length < maxSplitBytes + largestFile,
          () -> length + " bytes in a split, above " + maxSplitBytes + " + " + largestFile);
      pieces += ((CombineFileSplit) split).getNumPaths();
    }
    assertEquals(FILES, pieces, "each tiny file is one piece of one split");
    List<Rec> got = CombineReads.read(conf, splits);
    assertEquals(Fixtures.all(tinyFiles), Rec.sorted(got));
  }

  @Test
  void oldApiTinyFilesMakeAHandfulOfSplitsWithExactRecords() throws Exception {
    CombineReads.OldApiRead read = CombineReads.readOldApi(conf(), input, maxSplitBytes);
    assertTrue(read.splits() >= 4 && read.splits() <= 6, read.splits() + " splits");
    assertEquals(Fixtures.all(tinyFiles), Rec.sorted(read.records()));
  }

  /** Counts its map tasks; Hadoop's Map input records counts the records. */
  public static class CountMapper
      extends Mapper<LongWritable, BytesWritable, LongWritable, BytesWritable> {
    static final String GROUP = "test";
    static final String MAP_TASKS = "map tasks";

    @Override
    protected void setup(Context context) {
      context.getCounter(GROUP, MAP_TASKS).increment(1);
    }

    @Override
    protected void map(LongWritable key, BytesWritable value, Context context) {
      // Nothing: the records are counted by Hadoop.
    }
  }

  /** A map-only LocalJobRunner job: a handful of map tasks, every record, exact counters. */
  @Test
  void localJobRunsAHandfulOfMapsWithExactCounters() throws Exception {
    Job job = Job.getInstance(conf(), "combined count");
    job.setInputFormatClass(CombinePPRecordInputFormat.class);
    FileInputFormat.addInputPath(job, input);
    FileInputFormat.setMaxInputSplitSize(job, maxSplitBytes);
    job.setMapperClass(CountMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputFormatClass(NullOutputFormat.class);
    assertTrue(job.waitForCompletion(false));

    long maps = job.getCounters().findCounter(CountMapper.GROUP, CountMapper.MAP_TASKS)
        .getValue();
    assertTrue(maps >= 4 && maps <= 6, maps + " map tasks");
    assertEquals(Fixtures.all(tinyFiles).size(),
        job.getCounters().findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue());
    long regions = 0;
    long tornTails = 0;
    for (Fixtures.Content c : tinyFiles) {
      ReadStats whole = RangeReads.readWhole(c.bytes(), ReaderOptions.defaults()).stats;
      regions += whole.corruptRegions();
      tornTails += whole.tornTails();
    }
    assertTrue(regions > 0);
    assertEquals(regions, job.getCounters().findCounter(PPRecordCounter.CORRUPT_REGIONS)
        .getValue());
    assertEquals(tornTails, job.getCounters().findCounter(PPRecordCounter.TORN_TAILS).getValue());
  }
}
