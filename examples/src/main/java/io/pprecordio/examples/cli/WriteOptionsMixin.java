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

  @Option(names = "--block",
      description = "Block mode: gather records into block frames of up to "
          + WriterOptions.DEFAULT_BLOCK_RECORDS + " records and "
          + (WriterOptions.DEFAULT_BLOCK_BYTES >> 10) + " KiB, each compressed as one with"
          + " --codec (zstd is the usual choice), instead of"
          + " one frame per record. Much smaller files of small records, still splittable; the"
          + " original Python/Go package cannot read them, and --v1 cannot write them.")
  boolean block;

  @Option(names = "--block-records", paramLabel = "N",
      description = "Block mode, with at most N records per block (default: "
          + WriterOptions.DEFAULT_BLOCK_RECORDS + ").")
  Integer blockRecords;

  @Option(names = "--block-bytes", paramLabel = "SIZE", converter = ByteSize.class,
      description = "Block mode, with at most SIZE record bytes per block, e.g. 1m (default: "
          + (WriterOptions.DEFAULT_BLOCK_BYTES >> 10) + "k, at most "
          + (WriterOptions.MAX_BLOCK_BYTES >> 20) + "m); a larger record gets a block of its"
          + " own.")
  Long blockBytes;

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
      options = level == null ? options : options.withCompressionLevel(level);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--level: " + e.getMessage());
    }
    return withBlock(options);
  }

  /** Block mode if any block option is given; the sizes not given are core's defaults. */
  private WriterOptions withBlock(WriterOptions options) {
    if (!block && blockRecords == null && blockBytes == null) {
      return options;
    }
    int records = blockRecords == null ? WriterOptions.DEFAULT_BLOCK_RECORDS : blockRecords;
    // Above what an int holds is above core's limit too, which core then names.
    int bytes = blockBytes == null ? WriterOptions.DEFAULT_BLOCK_BYTES
        : (int) Math.min(blockBytes, Integer.MAX_VALUE);
    try {
      return options.withBlock(records, bytes);
    } catch (IllegalArgumentException e) {
      String given = blockRecords != null ? "--block-records " + blockRecords
          : blockBytes != null ? "--block-bytes " + blockBytes : "--block";
      throw new UsageException(given + (v1 ? " with --v1" : "") + ": " + e.getMessage());
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
