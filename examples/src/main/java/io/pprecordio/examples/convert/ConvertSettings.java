package io.pprecordio.examples.convert;

import io.pprecordio.Codec;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.FormatVersion;
import io.pprecordio.ReaderOptions;
import io.pprecordio.ShardSpec;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * What one conversion does, resolved from {@link ConvertOptions} and checked before the pipeline
 * is built: the input files and their format, the output's directory, naming, format and
 * encoding. Every mistake in the options becomes an {@link IllegalArgumentException} with a
 * one-line message naming the option; missing inputs a {@link java.io.FileNotFoundException}.
 */
final class ConvertSettings {
  final InputFiles input;
  final DataFormat inputFormat;
  final boolean inputFormatGuessed;
  final ReaderOptions readerOptions;

  final ResourceId outputDirectory;
  /** File name prefix of the shards, relative to {@link #outputDirectory}. */
  final String outputName;
  /** Suffix of every shard's name, compression suffix included. */
  final String outputSuffix;
  /** 0: the runner chooses. */
  final int numShards;
  final DataFormat outputFormat;
  final WriterOptions writerOptions;
  final Compression outputCompression;
  final Class<? extends Writable> sequenceFileValueClass;
  final boolean countOutputRecords;

  private ConvertSettings(InputFiles input, DataFormat inputFormat, boolean inputFormatGuessed,
      ReaderOptions readerOptions, ResourceId outputDirectory, String outputName,
      String outputSuffix, int numShards, DataFormat outputFormat, WriterOptions writerOptions,
      Compression outputCompression, Class<? extends Writable> sequenceFileValueClass,
      boolean countOutputRecords) {
    this.input = input;
    this.inputFormat = inputFormat;
    this.inputFormatGuessed = inputFormatGuessed;
    this.readerOptions = readerOptions;
    this.outputDirectory = outputDirectory;
    this.outputName = outputName;
    this.outputSuffix = outputSuffix;
    this.numShards = numShards;
    this.outputFormat = outputFormat;
    this.writerOptions = writerOptions;
    this.outputCompression = outputCompression;
    this.sequenceFileValueClass = sequenceFileValueClass;
    this.countOutputRecords = countOutputRecords;
  }

  /**
   * Resolves the options; lists the input files (Beam's {@link FileSystems} must have been set up
   * with these options).
   */
  static ConvertSettings resolve(ConvertOptions options) throws IOException {
    String inputOption = options.getInput();
    if (inputOption == null || inputOption.isBlank()) {
      throw new IllegalArgumentException("--input is required");
    }
    String outputOption = options.getOutput();
    if (outputOption == null || outputOption.isBlank()) {
      throw new IllegalArgumentException("--output is required with --input: a name@N shard"
          + " spec such as out/data@4, or a name prefix");
    }

    // Options are checked before the input is listed, so that a typo costs no I/O.
    Optional<DataFormat> declaredInputFormat = optionalFormat("--inputFormat",
        options.getInputFormat());
    ReaderOptions readerOptions = readerOptions(options);
    OutputName output = OutputName.parse(outputOption.strip(), options.getNumShards());
    DataFormat outputFormat = optionalFormat("--outputFormat", options.getOutputFormat())
        .or(() -> DataFormat.fromName(output.suffix))
        .orElse(DataFormat.PPRECORDIO);
    WriterOptions writerOptions = writerOptions(options, outputFormat);
    Compression compression = outputCompression(options, outputFormat, output.suffix);
    String suffix = output.shardSpec ? output.suffix
        : (output.suffix.isEmpty() ? outputFormat.defaultSuffix() : output.suffix)
            + (outputFormat == DataFormat.SEQUENCEFILE ? ""
                : compressionSuffix(compression, output.suffix));
    Class<? extends Writable> valueClass = sequenceFileValueClass(options, outputFormat);

    InputFiles input = InputFiles.match(inputOption.strip());
    boolean guessed = false;
    DataFormat inputFormat;
    if (declaredInputFormat.isPresent()) {
      inputFormat = declaredInputFormat.get();
    } else {
      Optional<DataFormat> byName = DataFormat.fromName(inputOption);
      if (byName.isPresent()) {
        inputFormat = byName.get();
      } else {
        inputFormat = sniff(input.files().get(0));
        guessed = true;
      }
    }
    if (inputFormat != DataFormat.PPRECORDIO
        && (!readerOptions.equals(ReaderOptions.defaults()))) {
      throw new IllegalArgumentException("--corruptionPolicy and --maxRecordBytes apply to"
          + " pp_recordio input only; the input is " + inputFormat);
    }

    ResourceId prefix = FileSystems.matchNewResource(output.prefix, false);
    ResourceId directory = prefix.getCurrentDirectory();
    String name = prefix.getFilename();
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("--output needs a file name prefix after the"
          + " directory, as in " + output.prefix + "data@4");
    }
    return new ConvertSettings(input, inputFormat, guessed, readerOptions, directory, name,
        suffix, output.numShards, outputFormat, writerOptions, compression, valueClass,
        options.getCountOutputRecords());
  }

  /** The output as a shard spec ({@code out/data@4.txt}), or a glob when the runner chose N. */
  String outputSpec(int shards) {
    String prefix = outputDirectory.resolve(outputName,
        org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions.RESOLVE_FILE).toString();
    return shards > 0 ? ShardSpec.of(prefix, shards, outputSuffix).toString()
        : prefix + "-*-of-*" + outputSuffix;
  }

  /** The name of shard {@code index} of {@code shards}, without its directory. */
  String shardFileName(int index, int shards) {
    return ShardSpec.of(outputName, shards, outputSuffix).shardName(index);
  }

  // ---------------------------------------------------------------------------------------------

  /** {@code --output}: a prefix, a shard count and a suffix. */
  static final class OutputName {
    final String prefix;
    final int numShards;
    final String suffix;
    final boolean shardSpec;

    private OutputName(String prefix, int numShards, String suffix, boolean shardSpec) {
      this.prefix = prefix;
      this.numShards = numShards;
      this.suffix = suffix;
      this.shardSpec = shardSpec;
    }

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
      String base = output.substring(output.lastIndexOf('/') + 1);
      if (DataFormat.fromName(base).isPresent()) {
        String stripped = DataFormat.stripCompressionSuffix(base);
        int dot = stripped.lastIndexOf('.');
        if (dot > 0) {
          suffix = base.substring(dot);
        }
      }
      String prefix = output.substring(0, output.length() - suffix.length());
      return new OutputName(prefix, numShardsOption, suffix, false);
    }
  }

  private static Optional<DataFormat> optionalFormat(String option, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(DataFormat.parse(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  private static ReaderOptions readerOptions(ConvertOptions options) {
    CorruptionPolicy policy;
    switch (options.getCorruptionPolicy().strip().toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "skip_and_report":
      case "skip":
        policy = CorruptionPolicy.SKIP_AND_REPORT;
        break;
      case "fail":
        policy = CorruptionPolicy.FAIL;
        break;
      default:
        throw new IllegalArgumentException("--corruptionPolicy: unknown policy '"
            + options.getCorruptionPolicy() + "'; expected skip_and_report or fail");
    }
    try {
      return ReaderOptions.defaults().withCorruptionPolicy(policy)
          .withMaxRecordBytes(options.getMaxRecordBytes());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--maxRecordBytes: " + e.getMessage());
    }
  }

  private static WriterOptions writerOptions(ConvertOptions options, DataFormat outputFormat) {
    Codec codec = parseCodec(options.getCodec());
    FormatVersion version = parseVersion(options.getFormatVersion());
    int level = options.getCompressionLevel();
    if (outputFormat != DataFormat.PPRECORDIO) {
      if (codec != Codec.NONE || version != FormatVersion.V2 || level != -1) {
        throw new IllegalArgumentException("--codec, --compressionLevel and --formatVersion apply"
            + " to pp_recordio output only; the output is " + outputFormat
            + " (whole-file compression: --compression)");
      }
      return WriterOptions.defaults();
    }
    if (version == FormatVersion.V1 && codec == Codec.ZSTD) {
      throw new IllegalArgumentException("--formatVersion=v1 cannot be combined with --codec=zstd:"
          + " v1 frames hold only uncompressed or gzip records");
    }
    if (level != -1) {
      if (codec == Codec.NONE) {
        throw new IllegalArgumentException("--compressionLevel needs --codec=gzip or zstd");
      }
      if (codec == Codec.GZIP && (level < 0 || level > 9)) {
        throw new IllegalArgumentException("--compressionLevel: gzip levels run from 0 to 9, got "
            + level);
      }
      if (codec == Codec.ZSTD && (level < 1 || level > 22)) {
        throw new IllegalArgumentException("--compressionLevel: zstd levels run from 1 to 22, got "
            + level);
      }
    }
    WriterOptions writer = WriterOptions.defaults().withFormatVersion(version).withCodec(codec);
    return level == -1 ? writer : writer.withCompressionLevel(level);
  }

  private static Codec parseCodec(String value) {
    try {
      return Codec.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--codec: " + e.getMessage());
    }
  }

  private static FormatVersion parseVersion(String value) {
    try {
      return FormatVersion.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--formatVersion: " + e.getMessage());
    }
  }

  private static Compression outputCompression(ConvertOptions options, DataFormat outputFormat,
      String suffix) {
    String value = options.getCompression();
    // A SequenceFile compresses block by block inside; its name says nothing of it.
    Compression byName = outputFormat == DataFormat.SEQUENCEFILE ? Compression.UNCOMPRESSED
        : DataFormat.compressionOf(suffix);
    Compression compression;
    if (value == null || value.isBlank()) {
      compression = byName;
    } else {
      compression = parseCompression(value);
      if (byName != Compression.UNCOMPRESSED && byName != compression) {
        throw new IllegalArgumentException("--compression=" + value + " contradicts the output"
            + " suffix " + suffix);
      }
    }
    if (compression == Compression.UNCOMPRESSED) {
      return compression;
    }
    switch (outputFormat) {
      case PPRECORDIO:
        throw new IllegalArgumentException("pp_recordio output is compressed record by record:"
            + " use --codec=gzip or --codec=zstd rather than --compression or a " + suffix
            + " suffix");
      case SEQUENCEFILE:
        if (compression == Compression.ZSTD) {
          throw new IllegalArgumentException("--compression=zstd: Hadoop's zstd codec needs the"
              + " native Hadoop library; use gzip, bzip2 or deflate for SequenceFiles");
        }
        return compression;
      default:
        return compression;
    }
  }

  private static Compression parseCompression(String value) {
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "none":
      case "uncompressed":
        return Compression.UNCOMPRESSED;
      case "gzip":
      case "gz":
        return Compression.GZIP;
      case "bzip2":
      case "bz2":
        return Compression.BZIP2;
      case "zstd":
      case "zst":
        return Compression.ZSTD;
      case "deflate":
        return Compression.DEFLATE;
      default:
        throw new IllegalArgumentException("--compression: unknown compression '" + value
            + "'; expected none, gzip, bzip2, zstd or deflate");
    }
  }

  /** Text and TFRecord files compressed whole get the compression's suffix, once. */
  private static String compressionSuffix(Compression compression, String suffix) {
    if (compression == Compression.UNCOMPRESSED || compression.matches(suffix)) {
      return "";
    }
    return compression.getSuggestedSuffix();
  }

  private static Class<? extends Writable> sequenceFileValueClass(ConvertOptions options,
      DataFormat outputFormat) {
    String value = options.getSequenceFileValueClass().strip();
    Class<? extends Writable> valueClass;
    if (value.equalsIgnoreCase("BytesWritable") || value.equals(BytesWritable.class.getName())) {
      valueClass = BytesWritable.class;
    } else if (value.equalsIgnoreCase("Text") || value.equals(Text.class.getName())) {
      valueClass = Text.class;
    } else {
      throw new IllegalArgumentException("--sequenceFileValueClass: '" + value
          + "' is not supported; expected BytesWritable or Text");
    }
    if (valueClass != BytesWritable.class && outputFormat != DataFormat.SEQUENCEFILE) {
      throw new IllegalArgumentException("--sequenceFileValueClass applies to sequencefile"
          + " output only; the output is " + outputFormat);
    }
    return valueClass;
  }

  /**
   * Guesses a file's format from its first bytes: SequenceFile and pp_recordio by their magic, a
   * TFRecord by the checksum of its first length, text by its bytes being UTF-8 text.
   */
  static DataFormat sniff(Metadata file) throws IOException {
    String name = file.resourceId().toString();
    byte[] head = new byte[4096];
    int n = 0;
    try (InputStream in = Channels.newInputStream(
        Compression.detect(name).readDecompressed(FileSystems.open(file.resourceId())))) {
      while (n < head.length) {
        int r = in.read(head, n, head.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    if (n >= 4 && head[0] == 'S' && head[1] == 'E' && head[2] == 'Q') {
      return DataFormat.SEQUENCEFILE;
    }
    if (n >= 4 && (head[0] & 0xff) == 0xDE && (head[1] & 0xff) == 0xAD
        && (head[2] & 0xff) == 0xBE && (head[3] & 0xff) == 0xEF) {
      return DataFormat.PPRECORDIO;
    }
    if (n >= 12 && isTfRecordHeader(head)) {
      return DataFormat.TFRECORD;
    }
    if (n > 0 && isText(head, n)) {
      return DataFormat.TEXT;
    }
    throw new IllegalArgumentException("cannot tell the format of " + name
        + (n == 0 ? " (it is empty)" : "") + "; name it with --inputFormat (" + DataFormat.names()
        + ")");
  }

  /** A TFRecord starts with a little-endian u64 length and the masked CRC32C of those 8 bytes. */
  private static boolean isTfRecordHeader(byte[] head) {
    CRC32C crc = new CRC32C();
    crc.update(head, 0, 8);
    int c = (int) crc.getValue();
    int masked = ((c >>> 15) | (c << 17)) + 0xa282ead8;
    return ByteBuffer.wrap(head, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == masked;
  }

  private static boolean isText(byte[] head, int n) {
    for (int i = 0; i < n; i++) {
      int b = head[i] & 0xff;
      if (b < 0x20 && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    // A full sample may end inside a multi-byte character: decode it as unfinished input then.
    boolean wholeFile = n < head.length;
    CoderResult result = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(head, 0, n), CharBuffer.allocate(n), wholeFile);
    return !result.isError();
  }
}
