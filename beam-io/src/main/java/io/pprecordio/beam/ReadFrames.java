package io.pprecordio.beam;

import io.pprecordio.CorruptRecordException;
import io.pprecordio.CorruptionListener;
import io.pprecordio.PPRecordReader;
import io.pprecordio.RangeClaim;
import io.pprecordio.ReaderOptions;
import io.pprecordio.RecordAddress;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.DoFn.OutputReceiver;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads matched files through a splittable DoFn over byte-offset restrictions: the one reading
 * implementation behind every {@link PPRecordIO} read and the read SchemaTransform. Produces
 * records (as byte arrays under {@link #RECORDS}, or in another {@link RecordFormat}) and, when
 * asked, {@link #REPORTS}.
 *
 * <p>A file's restriction is cut into ranges of the desired bundle size (never more than
 * {@link #MAX_INITIAL_SPLITS_PER_FILE} per file), and the runner may split any of them again while
 * it is read. The restriction tracker claims frame start offsets: core's reader claims each
 * record's frame before returning it and each corrupt region's owning offset before reporting it,
 * so the tracker alone decides what each piece returns, and every record and every region is
 * delivered by exactly one piece however the runner splits and retries. A block frame (many
 * records in one frame) is claimed once, by its offset, and all its records belong to the piece
 * that claimed it: a split that arrives in the middle of a block leaves the rest of the block to
 * the primary, since the residual starts after the claimed offset.
 */
final class ReadFrames<T> extends PTransform<PCollection<ReadableFile>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  static final TupleTag<byte[]> RECORDS = new TupleTag<byte[]>() {};
  static final TupleTag<CorruptionReport> REPORTS = new TupleTag<CorruptionReport>() {};

  /**
   * The most restrictions one file starts as; larger files get larger ones. Runners keep state
   * for every restriction, and very many of them have broken jobs (too many splits on Dataflow,
   * out of memory on multi-terabyte inputs); dynamic splitting still spreads a file further.
   */
  static final int MAX_INITIAL_SPLITS_PER_FILE = 1000;

  /**
   * Makes the output element of a record read at an address of a file: the frame's offset, and
   * the record's index in the frame's block (0 for a frame of one record).
   */
  @FunctionalInterface
  interface RecordFormat<T> extends Serializable {
    T format(String file, RecordAddress address, byte[] record);
  }

  private final long desiredBundleSizeBytes;
  private final ReaderOptions options;
  private final boolean emitReports;
  private final TupleTag<T> recordsTag;
  private final Coder<T> recordCoder;
  private final RecordFormat<T> format;

  ReadFrames(long desiredBundleSizeBytes, ReaderOptions options, boolean emitReports,
      TupleTag<T> recordsTag, Coder<T> recordCoder, RecordFormat<T> format) {
    this.desiredBundleSizeBytes = desiredBundleSizeBytes;
    this.options = options;
    this.emitReports = emitReports;
    this.recordsTag = recordsTag;
    this.recordCoder = recordCoder;
    this.format = format;
  }

  /** Reads the records as byte arrays, under {@link #RECORDS}. */
  static ReadFrames<byte[]> bytes(long desiredBundleSizeBytes, ReaderOptions options,
      boolean emitReports) {
    return new ReadFrames<>(desiredBundleSizeBytes, options, emitReports, RECORDS,
        ByteArrayCoder.of(), (file, address, record) -> record);
  }

  @Override
  public PCollectionTuple expand(PCollection<ReadableFile> files) {
    PCollectionTuple out = files.apply("Read frames",
        ParDo.of(new ReadFramesFn<>(desiredBundleSizeBytes, options, emitReports, recordsTag,
                format))
            .withOutputTags(recordsTag, TupleTagList.of(REPORTS)));
    out.get(recordsTag).setCoder(recordCoder);
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("desiredBundleSizeBytes", desiredBundleSizeBytes)
            .withLabel("Desired Bundle Size (bytes)"))
        .add(DisplayData.item("corruptionPolicy", options.corruptionPolicy().toString())
            .withLabel("Corruption Policy"))
        .add(DisplayData.item("maxRecordBytes", options.maxRecordBytes())
            .withLabel("Maximum Record Size (bytes)"))
        .add(DisplayData.item("corruptionReports", emitReports)
            .withLabel("Emits Corruption Reports"));
  }

  /** Whether a file can be read by ranges: stored whole-file compressed, it cannot. */
  static boolean isSplittable(ReadableFile file) {
    return file.getCompression() == Compression.UNCOMPRESSED
        && file.getMetadata().isReadSeekEfficient();
  }

  /**
   * Cuts a file's byte range into pieces of the desired size, or into
   * {@link #MAX_INITIAL_SPLITS_PER_FILE} larger ones when that would make more.
   */
  static List<OffsetRange> initialSplits(OffsetRange file, long desiredBundleSizeBytes) {
    long size = file.getTo() - file.getFrom();
    long bundle = Math.max(desiredBundleSizeBytes,
        -Math.floorDiv(-size, (long) MAX_INITIAL_SPLITS_PER_FILE));
    return file.split(bundle, 0);
  }

  /** Counts each region skipped and, given a receiver, reports it there. */
  static CorruptionListener reportTo(PPRecordMetrics metrics,
      @Nullable OutputReceiver<CorruptionReport> reports) {
    return region -> {
      metrics.regionSkipped(region);
      if (reports != null) {
        reports.output(CorruptionReport.of(region));
      }
    };
  }

  /** Sends corruption reports to a bad-record error handler. */
  static void routeToErrorHandler(PCollection<CorruptionReport> reports,
      ErrorHandler<BadRecord, ?> handler) {
    handler.addErrorCollection(reports
        .apply("Corruption to bad records", ParDo.of(new ToBadRecordFn()))
        .setCoder(BadRecord.getCoder(reports.getPipeline())));
  }

  /** The splittable DoFn: restrictions are byte ranges of a file, positions frame offsets. */
  @DoFn.BoundedPerElement
  static final class ReadFramesFn<T> extends DoFn<ReadableFile, T> {
    private static final long serialVersionUID = 1L;
    private final long desiredBundleSizeBytes;
    private final ReaderOptions options;
    private final boolean emitReports;
    private final TupleTag<T> recordsTag;
    private final RecordFormat<T> format;
    private transient @Nullable PPRecordMetrics metrics;

    ReadFramesFn(long desiredBundleSizeBytes, ReaderOptions options, boolean emitReports,
        TupleTag<T> recordsTag, RecordFormat<T> format) {
      this.desiredBundleSizeBytes = desiredBundleSizeBytes;
      this.options = options;
      this.emitReports = emitReports;
      this.recordsTag = recordsTag;
      this.format = format;
    }

    @Setup
    public void setup() {
      metrics = new PPRecordMetrics();
    }

    @GetInitialRestriction
    public OffsetRange initialRestriction(@Element ReadableFile file) {
      return new OffsetRange(0, file.getMetadata().sizeBytes());
    }

    @SplitRestriction
    public void splitRestriction(@Element ReadableFile file, @Restriction OffsetRange restriction,
        OutputReceiver<OffsetRange> out) {
      if (!isSplittable(file)) {
        out.output(restriction);
        return;
      }
      for (OffsetRange part : initialSplits(restriction, desiredBundleSizeBytes)) {
        out.output(part);
      }
    }

    @NewTracker
    public RestrictionTracker<OffsetRange, Long> newTracker(@Element ReadableFile file,
        @Restriction OffsetRange restriction) {
      return isSplittable(file)
          ? new OffsetRangeTracker(restriction) : new WholeStreamTracker(restriction);
    }

    @GetSize
    public double getSize(@Restriction OffsetRange restriction) {
      return restriction.getTo() - restriction.getFrom();
    }

    @ProcessElement
    public void process(@Element ReadableFile file,
        RestrictionTracker<OffsetRange, Long> tracker, MultiOutputReceiver out)
        throws IOException {
      PPRecordMetrics counters = Checks.checkNotNull(metrics, "setup() was not called");
      OutputReceiver<T> records = out.get(recordsTag);
      CorruptionListener listener = reportTo(counters, emitReports ? out.get(REPORTS) : null);
      boolean splittable = isSplittable(file);
      String name = file.getMetadata().resourceId().toString();
      readRestriction(splittable ? file.openSeekable() : file.open(), name, splittable, tracker,
          options, listener, (record, address) -> {
            counters.recordRead();
            records.output(format.format(name, address, record));
          });
    }
  }

  /**
   * Reads the records (and reports the regions) that a restriction tracker lets one restriction
   * of a file have: the body of {@link ReadFramesFn}'s process method. A stream (whole-file
   * compressed input) is read from its start to its end.
   */
  static void readRestriction(ReadableByteChannel channel, String name, boolean splittable,
      RestrictionTracker<OffsetRange, Long> tracker, ReaderOptions options,
      CorruptionListener listener, BiConsumer<byte[], RecordAddress> records) throws IOException {
    OffsetRange range = tracker.currentRestriction();
    long end = splittable ? range.getTo() : Long.MAX_VALUE;
    TrackerClaim claim = new TrackerClaim(tracker);
    try (PPRecordReader reader = PPRecordReader.open(channel, name, range.getFrom(), end, options,
        listener, claim)) {
      while (reader.advance()) {
        records.accept(reader.record(), reader.address());
      }
    }
    claim.finish();
  }

  /** Claims frame offsets from a restriction tracker, remembering whether it refused one. */
  static final class TrackerClaim implements RangeClaim {
    private final RestrictionTracker<OffsetRange, Long> tracker;
    private boolean refused;

    TrackerClaim(RestrictionTracker<OffsetRange, Long> tracker) {
      this.tracker = tracker;
    }

    @Override
    public boolean tryClaim(long offset) {
      refused = !tracker.tryClaim(offset);
      return !refused;
    }

    /**
     * After the reader ran out of frames: no frame starts in what is left of the restriction, so
     * claim past its end, which tells the tracker (and the runner's checkDone()) it is finished.
     * After a refusal the tracker already knows, and must not be asked again.
     */
    void finish() {
      if (!refused) {
        tracker.tryClaim(Long.MAX_VALUE);
      }
    }
  }

  /**
   * The tracker of a whole-file compressed input, read as one stream: it owns every offset of the
   * decompressed stream (which may exceed the file's size) and never splits, since a stream cannot
   * be entered in the middle. Its progress is unknown until it is done.
   */
  static final class WholeStreamTracker extends RestrictionTracker<OffsetRange, Long>
      implements RestrictionTracker.HasProgress {
    private final OffsetRange fileBytes;
    private boolean done;

    WholeStreamTracker(OffsetRange fileBytes) {
      this.fileBytes = fileBytes;
    }

    @Override
    public boolean tryClaim(Long offset) {
      Checks.checkState(!done, "claimed %s after the end of the stream", offset);
      done = offset == Long.MAX_VALUE;
      return !done;
    }

    @Override
    public OffsetRange currentRestriction() {
      return fileBytes;
    }

    @Override
    public @Nullable SplitResult<OffsetRange> trySplit(double fractionOfRemainder) {
      return null;
    }

    @Override
    public void checkDone() {
      Checks.checkState(done, "the stream of %s was not read to its end", fileBytes);
    }

    @Override
    public IsBounded isBounded() {
      return IsBounded.BOUNDED;
    }

    @Override
    public Progress getProgress() {
      double size = fileBytes.getTo() - fileBytes.getFrom();
      return done ? Progress.from(size, 0) : Progress.from(0, size);
    }
  }

  /** The exception that names a skipped region: the failure of its bad record or error row. */
  static CorruptRecordException failureOf(CorruptionReport report) {
    return new CorruptRecordException(report.getFile(), report.getOffset(), report.getReason(),
        report.getDetail() + " (" + report.getLength() + " bytes skipped)", -1, -1);
  }

  static final class ToBadRecordFn extends DoFn<CorruptionReport, BadRecord> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element CorruptionReport report, OutputReceiver<BadRecord> out) {
      String exception = failureOf(report).toString();
      out.output(BadRecord.builder()
          .setRecord(BadRecord.Record.builder().setHumanReadableJsonRecord(report.toJson()).build())
          .setFailure(BadRecord.Failure.builder()
              .setDescription(report.describe())
              .setException(exception)
              .build())
          .build());
    }
  }
}
