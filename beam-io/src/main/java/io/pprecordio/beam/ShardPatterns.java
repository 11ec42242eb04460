package io.pprecordio.beam;

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
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Beam's side of core's {@link ShardSpec}: a file pattern is a shard spec ({@code name@N}), which
 * names exactly N files, or anything else {@link FileSystems#match} understands. The connector
 * and applications that list a dataset's files before building a pipeline (to fail early on a
 * missing shard, or to look at the files) share this one reading of a pattern.
 */
public final class ShardPatterns {
  private ShardPatterns() {}

  /** The pattern to hand to {@link FileSystems#match}: a shard spec becomes its glob. */
  public static String toMatchPattern(String pattern) {
    Optional<ShardSpec> spec = ShardSpec.parse(pattern);
    return spec.isPresent() ? spec.get().glob() : pattern;
  }

  /**
   * The files {@code pattern} names, through Beam's {@link FileSystems} (which must have been set
   * up with the pipeline's options): every shard of a shard spec, in shard order, or the files a
   * glob or a plain name matches. Directories are left out.
   *
   * @throws FileNotFoundException naming the first missing shard, or the pattern that matched no
   *     file
   * @throws IOException the file system's own error, such as a permission denied
   */
  public static List<Metadata> match(String pattern) throws IOException {
    Optional<ShardSpec> spec = ShardSpec.parse(pattern);
    if (spec.isPresent()) {
      return matchShards(spec.get());
    }
    List<Metadata> files = files(
        FileSystems.match(List.of(pattern), EmptyMatchTreatment.ALLOW).get(0));
    if (files.isEmpty()) {
      throw new FileNotFoundException(pattern + ": no such file, or no file matches");
    }
    return files;
  }

  /**
   * The metadata of every shard of {@code spec}, in shard order.
   *
   * @throws FileNotFoundException naming the first missing shard
   */
  static List<Metadata> matchShards(ShardSpec spec) throws IOException {
    List<String> names = spec.shardNames();
    List<MatchResult> results = FileSystems.match(names, EmptyMatchTreatment.ALLOW);
    List<Metadata> shards = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      List<Metadata> found = files(results.get(i));
      if (found.isEmpty()) {
        throw missingShard(spec, names.get(i));
      }
      shards.addAll(found);
    }
    return shards;
  }

  static FileNotFoundException missingShard(ShardSpec spec, String shard) {
    return new FileNotFoundException("missing shard " + shard + " of " + spec + " ("
        + spec.shardCount() + " shards)");
  }

  /** The files of one match, none if nothing matched; a file system error is thrown. */
  private static List<Metadata> files(MatchResult result) throws IOException {
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    List<Metadata> files = new ArrayList<>();
    for (Metadata m : result.metadata()) { // throws the file system's error unless OK
      if (!m.resourceId().isDirectory()) {
        files.add(m);
      }
    }
    return files;
  }

  /** {@link #toMatchPattern} as a function, for nested value providers. */
  static final class ToMatchPattern implements SerializableFunction<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String apply(String pattern) {
      return toMatchPattern(pattern);
    }
  }
}
