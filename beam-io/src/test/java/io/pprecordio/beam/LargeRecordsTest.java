package io.pprecordio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pprecordio.PPRecordWriter;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of 100 MiB records read by a Beam pipeline on the DirectRunner in a JVM limited to 1 GiB
 * of heap: every record arrives. The pipeline runs in a child JVM started with {@code -Xmx1g}, so
 * the limit holds whatever heap the test JVM itself has.
 */
class LargeRecordsTest {
  static final int RECORD_BYTES = 100 << 20;
  static final int RECORDS = 3;

  @TempDir Path dir;

  /** The i-th record: 100 MiB of pseudo-random bytes, reproducible from its index. */
  static byte[] record(int index) {
    byte[] record = new byte[RECORD_BYTES];
    new Random(index).nextBytes(record);
    return record;
  }

  @Test
  void hundredMebibyteRecordsReadInAOneGibibyteHeap() throws Exception {
    Path file = dir.resolve("large.pp_recordio");
    long checksum = 0;
    try (PPRecordWriter writer = PPRecordWriter.create(file, WriterOptions.defaults())) {
      for (int i = 0; i < RECORDS; i++) {
        byte[] record = record(i);
        checksum += TestFiles.digest(record);
        writer.write(record);
      }
    }
    Path log = dir.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseParallelGC",
        "-cp", System.getProperty("java.class.path"), Child.class.getName(), file.toString(),
        Long.toString(checksum))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!child.waitFor(10, TimeUnit.MINUTES)) {
      child.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), output);
  }

  /** The child JVM: reads the file with PPRecordIO and checks count and checksum. */
  static final class Child {
    public static void main(String[] args) {
      String file = args[0];
      long checksum = Long.parseLong(args[1]);
      DirectOptions options = Pipelines.directOptions();
      // Cloning each element through its coder would hold two copies of every record.
      options.setEnforceImmutability(false);
      options.setEnforceEncodability(false);
      Pipeline p = Pipeline.create(options);
      Pipelines.assertRecords("large", p.apply(PPRecordIO.read().from(file)), RECORDS, checksum);
      PPRecordMetrics.Summary metrics = PPRecordMetrics.of(Pipelines.run(p));
      if (metrics.recordsRead() != RECORDS) {
        throw new AssertionError("read " + metrics);
      }
      System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB: "
          + metrics);
    }
  }
}
