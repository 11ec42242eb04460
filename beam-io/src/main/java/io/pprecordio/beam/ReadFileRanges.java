package io.pprecordio.beam;

import io.pprecordio.CorruptRecordException;
import io.pprecordio.CorruptionListener;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import java.io.IOException;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads matched files as fixed byte ranges, one range per element: the expansion behind
 * {@link PPRecordIO#readFiles()}. Each range goes through core's range reader, which returns the
 * records whose frames start in it and the corrupt regions it owns; a range never changes once
 * cut, so both can be emitted as they come. Produces {@link #RECORDS} and, when asked,
 * {@link #REPORTS}.
 */
final class ReadFileRanges extends PTransform<PCollection<ReadableFile>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  static final TupleTag<byte[]> RECORDS = new TupleTag<byte[]>() {};
  static final TupleTag<CorruptionReport> REPORTS = new TupleTag<CorruptionReport>() {};

  private final long desiredBundleSizeBytes;
  private final ReaderOptions options;
  private final boolean emitReports;

  ReadFileRanges(long desiredBundleSizeBytes, ReaderOptions options, boolean emitReports) {
    this.desiredBundleSizeBytes = desiredBundleSizeBytes;
    this.options = options;
    this.emitReports = emitReports;
  }

  @Override
  public PCollectionTuple expand(PCollection<ReadableFile> files) {
    PCollectionTuple out = files
        .apply("Split into ranges", ParDo.of(new SplitIntoRangesFn(desiredBundleSizeBytes)))
        .apply("Reshuffle ranges", Reshuffle.viaRandomKey())
        .apply("Read ranges", ParDo.of(new ReadRangeFn(options, emitReports))
            .withOutputTags(RECORDS, TupleTagList.of(REPORTS)));
    out.get(RECORDS).setCoder(ByteArrayCoder.of());
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

  /** Sends corruption reports to a bad-record error handler. */
  static void routeToErrorHandler(PCollection<CorruptionReport> reports,
      ErrorHandler<BadRecord, ?> handler) {
    handler.addErrorCollection(reports
        .apply("Corruption to bad records", ParDo.of(new ToBadRecordFn()))
        .setCoder(BadRecord.getCoder(reports.getPipeline())));
  }

  static final class SplitIntoRangesFn extends DoFn<ReadableFile, KV<ReadableFile, OffsetRange>> {
    private static final long serialVersionUID = 1L;
    private final long desiredBundleSizeBytes;

    SplitIntoRangesFn(long desiredBundleSizeBytes) {
      this.desiredBundleSizeBytes = desiredBundleSizeBytes;
    }

    @ProcessElement
    public void process(@Element ReadableFile file,
        OutputReceiver<KV<ReadableFile, OffsetRange>> out) {
      Metadata metadata = file.getMetadata();
      long size = metadata.sizeBytes();
      if (!isSplittable(file)) {
        out.output(KV.of(file, new OffsetRange(0, size)));
        return;
      }
      if (size == 0) {
        return;
      }
      for (OffsetRange range : new OffsetRange(0, size).split(desiredBundleSizeBytes, 0)) {
        out.output(KV.of(file, range));
      }
    }
  }

  static final class ReadRangeFn extends DoFn<KV<ReadableFile, OffsetRange>, byte[]> {
    private static final long serialVersionUID = 1L;
    private final ReaderOptions options;
    private final boolean emitReports;
    private transient PPRecordMetrics metrics;

    ReadRangeFn(ReaderOptions options, boolean emitReports) {
      this.options = options;
      this.emitReports = emitReports;
    }

    @Setup
    public void setup() {
      metrics = new PPRecordMetrics();
    }

    @ProcessElement
    public void process(@Element KV<ReadableFile, OffsetRange> element, MultiOutputReceiver out)
        throws IOException {
      ReadableFile file = element.getKey();
      OffsetRange range = element.getValue();
      OutputReceiver<byte[]> records = out.get(RECORDS);
      OutputReceiver<CorruptionReport> reports = out.get(REPORTS);
      CorruptionListener listener = region -> {
        metrics.regionSkipped(region);
        if (emitReports) {
          reports.output(CorruptionReport.of(region));
        }
      };
      try (PPRecordReader reader = open(file, range, listener)) {
        while (reader.advance()) {
          metrics.recordRead();
          records.output(reader.record());
        }
      }
    }

    private PPRecordReader open(ReadableFile file, OffsetRange range, CorruptionListener listener)
        throws IOException {
      String name = file.getMetadata().resourceId().toString();
      // Whole-file compressed (or not seekable): one range, which core reads as a stream.
      return PPRecordReader.open(isSplittable(file) ? file.openSeekable() : file.open(), name,
          range.getFrom(), range.getTo(), options, listener);
    }
  }

  static final class ToBadRecordFn extends DoFn<CorruptionReport, BadRecord> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element CorruptionReport report, OutputReceiver<BadRecord> out) {
      String exception = new CorruptRecordException(report.getFile(), report.getOffset(),
          report.getReason(), report.getDetail() + " (" + report.getLength() + " bytes skipped)",
          -1, -1).toString();
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
