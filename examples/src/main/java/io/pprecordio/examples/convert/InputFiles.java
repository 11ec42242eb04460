package io.pprecordio.examples.convert;

import io.pprecordio.ShardSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;

/**
 * The files an {@code --input} names, listed before the pipeline starts: a shard spec names
 * exactly its shards, anything else is a glob for Beam's {@link FileSystems}. Listing up front
 * turns a missing shard or an empty glob into a one-line error before any worker starts, as
 * TextIO's own validation does.
 */
final class InputFiles {
  private final String input;
  private final List<String> patterns;
  private final List<Metadata> files;

  private InputFiles(String input, List<String> patterns, List<Metadata> files) {
    this.input = input;
    this.patterns = patterns;
    this.files = files;
  }

  /**
   * Lists the files of {@code input}.
   *
   * @throws FileNotFoundException naming the missing shard, or the pattern that matched nothing
   */
  static InputFiles match(String input) throws IOException {
    Optional<ShardSpec> spec = ShardSpec.parse(input);
    if (spec.isPresent()) {
      List<String> names = spec.get().shardNames();
      List<MatchResult> results = FileSystems.match(names, EmptyMatchTreatment.ALLOW);
      List<Metadata> files = new ArrayList<>(names.size());
      for (int i = 0; i < names.size(); i++) {
        List<Metadata> found = metadataOrEmpty(results.get(i));
        if (found.isEmpty()) {
          throw new FileNotFoundException("missing shard " + names.get(i) + " of " + input
              + " (" + names.size() + " shards)");
        }
        files.addAll(found);
      }
      return new InputFiles(input, names, files);
    }
    List<Metadata> files = metadataOrEmpty(
        FileSystems.match(List.of(input), EmptyMatchTreatment.ALLOW).get(0));
    if (files.isEmpty()) {
      throw new FileNotFoundException(input + ": no such file, or no file matches");
    }
    return new InputFiles(input, List.of(input), files);
  }

  private static List<Metadata> metadataOrEmpty(MatchResult result) throws IOException {
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    if (result.status() != MatchResult.Status.OK) {
      result.metadata(); // throws the file system's own error, e.g. permission denied
    }
    List<Metadata> files = new ArrayList<>();
    for (Metadata m : result.metadata()) {
      if (!m.resourceId().isDirectory()) {
        files.add(m);
      }
    }
    return files;
  }

  /** The input as given. */
  String input() {
    return input;
  }

  /** What the pipeline matches: the shard names of a shard spec, else the glob itself. */
  List<String> patterns() {
    return patterns;
  }

  /** The files matched now, at least one. */
  List<Metadata> files() {
    return files;
  }

  long totalBytes() {
    long total = 0;
    for (Metadata m : files) {
      total += m.sizeBytes();
    }
    return total;
  }
}
