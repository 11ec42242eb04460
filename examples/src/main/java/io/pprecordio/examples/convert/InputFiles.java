package io.pprecordio.examples.convert;

import io.pprecordio.ShardSpec;
import io.pprecordio.beam.ShardPatterns;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;

/**
 * The files an {@code --input} names, listed before the pipeline starts with the connector's
 * {@link ShardPatterns}, so that a missing shard or an empty glob is a one-line error before any
 * worker starts, as TextIO's own validation does.
 *
 * @param input the input as given
 * @param patterns what the pipeline matches: the shard names of a shard spec, else the glob
 * @param files the files matched now, at least one
 */
record InputFiles(String input, List<String> patterns, List<Metadata> files) {
  /**
   * Lists the files of {@code input} through Beam's {@link FileSystems}.
   *
   * @throws java.io.FileNotFoundException naming the missing shard, or the pattern that matched
   *     nothing
   */
  static InputFiles match(String input) throws IOException {
    List<Metadata> files = ShardPatterns.match(input);
    Optional<ShardSpec> spec = ShardSpec.parse(input);
    return new InputFiles(input, spec.isPresent() ? spec.get().shardNames() : List.of(input),
        files);
  }

  long totalBytes() {
    return files.stream().mapToLong(Metadata::sizeBytes).sum();
  }
}
