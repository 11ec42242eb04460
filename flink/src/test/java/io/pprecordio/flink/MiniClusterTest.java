package io.pprecordio.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.CorruptionBudgetExceededException;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Jobs on a Flink MiniCluster in this JVM, parallelism 2, reading files cut into 4 KiB splits. */
class MiniClusterTest {
  private static final int PARALLELISM = 2;
  private static final String METERED_JOB = "read-metered";
  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(1)
          .setNumberSlotsPerTaskManager(PARALLELISM)
          .setConfiguration(clusterConfig())
          .build());

  @TempDir java.nio.file.Path tmp;

  /**
   * The metrics reporter, and batches of one fetch from the file each: Flink's adapter checkpoints
   * a count of records after the last position the reader gave, and only positions taken at the
   * start of a batch come from the reader; with small batches most come from it.
   */
  private static Configuration clusterConfig() {
    Configuration config = REPORTER.addToConfiguration(new Configuration());
    config.set(StreamFormat.FETCH_IO_SIZE, MemorySize.parse("1b"));
    return config;
  }

  private List<Fixtures.FileData> inputs() throws IOException {
    return List.of(Fixtures.clean("a.pp", 11, 700), Fixtures.damaged("b.pp", 12, 700),
        Fixtures.damaged("c.pp", 13, 500));
  }

  private Path writeInputs(List<Fixtures.FileData> files) throws IOException {
    java.nio.file.Path in = java.nio.file.Files.createDirectories(tmp.resolve("in"));
    for (Fixtures.FileData f : files) {
      f.writeTo(in);
    }
    return new Path(in.toUri());
  }

  private static List<String> expected(List<Fixtures.FileData> files) {
    List<String> all = new ArrayList<>();
    files.forEach(f -> all.addAll(f.expected()));
    return all;
  }

  private static DataStream<byte[]> read(StreamExecutionEnvironment env, PPRecordFormat format,
      Path dir) {
    return read(env, format, dir, 4096);
  }

  private static DataStream<byte[]> read(StreamExecutionEnvironment env, PPRecordFormat format,
      Path dir, long splitBytes) {
    FileSource<byte[]> source = FileSource.forRecordStreamFormat(format, dir)
        .setFileEnumerator(ByteRangeEnumerator.provider(splitBytes))
        .build();
    return env.fromSource(format.withMetrics(source), WatermarkStrategy.noWatermarks(), "pp");
  }

  /**
   * Exact records (as a sorted multiset: a lost or repeated record changes it) and exact counters
   * over clean and damaged files.
   */
  @Test
  void readsExactRecordsAndCountsDamage() throws Exception {
    List<Fixtures.FileData> files = inputs();
    Path dir = writeInputs(files);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    // A budget per split as large as the damage of the most damaged file: never exceeded.
    long maxRegions = 0;
    long maxSkipped = 0;
    for (Fixtures.FileData f : files) {
      maxRegions = Math.max(maxRegions, f.whole().stats.corruptRegions());
      maxSkipped = Math.max(maxSkipped, f.whole().stats.skippedBytes());
    }
    PPRecordFormat format = new PPRecordFormat().withCorruptionBudget(maxRegions, maxSkipped);
    List<String> got = collect(read(env, format, dir), METERED_JOB);
    Fixtures.assertSameRecordsInAnyOrder(expected(files), got, "records read");

    long regions = 0;
    long skipped = 0;
    long torn = 0;
    long tornBytes = 0;
    for (Fixtures.FileData f : files) {
      regions += f.whole().stats.corruptRegions();
      skipped += f.whole().stats.skippedBytes();
      torn += f.whole().stats.tornTail() ? 1 : 0;
      tornBytes += f.whole().stats.tornTailBytes();
    }
    assertTrue(regions > 0);
    assertEquals(regions, sum(CorruptionMetrics.CORRUPT_REGIONS));
    assertEquals(skipped, sum(CorruptionMetrics.SKIPPED_BYTES));
    assertEquals(torn, sum(CorruptionMetrics.TORN_TAILS));
    assertEquals(tornBytes, sum(CorruptionMetrics.TORN_TAIL_BYTES));
  }

  /**
   * Block files, one with damaged and torn blocks, at split sizes from smaller than a block to
   * the whole file: exact records, and each damaged block counted as one corrupt region.
   */
  @Test
  void readsBlockFilesWithDamagedBlocksAtSeveralSplitSizes() throws Exception {
    Fixtures.FileData damaged = Fixtures.damagedBlocks("damaged-blocks.pp", 22, 1000);
    List<Fixtures.FileData> files = List.of(Fixtures.blocks("blocks.pp", 21, 1000), damaged);
    Path dir = writeInputs(files);
    // damagedBlocks checked that each block it damaged is one region of core's whole read.
    long damagedBlocks = damaged.whole().stats.corruptRegions();
    assertTrue(damagedBlocks >= 2, "blocks must be damaged: " + damaged.whole().stats);
    for (long splitBytes : new long[] {1000, 4096, 65536, Long.MAX_VALUE}) {
      String job = "read-blocks-" + splitBytes;
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(PARALLELISM);
      List<String> got = collect(read(env, new PPRecordFormat(), dir, splitBytes), job);
      Fixtures.assertSameRecordsInAnyOrder(expected(files), got, "split size " + splitBytes);
      assertEquals(damagedBlocks, sum(job, CorruptionMetrics.CORRUPT_REGIONS), job);
      assertEquals(damaged.whole().stats.skippedBytes(),
          sum(job, CorruptionMetrics.SKIPPED_BYTES), job);
      assertEquals(1, sum(job, CorruptionMetrics.TORN_TAILS), job);
      // Flink's own count of the source's output: one per record, not one per block.
      assertEquals(got.size(), sourceRecordsOut(job), job);
    }
  }

  /** Runs the job and returns its records; closing the iterator ends the job if it still runs. */
  private static List<String> collect(DataStream<byte[]> stream, String job) throws Exception {
    List<String> out = new ArrayList<>();
    CloseableIterator<byte[]> it = stream.executeAndCollect(job);
    try {
      it.forEachRemaining(r -> out.add(Fixtures.hex(r)));
    } finally {
      it.close();
    }
    return out;
  }

  /** A split with more damage than its budget fails the job, naming the offset and the budget. */
  @Test
  void overTheCorruptionBudgetTheJobFails() throws Exception {
    Path dir = writeInputs(List.of(Fixtures.damaged("b.pp", 12, 700)));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    // Whole-file splits: the file's damage, several regions, all falls to one reader.
    read(env, new PPRecordFormat().withCorruptionBudget(1, Long.MAX_VALUE), dir, Long.MAX_VALUE)
        .sinkTo(new DiscardingSink<>());
    Exception e = assertThrows(Exception.class, () -> env.execute("over-budget"));
    Throwable cause = e;
    while (cause != null && !(cause instanceof CorruptionBudgetExceededException)) {
      cause = cause.getCause();
    }
    assertNotNull(cause, () -> "no CorruptionBudgetExceededException in " + e);
    assertTrue(cause.getMessage().contains("over the corruption budget of 1 corrupt region"),
        cause::getMessage);
    assertTrue(cause.getMessage().contains(" at offset "), cause::getMessage);
  }

  /** The sum of one counter over the subtasks of the job named {@link #METERED_JOB}. */
  private static long sum(String counter) {
    return sum(METERED_JOB, counter);
  }

  /** The sum of one of the source's corruption counters over the subtasks of a job. */
  private static long sum(String job, String counter) {
    long total = 0;
    int found = 0;
    for (Map.Entry<MetricGroup, Map<String, Metric>> group
        : REPORTER.getMetricsByGroup().entrySet()) {
      String id = group.getKey().getMetricIdentifier(counter);
      Metric metric = group.getValue().get(counter);
      if (metric != null && id.contains("." + job + ".")
          && id.endsWith("." + CorruptionMetrics.GROUP + "." + counter)) {
        total += ((Counter) metric).getCount();
        found++;
      }
    }
    assertEquals(PARALLELISM, found, "one " + counter + " counter per subtask");
    return total;
  }

  /** Flink's {@code numRecordsOut} of the source operator "pp", summed over its subtasks. */
  private static long sourceRecordsOut(String job) {
    String counter = "numRecordsOut";
    long total = 0;
    for (Map.Entry<MetricGroup, Map<String, Metric>> group
        : REPORTER.getMetricsByGroup().entrySet()) {
      Metric metric = group.getValue().get(counter);
      if (metric != null && group.getKey() instanceof OperatorMetricGroup
          && group.getKey().getMetricIdentifier(counter).contains("." + job + ".Source: pp.")) {
        total += ((Counter) metric).getCount();
      }
    }
    return total;
  }

  /**
   * A checkpointed job that fails once, after a checkpoint, mid-split, and restarts from it: the
   * committed output of its FileSink holds exactly the input records.
   */
  @Test
  void restartAfterFailureNeitherLosesNorRepeatsRecords() throws Exception {
    List<Fixtures.FileData> files = inputs();
    java.nio.file.Path out = runFailingOnce(files, Set.of(), WriterOptions.defaults());
    Fixtures.assertSameRecordsInAnyOrder(expected(files), readCommitted(out), "committed output");
  }

  /**
   * The same over files of 50-record blocks (damaged and torn ones too), failing only after a
   * checkpoint taken inside a block, so that a split restarts in the middle of a block; the sink
   * writes blocks too, and every part file it commits at a checkpoint holds whole blocks.
   */
  @Test
  void restartInsideABlockNeitherLosesNorRepeatsRecords() throws Exception {
    List<Fixtures.FileData> files = List.of(Fixtures.blocks("a-blocks.pp", 31, 2000),
        Fixtures.damagedBlocks("b-blocks.pp", 32, 1000));
    // Records followed by another record of their block, and those others.
    Set<String> followedInBlock = new HashSet<>();
    Set<String> insideBlock = new HashSet<>();
    for (Fixtures.FileData f : files) {
      for (int i = 0; i + 1 < f.addresses().size(); i++) {
        if (f.addresses().get(i + 1).frameOffset() == f.addresses().get(i).frameOffset()) {
          followedInBlock.add(f.expected().get(i));
          insideBlock.add(f.expected().get(i + 1));
        }
      }
    }
    java.nio.file.Path out = runFailingOnce(files, followedInBlock, WriterOptions.defaults()
        .withCodec(Codec.ZSTD).withBlock(Fixtures.BLOCK_RECORDS, 1 << 20));

    assertTrue(FailOnceAfterCheckpoint.FIRST_AFTER_RESTART.stream().anyMatch(insideBlock::contains),
        "a split must have resumed inside a block");
    Fixtures.assertSameRecordsInAnyOrder(expected(files), readCommitted(out), "committed output");
    assertTrue(recordsInBlocks(out) > 0, "the sink must have written blocks");
  }

  /**
   * Reads the files with a job that checkpoints every 100 ms and fails once (see
   * {@link FailOnceAfterCheckpoint}), writing them with a FileSink; returns the output directory.
   */
  private java.nio.file.Path runFailingOnce(List<Fixtures.FileData> files, Set<String> failAfter,
      WriterOptions sinkOptions) throws Exception {
    Path dir = writeInputs(files);
    java.nio.file.Path out = tmp.resolve("out");
    FailOnceAfterCheckpoint.reset(failAfter);

    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(PARALLELISM);
    env.enableCheckpointing(100);
    // Large splits and small reads, so that the restored position is one the reader gave, deep
    // inside a split: a reader that restarted its split would repeat records.
    read(env, new PPRecordFormat(ReaderOptions.defaults().withBufferBytes(4096)), dir, 65536)
        .map(new FailOnceAfterCheckpoint())
        .sinkTo(FileSink.forBulkFormat(new Path(out.toUri()),
            PPRecordBulkWriter.forOptions(sinkOptions)).build());
    env.execute("restart");

    assertTrue(FailOnceAfterCheckpoint.FAILED.get(), "the job must have failed once");
    assertTrue(FailOnceAfterCheckpoint.RECORDS_AFTER_RESTART.get() > 0,
        "records must remain to be read after the restart");
    return out;
  }

  static Stream<WriterOptions> sinkOptions() {
    return Stream.of(WriterOptions.defaults().withCodec(Codec.ZSTD),
        WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(Fixtures.BLOCK_RECORDS, 4096));
  }

  /**
   * Damaged files (one of blocks) read, written by the FileSink with zstd frames or zstd blocks,
   * and read back, by core and, in 4 KiB splits, by Flink.
   */
  @ParameterizedTest
  @MethodSource("sinkOptions")
  void fileSinkOutputReadsBack(WriterOptions options) throws Exception {
    List<Fixtures.FileData> files = new ArrayList<>(inputs());
    files.add(Fixtures.damagedBlocks("d-blocks.pp", 14, 600));
    Path dir = writeInputs(files);
    java.nio.file.Path out = tmp.resolve("written");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    read(env, new PPRecordFormat(), dir)
        .sinkTo(FileSink.forBulkFormat(new Path(out.toUri()),
            PPRecordBulkWriter.forOptions(options)).build());
    env.execute("write");

    List<String> back = readCommitted(out);
    Fixtures.assertSameRecordsInAnyOrder(expected(files), back, "committed output");
    long inBlocks = recordsInBlocks(out);
    assertTrue(options.block() ? inBlocks > back.size() / 2 : inBlocks == 0,
        () -> inBlocks + " of " + back.size() + " records in blocks");

    StreamExecutionEnvironment again = StreamExecutionEnvironment.getExecutionEnvironment();
    again.setParallelism(PARALLELISM);
    List<String> viaFlink =
        collect(read(again, new PPRecordFormat(), new Path(out.toUri())), "read-back");
    Fixtures.assertSameRecordsInAnyOrder(expected(files), viaFlink, "output read by Flink");
  }

  /** Every committed part file (in-progress and pending files are hidden), read whole by core. */
  private static List<String> readCommitted(java.nio.file.Path dir) throws IOException {
    List<String> records = new ArrayList<>();
    for (java.nio.file.Path part : committedParts(dir)) {
      try (PPRecordReader reader = PPRecordReader.open(part)) {
        while (reader.advance()) {
          records.add(Fixtures.hex(reader.record()));
        }
        assertEquals(0, reader.stats().corruptRegions(), part::toString);
        assertTrue(!reader.stats().tornTail(), part::toString);
      }
    }
    return records;
  }

  /** How many of the committed records are in block frames. */
  private static long recordsInBlocks(java.nio.file.Path dir) throws IOException {
    long inBlocks = 0;
    for (java.nio.file.Path part : committedParts(dir)) {
      try (PPRecordReader reader = PPRecordReader.open(part)) {
        while (reader.advance()) {
          inBlocks += reader.recordsInFrame() > 1 ? 1 : 0;
        }
      }
    }
    return inBlocks;
  }

  private static List<java.nio.file.Path> committedParts(java.nio.file.Path dir)
      throws IOException {
    List<java.nio.file.Path> parts;
    try (Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(dir)) {
      parts = walk.filter(java.nio.file.Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList();
    }
    assertTrue(!parts.isEmpty(), "no committed part file in " + dir);
    return parts;
  }

  /**
   * Slows the stream until a checkpoint has completed, then fails once. With records to fail
   * after, only a checkpoint taken right after one of them (in the failing subtask: the source is
   * chained to this function, so the last record it saw is the last the source emitted before the
   * checkpoint) arms the failure. The flags are static: the MiniCluster runs in this JVM, and each
   * attempt deserializes its own copy of the function.
   */
  static final class FailOnceAfterCheckpoint extends RichMapFunction<byte[], byte[]>
      implements CheckpointedFunction, CheckpointListener {
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger RECORDS_AFTER_RESTART = new AtomicInteger();
    /** The first record each subtask saw after the restart. */
    static final Queue<String> FIRST_AFTER_RESTART = new ConcurrentLinkedQueue<>();
    private static final Set<String> FAIL_AFTER = ConcurrentHashMap.newKeySet();
    /** Whether each checkpoint this subtask took may be the one to restart from. */
    private final Map<Long, Boolean> eligible = new HashMap<>();
    private String last;
    private boolean armed;
    private int seenWhileArmed;
    private boolean restarted;

    static void reset(Set<String> failAfter) {
      FAILED.set(false);
      RECORDS_AFTER_RESTART.set(0);
      FIRST_AFTER_RESTART.clear();
      FAIL_AFTER.clear();
      FAIL_AFTER.addAll(failAfter);
    }

    @Override
    public byte[] map(byte[] record) throws Exception {
      String hex = Fixtures.hex(record);
      if (getRuntimeContext().getTaskInfo().getAttemptNumber() > 0) {
        if (!restarted) {
          restarted = true;
          FIRST_AFTER_RESTART.add(hex);
        }
        RECORDS_AFTER_RESTART.incrementAndGet();
        return record;
      }
      last = hex;
      if (armed && ++seenWhileArmed > 50 && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure");
      }
      Thread.sleep(2);
      return record;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
      eligible.put(context.getCheckpointId(),
          FAIL_AFTER.isEmpty() || (last != null && FAIL_AFTER.contains(last)));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
      // no state: the source's checkpointed position is what this test is about
    }

    /** Armed while the latest completed checkpoint is one to restart from. */
    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      armed = Boolean.TRUE.equals(eligible.get(checkpointId));
      eligible.keySet().removeIf(id -> id <= checkpointId);
    }
  }
}
