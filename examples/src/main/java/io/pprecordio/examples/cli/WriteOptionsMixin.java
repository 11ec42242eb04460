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

  WriterOptions writerOptions() {
    if (v1 && codec == Codec.ZSTD) {
      throw new UsageException("--v1 cannot be combined with --codec zstd: v1 frames hold"
          + " only uncompressed or gzip records");
    }
    if (level != null && codec == Codec.NONE) {
      throw new UsageException("--level needs --codec gzip or --codec zstd");
    }
    if (level != null && codec == Codec.GZIP && (level < 0 || level > 9)) {
      throw new UsageException("gzip levels run from 0 to 9, got " + level);
    }
    if (level != null && codec == Codec.ZSTD && (level < 1 || level > 22)) {
      throw new UsageException("zstd levels run from 1 to 22, got " + level);
    }
    WriterOptions options = WriterOptions.defaults()
        .withFormatVersion(v1 ? FormatVersion.V1 : FormatVersion.V2)
        .withCodec(codec);
    return level == null ? options : options.withCompressionLevel(level);
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
