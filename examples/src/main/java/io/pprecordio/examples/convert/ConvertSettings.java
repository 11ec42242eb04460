package io.pprecordio.examples.convert;

import io.pprecordio.Codec;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.FormatVersion;
import io.pprecordio.ReaderOptions;
import io.pprecordio.ShardSpec;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.util.Optional;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * What one conversion does, resolved from {@link ConvertOptions} and checked before the pipeline
 * is built. Every mistake in the options becomes an {@link IllegalArgumentException} with a
 * one-line message naming the option; a missing input a {@link java.io.FileNotFoundException}.
 */
record ConvertSettings(Input input, Output output, boolean countOutputRecords) {

  /**
   * The input side.
   *
   * @param formatGuessed whether the format was sniffed from the first file's bytes
   */
  record Input(InputFiles files, DataFormat format, boolean formatGuessed,
      ReaderOptions readerOptions, String field) {}

  /**
   * The output side.
   *
   * @param directory where the shards go
   * @param name file name prefix of the shards
   * @param suffix what follows each shard's number, compression suffix included
   * @param numShards 0: the runner chooses
   * @param compression whole-file compression (SequenceFiles: block compression inside)
   * @param field Avro and Parquet: the name of the one bytes field written
   */
  record Output(ResourceId directory, String name, String suffix, int numShards,
      DataFormat format, WriterOptions writerOptions, Compression compression,
      Class<? extends Writable> sequenceFileValueClass, String field) {

    /** The output as a shard spec ({@code out/data@4.txt}), or a glob when the runner chose N. */
    String spec(int shards) {
      String prefix = directory.resolve(name, StandardResolveOptions.RESOLVE_FILE).toString();
      return shards > 0 ? ShardSpec.of(prefix, shards, suffix).toString()
          : prefix + "-*-of-*" + suffix;
    }

    /** The name of shard {@code index} of {@code shards}, without its directory. */
    String shardFileName(int index, int shards) {
      return ShardSpec.of(name, shards, suffix).shardName(index);
    }

    /** The compression around whole files: none for formats that compress inside. */
    Compression fileCompression() {
      return format.compressesInside() ? Compression.UNCOMPRESSED : compression;
    }
  }

  /**
   * What a run on the generated sample dataset sets, where the user set nothing: the input,
   * and an output format and name.
   */
  record Defaults(String input, Optional<String> outputFormat, Optional<String> output) {
    static final Defaults NONE = new Defaults(null, Optional.empty(), Optional.empty());
  }

  /**
   * Resolves the options; lists the input files (Beam's {@link FileSystems} must have been set up
   * with these options).
   */
  static ConvertSettings resolve(ConvertOptions options) throws IOException {
    return resolve(options, Defaults.NONE);
  }

  /** {@link #resolve(ConvertOptions)}, with {@code defaults} for options left unset. */
  static ConvertSettings resolve(ConvertOptions options, Defaults defaults) throws IOException {
    String inputOption = orElse(options.getInput(), defaults.input());
    if (inputOption == null) {
      throw new IllegalArgumentException("--input is required");
    }
    String outputOption = orElse(options.getOutput(), defaults.output().orElse(null));
    if (outputOption == null) {
      throw new IllegalArgumentException("--output is required with --input: a name@N shard"
          + " spec such as out/data@4, or a name prefix");
    }

    // Options are checked before the input is listed, so that a typo costs no I/O.
    Optional<DataFormat> declaredInputFormat = optionalFormat("--inputFormat",
        options.getInputFormat());
    ReaderOptions readerOptions = readerOptions(options);
    Output output = output(options, outputOption.strip(),
        orElse(options.getOutputFormat(), defaults.outputFormat().orElse(null)));

    InputFiles files = InputFiles.match(inputOption.strip());
    boolean guessed = false;
    DataFormat inputFormat;
    if (declaredInputFormat.isPresent()) {
      inputFormat = declaredInputFormat.get();
    } else {
      Optional<DataFormat> byName = DataFormat.fromName(inputOption);
      if (byName.isPresent()) {
        inputFormat = byName.get();
      } else {
        inputFormat = DataFormat.sniff(files.files().get(0));
        guessed = true;
      }
    }
    if (inputFormat != DataFormat.PPRECORDIO && !readerOptions.equals(ReaderOptions.defaults())) {
      throw new IllegalArgumentException("--corruptionPolicy and --maxRecordBytes apply to"
          + " pp_recordio input only; the input is " + inputFormat);
    }
    String field = options.getField() == null || options.getField().isBlank() ? null
        : options.getField().strip();
    if (field != null && !inputFormat.hasFields() && !output.format().hasFields()) {
      throw new IllegalArgumentException("--field applies to avro and parquet only; the input is "
          + inputFormat + " and the output " + output.format());
    }
    return new ConvertSettings(new Input(files, inputFormat, guessed, readerOptions,
        inputFormat.hasFields() ? field : null), output, options.getCountOutputRecords());
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static Output output(ConvertOptions options, String outputOption, String formatOption) {
    OutputName name = OutputName.parse(outputOption, options.getNumShards());
    DataFormat format = optionalFormat("--outputFormat", formatOption)
        .or(() -> DataFormat.fromName(name.suffix()))
        .orElse(DataFormat.PPRECORDIO);
    WriterOptions writerOptions = writerOptions(options, format);
    Compression compression = outputCompression(options, format, name.suffix());
    String suffix = name.shardSpec() ? name.suffix()
        : (name.suffix().isEmpty() ? format.defaultSuffix() : name.suffix())
            + (format.compressesInside() ? ""
                : FileCompression.suffix(compression, name.suffix()));
    Class<? extends Writable> valueClass = sequenceFileValueClass(options, format);

    ResourceId prefix = FileSystems.matchNewResource(name.prefix(), false);
    String fileName = prefix.getFilename();
    if (fileName == null || fileName.isEmpty()) {
      throw new IllegalArgumentException("--output needs a file name prefix after the"
          + " directory, as in " + name.prefix() + "data@4");
    }
    String field = options.getField() == null || options.getField().isBlank()
        ? AvroRecords.DEFAULT_FIELD : options.getField().strip();
    if (format.hasFields()) {
      parse("--field", field, AvroRecords::schema); // a valid Avro name
    }
    return new Output(prefix.getCurrentDirectory(), fileName, suffix, name.numShards(), format,
        writerOptions, compression, valueClass, field);
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
    CorruptionPolicy policy = parse("--corruptionPolicy", options.getCorruptionPolicy(),
        CorruptionPolicy::parse);
    try {
      return ReaderOptions.defaults().withCorruptionPolicy(policy)
          .withMaxRecordBytes(options.getMaxRecordBytes());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--maxRecordBytes: " + e.getMessage());
    }
  }

  private static WriterOptions writerOptions(ConvertOptions options, DataFormat outputFormat) {
    Codec codec = parse("--codec", options.getCodec(), Codec::parse);
    FormatVersion version = parse("--formatVersion", options.getFormatVersion(),
        FormatVersion::parse);
    int level = options.getCompressionLevel();
    boolean block = options.getBlockRecords() != 0 || options.getBlockBytes() != 0;
    if (outputFormat != DataFormat.PPRECORDIO) {
      if (codec != Codec.NONE || version != FormatVersion.V2 || level != -1 || block) {
        throw new IllegalArgumentException("--codec, --compressionLevel, --formatVersion,"
            + " --blockRecords and --blockBytes apply to pp_recordio output only; the output is "
            + outputFormat + " (whole-file compression: --compression)");
      }
      return WriterOptions.defaults();
    }
    if (level != -1 && codec == Codec.NONE) {
      throw new IllegalArgumentException("--compressionLevel needs --codec=gzip or zstd");
    }
    // Core checks the combination and the level's range; its message gets the option's name.
    WriterOptions writer = parse("--formatVersion=" + options.getFormatVersion() + " and --codec="
        + options.getCodec(),
        options.getCodec(), c -> WriterOptions.defaults().withFormatVersion(version)
            .withCodec(codec));
    WriterOptions leveled = level == -1 ? writer
        : parse("--compressionLevel", Integer.toString(level),
            l -> writer.withCompressionLevel(level));
    if (!block) {
      return leveled;
    }
    int records = options.getBlockRecords() == 0 ? WriterOptions.DEFAULT_BLOCK_RECORDS
        : options.getBlockRecords();
    int bytes = options.getBlockBytes() == 0 ? WriterOptions.DEFAULT_BLOCK_BYTES
        : options.getBlockBytes();
    return parse("--blockRecords=" + options.getBlockRecords() + " and --blockBytes="
        + options.getBlockBytes(), "", b -> leveled.withBlock(records, bytes));
  }

  /** Core's parser of an option's value, its message prefixed with the option. */
  private static <T> T parse(String option, String value,
      java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  private static Compression outputCompression(ConvertOptions options, DataFormat outputFormat,
      String suffix) {
    String value = options.getCompression();
    // A SequenceFile compresses block by block inside; its name says nothing of it.
    Compression byName = outputFormat.compressesInside() ? Compression.UNCOMPRESSED
        : FileCompression.of(suffix);
    Compression compression;
    if (value == null || value.isBlank()) {
      compression = byName;
    } else {
      compression = FileCompression.parse(value);
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
      case AVRO:
      case PARQUET:
        throw new IllegalArgumentException("--compression applies to text, tfrecord and"
            + " sequencefile output; " + outputFormat + " files compress inside, with the"
            + " format's default codec");
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
}
