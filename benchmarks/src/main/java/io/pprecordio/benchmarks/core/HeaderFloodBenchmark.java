package io.pprecordio.benchmarks.core;

import io.pprecordio.CorruptionListener;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import io.pprecordio.benchmarks.BenchFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Hostile input: a file of back-to-back headers, each claiming a payload that runs to the end of
 * the file and failing its payload checksum (v2 headers carry a valid header checksum). Reading
 * must take time linear in the file: the 64 MiB flood may take at most 20 times as long as the
 * 4 MiB one (16 is linear). The quadratic reader this replaced took seconds for 1 MB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class HeaderFloodBenchmark {
  @Param({"4", "64"})
  public int mebibytes;

  @Param({"v1", "v2"})
  public String version;

  private Path flood;

  @Setup
  public void setup() throws IOException {
    flood = BenchFiles.dir().resolve("flood-" + version + "-" + mebibytes + "m.bin");
    long size = (long) mebibytes << 20;
    if (!Files.exists(flood) || Files.size(flood) != size) {
      try (OutputStream out = Files.newOutputStream(flood)) {
        for (long p = 0; p < size; p += 40) {
          out.write(header(size - p, version.equals("v2")));
        }
      }
    }
    BenchFiles.warm(flood);
  }

  /** A header claiming {@code frameLength} bytes, with a payload CRC no payload will match. */
  private static byte[] header(long frameLength, boolean v2) {
    ByteBuffer b = ByteBuffer.allocate(40);
    b.putInt(0xDEADBEEF).putLong(frameLength).putLong(0x0badf00dL).putInt(0);
    if (v2) {
      b.putInt(0x50505232).putLong(frameLength - 40);
      CRC32 crc = new CRC32();
      crc.update(b.array(), 0, 36);
      b.putInt((int) crc.getValue());
    }
    return b.array();
  }

  @Benchmark
  public long readFlood() throws IOException {
    try (PPRecordReader reader = PPRecordReader.open(flood, ReaderOptions.defaults(),
        CorruptionListener.NONE)) {
      while (reader.advance()) {
        throw new IllegalStateException("a flood holds no record");
      }
      return reader.stats().corruptRegions();
    }
  }
}
