package io.pprecordio.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptionBudget;
import io.pprecordio.CorruptionBudgetExceededException;
import io.pprecordio.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corruption budget keys, both APIs: a split within its budget reads every intact record with
 * exact counters; one region or one byte over fails naming the file, the offset and the budget.
 */
class CorruptionBudgetTest {
  @TempDir
  static java.nio.file.Path tmp;
  private static Fixtures.Damaged damaged;
  private static Path input;

  @BeforeAll
  static void writeInput() throws IOException {
    damaged = Fixtures.damaged("damaged.pp_recordio", TestData.mixed(new Random(81), 80, false));
    java.nio.file.Path dir = Files.createDirectory(tmp.resolve("in"));
    Fixtures.write(dir, damaged.content().name(), damaged.content().bytes());
    input = Fixtures.hadoopPath(dir);
    assertTrue(damaged.corruptRegions() >= 5, "too little damage to be a test");
  }

  static Stream<SplitReads.Api> apis() {
    return Stream.of(SplitReads.Api.values());
  }

  /** One split of the whole file holds all the damage; a budget that large is never exceeded. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("apis")
  void withinTheBudgetEveryRecordWithExactCounters(SplitReads.Api api) throws Exception {
    Configuration conf = new Configuration();
    PPRecordInputFormat.setCorruptionBudget(conf, damaged.corruptRegions(),
        damaged.skippedBytes());
    SplitReads.Result result = SplitReads.read(api, conf, input, Long.MAX_VALUE);
    assertEquals(Rec.sorted(damaged.content().records()), Rec.sorted(result.records));
    assertEquals(damaged.corruptRegions(), result.counter(PPRecordCounter.CORRUPT_REGIONS));
    assertEquals(damaged.skippedBytes(), result.counter(PPRecordCounter.SKIPPED_BYTES));
    assertEquals(1, result.counter(PPRecordCounter.TORN_TAILS), "a torn tail is not budgeted");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apis")
  void oneRegionOverTheBudgetFailsAtThatRegion(SplitReads.Api api) {
    Configuration conf = new Configuration();
    int allowed = damaged.corruptRegions() - 1;
    PPRecordInputFormat.setCorruptionBudget(conf, allowed, Long.MAX_VALUE);
    CorruptionBudgetExceededException e = assertThrows(CorruptionBudgetExceededException.class,
        () -> SplitReads.read(api, conf, input, Long.MAX_VALUE));
    long over = damaged.damageOffsets().get(allowed);
    assertEquals(over, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains(input + "/" + damaged.content().name()), e.getMessage());
    assertTrue(e.getMessage().contains("at offset " + over), e.getMessage());
    assertTrue(e.getMessage().contains("budget of " + allowed + " corrupt regions"),
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apis")
  void oneByteOverTheBudgetFails(SplitReads.Api api) {
    Configuration conf = new Configuration();
    PPRecordInputFormat.setCorruptionBudget(conf, Long.MAX_VALUE, damaged.skippedBytes() - 1);
    CorruptionBudgetExceededException e = assertThrows(CorruptionBudgetExceededException.class,
        () -> SplitReads.read(api, conf, input, Long.MAX_VALUE));
    assertEquals(damaged.damageOffsets().get(damaged.corruptRegions() - 1), e.offset(),
        e.getMessage());
    assertTrue(e.getMessage().contains((damaged.skippedBytes() - 1) + " skipped bytes"),
        e.getMessage());
  }

  /** Over the budget, a LocalJobRunner job fails and its task's error names file and offset. */
  @Test
  void jobOverTheBudgetFails() throws Exception {
    Job job = Job.getInstance(LocalJobRunnerTest.localConf(tmp), "pp_recordio over budget");
    job.setInputFormatClass(PPRecordInputFormat.class);
    FileInputFormat.addInputPath(job, input);
    PPRecordInputFormat.setCorruptionBudget(job, 1, Long.MAX_VALUE);
    job.setMapperClass(org.apache.hadoop.mapreduce.Mapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(LongWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    job.setOutputFormatClass(NullOutputFormat.class);
    try (LogCapture log = new LogCapture(org.apache.hadoop.mapred.LocalJobRunner.class)) {
      assertFalse(job.waitForCompletion(false), "the job must fail over its budget");
      assertTrue(log.text().contains("CorruptionBudgetExceededException"), log.text());
      assertTrue(log.text().contains(damaged.content().name() + " at offset "
          + damaged.damageOffsets().get(1)), log.text());
      assertTrue(log.text().contains("over the corruption budget of 1 corrupt region"),
          log.text());
    }
  }

  @Test
  void keysAreReadAndCheckedWithTheirNames() {
    Configuration conf = new Configuration();
    assertEquals(CorruptionBudget.UNLIMITED, Settings.corruptionBudget(conf));
    conf.set(PPRecordInputFormat.CORRUPTION_MAX_REGIONS, "3");
    conf.set(PPRecordInputFormat.CORRUPTION_MAX_SKIPPED_BYTES, "1m");
    assertEquals(new CorruptionBudget(3, 1 << 20), Settings.corruptionBudget(conf));
    conf.set(PPRecordInputFormat.CORRUPTION_MAX_REGIONS, "-1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PPRecordInputFormat.readerOptions(conf));
    assertTrue(e.getMessage().startsWith(PPRecordInputFormat.CORRUPTION_MAX_REGIONS + ": "),
        e.getMessage());
    conf.set(PPRecordInputFormat.CORRUPTION_MAX_REGIONS, "many");
    e = assertThrows(IllegalArgumentException.class,
        () -> PPRecordInputFormat.readerOptions(conf));
    assertTrue(e.getMessage().contains(PPRecordInputFormat.CORRUPTION_MAX_REGIONS), e.getMessage());
  }
}
