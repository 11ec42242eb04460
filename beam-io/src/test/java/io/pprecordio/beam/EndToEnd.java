package io.pprecordio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pprecordio.Codec;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The pipeline every runner must pass: write records to N shards, read them back with splitting,
 * and check count, checksum and that no record repeats.
 */
final class EndToEnd {
  private EndToEnd() {}

  static void writeShardedThenReadSplit(PipelineOptions options, Path dir, int count, int shards)
      throws IOException {
    String prefix = dir.resolve("data").toString();
    Pipeline write = Pipeline.create(options);
    write.apply(GenerateSequence.from(0).to(count))
        .apply(Records.fromIndexes())
        .apply(PPRecordIO.write().to(prefix).withNumShards(shards).withCodec(Codec.GZIP));
    Pipelines.run(write);
    String spec = prefix + "@" + shards + PPRecordIO.DEFAULT_SUFFIX;
    assertEquals(shards, io.pprecordio.LocalFiles.expand(spec).size());

    Pipeline read = Pipeline.create(options);
    Pipelines.assertRecords("read", read.apply(PPRecordIO.read().from(spec)), count,
        Records.checksumOfFirst(count));
    PipelineResult result = Pipelines.run(read);
    PPRecordMetrics.Summary metrics = PPRecordMetrics.of(result);
    assertEquals(count, metrics.recordsRead(), metrics.toString());
    assertEquals(0, metrics.corruptRegions(), metrics.toString());
  }
}
