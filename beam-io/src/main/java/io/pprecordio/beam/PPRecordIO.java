package io.pprecordio.beam;

import static io.pprecordio.beam.Checks.checkArgument;
import static io.pprecordio.beam.Checks.checkNotNull;
import static io.pprecordio.beam.Checks.checkState;

import com.google.auto.value.AutoValue;
import io.pprecordio.Codec;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.FormatVersion;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.ReaderOptions;
import io.pprecordio.WriterOptions;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileBasedSink;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileIO.MatchConfiguration;
import org.apache.beam.sdk.io.FileIO.ReadMatches.DirectoryTreatment;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.io.WriteFiles;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.options.ValueProvider;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Watch.Growth.TerminationCondition;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Reads and writes pp_recordio files: sequences of binary records, each framed with a checksum,
 * that split at any byte offset and survive corruption of individual records.
 *
 * <h2>Reading</h2>
 *
 * <pre>{@code
 * PCollection<byte[]> records = p.apply(PPRecordIO.read().from("gs://bucket/train@64"));
 * }</pre>
 *
 * <p>{@link #read()} takes a file, a glob or a shard spec ({@code name@N}, optionally with a
 * suffix: {@code name@N.pp_recordio}). Every read but a record range goes through one splittable
 * DoFn over byte ranges: large files start as ranges of the desired bundle size that workers read in parallel,
 * and the runner can split any range again while it is read (dynamic work rebalancing), with the
 * error handler, corruption reports and file watching on too. Records compressed one by one
 * (gzip, zstd) decode transparently; files compressed whole ({@code .gz}, {@code .zst}) are read
 * too, each by one worker, the way TextIO reads them. Files written in block mode (many records
 * compressed together in one frame) read transparently, each record once however the runner
 * splits. {@link #readFiles()} reads the files of a {@code FileIO.match()}/{@code readMatches()}.
 * {@link Read#withRecordRange} reads records {@code [a, b)} of one file, through its record index
 * when it has one.
 *
 * <p>Corrupt regions are skipped and counted ({@link PPRecordMetrics}); {@link
 * Read#withCorruptionReports()} also returns them as a {@link CorruptionReport} collection, and
 * {@link Read#withErrorHandler} sends them to a bad-record error handler. Under
 * {@link CorruptionPolicy#FAIL} the first one fails the pipeline with an error naming the file and
 * the offset.
 *
 * <h2>Writing</h2>
 *
 * <pre>{@code
 * records.apply(PPRecordIO.write().to("gs://bucket/out/train").withNumShards(64));
 * }</pre>
 *
 * <p>writes {@code train-00000-of-00064.pp_recordio} and so on, which {@code
 * read().from("gs://bucket/out/train@64.pp_recordio")} reads back; {@link Write#withBlock()}
 * writes many small records per frame, compressed together. {@link #sink()} is the
 * {@link FileIO.Sink} for {@link FileIO#write()} and {@link FileIO#writeDynamic()}.
 */
public final class PPRecordIO {
  /** The suffix {@link #write()} gives its files unless told otherwise. */
  public static final String DEFAULT_SUFFIX = ".pp_recordio";

  /** Bytes per range an uncompressed file starts as, before the runner splits it further. */
  public static final long DEFAULT_DESIRED_BUNDLE_SIZE_BYTES = 64L << 20;

  private PPRecordIO() {}

  /** Reads the records of the files a pattern names. */
  public static Read read() {
    return new AutoValue_PPRecordIO_Read.Builder()
        .setMatchConfiguration(MatchConfiguration.create(EmptyMatchTreatment.DISALLOW))
        .setHintMatchesManyFiles(false)
        .setCompression(Compression.AUTO)
        .setReaderOptions(ReaderOptions.defaults())
        .setDesiredBundleSizeBytes(DEFAULT_DESIRED_BUNDLE_SIZE_BYTES)
        .build();
  }

  /** Reads the records of a collection of {@link ReadableFile}s, splitting large files. */
  public static ReadFiles readFiles() {
    return new AutoValue_PPRecordIO_ReadFiles.Builder()
        .setDesiredBundleSizeBytes(DEFAULT_DESIRED_BUNDLE_SIZE_BYTES)
        .setReaderOptions(ReaderOptions.defaults())
        .build();
  }

  /** Writes records to sharded pp_recordio files. */
  public static Write write() {
    return new AutoValue_PPRecordIO_Write.Builder()
        .setFilenameSuffix(DEFAULT_SUFFIX)
        .setNumShards(0)
        .setWriterOptions(WriterOptions.defaults())
        .setWindowedWrites(false)
        .setAutoSharding(false)
        .build();
  }

  /** A {@link FileIO.Sink} writing v2 frames without compression; see {@link Sink}. */
  public static Sink sink() {
    return new Sink(WriterOptions.defaults());
  }

  // ---------------------------------------------------------------------------------------------

  /** Implementation of {@link #read()}. */
  @AutoValue
  public abstract static class Read extends PTransform<PBegin, PCollection<byte[]>> {
    private static final long serialVersionUID = 1L;

    abstract @Nullable ValueProvider<String> getFilepattern();

    abstract MatchConfiguration getMatchConfiguration();

    abstract boolean getHintMatchesManyFiles();

    abstract Compression getCompression();

    abstract ReaderOptions getReaderOptions();

    abstract @Nullable ErrorHandler<BadRecord, ?> getErrorHandler();

    abstract long getDesiredBundleSizeBytes();

    /** Record numbers {@code [from, to)} of {@link #withRecordRange}, or null for all. */
    abstract @Nullable OffsetRange getRecordRange();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setFilepattern(ValueProvider<String> filepattern);

      abstract Builder setMatchConfiguration(MatchConfiguration configuration);

      abstract Builder setHintMatchesManyFiles(boolean hint);

      abstract Builder setCompression(Compression compression);

      abstract Builder setReaderOptions(ReaderOptions options);

      abstract Builder setErrorHandler(ErrorHandler<BadRecord, ?> handler);

      abstract Builder setDesiredBundleSizeBytes(long bytes);

      abstract Builder setRecordRange(OffsetRange range);

      abstract Read build();
    }

    /**
     * Reads a file, a glob ({@code *}, {@code ?}, {@code [...]}; {@code **} where the file system
     * supports it) or a shard spec: {@code name@N} reads {@code name-00000-of-0000N} to
     * {@code name-0000(N-1)-of-0000N} and fails, naming it, if one is missing.
     */
    public Read from(String filepattern) {
      return from(StaticValueProvider.of(checkNotNull(filepattern, "filepattern")));
    }

    /** Like {@link #from(String)}, resolved when the pipeline runs. */
    public Read from(ValueProvider<String> filepattern) {
      return toBuilder().setFilepattern(checkNotNull(filepattern, "filepattern")).build();
    }

    /**
     * How a glob that matches no file is treated: {@link EmptyMatchTreatment#DISALLOW} by default.
     * A shard spec always requires all its shards.
     */
    public Read withEmptyMatchTreatment(EmptyMatchTreatment treatment) {
      return withMatchConfiguration(getMatchConfiguration().withEmptyMatchTreatment(treatment));
    }

    /**
     * Hints that the pattern matches very many files (thousands or more). Every read already lists
     * the files on the workers, so this changes nothing; it is kept for the familiar TextIO-style
     * API.
     */
    public Read withHintMatchesManyFiles() {
      return toBuilder().setHintMatchesManyFiles(true).build();
    }

    /**
     * Keeps watching the pattern for new files, every {@code pollInterval}, until the
     * termination condition holds, and reads each file once: an unbounded read for streaming
     * pipelines. A shard spec is watched as the glob of its shards.
     */
    public Read watchForNewFiles(Duration pollInterval,
        TerminationCondition<String, ?> terminationCondition) {
      return watchForNewFiles(pollInterval, terminationCondition, false);
    }

    /** Like {@link #watchForNewFiles(Duration, TerminationCondition)}; optionally re-reads a file
     * whose modification time changes. */
    public Read watchForNewFiles(Duration pollInterval,
        TerminationCondition<String, ?> terminationCondition, boolean matchUpdatedFiles) {
      return withMatchConfiguration(getMatchConfiguration()
          .continuously(pollInterval, terminationCondition, matchUpdatedFiles));
    }

    Read withMatchConfiguration(MatchConfiguration configuration) {
      return toBuilder().setMatchConfiguration(configuration).build();
    }

    /**
     * Whole-file compression of the inputs: {@link Compression#AUTO} (the default) detects it from
     * the file name ({@code .gz}, {@code .zst}, ...). Compressed files are read unsplit. Records
     * compressed one by one inside a file need no setting.
     */
    public Read withCompression(Compression compression) {
      return toBuilder().setCompression(checkNotNull(compression, "compression")).build();
    }

    /** Skip and report corrupt regions (the default), or fail at the first one. */
    public Read withCorruptionPolicy(CorruptionPolicy policy) {
      return withReaderOptions(getReaderOptions().withCorruptionPolicy(policy));
    }

    /**
     * The largest record accepted (256 MiB by default), which also bounds each reader's memory.
     * A larger record fails the read with an error naming the file and offset.
     */
    public Read withMaxRecordBytes(long maxRecordBytes) {
      return withReaderOptions(getReaderOptions().withMaxRecordBytes(maxRecordBytes));
    }

    /**
     * Fails the read once one reader skips more than {@code maxRegions} corrupt regions or more
     * than {@code maxSkippedBytes} bytes in them (torn tails count against neither), with an
     * error naming the file, the offset and the budget. The budget applies to each reader, that
     * is each split of a file the runner reads; to bound a whole pipeline, check the summed
     * {@link PPRecordMetrics} ({@code corrupt_regions}, {@code skipped_bytes}) after the run.
     */
    public Read withCorruptionBudget(long maxRegions, long maxSkippedBytes) {
      return withReaderOptions(getReaderOptions().withCorruptionBudget(maxRegions,
          maxSkippedBytes));
    }

    /** Sets every option of the core reader at once. */
    public Read withReaderOptions(ReaderOptions options) {
      return toBuilder().setReaderOptions(checkNotNull(options, "options")).build();
    }

    /**
     * Sends each corrupt region, as a {@link BadRecord}, to a bad-record error handler (see
     * {@link org.apache.beam.sdk.Pipeline#registerBadRecordErrorHandler}). The record's JSON holds
     * the file, offset, length and reason. Each region is sent once, however the runner splits.
     */
    public Read withErrorHandler(ErrorHandler<BadRecord, ?> errorHandler) {
      return toBuilder().setErrorHandler(checkNotNull(errorHandler, "errorHandler")).build();
    }

    /**
     * The size of the pieces the read starts as, before the runner splits them further: byte
     * ranges of each uncompressed file (see {@link ReadFiles#withDesiredBundleSizeBytes}), or
     * slices of a {@link #withRecordRange record range}. 64 MiB by default; any size is correct.
     */
    public Read withDesiredBundleSizeBytes(long bytes) {
      checkArgument(bytes > 0, "desired bundle size must be positive, got %s", bytes);
      return toBuilder().setDesiredBundleSizeBytes(bytes).build();
    }

    /**
     * Reads records {@code from} to {@code to - 1} of one file: record {@code n} (from 0) is the
     * {@code n}-th record a whole read of the file returns, corrupt regions skipped, records
     * inside block frames counted one by one. Like a slice of a list, records past the end of
     * the file are simply absent, and an empty range reads nothing. The pattern must match
     * exactly one file; a pattern that matches more fails the pipeline, naming them.
     *
     * <p>With a record index next to a local file ({@code FILE.ppidx}, written by
     * {@code WriterOptions.withIndex()} or {@code pprecordio index FILE}), only the frames that
     * hold the range are read, as slices of about {@link #withDesiredBundleSizeBytes the desired
     * bundle size} that workers read in parallel, each starting at the position the index gives
     * for its first record (inside a block, too). An index whose file only grew since is
     * extended by core; one that no longer matches its file, or is damaged, is not used (the
     * read logs a warning saying how to rebuild it). Without a usable index (or on a remote file
     * system) the file is read sequentially, by one worker, from its start up to the range's
     * last record: build an index with {@code pprecordio index FILE} to read large ranges
     * quickly.
     *
     * <p>Either way the read reports (and counts, and under {@link CorruptionPolicy#FAIL} fails
     * at) the damage it passes over: from record {@code from} (from the file's start, for 0) on
     * to record {@code to}, which it reads without returning it, or to the end of the file. So
     * ranges that cut {@code [0, Long.MAX_VALUE)} report each region once, as a whole read does.
     * The corruption budget applies to each slice. A file compressed whole ({@code .gz}) is read
     * from its start with the read's settings, so damage before the range counts against them
     * too. Cannot watch for new files.
     */
    public Read withRecordRange(long from, long to) {
      checkArgument(0 <= from && from <= to,
          "a record range needs 0 <= from <= to, got [%s, %s)", from, to);
      return toBuilder().setRecordRange(new OffsetRange(from, to)).build();
    }

    /** The same read, also returning a report of every corrupt region it skipped, once. */
    public ReadWithCorruptionReports withCorruptionReports() {
      return new ReadWithCorruptionReports(this);
    }

    @Override
    public PCollection<byte[]> expand(PBegin input) {
      checkState(getFilepattern() != null,
          "need to set the filepattern of a PPRecordIO.Read transform with from()");
      if (getRecordRange() != null) {
        return readRecordRange(input, false).get(ReadFrames.RECORDS);
      }
      return input.apply("Match", matchAndOpen()).apply("Read files", readFilesLikeThis());
    }

    /** {@link #withRecordRange}: records and, when asked or handled, corruption reports. */
    PCollectionTuple readRecordRange(PBegin input, boolean wantReports) {
      OffsetRange range = checkNotNull(getRecordRange());
      checkState(getMatchConfiguration().getWatchInterval() == null,
          "withRecordRange reads records of one file once; it cannot watch for new files");
      ValueProvider<String> pattern = checkNotNull(getFilepattern());
      ErrorHandler<BadRecord, ?> handler = getErrorHandler();
      PCollectionTuple out = input.apply("Match", matchAndOpen())
          .apply("Read record range", new ReadRecordRange(
              pattern.isAccessible() ? pattern.get() : pattern.toString(), range,
              getDesiredBundleSizeBytes(), getReaderOptions(), wantReports || handler != null));
      if (handler != null) {
        ReadFrames.routeToErrorHandler(out.get(ReadFrames.REPORTS), handler);
      }
      return out;
    }

    /** Lists the files of the pattern on the workers (or watches it) and opens them. */
    PTransform<PBegin, PCollection<ReadableFile>> matchAndOpen() {
      return new MatchAndOpen(this);
    }

    ReadFiles readFilesLikeThis() {
      ReadFiles readFiles = readFiles().withReaderOptions(getReaderOptions())
          .withDesiredBundleSizeBytes(getDesiredBundleSizeBytes());
      ErrorHandler<BadRecord, ?> handler = getErrorHandler();
      return handler == null ? readFiles : readFiles.withErrorHandler(handler);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(DisplayData.item("filePattern", getFilepattern())
              .withLabel("File Pattern"))
          .add(DisplayData.item("compressionType", getCompression().toString())
              .withLabel("Compression Type"))
          .include("matchConfiguration", getMatchConfiguration())
          .addIfNotDefault(DisplayData.item("hintMatchesManyFiles", getHintMatchesManyFiles())
              .withLabel("Hint Matches Many Files"), false)
          .addIfNotDefault(DisplayData.item("desiredBundleSizeBytes",
              getDesiredBundleSizeBytes()).withLabel("Desired Bundle Size (bytes)"),
              DEFAULT_DESIRED_BUNDLE_SIZE_BYTES)
          .addIfNotNull(DisplayData.item("recordRange", getRecordRange() == null ? null
              : "[" + getRecordRange().getFrom() + ", " + getRecordRange().getTo() + ")")
              .withLabel("Record Range"))
          .add(DisplayData.item("corruptionPolicy", getReaderOptions().corruptionPolicy().toString())
              .withLabel("Corruption Policy"))
          .add(DisplayData.item("maxRecordBytes", getReaderOptions().maxRecordBytes())
              .withLabel("Maximum Record Size (bytes)"))
          .addIfNotDefault(DisplayData.item("errorHandler", getErrorHandler() != null)
              .withLabel("Corrupt Regions To Error Handler"), false);
    }
  }

  /** Lists the files of a {@link Read}'s pattern on the workers and opens them. */
  private static final class MatchAndOpen extends PTransform<PBegin, PCollection<ReadableFile>> {
    private static final long serialVersionUID = 1L;
    private final Read read;

    MatchAndOpen(Read read) {
      this.read = read;
    }

    @Override
    public PCollection<ReadableFile> expand(PBegin input) {
      MatchConfiguration config = read.getMatchConfiguration();
      PCollection<String> pattern = input.apply("Create filepattern",
          Create.ofProvider(checkNotNull(read.getFilepattern()), StringUtf8Coder.of()));
      PCollection<org.apache.beam.sdk.io.fs.MatchResult.Metadata> files;
      if (config.getWatchInterval() == null) {
        files = pattern.apply("Match", new MatchFilepatterns(config.getEmptyMatchTreatment()));
      } else {
        files = pattern
            .apply("Shard spec to glob", MapElements.into(TypeDescriptors.strings())
                .via(new ShardPatterns.ToMatchPattern()))
            .apply("Watch", FileIO.matchAll().withConfiguration(config));
      }
      return files.apply("Open", FileIO.readMatches()
          .withCompression(read.getCompression())
          .withDirectoryTreatment(DirectoryTreatment.PROHIBIT));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(DisplayData.item("filePattern", read.getFilepattern())
              .withLabel("File Pattern"))
          .include("matchConfiguration", read.getMatchConfiguration());
    }
  }

  /** {@link Read#withCorruptionReports()}: records and corruption reports. */
  public static final class ReadWithCorruptionReports extends PTransform<PBegin, ReadResult> {
    private static final long serialVersionUID = 1L;
    private final Read read;

    ReadWithCorruptionReports(Read read) {
      this.read = read;
    }

    @Override
    public ReadResult expand(PBegin input) {
      checkState(read.getFilepattern() != null,
          "need to set the filepattern of a PPRecordIO.Read transform with from()");
      if (read.getRecordRange() != null) {
        PCollectionTuple out = read.readRecordRange(input, true);
        return new ReadResult(input.getPipeline(), out.get(ReadFrames.RECORDS),
            out.get(ReadFrames.REPORTS));
      }
      return input.apply("Match", new MatchAndOpen(read))
          .apply("Read files", read.readFilesLikeThis().withCorruptionReports());
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      read.populateDisplayData(builder);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Implementation of {@link #readFiles()}. */
  @AutoValue
  public abstract static class ReadFiles
      extends PTransform<PCollection<ReadableFile>, PCollection<byte[]>> {
    private static final long serialVersionUID = 1L;

    abstract long getDesiredBundleSizeBytes();

    abstract ReaderOptions getReaderOptions();

    abstract @Nullable ErrorHandler<BadRecord, ?> getErrorHandler();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setDesiredBundleSizeBytes(long bytes);

      abstract Builder setReaderOptions(ReaderOptions options);

      abstract Builder setErrorHandler(ErrorHandler<BadRecord, ?> handler);

      abstract ReadFiles build();
    }

    /**
     * Size of the byte ranges an uncompressed file starts as (64 MiB by default; a file never
     * starts as more than 1000 ranges, so larger files get larger ones). Any size is correct;
     * the runner can split a range further while it is read.
     */
    public ReadFiles withDesiredBundleSizeBytes(long bytes) {
      checkArgument(bytes > 0, "desired bundle size must be positive, got %s", bytes);
      return toBuilder().setDesiredBundleSizeBytes(bytes).build();
    }

    /** See {@link Read#withCorruptionPolicy}. */
    public ReadFiles withCorruptionPolicy(CorruptionPolicy policy) {
      return withReaderOptions(getReaderOptions().withCorruptionPolicy(policy));
    }

    /** See {@link Read#withMaxRecordBytes}. */
    public ReadFiles withMaxRecordBytes(long maxRecordBytes) {
      return withReaderOptions(getReaderOptions().withMaxRecordBytes(maxRecordBytes));
    }

    /** See {@link Read#withCorruptionBudget}: a limit for each reader (split), not the job. */
    public ReadFiles withCorruptionBudget(long maxRegions, long maxSkippedBytes) {
      return withReaderOptions(getReaderOptions().withCorruptionBudget(maxRegions,
          maxSkippedBytes));
    }

    /** Sets every option of the core reader at once. */
    public ReadFiles withReaderOptions(ReaderOptions options) {
      return toBuilder().setReaderOptions(checkNotNull(options, "options")).build();
    }

    /** See {@link Read#withErrorHandler}. */
    public ReadFiles withErrorHandler(ErrorHandler<BadRecord, ?> errorHandler) {
      return toBuilder().setErrorHandler(checkNotNull(errorHandler, "errorHandler")).build();
    }

    /** The same read, also returning a report of every corrupt region it skipped. */
    public ReadFilesWithCorruptionReports withCorruptionReports() {
      return new ReadFilesWithCorruptionReports(this);
    }

    PCollectionTuple readRanges(PCollection<ReadableFile> input, boolean wantReports) {
      ErrorHandler<BadRecord, ?> handler = getErrorHandler();
      PCollectionTuple out = input.apply("Read", ReadFrames.bytes(
          getDesiredBundleSizeBytes(), getReaderOptions(), wantReports || handler != null));
      if (handler != null) {
        ReadFrames.routeToErrorHandler(out.get(ReadFrames.REPORTS), handler);
      }
      return out;
    }

    @Override
    public PCollection<byte[]> expand(PCollection<ReadableFile> input) {
      return readRanges(input, false).get(ReadFrames.RECORDS);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .add(DisplayData.item("desiredBundleSizeBytes", getDesiredBundleSizeBytes())
              .withLabel("Desired Bundle Size (bytes)"))
          .add(DisplayData.item("corruptionPolicy", getReaderOptions().corruptionPolicy().toString())
              .withLabel("Corruption Policy"))
          .add(DisplayData.item("maxRecordBytes", getReaderOptions().maxRecordBytes())
              .withLabel("Maximum Record Size (bytes)"))
          .addIfNotDefault(DisplayData.item("errorHandler", getErrorHandler() != null)
              .withLabel("Corrupt Regions To Error Handler"), false);
    }
  }

  /** {@link ReadFiles#withCorruptionReports()}: records and corruption reports. */
  public static final class ReadFilesWithCorruptionReports
      extends PTransform<PCollection<ReadableFile>, ReadResult> {
    private static final long serialVersionUID = 1L;
    private final ReadFiles readFiles;

    ReadFilesWithCorruptionReports(ReadFiles readFiles) {
      this.readFiles = readFiles;
    }

    @Override
    public ReadResult expand(PCollection<ReadableFile> input) {
      PCollectionTuple out = readFiles.readRanges(input, true);
      return new ReadResult(input.getPipeline(), out.get(ReadFrames.RECORDS),
          out.get(ReadFrames.REPORTS));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      readFiles.populateDisplayData(builder);
    }
  }

  /** The records of a read, and a report of each corrupt region it skipped. */
  public static final class ReadResult implements POutput {
    private final Pipeline pipeline;
    private final PCollection<byte[]> records;
    private final PCollection<CorruptionReport> reports;

    ReadResult(Pipeline pipeline, PCollection<byte[]> records,
        PCollection<CorruptionReport> reports) {
      this.pipeline = pipeline;
      this.records = records;
      this.reports = reports;
    }

    /** Every intact record, once. */
    public PCollection<byte[]> getRecords() {
      return records;
    }

    /** Every region skipped, once, torn tails included ({@link CorruptionReport#isTornTail()}). */
    public PCollection<CorruptionReport> getCorruptionReports() {
      return reports;
    }

    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(ReadFrames.RECORDS, records, ReadFrames.REPORTS, reports);
    }

    @Override
    public void finishSpecifyingOutput(String transformName, PInput input,
        PTransform<?, ?> transform) {}
  }

  // ---------------------------------------------------------------------------------------------

  /** Implementation of {@link #write()}. */
  @AutoValue
  public abstract static class Write extends PTransform<PCollection<byte[]>, PDone> {
    private static final long serialVersionUID = 1L;

    abstract @Nullable ValueProvider<ResourceId> getFilenamePrefix();

    abstract @Nullable ValueProvider<ResourceId> getTempDirectory();

    abstract String getFilenameSuffix();

    abstract int getNumShards();

    abstract @Nullable String getShardTemplate();

    abstract WriterOptions getWriterOptions();

    abstract boolean getWindowedWrites();

    abstract boolean getAutoSharding();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setFilenamePrefix(ValueProvider<ResourceId> prefix);

      abstract Builder setTempDirectory(ValueProvider<ResourceId> tempDirectory);

      abstract Builder setFilenameSuffix(String suffix);

      abstract Builder setNumShards(int numShards);

      abstract Builder setShardTemplate(@Nullable String shardTemplate);

      abstract Builder setWriterOptions(WriterOptions options);

      abstract Builder setWindowedWrites(boolean windowedWrites);

      abstract Builder setAutoSharding(boolean autoSharding);

      abstract Write build();
    }

    /**
     * Writes files whose names start with {@code prefix}, a path on any Beam file system. With the
     * defaults a write of 4 shards to {@code out/train} makes {@code out/train-00000-of-00004
     * .pp_recordio} to {@code out/train-00003-of-00004.pp_recordio}.
     */
    public Write to(String prefix) {
      return to(FileBasedSink.convertToFileResourceIfPossible(checkNotNull(prefix, "prefix")));
    }

    /** Like {@link #to(String)}. */
    public Write to(ResourceId prefix) {
      return toResource(StaticValueProvider.of(checkNotNull(prefix, "prefix")));
    }

    /** Like {@link #to(String)}, resolved when the pipeline runs. */
    public Write toResource(ValueProvider<ResourceId> prefix) {
      return toBuilder().setFilenamePrefix(checkNotNull(prefix, "prefix")).build();
    }

    /** Where temporary files go before they are renamed; by default beside the output. */
    public Write withTempDirectory(ResourceId tempDirectory) {
      return withTempDirectory(StaticValueProvider.of(checkNotNull(tempDirectory)));
    }

    /** Like {@link #withTempDirectory(ResourceId)}, resolved when the pipeline runs. */
    public Write withTempDirectory(ValueProvider<ResourceId> tempDirectory) {
      return toBuilder().setTempDirectory(checkNotNull(tempDirectory, "tempDirectory")).build();
    }

    /** The file name suffix, {@value PPRecordIO#DEFAULT_SUFFIX} by default. */
    public Write withSuffix(String suffix) {
      return toBuilder().setFilenameSuffix(checkNotNull(suffix, "suffix")).build();
    }

    /**
     * Writes exactly this many shards. 0 (the default) lets the runner choose, which is usually
     * faster. Unbounded input needs a fixed number or {@link #withAutoSharding()}.
     */
    public Write withNumShards(int numShards) {
      checkArgument(numShards >= 0, "number of shards must be >= 0, got %s", numShards);
      return toBuilder().setNumShards(numShards).build();
    }

    /**
     * The shard part of file names, as in {@link org.apache.beam.sdk.io.ShardNameTemplate}:
     * {@code S} shard number, {@code N} shard count, {@code W} window, {@code P} pane. The default
     * {@code -SSSSS-of-NNNNN} makes names that {@code name@N} shard specs read.
     */
    public Write withShardNameTemplate(String shardTemplate) {
      return toBuilder().setShardTemplate(checkNotNull(shardTemplate, "shardTemplate")).build();
    }

    /** Writes one file named exactly prefix + suffix. */
    public Write withoutSharding() {
      return withNumShards(1).withShardNameTemplate("");
    }

    /** Per-record compression: {@link Codec#NONE} (default), {@link Codec#GZIP} or ZSTD. */
    public Write withCodec(Codec codec) {
      return withWriterOptions(getWriterOptions().withCodec(checkNotNull(codec, "codec")));
    }

    /** Compression level of the codec; -1 (default) means the codec's default. */
    public Write withCompressionLevel(int level) {
      return withWriterOptions(getWriterOptions().withCompressionLevel(level));
    }

    /**
     * {@link FormatVersion#V2} (default), or {@link FormatVersion#V1}, the byte-exact format of
     * the original Python pp-recordio package, which reads only uncompressed and gzip records.
     */
    public Write withFormatVersion(FormatVersion version) {
      return withWriterOptions(getWriterOptions().withFormatVersion(
          checkNotNull(version, "version")));
    }

    /**
     * Block mode: gathers up to {@value WriterOptions#DEFAULT_BLOCK_RECORDS} records (or
     * {@value WriterOptions#DEFAULT_BLOCK_BYTES} bytes of them) into one frame, compressed
     * together with the codec of {@link #withCodec}: with {@link Codec#ZSTD}, small records take
     * a fraction of the space they take compressed one by one. The files still split at any byte
     * (a block belongs to the range that holds its frame's first byte), a damaged block costs
     * that block's records only, and every read of this connector, core and the other connectors
     * reads them. The original Python package cannot; needs {@link FormatVersion#V2}.
     *
     * <pre>{@code
     * records.apply(PPRecordIO.write().to("out/train").withCodec(Codec.ZSTD).withBlock());
     * }</pre>
     */
    public Write withBlock() {
      return withWriterOptions(Checks.setting("withBlock", getWriterOptions()::withBlock));
    }

    /**
     * Block mode (see {@link #withBlock()}) with blocks of at most {@code maxRecords} records
     * (1 to {@value WriterOptions#MAX_BLOCK_RECORDS}) and at most {@code maxBytes} bytes of
     * records (1 to {@value WriterOptions#MAX_BLOCK_BYTES}; a larger record gets a block of its
     * own). Each bundle's file closes its last block when the bundle ends.
     */
    public Write withBlock(int maxRecords, int maxBytes) {
      return withWriterOptions(Checks.setting("withBlock",
          () -> getWriterOptions().withBlock(maxRecords, maxBytes)));
    }

    /** Sets every option of the core writer at once. */
    public Write withWriterOptions(WriterOptions options) {
      return toBuilder().setWriterOptions(checkNotNull(options, "options")).build();
    }

    /**
     * Writes each window (and pane) of the input to its own set of shards, named with the window
     * by the default template {@code W-P-SSSSS-of-NNNNN}. Required for unbounded input.
     */
    public Write withWindowedWrites() {
      return toBuilder().setWindowedWrites(true).build();
    }

    /** Lets a streaming runner pick and adapt the number of shards. */
    public Write withAutoSharding() {
      return toBuilder().setAutoSharding(true).build();
    }

    @Override
    public PDone expand(PCollection<byte[]> input) {
      checkState(getFilenamePrefix() != null,
          "need to set the output prefix of a PPRecordIO.Write transform with to()");
      checkArgument(!(getAutoSharding() && getNumShards() > 0),
          "withAutoSharding() and withNumShards() exclude each other");
      WriteFiles<byte[], Void, byte[]> write = WriteFiles.to(new PPRecordFileSink(
          getFilenamePrefix(), getTempDirectory(), getShardTemplate(), getFilenameSuffix(),
          getWindowedWrites(), getWriterOptions()));
      if (getNumShards() > 0) {
        write = write.withNumShards(getNumShards());
      }
      if (getWindowedWrites()) {
        write = write.withWindowedWrites();
      }
      if (getAutoSharding()) {
        write = write.withAutoSharding();
      }
      input.apply("WriteFiles", write);
      return PDone.in(input.getPipeline());
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(DisplayData.item("filePrefix", getFilenamePrefix())
              .withLabel("Output File Prefix"))
          .addIfNotNull(DisplayData.item("tempDirectory", getTempDirectory())
              .withLabel("Temporary Directory"))
          .add(DisplayData.item("fileSuffix", getFilenameSuffix())
              .withLabel("Output File Suffix"))
          .addIfNotNull(DisplayData.item("shardNameTemplate", getShardTemplate())
              .withLabel("Output Shard Name Template"))
          .addIfNotDefault(DisplayData.item("numShards", getNumShards())
              .withLabel("Maximum Output Shards"), 0)
          .add(DisplayData.item("codec", getWriterOptions().codec().toString())
              .withLabel("Record Codec"))
          .add(DisplayData.item("formatVersion", getWriterOptions().formatVersion().toString())
              .withLabel("Frame Format Version"))
          .addIfNotDefault(DisplayData.item("blockRecords", getWriterOptions().blockRecords())
              .withLabel("Records Per Block (most)"), 0)
          .addIfNotDefault(DisplayData.item("blockBytes", getWriterOptions().blockBytes())
              .withLabel("Bytes Per Block (most)"), 0)
          .addIfNotDefault(DisplayData.item("windowedWrites", getWindowedWrites())
              .withLabel("Windowed Writes"), false)
          .addIfNotDefault(DisplayData.item("autoSharding", getAutoSharding())
              .withLabel("Auto Sharding"), false);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * A {@link FileIO.Sink} writing each element as one pp_recordio record:
   *
   * <pre>{@code
   * records.apply(FileIO.<byte[]>write()
   *     .via(PPRecordIO.sink().withCodec(Codec.ZSTD))
   *     .to("gs://bucket/out")
   *     .withSuffix(PPRecordIO.DEFAULT_SUFFIX));
   * }</pre>
   */
  public static final class Sink implements FileIO.Sink<byte[]> {
    private static final long serialVersionUID = 1L;
    private final WriterOptions options;
    private transient @Nullable PPRecordWriter writer;

    private Sink(WriterOptions options) {
      this.options = options;
    }

    /** Per-record compression, as {@link Write#withCodec}. */
    public Sink withCodec(Codec codec) {
      return new Sink(options.withCodec(checkNotNull(codec, "codec")));
    }

    /** Compression level, as {@link Write#withCompressionLevel}. */
    public Sink withCompressionLevel(int level) {
      return new Sink(options.withCompressionLevel(level));
    }

    /** Frame format, as {@link Write#withFormatVersion}. */
    public Sink withFormatVersion(FormatVersion version) {
      return new Sink(options.withFormatVersion(checkNotNull(version, "version")));
    }

    /** Block mode, as {@link Write#withBlock()}. */
    public Sink withBlock() {
      return new Sink(Checks.setting("withBlock", options::withBlock));
    }

    /** Block mode with these limits, as {@link Write#withBlock(int, int)}. */
    public Sink withBlock(int maxRecords, int maxBytes) {
      return new Sink(Checks.setting("withBlock", () -> options.withBlock(maxRecords, maxBytes)));
    }

    /** Sets every option of the core writer at once. */
    public Sink withWriterOptions(WriterOptions writerOptions) {
      return new Sink(checkNotNull(writerOptions, "writerOptions"));
    }

    public WriterOptions getWriterOptions() {
      return options;
    }

    @Override
    public void open(WritableByteChannel channel) {
      writer = PPRecordWriter.to(channel, options);
    }

    @Override
    public void write(byte[] element) throws IOException {
      checkNotNull(writer, "open() was not called").write(element);
    }

    @Override
    public void flush() throws IOException {
      // Beam closes the channel after this; the writer only has to hand over its buffer.
      checkNotNull(writer, "open() was not called").flush();
    }
  }
}
