package io.pprecordio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end pipeline on a real Spark engine ({@code local[2]} inside the test JVM), and
 * sinks whose tasks fail halfway and are retried by Spark.
 */
class SparkRunnerTest {
  @TempDir Path dir;

  @BeforeAll
  static void quietSpark() {
    // No web UI, and no dependence on the machine's host name.
    System.setProperty("spark.ui.enabled", "false");
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
  }

  static SparkPipelineOptions options(String master) {
    SparkPipelineOptions options = PipelineOptionsFactory.as(SparkPipelineOptions.class);
    options.setRunner(SparkRunner.class);
    options.setSparkMaster(master);
    options.setEnableSparkMetricSinks(false);
    return options;
  }

  @Test
  void damagedFilesWithErrorHandlerReadEveryRecordAndRegionOnce() throws Exception {
    CorruptionTest.damagedFiles(dir);
    CorruptionTest.readWithErrorHandler(Pipeline.create(options("local[2]")));
  }

  @Test
  void writeShardedThenReadSplit() throws Exception {
    EndToEnd.writeShardedThenReadSplit(options("local[2]"), dir, 20_000, 4);
  }

  /** Passes records on, and fails the first bundle that reaches its 3000th record, once. */
  static final class FailOnceMidBundle extends DoFn<byte[], byte[]> {
    static final AtomicBoolean FAILED = new AtomicBoolean();
    private transient int seen;

    @StartBundle
    public void start() {
      seen = 0;
    }

    @ProcessElement
    public void process(@Element byte[] record, OutputReceiver<byte[]> out) {
      out.output(record);
      if (++seen == 3000 && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure after 3000 records of a bundle");
      }
    }
  }

  /**
   * Runner-chosen sharding writes each bundle straight into its own temporary file, in the same
   * task as the stage before it: a failure there leaves a partial temporary file, and Spark runs
   * the task again ({@code local[2,2]} allows two attempts).
   */
  @Test
  void retriedWriteBundlesLeaveNoDuplicateAndNoPartialShard() throws IOException {
    int count = 20_000;
    Path out = dir.resolve("retried");
    Pipeline p = Pipeline.create(options("local[2,2]"));
    p.apply(GenerateSequence.from(0).to(count))
        .apply(Records.fromIndexes())
        .apply(ParDo.of(new FailOnceMidBundle()))
        .apply(PPRecordIO.write().to(out.resolve("part").toString()));
    Pipelines.run(p);
    assertTrue(FailOnceMidBundle.FAILED.get(), "the injected failure did not happen");
    assertExactly(count, PPRecordIOWriteTest.listFiles(out));
  }

  /** A sink that fails once, after writing 1000 records of a file and flushing them. */
  static final class FailOnceSink implements FileIO.Sink<byte[]> {
    static final AtomicBoolean FAILED = new AtomicBoolean();
    private final FileIO.Sink<byte[]> delegate = PPRecordIO.sink();
    private transient int written;

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      delegate.open(channel);
      written = 0;
    }

    @Override
    public void write(byte[] element) throws IOException {
      delegate.write(element);
      if (++written == 1000 && FAILED.compareAndSet(false, true)) {
        delegate.flush();
        throw new IOException("injected failure after 1000 records of a shard");
      }
    }

    @Override
    public void flush() throws IOException {
      delegate.flush();
    }
  }

  @Test
  void retriedFileIoShardsLeaveNoDuplicateAndNoPartialShard() throws IOException {
    int count = 9_000;
    Path out = dir.resolve("fileio");
    Pipeline p = Pipeline.create(options("local[2,2]"));
    p.apply(GenerateSequence.from(0).to(count))
        .apply(Records.fromIndexes())
        .apply(FileIO.<byte[]>write().via(new FailOnceSink()).to(out.toString())
            .withSuffix(PPRecordIO.DEFAULT_SUFFIX).withNumShards(3));
    Pipelines.run(p);
    assertTrue(FailOnceSink.FAILED.get(), "the injected failure did not happen");
    List<Path> files = PPRecordIOWriteTest.listFiles(out);
    assertEquals(3, files.size(), files.toString());
    assertExactly(count, files);
  }

  /** The files hold records 0 to count-1, each once, and every file reads without damage. */
  private static void assertExactly(int count, List<Path> files) throws IOException {
    List<byte[]> records = new ArrayList<>();
    for (Path file : files) {
      TestFiles.Whole whole = TestFiles.readWhole(file);
      assertTrue(whole.regions.isEmpty(), file + ": " + whole.regions);
      records.addAll(whole.records);
    }
    assertEquals(count, records.size());
    assertEquals(Records.checksumOfFirst(count), TestFiles.checksum(records));
  }
}
