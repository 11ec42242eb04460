package io.pprecordio.benchmarks.core;

import io.pprecordio.PPRecordIndex;
import io.pprecordio.PPRecordReader;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.WriterOptions;
import io.pprecordio.benchmarks.BenchFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The record index on a warm 256 MiB file of 1 KiB records (262,144 records, v2, uncompressed),
 * written with {@code WriterOptions.withIndex()}. Scores are per record read, so ratios compare
 * the cost of getting one record:
 *
 * <ul>
 *   <li>{@link #ppRandomRecord}: 10,000 random {@code readRecord(n)} through the index, against
 *       {@link #baselineRandomRecord}: for each of the same random {@code n}, a
 *       {@link PPRecordReader} reading the file from the start up to record {@code n} (what a
 *       caller without an index does). One baseline op reads half the file on average, so it runs
 *       on a cycle of the same 10,000 numbers rather than all of them per op.
 *   <li>{@link #ppBatch}: {@code readRecords} of {@code batch} random numbers in one call (sorted,
 *       nearby frames read together), against {@link #baselineBatch}: the same numbers read one by
 *       one with {@code readRecord}; on a warm file and on a cold one (its pages dropped from the
 *       cache before every op).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class IndexBenchmark {
  static final int LOOKUPS = 10_000;

  @Param({"1024"})
  public int recordBytes;

  @Param({"268435456"})
  public long totalBytes;

  private Path file;
  private PPRecordIndex index;
  private long[] lookups;
  private int next;

  /** Random record numbers for the batch benchmarks, a parameter of their own. */
  @State(Scope.Benchmark)
  public static class Batches {
    /** Records per batch. */
    @Param({"100", "10000"})
    public int batch;

    /**
     * {@code warm}: the file is in the page cache. {@code cold}: before every op its pages are
     * dropped from the cache ({@code dd iflag=nocache count=0}, posix_fadvise DONTNEED on this
     * file only; no root needed), so the op reads from the device. Needs the bench dir on a
     * disk, not tmpfs.
     */
    @Param({"warm", "cold"})
    public String cache;

    private long[][] batches;
    private int next;
    private Path file;

    @Setup(Level.Invocation)
    public void dropCache() throws IOException, InterruptedException {
      if (cache.equals("cold")) {
        Process dd = new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (dd.waitFor() != 0) {
          throw new IOException("dd iflag=nocache failed on " + file);
        }
      }
    }

    @Setup
    public void setup(IndexBenchmark b) {
      file = b.file;
      Random rnd = new Random(11);
      batches = new long[16][batch];
      for (long[] one : batches) {
        for (int i = 0; i < one.length; i++) {
          one[i] = (long) (rnd.nextDouble() * b.index.recordCount());
        }
      }
    }

    long[] next() {
      long[] one = batches[next];
      next = (next + 1) % batches.length;
      return one;
    }
  }

  @Setup
  public void setup() throws IOException {
    file = BenchFiles.dir().resolve("index-" + recordBytes + "x" + totalBytes + ".pp_recordio");
    long count = totalBytes / recordBytes;
    if (!Files.exists(file) || !Files.exists(PPRecordIndex.indexPath(file))) {
      Random rnd = new Random(42);
      byte[] record = new byte[recordBytes];
      try (PPRecordWriter w = PPRecordWriter.create(file, WriterOptions.defaults().withIndex())) {
        for (long i = 0; i < count; i++) {
          rnd.nextBytes(record);
          w.write(record);
        }
      }
    }
    BenchFiles.warm(file);
    index = PPRecordIndex.open(file);
    Random rnd = new Random(7);
    lookups = new long[LOOKUPS];
    for (int i = 0; i < LOOKUPS; i++) {
      lookups[i] = (long) (rnd.nextDouble() * index.recordCount());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    index.close();
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS)
  public void ppRandomRecord(Blackhole bh) throws IOException {
    for (long n : lookups) {
      bh.consume(index.readRecord(n));
    }
  }

  @Benchmark
  public byte[] baselineRandomRecord() throws IOException {
    long n = lookups[next];
    next = (next + 1) % LOOKUPS;
    try (PPRecordReader reader = PPRecordReader.open(file)) {
      for (long i = 0; i < n; i++) {
        reader.advance();
      }
      reader.advance();
      return reader.record();
    }
  }

  @Benchmark
  public void ppBatch(Batches batches, Blackhole bh) throws IOException {
    bh.consume(index.readRecords(batches.next()));
  }

  @Benchmark
  public void baselineBatch(Batches batches, Blackhole bh) throws IOException {
    for (long n : batches.next()) {
      bh.consume(index.readRecord(n));
    }
  }
}
