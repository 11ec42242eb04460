package io.pprecordio.benchmarks.core;

import io.pprecordio.PPRecordReader;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.benchmarks.BenchFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Sequential read of a warm file: each op reads the whole file once.
 *
 * <ul>
 *   <li>64 KiB records: the bound is a FileChannel read of the same file plus CRC-32 over every
 *       byte.
 *   <li>100-byte records: the bound is a minimal length-prefixed reader (readInt + readFully into a
 *       new array, no checksum) over the same records.
 * </ul>
 *
 * <p>Three ways to take each record, each compared with the same bound: {@link #ppRead} (a new
 * array per record), {@link #ppView} (a read-only view, served from the read buffer) and
 * {@link #ppCopyInto} (one reused array). JMH runs every method and parameter in forks of its own,
 * so no method's profile pollutes another's; two forks each, since one fork's JIT decisions
 * (inlining of the scanner's loop) were seen to move the 100-byte figure by 3x between runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
public class SequentialReadBenchmark {
  @Param({"65536", "100"})
  public int recordBytes;

  /** Payload bytes per file; each benchmark op reads the whole file once. */
  @Param({"268435456"})
  public long totalBytes;

  private Path ppFile;
  private Path prefixedFile;

  @Setup
  public void setup() throws IOException {
    Path dir = BenchFiles.dir();
    String tag = recordBytes + "x" + totalBytes;
    ppFile = dir.resolve("seq-" + tag + ".pp_recordio");
    prefixedFile = dir.resolve("seq-" + tag + ".lenprefixed");
    long count = totalBytes / recordBytes;
    if (!Files.exists(ppFile) || !Files.exists(prefixedFile)) {
      Random rnd = new Random(42);
      byte[] record = new byte[recordBytes];
      try (PPRecordWriter pp = PPRecordWriter.create(ppFile);
          DataOutputStream lp = new DataOutputStream(new BufferedOutputStream(
              Files.newOutputStream(prefixedFile), 1 << 16))) {
        for (long i = 0; i < count; i++) {
          rnd.nextBytes(record);
          pp.write(record);
          lp.writeInt(record.length);
          lp.write(record);
        }
      }
    }
    BenchFiles.warm(ppFile);
    BenchFiles.warm(prefixedFile);
  }

  /** pp_recordio reader: parse, verify both checksums, return each record as a new array. */
  @Benchmark
  public long ppRead(Blackhole bh) throws IOException {
    long bytes = 0;
    try (PPRecordReader reader = PPRecordReader.open(ppFile)) {
      while (reader.advance()) {
        byte[] r = reader.record();
        bytes += r.length;
        bh.consume(r);
      }
    }
    return bytes;
  }

  /** pp_recordio reader: each record through its read-only view, no copy out of the buffer. */
  @Benchmark
  public long ppView(Blackhole bh) throws IOException {
    long bytes = 0;
    try (PPRecordReader reader = PPRecordReader.open(ppFile)) {
      while (reader.advance()) {
        ByteBuffer view = reader.recordView();
        bytes += view.remaining();
        bh.consume(view);
      }
    }
    return bytes;
  }

  /** pp_recordio reader: each record copied into one reused array, as Hadoop's readers do. */
  @Benchmark
  public long ppCopyInto(Blackhole bh) throws IOException {
    long bytes = 0;
    byte[] buffer = new byte[recordBytes];
    try (PPRecordReader reader = PPRecordReader.open(ppFile)) {
      while (reader.advance()) {
        int length = reader.recordLength();
        if (length > buffer.length) {
          buffer = new byte[length];
        }
        reader.copyRecordTo(buffer, 0);
        bytes += length;
        bh.consume(buffer);
      }
    }
    return bytes;
  }

  /**
   * The bound: read the pp_recordio file's bytes through a FileChannel and CRC-32 all of them
   * (for 64 KiB records), or a minimal length-prefixed reader without checksums (for 100-byte
   * records). Both return the same unit as ppRead: payload bytes.
   */
  @Benchmark
  public long baselineRead(Blackhole bh) throws IOException {
    return recordBytes >= 4096 ? rawChannelCrc() : lengthPrefixed(bh);
  }

  // Each op reads one whole file, so ops/s compare directly: both sides move the same records.

  private long rawChannelCrc() throws IOException {
    long bytes = 0;
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    CRC32 crc = new CRC32();
    try (FileChannel ch = FileChannel.open(ppFile, StandardOpenOption.READ)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        bytes += buf.remaining();
        crc.update(buf);
        buf.clear();
      }
    }
    return bytes + crc.getValue();
  }

  private long lengthPrefixed(Blackhole bh) throws IOException {
    long bytes = 0;
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(prefixedFile), 1 << 16))) {
      while (true) {
        int len;
        try {
          len = in.readInt();
        } catch (java.io.EOFException e) {
          break;
        }
        byte[] r = new byte[len];
        in.readFully(r);
        bytes += len;
        bh.consume(r);
      }
    }
    return bytes;
  }
}
