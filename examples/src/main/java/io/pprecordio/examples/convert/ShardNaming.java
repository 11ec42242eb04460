package io.pprecordio.examples.convert;

import io.pprecordio.ShardSpec;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/**
 * Names output shards as core's {@link ShardSpec} does ({@code name-00003-of-00008.suffix}), so
 * that {@code name@8.suffix} reads them back with every pp_recordio tool. The job is a batch job:
 * every record is in the global window.
 */
final class ShardNaming implements FileIO.Write.FileNaming {
  private static final long serialVersionUID = 1L;

  private final String prefix;
  private final String suffix;

  ShardNaming(String prefix, String suffix) {
    this.prefix = prefix;
    this.suffix = suffix;
  }

  @Override
  public String getFilename(BoundedWindow window, PaneInfo pane, int numShards, int shardIndex,
      Compression compression) {
    if (!(window instanceof GlobalWindow)) {
      throw new IllegalStateException("the conversion job writes batch data in the global window,"
          + " got " + window);
    }
    return ShardSpec.of(prefix, numShards, suffix).shardName(shardIndex);
  }
}
