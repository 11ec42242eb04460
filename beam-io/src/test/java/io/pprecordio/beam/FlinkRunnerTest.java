package io.pprecordio.beam;

import java.nio.file.Path;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end pipeline on a real Flink engine: an embedded local cluster, parallelism 2. */
class FlinkRunnerTest {
  @TempDir Path dir;

  static FlinkPipelineOptions options() {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(2);
    return options;
  }

  @Test
  void damagedFilesWithErrorHandlerReadEveryRecordAndRegionOnce() throws Exception {
    CorruptionTest.damagedFiles(dir);
    CorruptionTest.readWithErrorHandler(Pipeline.create(options()));
  }

  @Test
  void writeShardedThenReadSplit() throws Exception {
    EndToEnd.writeShardedThenReadSplit(options(), dir, 20_000, 4);
  }
}
