package io.pprecordio.examples.cli;

import io.pprecordio.Codec;
import io.pprecordio.FormatVersion;
import io.pprecordio.WriterOptions;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options every command that writes pp_recordio files shares. */
final class WriteOptionsMixin {
  @Option(names = "--codec", paramLabel = "CODEC", converter = CodecConverter.class,
      completionCandidates = CodecNames.class,
      description = "Per-record compression: ${COMPLETION-CANDIDATES} (default: none). The"
          + " original Python/Go package cannot read zstd records.")
  Codec codec = Codec.NONE;

  @Option(names = "--level", paramLabel = "N",
      description = "Compression level of the codec (default: the codec's own, gzip 6, zstd 3).")
  Integer level;

  @Option(names = "--v1",
      description = "Write v1 frames, byte for byte the format of the original Python/Go"
          + " pp-recordio package (no header checksum, no zstd).")
  boolean v1;

  @Option(names = "--index",
      description = "Also write the record index FILE.ppidx of each file written (see"
          + " 'pprecordio index'), from the frames as they are written: no second read.")
  boolean index;

  /** The options; core checks the values, and its message is prefixed with the option. */
  WriterOptions writerOptions() {
    if (level != null && codec == Codec.NONE) {
      throw new UsageException("--level needs --codec gzip or --codec zstd");
    }
    WriterOptions options = WriterOptions.defaults()
        .withFormatVersion(v1 ? FormatVersion.V1 : FormatVersion.V2)
        .withIndex(index);
    try {
      options = options.withCodec(codec);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--codec " + codec.name().toLowerCase(Locale.ROOT)
          + (v1 ? " with --v1" : "") + ": " + e.getMessage());
    }
    try {
      return level == null ? options : options.withCompressionLevel(level);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--level: " + e.getMessage());
    }
  }

  static final class CodecConverter implements ITypeConverter<Codec> {
    @Override
    public Codec convert(String value) {
      try {
        return Codec.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a codec; expected one of none, gzip, zstd");
      }
    }
  }

  static final class CodecNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of(Codec.values()).stream()
          .map(c -> c.name().toLowerCase(Locale.ROOT)).iterator();
    }
  }
}
