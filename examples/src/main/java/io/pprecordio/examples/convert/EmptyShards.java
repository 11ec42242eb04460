package io.pprecordio.examples.convert;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Writes the shards of a fixed shard count that got no record. {@code FileIO.write()} writes no
 * file at all when it receives no record, so {@code --output=o@4} over an empty input would name
 * four files that do not exist. Each missing shard is written as the format's empty file, through
 * the same sink and compression as the others, so that every tool reads it as holding nothing.
 */
final class EmptyShards {
  private EmptyShards() {}

  /** Writes each of {@code names} that does not exist; returns those it wrote. */
  static Set<String> write(ConvertSettings.Output output, List<String> names)
      throws IOException {
    Set<String> written = new LinkedHashSet<>();
    for (String name : names) {
      ResourceId file = output.directory().resolve(name, StandardResolveOptions.RESOLVE_FILE);
      MatchResult match = FileSystems.match(List.of(file.toString()), EmptyMatchTreatment.ALLOW)
          .get(0);
      if (match.status() == MatchResult.Status.OK && !match.metadata().isEmpty()) {
        continue;
      }
      FileIO.Sink<Object> sink = ConvertJob.sink(output);
      try (WritableByteChannel channel = output.fileCompression()
          .writeCompressed(FileSystems.create(file, MimeTypes.BINARY))) {
        sink.open(channel);
        sink.flush();
      }
      written.add(name);
    }
    return written;
  }
}
