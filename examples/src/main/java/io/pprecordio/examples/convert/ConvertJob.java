package io.pprecordio.examples.convert;

import io.pprecordio.beam.PPRecordIO;
import io.pprecordio.beam.PPRecordMetrics;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TFRecordIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The distributed dataset conversion job: a Beam pipeline that converts records between text
 * lines, TFRecord, Hadoop SequenceFile values, Avro container files, Parquet and pp_recordio, in
 * any direction, and ends with a
 * summary of records in and out, corruption skipped and records per output shard.
 *
 * <pre>
 * java -cp examples/target/pprecordio.jar io.pprecordio.examples.convert.ConvertJob \
 *     --input='logs/*.txt' --output=out/logs@8.pp_recordio --codec=zstd
 * </pre>
 *
 * <p>or {@code bin/pprecordio convert} with the same options. Runs on the DirectRunner unless
 * {@code --runner} names another on the classpath (see README: {@code -Pflink-runner},
 * {@code -Pspark-runner}). Without {@code --input} it converts a sample dataset it generates
 * ({@link SampleDataset}).
 *
 * <p>How the summary's numbers are counted, on any runner: records in by a counter after the
 * read; corrupt regions, skipped bytes and torn tails by the pp_recordio reader's own counters
 * ({@link PPRecordMetrics}); records out and per shard by reading every output file back once it
 * has been renamed into place ({@link CountOutputRecords}), since no runner tells which records
 * went into which shard. The counts are Beam counters, queried from the {@link PipelineResult}.
 */
public final class ConvertJob {
  private ConvertJob() {}

  /** Runs the job and prints its summary; for {@code java -cp}, {@code flink run} and the like. */
  public static void main(String[] args) throws Exception {
    PipelineOptionsFactory.register(ConvertOptions.class);
    ConvertOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(ConvertOptions.class);
    ConvertSummary summary = run(options, note -> System.err.println("convert: " + note));
    System.out.print(summary.render());
    for (String problem : summary.problems()) {
      System.err.println("convert: " + problem);
    }
    System.exit(summary.problems().isEmpty() ? 0 : 1);
  }

  /**
   * Runs the conversion the options describe and waits for it. Notes for the user (the sample
   * dataset, warnings), one line each, go to {@code notes}. The options are not changed.
   *
   * @throws IllegalArgumentException for a mistake in the options, with a one-line message
   * @throws java.io.FileNotFoundException for a missing input file or shard
   */
  public static ConvertSummary run(ConvertOptions options, Consumer<String> notes)
      throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    if (options.getInput() != null && !options.getInput().isBlank()) {
      return run(options, ConvertSettings.resolve(options), notes);
    }
    Path directory = Files.createTempDirectory("pprecordio-convert-");
    try {
      ConvertSettings settings = ConvertSettings.resolve(options,
          sample(options, directory, notes));
      return run(options, settings, notes);
    } finally {
      if (options.getKeepSample()) {
        notes.accept("kept the sample dataset in " + directory);
      } else {
        deleteRecursively(directory);
        notes.accept("removed the sample dataset" + (options.getOutput() == null
            || options.getOutput().isBlank() ? " and its conversion" : "") + " from "
            + directory + " (--keepSample=true keeps it)");
      }
    }
  }

  private static ConvertSummary run(ConvertOptions options, ConvertSettings settings,
      Consumer<String> notes) throws IOException {
    if (settings.input().formatGuessed()) {
      notes.accept("reading " + settings.input().files().input() + " as "
          + settings.input().format()
          + " (guessed from its first bytes; set --inputFormat to be sure)");
    }
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, settings);
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (state != PipelineResult.State.DONE) {
      throw new IOException("the pipeline ended " + state);
    }
    removeEmptyTempDirectory(settings.output());
    ConvertSummary summary = summarize(settings, result, options.getRunner().getSimpleName(),
        seconds);
    for (String warning : summary.warnings()) {
      notes.accept("warning: " + warning);
    }
    return summary;
  }

  /**
   * Generates the sample dataset in {@code directory} and says what the job reads and writes
   * where the options name nothing: the sample, as text (its records are JSON lines, so the
   * output reads with any tool), into {@code directory/converted}.
   */
  private static ConvertSettings.Defaults sample(ConvertOptions options, Path directory,
      Consumer<String> notes) throws IOException {
    SampleDataset.Sample sample = SampleDataset.write(directory.resolve(SampleDataset.DIRECTORY),
        options.getSampleRecords());
    String output = options.getOutput();
    boolean noOutput = output == null || output.isBlank();
    String format = options.getOutputFormat();
    Optional<String> outputFormat = (format == null || format.isBlank())
        && (noOutput || DataFormat.fromName(output).isEmpty())
        ? Optional.of(DataFormat.TEXT.displayName()) : Optional.empty();
    Optional<String> defaultOutput = Optional.empty();
    if (noOutput) {
      DataFormat written = DataFormat.parse(outputFormat.orElse(format));
      defaultOutput = Optional.of(directory.resolve("converted").resolve(SampleDataset.NAME)
          + "@4" + written.defaultSuffix());
    }
    notes.accept("no --input given, so converting a sample dataset generated in " + directory
        + ":");
    for (String line : sample.describe()) {
      notes.accept("  " + line);
    }
    return new ConvertSettings.Defaults(sample.spec().toString(), outputFormat, defaultOutput);
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary directory left behind is no reason to fail a finished job.
    }
  }

  /**
   * {@code FileIO.write()} removes its temporary files but leaves their parent, an empty
   * {@code .temp-beam} directory, among the output files. Deleting it is non-recursive: if
   * another job is still writing there, it stays.
   */
  private static void removeEmptyTempDirectory(ConvertSettings.Output output) {
    ResourceId temp = output.directory().resolve(".temp-beam",
        ResolveOptions.StandardResolveOptions.RESOLVE_DIRECTORY);
    try {
      FileSystems.delete(List.of(temp), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      // not empty, or not ours to remove: leave it
    }
  }

  /** Adds the conversion to {@code pipeline}. */
  static void build(Pipeline pipeline, ConvertSettings settings) {
    PCollection<byte[]> records = read(pipeline.begin(), settings.input())
        .apply("Count records in", ParDo.of(new CountRecordsIn()));
    WriteFilesResult<Void> written = write(records, settings.output());
    if (settings.countOutputRecords()) {
      written.getPerDestinationOutputFilenames()
          .apply("Output files", Values.create())
          .apply("Spread files", Reshuffle.viaRandomKey())
          .apply("Count records out", ParDo.of(new CountOutputRecords(
              settings.output().format(), settings.output().fileCompression())));
    }
  }

  private static PCollection<byte[]> read(PBegin begin, ConvertSettings.Input input) {
    if (input.format() == DataFormat.PPRECORDIO) {
      // The connector's splittable source: ranges of any size, dynamic rebalancing, metrics.
      return begin.apply("Read pp_recordio", PPRecordIO.read().from(input.files().input())
          .withReaderOptions(input.readerOptions()));
    }
    PCollection<Metadata> files = begin
        .apply("Input patterns", Create.of(input.files().patterns())
            .withCoder(StringUtf8Coder.of()))
        .apply("Match input", FileIO.matchAll()
            .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW));
    switch (input.format()) {
      case TEXT:
        return files.apply("Open text", FileIO.readMatches())
            .apply("Read lines", TextIO.readFiles())
            .apply("Lines to UTF-8", MapElements.into(TypeDescriptor.of(byte[].class))
                .via((String line) -> line.getBytes(StandardCharsets.UTF_8)));
      case TFRECORD:
        return files.apply("Open TFRecord", FileIO.readMatches())
            .apply("Read TFRecord", TFRecordIO.readFiles());
      case SEQUENCEFILE:
        return files.apply("Read SequenceFile values",
            new SequenceFileRead(SequenceFileRead.DEFAULT_SPLIT_BYTES));
      case AVRO:
        return files.apply("Open Avro", FileIO.readMatches())
            .apply("Read Avro field", AvroIO.parseFilesGenericRecords(
                new AvroRecords.FieldBytes(input.field())).withCoder(ByteArrayCoder.of()));
      case PARQUET:
        return files.apply("Open Parquet", FileIO.readMatches())
            .apply("Read Parquet column", ParquetIO.parseFilesGenericRecords(
                new AvroRecords.FieldBytes(input.field())).withCoder(ByteArrayCoder.of()));
      default:
        throw new IllegalStateException("unknown format " + input.format());
    }
  }

  private static WriteFilesResult<Void> write(PCollection<byte[]> records,
      ConvertSettings.Output output) {
    if (output.format() == DataFormat.TEXT) {
      return records
          .apply("To text lines", ParDo.of(new ToTextLine()))
          .setCoder(StringUtf8Coder.of())
          .apply("Write text", fileWrite(sink(output), output));
    }
    if (output.format().hasFields()) {
      Schema schema = AvroRecords.schema(output.field());
      return records
          .apply("To Avro records", ParDo.of(new AvroRecords.ToGenericRecord(schema)))
          .setCoder(AvroCoder.of(schema))
          .apply("Write " + output.format(), fileWrite(sink(output), output));
    }
    return records.apply("Write " + output.format(), fileWrite(sink(output), output));
  }

  /**
   * The sink that writes one shard of the output format: of {@code String} lines for text, of
   * Avro records for Avro and Parquet, of {@code byte[]} records for the others.
   */
  @SuppressWarnings("unchecked")
  static <T> FileIO.Sink<T> sink(ConvertSettings.Output output) {
    switch (output.format()) {
      case TEXT:
        return (FileIO.Sink<T>) TextIO.sink();
      case TFRECORD:
        return (FileIO.Sink<T>) TFRecordIO.sink();
      case SEQUENCEFILE:
        return (FileIO.Sink<T>) new SequenceFileSink(output.sequenceFileValueClass(),
            output.compression());
      case PPRECORDIO:
        return (FileIO.Sink<T>) PPRecordIO.sink().withWriterOptions(output.writerOptions());
      case AVRO:
        return (FileIO.Sink<T>) AvroIO.<GenericRecord>sink(AvroRecords.schema(output.field()));
      case PARQUET:
        return (FileIO.Sink<T>) ParquetIO.sink(AvroRecords.schema(output.field()));
      default:
        throw new IllegalStateException("unknown format " + output.format());
    }
  }

  private static <T> FileIO.Write<Void, T> fileWrite(FileIO.Sink<T> sink,
      ConvertSettings.Output output) {
    FileIO.Write<Void, T> write = FileIO.<T>write()
        .via(sink)
        .to(output.directory().toString())
        .withNaming(new ShardNaming(output.name(), output.suffix()))
        .withCompression(output.fileCompression());
    return output.numShards() > 0 ? write.withNumShards(output.numShards()) : write;
  }

  /** Counts the records read, whatever the input format. */
  static final class CountRecordsIn extends DoFn<byte[], byte[]> {
    private static final long serialVersionUID = 1L;
    private final Counter records =
        Metrics.counter(ConvertMetrics.NAMESPACE, ConvertMetrics.RECORDS_IN);

    @ProcessElement
    public void process(@Element byte[] record, OutputReceiver<byte[]> out) {
      records.inc();
      out.output(record);
    }
  }

  /** A record as a line of text, counting the records that cannot be one. */
  static final class ToTextLine extends DoFn<byte[], String> {
    private static final long serialVersionUID = 1L;
    private final Counter notLines =
        Metrics.counter(ConvertMetrics.NAMESPACE, ConvertMetrics.NOT_TEXT_LINES);
    private transient CharsetDecoder decoder;

    @ProcessElement
    public void process(@Element byte[] record, OutputReceiver<String> out) {
      if (decoder == null) {
        decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
      }
      String line;
      try {
        line = decoder.decode(ByteBuffer.wrap(record)).toString();
      } catch (CharacterCodingException e) {
        notLines.inc();
        out.output(new String(record, StandardCharsets.UTF_8));
        return;
      }
      if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
        notLines.inc();
      }
      out.output(line);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static ConvertSummary summarize(ConvertSettings settings, PipelineResult result,
      String runner, double seconds) throws IOException {
    ConvertSettings.Output output = settings.output();
    Map<String, Long> job = ConvertMetrics.job(result);
    Map<String, Long> counted = ConvertMetrics.shards(result);
    List<String> names = outputFileNames(output, counted);
    Set<String> filled = EmptyShards.write(output, names);
    long filesCounted = job.getOrDefault(ConvertMetrics.OUTPUT_FILES, 0L);
    Map<String, OptionalLong> shards = new LinkedHashMap<>();
    for (String name : names) {
      Long n = counted.get(name);
      if (n == null && settings.countOutputRecords()
          && (filled.contains(name) || filesCounted + filled.size() == names.size())) {
        n = 0L; // written empty here, or counted by a runner that drops a counter never above 0
      }
      shards.put(name, n == null ? OptionalLong.empty() : OptionalLong.of(n));
    }
    OptionalLong recordsOut = settings.countOutputRecords()
        ? OptionalLong.of(job.getOrDefault(ConvertMetrics.RECORDS_OUT, 0L))
        : OptionalLong.empty();
    ConvertSettings.Input input = settings.input();
    return new ConvertSummary(runner, input.format(), input.files().input(),
        input.files().files().size(), input.files().totalBytes(), output.format(),
        output.spec(names.size()), job.getOrDefault(ConvertMetrics.RECORDS_IN, 0L),
        PPRecordMetrics.of(result), job.getOrDefault(ConvertMetrics.NOT_TEXT_LINES, 0L),
        recordsOut, shards, seconds);
  }

  /**
   * The output files, in shard order: the names a fixed shard count implies; else those the
   * counting step saw; else what the output directory holds under the output's name.
   */
  private static List<String> outputFileNames(ConvertSettings.Output output,
      Map<String, Long> counted) throws IOException {
    if (output.numShards() > 0) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < output.numShards(); i++) {
        names.add(output.shardFileName(i, output.numShards()));
      }
      return names;
    }
    if (!counted.isEmpty()) {
      return new ArrayList<>(counted.keySet()); // sorted, and so in shard order
    }
    MatchResult match = FileSystems.match(output.spec(0), EmptyMatchTreatment.ALLOW);
    List<String> names = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      for (Metadata m : match.metadata()) {
        names.add(m.resourceId().getFilename());
      }
    }
    names.sort(null);
    return names;
  }
}
