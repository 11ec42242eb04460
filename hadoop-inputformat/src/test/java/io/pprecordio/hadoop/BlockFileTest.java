package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.PPRecordReader;
import io.pprecordio.WriterOptions;
import io.pprecordio.hadoop.SplitReads.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Block files (FORMAT.md 3.4) through both APIs' readers, split at sizes from two bytes to the
 * whole file: each record exactly once, keyed by {@code RecordAddress.key()} (unique, and
 * reversible into a {@code readRecordAt} address), two damaged blocks counted as two regions and
 * a torn block as a torn tail; LocalJobRunner jobs of both APIs that read the file and write
 * block files, which read back; and small block files through the Combine formats.
 */
class BlockFileTest {
  private static final Configuration CONF = new Configuration();

  @TempDir
  static java.nio.file.Path tmp;
  private static java.nio.file.Path localDir;
  private static Path dir;
  private static Fixtures.Damaged damaged;

  @BeforeAll
  static void writeInput() throws IOException {
    localDir = Files.createDirectory(tmp.resolve("blocks"));
    damaged = BlockFiles.damaged("blocks.pp_recordio", 81, 120);
    Fixtures.write(localDir, damaged.content().name(), damaged.content().bytes());
    dir = Fixtures.hadoopPath(localDir);
  }

  /**
   * Tiny sizes around a frame header's 40 bytes (splits end inside every header and every length
   * prefix of a block), then sizes 20% apart up to the whole file, and more than it.
   */
  static List<Long> splitSizes(long fileLength) {
    List<Long> sizes = new ArrayList<>(List.of(2L, 3L, 7L, 17L, 29L, 39L, 40L, 41L, 47L));
    for (long s = 58; s < fileLength; s = s * 6 / 5) {
      sizes.add(s);
    }
    sizes.addAll(List.of(fileLength - 1, fileLength, Long.MAX_VALUE));
    return sizes;
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void everySplitSizeReadsEachRecordOnceWithReversibleKeys(Api api) throws Exception {
    List<Rec> expected = Rec.sorted(damaged.content().records());
    long length = damaged.content().bytes().length;
    for (long size : splitSizes(length)) {
      SplitReads.Result result = SplitReads.read(api, CONF, dir, size);
      String at = api + " split.maxsize=" + size;
      assertEquals(expected, Rec.sorted(result.records), at);
      assertEquals(damaged.corruptRegions(), result.counter(PPRecordCounter.CORRUPT_REGIONS), at);
      assertEquals(damaged.skippedBytes(), result.counter(PPRecordCounter.SKIPPED_BYTES), at);
      assertEquals(1, result.counter(PPRecordCounter.TORN_TAILS), at);
      assertEquals(damaged.tornTailBytes(), result.counter(PPRecordCounter.TORN_TAIL_BYTES), at);
      if (size < length / 2) {
        assertTrue(result.splits > 1, at + ": " + result.splits + " splits");
      }
      if (size == 97) {
        BlockFiles.assertReadableByKey(CONF, dir, result.records);
      }
    }
  }

  @Test
  void theFixtureHasBlocksWhoseKeysAreNotOffsets() {
    List<Rec> records = damaged.content().records();
    long inBlocks = records.stream().filter(r -> r.offset() >= 1L << 48).count();
    assertTrue(inBlocks > records.size() / 2, inBlocks + " of " + records.size());
    assertTrue(records.size() > 90, records.size() + " survivors");
  }

  /**
   * A LocalJobRunner job reads the block file in 1000-byte splits and writes zstd blocks of up to
   * 16 records through two reducers; the output reads back, through the input format at several
   * split sizes, as exactly the input's records with their keys.
   */
  @Test
  void mapreduceJobReadsAndWritesBlocks() throws Exception {
    Job job = Job.getInstance(LocalJobRunnerTest.localConf(tmp), "pp_recordio blocks");
    job.setInputFormatClass(PPRecordInputFormat.class);
    FileInputFormat.addInputPath(job, dir);
    FileInputFormat.setMaxInputSplitSize(job, 1000);
    job.setMapperClass(LocalJobRunnerTest.TagMapper.class);
    job.setMapOutputKeyClass(LongWritable.class);
    job.setMapOutputValueClass(BytesWritable.class);
    job.setReducerClass(LocalJobRunnerTest.ValueReducer.class);
    job.setNumReduceTasks(2);
    job.setOutputFormatClass(PPRecordOutputFormat.class);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    PPRecordOutputFormat.setCodec(job, Codec.ZSTD);
    PPRecordOutputFormat.setBlock(job, 16, 4096);
    java.nio.file.Path localOut = tmp.resolve("out-mapreduce");
    FileOutputFormat.setOutputPath(job, Fixtures.hadoopPath(localOut));

    assertTrue(job.waitForCompletion(false), "job failed");

    List<Rec> expected = Rec.sorted(damaged.content().records());
    Counters counters = job.getCounters();
    assertEquals(expected.size(), counters.findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue(),
        "records, not frames");
    assertEquals(damaged.corruptRegions(),
        counters.findCounter(PPRecordCounter.CORRUPT_REGIONS).getValue());
    assertEquals(damaged.skippedBytes(),
        counters.findCounter(PPRecordCounter.SKIPPED_BYTES).getValue());
    assertEquals(1, counters.findCounter(PPRecordCounter.TORN_TAILS).getValue());
    assertOutputInBlocks(job.getConfiguration(), localOut, 16, Codec.ZSTD, expected);
  }

  /** The same with the old API, map-only, with core's default block size and gzip blocks. */
  @Test
  void mapredJobReadsAndWritesBlocks() throws Exception {
    java.nio.file.Path localOut = tmp.resolve("out-mapred");
    JobConf job = new JobConf(LocalJobRunnerTest.localConf(tmp), BlockFileTest.class);
    job.setInputFormat(io.pprecordio.hadoop.mapred.PPRecordInputFormat.class);
    org.apache.hadoop.mapred.FileInputFormat.setInputPaths(job, dir);
    job.setBoolean("fs.file.impl.disable.cache", true);
    job.setLong("fs.local.block.size", 4096); // old-API splits follow the block size
    job.setMapperClass(LocalJobRunnerTest.OldTagMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputFormat(io.pprecordio.hadoop.mapred.PPRecordOutputFormat.class);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    io.pprecordio.hadoop.mapred.PPRecordOutputFormat.setCodec(job, Codec.GZIP);
    io.pprecordio.hadoop.mapred.PPRecordOutputFormat.setBlock(job, true);
    org.apache.hadoop.mapred.FileOutputFormat.setOutputPath(job, Fixtures.hadoopPath(localOut));

    RunningJob running = JobClient.runJob(job);
    assertTrue(running.isSuccessful());

    List<Rec> expected = Rec.sorted(damaged.content().records());
    org.apache.hadoop.mapred.Counters counters = running.getCounters();
    assertEquals(expected.size(), counters.getCounter(TaskCounter.MAP_INPUT_RECORDS));
    assertEquals(damaged.corruptRegions(), counters.getCounter(PPRecordCounter.CORRUPT_REGIONS));
    assertOutputInBlocks(job, localOut, WriterOptions.DEFAULT_BLOCK_RECORDS, Codec.GZIP,
        expected);
  }

  /**
   * The job's output holds block frames of at most {@code maxRecords} records in {@code codec},
   * some with more than one record, whose tagged records are {@code expected}; read back through
   * both input formats at several split sizes, each record comes once under a reversible key.
   */
  private static void assertOutputInBlocks(Configuration conf, java.nio.file.Path localOut,
      int maxRecords, Codec codec, List<Rec> expected) throws Exception {
    List<OutputFiles.Part> parts = OutputFiles.read(conf, Fixtures.hadoopPath(localOut),
        ".pp_recordio");
    assertTrue(parts.size() > 1, parts.size() + " parts");
    assertEquals(expected, OutputFiles.tagged(parts));
    int largestBlock = 0;
    for (OutputFiles.Part p : parts) {
      try (PPRecordReader reader = PPRecordReader.open(localOut.resolve(p.name()))) {
        while (reader.advance()) {
          assertEquals(codec, reader.codec(), p.name());
          assertTrue(reader.recordsInFrame() <= maxRecords, p.name());
          largestBlock = Math.max(largestBlock, reader.recordsInFrame());
        }
      }
    }
    assertTrue(largestBlock > 1, "no record shared a block");

    Configuration readConf = LocalJobRunnerTest.localConf(tmp);
    for (long size : new long[] {7, 333, 4096, Long.MAX_VALUE}) {
      for (Api api : Api.values()) {
        SplitReads.Result back = SplitReads.read(api, readConf, Fixtures.hadoopPath(localOut),
            size);
        assertEquals(0, back.counter(PPRecordCounter.CORRUPT_REGIONS));
        List<Rec> decoded = new ArrayList<>();
        for (Rec r : back.records) {
          decoded.add(Tags.decode(r.payload()));
        }
        assertEquals(expected, Rec.sorted(decoded), api + " split.maxsize=" + size);
        if (size == 333) {
          BlockFiles.assertReadableByKey(readConf, Fixtures.hadoopPath(localOut),
              back.records);
        }
      }
    }
  }

  /** Keys of a file compressed as a whole are stream positions: no record is read by them. */
  @Test
  void readRecordRefusesWholeFileCompressedFiles() throws IOException {
    java.nio.file.Path local = Files.createDirectory(tmp.resolve("gz"));
    Path gz = Fixtures.write(local, "blocks.pp_recordio.gz",
        Fixtures.gzip(damaged.content().bytes()));
    IOException e = assertThrows(IOException.class,
        () -> PPRecordInputFormat.readRecord(CONF, gz, 0));
    assertTrue(e.getMessage().contains("compressed as a whole"), e.getMessage());
  }

  /** Small block files, and the damaged one, in combined splits of 2 KiB: every record once. */
  @Test
  void combineFormatsReadSmallBlockFiles() throws Exception {
    java.nio.file.Path local = Files.createDirectory(tmp.resolve("small"));
    List<Fixtures.Content> files = new ArrayList<>(BlockFiles.small(40, 82));
    files.add(damaged.content());
    for (Fixtures.Content c : files) {
      Files.write(local.resolve(c.name()), c.bytes());
    }
    Configuration conf = LocalJobRunnerTest.localConf(tmp);
    Path input = Fixtures.hadoopPath(local);
    List<InputSplit> splits = CombineReads.splits(conf, input, 2 << 10);
    assertTrue(splits.size() > 10, splits.size() + " splits");
    List<Rec> expected = Fixtures.all(files);
    List<Rec> got = Rec.sorted(CombineReads.read(conf, splits));
    assertEquals(expected, got);
    BlockFiles.assertReadableByKey(conf, input, got);

    CombineReads.OldApiRead old = CombineReads.readOldApi(conf, input, 2 << 10);
    assertTrue(old.splits() > 10, old.splits() + " splits");
    assertEquals(expected, Rec.sorted(old.records()));
  }
}
