package io.pprecordio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.LocalFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.GenerateSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 100k records through N shards on the DirectRunner, read back by ranges that cut every file. */
class RoundTripTest {
  private static final int COUNT = 100_000;
  private static final int SHARDS = 7;
  private static final long BUNDLE_BYTES = 64 << 10;

  @TempDir Path dir;

  @Test
  void hundredThousandRecordsThroughShardsEachReadOnce() throws Exception {
    String prefix = dir.resolve("data").toString();
    Pipeline write = Pipelines.directForManyBundles();
    write.apply(GenerateSequence.from(0).to(COUNT))
        .apply(Records.fromIndexes())
        .apply(PPRecordIO.write().to(prefix).withNumShards(SHARDS));
    Pipelines.run(write);

    String spec = prefix + "@" + SHARDS + PPRecordIO.DEFAULT_SUFFIX;
    List<Path> files = LocalFiles.expand(spec);
    for (Path file : files) {
      // Every file is cut in dozens of places, most of them inside frames.
      assertTrue(Files.size(file) > 20 * BUNDLE_BYTES, file + " is too small to cut often");
    }
    long checksum = Records.checksumOfFirst(COUNT);

    Pipeline read = Pipelines.directForManyBundles();
    // The plain read: the DirectRunner checkpoints the splittable DoFn every 100 records, and
    // each residual resumes mid-frame.
    Pipelines.assertRecords("read", read.apply("Read", PPRecordIO.read().from(spec)), COUNT,
        checksum);
    // readFiles: small initial restrictions, checkpointed the same way.
    Pipelines.assertRecords("ranges", read
        .apply(FileIO.match().filepattern(prefix + "-*"))
        .apply(FileIO.readMatches())
        .apply(PPRecordIO.readFiles().withDesiredBundleSizeBytes(BUNDLE_BYTES)), COUNT, checksum);
    PPRecordMetrics.Summary metrics = PPRecordMetrics.of(Pipelines.run(read));
    assertEquals(2L * COUNT, metrics.recordsRead(), metrics.toString());
    assertEquals(0, metrics.corruptRegions() + metrics.tornTails(), metrics.toString());
  }
}
