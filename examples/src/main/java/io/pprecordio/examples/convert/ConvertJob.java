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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
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
 * lines, TFRecord, Hadoop SequenceFile values and pp_recordio, in any direction, and ends with a
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
   * dataset, warnings), one line each, go to {@code notes}.
   *
   * @throws IllegalArgumentException for a mistake in the options, with a one-line message
   * @throws java.io.FileNotFoundException for a missing input file or shard
   */
  public static ConvertSummary run(ConvertOptions options, Consumer<String> notes)
      throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    if (options.getInput() == null || options.getInput().isBlank()) {
      useSample(options, notes);
    }
    ConvertSettings settings = ConvertSettings.resolve(options);
    if (settings.inputFormatGuessed) {
      notes.accept("reading " + settings.input.input() + " as " + settings.inputFormat
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
    removeEmptyTempDirectory(settings);
    ConvertSummary summary = summarize(settings, result, options.getRunner().getSimpleName(),
        seconds);
    for (String warning : summary.warnings()) {
      notes.accept("warning: " + warning);
    }
    return summary;
  }

  /** Generates the sample dataset and points the options at it. */
  private static void useSample(ConvertOptions options, Consumer<String> notes)
      throws IOException {
    Path directory = Files.createTempDirectory("pprecordio-convert-");
    SampleDataset.Sample sample =
        SampleDataset.write(directory.resolve(SampleDataset.DIRECTORY),
        options.getSampleRecords());
    options.setInput(sample.spec().toString());
    String output = options.getOutput();
    boolean noOutput = output == null || output.isBlank();
    String format = options.getOutputFormat();
    if ((format == null || format.isBlank())
        && (noOutput || DataFormat.fromName(output).isEmpty())) {
      // The sample's records are JSON lines: as text, the output reads with any tool.
      options.setOutputFormat(DataFormat.TEXT.displayName());
    }
    if (noOutput) {
      DataFormat outputFormat = DataFormat.parse(options.getOutputFormat());
      options.setOutput(directory.resolve("converted").resolve(SampleDataset.NAME) + "@4"
          + outputFormat.defaultSuffix());
    }
    notes.accept("no --input given, so converting a sample dataset generated in " + directory
        + ":");
    for (String line : sample.describe()) {
      notes.accept("  " + line);
    }
  }

  /**
   * {@code FileIO.write()} removes its temporary files but leaves their parent, an empty
   * {@code .temp-beam} directory, among the output files. Deleting it is non-recursive: if
   * another job is still writing there, it stays.
   */
  private static void removeEmptyTempDirectory(ConvertSettings settings) {
    ResourceId temp = settings.outputDirectory.resolve(".temp-beam",
        ResolveOptions.StandardResolveOptions.RESOLVE_DIRECTORY);
    try {
      FileSystems.delete(List.of(temp), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      // not empty, or not ours to remove: leave it
    }
  }

  /** Adds the conversion to {@code pipeline}. */
  static void build(Pipeline pipeline, ConvertSettings settings) {
    PCollection<byte[]> records = read(pipeline.begin(), settings)
        .apply("Count records in", ParDo.of(new CountRecordsIn()));
    WriteFilesResult<Void> written = write(records, settings);
    if (settings.countOutputRecords) {
      written.getPerDestinationOutputFilenames()
          .apply("Output files", Values.create())
          .apply("Spread files", Reshuffle.viaRandomKey())
          .apply("Count records out", ParDo.of(
              new CountOutputRecords(settings.outputFormat,
                  settings.outputFormat == DataFormat.SEQUENCEFILE ? Compression.UNCOMPRESSED
                      : settings.outputCompression)));
    }
  }

  private static PCollection<byte[]> read(PBegin begin, ConvertSettings settings) {
    if (settings.inputFormat == DataFormat.PPRECORDIO) {
      // The connector's splittable source: ranges of any size, dynamic rebalancing, metrics.
      return begin.apply("Read pp_recordio", PPRecordIO.read().from(settings.input.input())
          .withReaderOptions(settings.readerOptions));
    }
    PCollection<Metadata> files = begin
        .apply("Input patterns", Create.of(settings.input.patterns())
            .withCoder(StringUtf8Coder.of()))
        .apply("Match input", FileIO.matchAll()
            .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW));
    switch (settings.inputFormat) {
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
      default:
        throw new IllegalStateException("unknown format " + settings.inputFormat);
    }
  }

  private static WriteFilesResult<Void> write(PCollection<byte[]> records,
      ConvertSettings settings) {
    switch (settings.outputFormat) {
      case TEXT:
        return records
            .apply("To text lines", ParDo.of(new ToTextLine()))
            .setCoder(StringUtf8Coder.of())
            .apply("Write text", fileWrite(TextIO.sink(), settings,
                settings.outputCompression));
      case TFRECORD:
        return records.apply("Write TFRecord", fileWrite(TFRecordIO.sink(), settings,
            settings.outputCompression));
      case SEQUENCEFILE:
        return records.apply("Write SequenceFile", fileWrite(
            new SequenceFileSink(settings.sequenceFileValueClass, settings.outputCompression),
            settings, Compression.UNCOMPRESSED)); // compressed block by block inside
      case PPRECORDIO:
        return records.apply("Write pp_recordio",
            fileWrite(PPRecordIO.sink().withWriterOptions(settings.writerOptions), settings,
                Compression.UNCOMPRESSED));
      default:
        throw new IllegalStateException("unknown format " + settings.outputFormat);
    }
  }

  private static <T> FileIO.Write<Void, T> fileWrite(FileIO.Sink<T> sink,
      ConvertSettings settings, Compression fileCompression) {
    FileIO.Write<Void, T> write = FileIO.<T>write()
        .via(sink)
        .to(settings.outputDirectory.toString())
        .withNaming(new ShardNaming(settings.outputName, settings.outputSuffix))
        .withCompression(fileCompression);
    return settings.numShards > 0 ? write.withNumShards(settings.numShards) : write;
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
    Map<String, Long> job = ConvertMetrics.job(result);
    Map<String, Long> counted = ConvertMetrics.shards(result);
    List<String> names = outputFileNames(settings, counted);
    long filesCounted = job.getOrDefault(ConvertMetrics.OUTPUT_FILES, 0L);
    Map<String, OptionalLong> shards = new LinkedHashMap<>();
    for (String name : names) {
      Long n = counted.get(name);
      if (n == null && settings.countOutputRecords && filesCounted == names.size()) {
        n = 0L; // every file was counted; a runner may drop a counter never above 0
      }
      shards.put(name, n == null ? OptionalLong.empty() : OptionalLong.of(n));
    }
    OptionalLong recordsOut = settings.countOutputRecords
        ? OptionalLong.of(job.getOrDefault(ConvertMetrics.RECORDS_OUT, 0L))
        : OptionalLong.empty();
    return new ConvertSummary(runner, settings.inputFormat, settings.input.input(),
        settings.input.files().size(), settings.input.totalBytes(), settings.outputFormat,
        settings.outputSpec(names.size()), job.getOrDefault(ConvertMetrics.RECORDS_IN, 0L),
        PPRecordMetrics.of(result), job.getOrDefault(ConvertMetrics.NOT_TEXT_LINES, 0L),
        recordsOut, shards, seconds);
  }

  /**
   * The output files, in shard order: the names a fixed shard count implies; else those the
   * counting step saw; else what the output directory holds under the output's name.
   */
  private static List<String> outputFileNames(ConvertSettings settings,
      Map<String, Long> counted) throws IOException {
    if (settings.numShards > 0) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < settings.numShards; i++) {
        names.add(settings.shardFileName(i, settings.numShards));
      }
      return names;
    }
    if (!counted.isEmpty()) {
      return new ArrayList<>(counted.keySet()); // sorted, and so in shard order
    }
    MatchResult match = FileSystems.match(settings.outputSpec(0), EmptyMatchTreatment.ALLOW);
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
