package io.pprecordio.examples.convert;

import io.pprecordio.ShardSpec;
import java.util.Optional;

/**
 * {@code --output}, taken apart: a prefix, a shard count and a suffix.
 *
 * @param prefix the path of the shards up to the shard number
 * @param numShards 0: the runner chooses
 * @param suffix what follows the shard number; for a plain name, the format's suffix it named
 * @param shardSpec whether the output was a shard spec, which names its files exactly
 */
record OutputName(String prefix, int numShards, String suffix, boolean shardSpec) {
  static OutputName parse(String output, int numShardsOption) {
    if (numShardsOption < 0) {
      throw new IllegalArgumentException("--numShards must be 0 (runner's choice) or more, got "
          + numShardsOption);
    }
    if (output.endsWith("/")) {
      throw new IllegalArgumentException("--output " + output + " is a directory; add a file"
          + " name prefix, as in " + output + "data@4");
    }
    Optional<ShardSpec> spec;
    try {
      spec = ShardSpec.parse(output);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--output " + output + ": " + e.getMessage());
    }
    if (spec.isPresent()) {
      int n = spec.get().shardCount();
      if (numShardsOption != 0 && numShardsOption != n) {
        throw new IllegalArgumentException("--numShards=" + numShardsOption
            + " contradicts --output " + output + ", which names " + n + " shards");
      }
      // A shard spec names its files exactly: name@4 is name-00000-of-00004, no suffix added,
      // so that the same spec reads the output back.
      return new OutputName(spec.get().prefix(), n, spec.get().suffix(), true);
    }
    // A plain prefix such as out/events.tfrecord: the format suffix goes after the shard number.
    String suffix = "";
    String base = FileCompression.baseName(output);
    if (DataFormat.fromName(base).isPresent()) {
      String stripped = FileCompression.strip(base);
      int dot = stripped.lastIndexOf('.');
      if (dot > 0) {
        suffix = base.substring(dot);
      }
    }
    return new OutputName(output.substring(0, output.length() - suffix.length()),
        numShardsOption, suffix, false);
  }
}
