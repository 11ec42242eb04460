package io.pprecordio.benchmarks.core;

import com.github.luben.zstd.ZstdDecompressCtx;
import io.pprecordio.PPRecordReader;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.benchmarks.BenchFiles;
import io.pprecordio.benchmarks.core.BlockModeData.Layout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Block mode throughput (issue 12) on a million JSON-like records of about 100 bytes
 * ({@link JsonLikeRecords}, {@link BlockModeData}). Scores are records per second, so each ratio
 * printed by {@code Ratios} is the records/s ratio. The file sizes of the same issue are
 * exact, not timed: {@link BlockSizes} computes them.
 *
 * <ul>
 *   <li>{@link #ppRead} / {@link #baselineRead}: a whole-file {@link PPRecordReader} read of the
 *       block zstd file (default {@code withBlock()}, zstd level 3) against the same records as
 *       uncompressed v2 frames, one per record; every record taken as a new array
 *       ({@code record()}) into a Blackhole. Both files are warm (page cache).
 *   <li>{@link #ppView} / {@link #baselineView}: the same reads through {@code recordView()}.
 *   <li>{@link #zstdDecompressOnly}: not a pair; the zstd decompression of the block file's
 *       payloads alone, the floor under the block reads.
 *   <li>{@link #ppWrite} / {@link #baselineWrite}: {@link PPRecordWriter} writing the first
 *       {@link #WRITE_RECORDS} records with block zstd against per-record zstd (both level 3), to
 *       a {@link NullChannel}: the writer's CPU work alone, without the page cache or the disk.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BlockModeBenchmark {
  /**
   * Records per write op: 5% of the data set, so that even per-record zstd (about 10 us a record
   * on a loaded machine) runs several ops in every 2 s iteration.
   */
  static final int WRITE_RECORDS = 50_000;

  /** The two files the read benchmarks read, written once and warmed. */
  @State(Scope.Benchmark)
  public static class Inputs {
    Path block;
    Path frames;

    @Setup
    public void setup() throws IOException {
      BlockModeData.ensure();
      block = BlockModeData.file(Layout.BLOCK_ZSTD);
      frames = BlockModeData.file(Layout.FRAMES_NONE);
      BenchFiles.warm(block);
      BenchFiles.warm(frames);
      System.out.printf("%nblock zstd file %,d bytes, uncompressed frames %,d bytes%n",
          Files.size(block), Files.size(frames));
    }
  }

  /**
   * The stored (zstd) payloads of the block file's frames, cut out of it by the frame lengths of
   * FORMAT.md 3.2 (the 40-byte header: u64 frame length at offset 4, u64 decoded length at 28).
   */
  @State(Scope.Benchmark)
  public static class StoredBlocks {
    byte[][] payloads;
    int[] decodedLengths;
    int maxDecoded;

    @Setup
    public void setup() throws IOException {
      BlockModeData.ensure();
      ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(BlockModeData.file(Layout.BLOCK_ZSTD)));
      List<byte[]> stored = new ArrayList<>();
      List<Integer> decoded = new ArrayList<>();
      for (int at = 0; at < file.limit(); ) {
        int frameLength = Math.toIntExact(file.getLong(at + 4));
        stored.add(Arrays.copyOfRange(file.array(), at + 40, at + frameLength));
        decoded.add(Math.toIntExact(file.getLong(at + 28)));
        at += frameLength;
      }
      payloads = stored.toArray(new byte[0][]);
      decodedLengths = decoded.stream().mapToInt(Integer::intValue).toArray();
      maxDecoded = Arrays.stream(decodedLengths).max().orElse(0);
    }
  }

  /** The records the write benchmarks write, in memory. */
  @State(Scope.Benchmark)
  public static class Records {
    byte[][] records;

    @Setup
    public void setup() {
      records = JsonLikeRecords.generate(WRITE_RECORDS);
    }
  }

  /** Block zstd, every record as a new array. */
  @Benchmark
  @OperationsPerInvocation(BlockModeData.RECORDS)
  public long ppRead(Inputs files, Blackhole bh) throws IOException {
    return readArrays(files.block, bh);
  }

  /** Uncompressed frames, every record as a new array. */
  @Benchmark
  @OperationsPerInvocation(BlockModeData.RECORDS)
  public long baselineRead(Inputs files, Blackhole bh) throws IOException {
    return readArrays(files.frames, bh);
  }

  /** Block zstd, every record through its read-only view. */
  @Benchmark
  @OperationsPerInvocation(BlockModeData.RECORDS)
  public long ppView(Inputs files, Blackhole bh) throws IOException {
    return readViews(files.block, bh);
  }

  /** Uncompressed frames, every record through its read-only view. */
  @Benchmark
  @OperationsPerInvocation(BlockModeData.RECORDS)
  public long baselineView(Inputs files, Blackhole bh) throws IOException {
    return readViews(files.frames, bh);
  }

  /**
   * Not a pair: zstd-jni decompressing the block file's payloads into one reused array, nothing
   * else (no read, no checksum, no record). The floor under {@link #ppRead} and {@link #ppView}.
   */
  @Benchmark
  @OperationsPerInvocation(BlockModeData.RECORDS)
  public long zstdDecompressOnly(StoredBlocks blocks) {
    long n = 0;
    byte[] out = new byte[blocks.maxDecoded];
    try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
      for (int i = 0; i < blocks.payloads.length; i++) {
        byte[] in = blocks.payloads[i];
        n += ctx.decompressByteArray(out, 0, blocks.decodedLengths[i], in, 0, in.length);
      }
    }
    return n;
  }

  /** Block zstd with the defaults of {@code withBlock()}. */
  @Benchmark
  @OperationsPerInvocation(WRITE_RECORDS)
  public long ppWrite(Records records) throws IOException {
    return BlockModeData.writeToNull(records.records, Layout.BLOCK_ZSTD.options);
  }

  /** One zstd-compressed frame per record. */
  @Benchmark
  @OperationsPerInvocation(WRITE_RECORDS)
  public long baselineWrite(Records records) throws IOException {
    return BlockModeData.writeToNull(records.records, Layout.RECORD_ZSTD.options);
  }

  private static long readArrays(Path file, Blackhole bh) throws IOException {
    long n = 0;
    try (PPRecordReader reader = PPRecordReader.open(file)) {
      while (reader.advance()) {
        bh.consume(reader.record());
        n++;
      }
    }
    return checked(n, file);
  }

  private static long readViews(Path file, Blackhole bh) throws IOException {
    long n = 0;
    try (PPRecordReader reader = PPRecordReader.open(file)) {
      while (reader.advance()) {
        ByteBuffer view = reader.recordView();
        bh.consume(view);
        n++;
      }
    }
    return checked(n, file);
  }

  /** A read that lost records would be fast and wrong: fail it instead. */
  private static long checked(long n, Path file) {
    if (n != BlockModeData.RECORDS) {
      throw new IllegalStateException(file + " gave " + n + " records, expected "
          + BlockModeData.RECORDS);
    }
    return n;
  }
}
