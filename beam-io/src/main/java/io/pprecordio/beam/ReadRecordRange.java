package io.pprecordio.beam;

import io.pprecordio.CorruptionBudget;
import io.pprecordio.CorruptionListener;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.PPRecordIndex;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import io.pprecordio.RecordAddress;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.io.ReadableFileCoder;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records {@code [a, b)} of one file, numbered as a whole read of the file returns them: the
 * implementation of {@link PPRecordIO.Read#withRecordRange}. Produces records under
 * {@link ReadFrames#RECORDS} and, when asked, corruption reports under {@link ReadFrames#REPORTS}.
 *
 * <p>A local file with a current record index ({@code FILE.ppidx}) is cut into slices of records
 * of about the desired bundle size, each starting at the address the index gives for its first
 * record, which workers read in parallel through Beam's file system with core's
 * {@link PPRecordReader#openRecords}. Without a usable index the slice is the whole range, found by
 * reading the file from its start.
 *
 * <p>Either way a slice reports the damage it passes over from its first record (from the file's
 * start, for record 0) on to the record after its last one, which it reads without returning it
 * (or on to the end of the file, for a slice that reaches it): the damage between two records
 * belongs to the slice that holds the first of them, so slices report each region once, and so
 * do ranges. Over any cut of {@code [0, infinity)} into ranges, the reports are those of a whole
 * read.
 */
final class ReadRecordRange extends PTransform<PCollection<ReadableFile>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ReadRecordRange.class);

  private final String pattern;
  private final OffsetRange range;
  private final long desiredBundleSizeBytes;
  private final ReaderOptions options;
  private final boolean emitReports;

  ReadRecordRange(String pattern, OffsetRange range, long desiredBundleSizeBytes,
      ReaderOptions options, boolean emitReports) {
    this.pattern = pattern;
    this.range = range;
    this.desiredBundleSizeBytes = desiredBundleSizeBytes;
    this.options = options;
    this.emitReports = emitReports;
  }

  /**
   * Records {@code [first, first + count)} of a file, {@code count > 0}. {@code start} is the
   * address of record {@code first} from the index, or null: then the read finds it by counting
   * from the file's start.
   */
  record Slice(long first, long count, @Nullable RecordAddress start) implements Serializable {}

  @Override
  public PCollectionTuple expand(PCollection<ReadableFile> files) {
    PCollection<KV<ReadableFile, Slice>> slices = files
        .apply("Key", WithKeys.of(0))
        .setCoder(KvCoder.of(VarIntCoder.of(), ReadableFileCoder.of()))
        .apply("All files", GroupByKey.create())
        .apply("Plan slices", ParDo.of(new PlanFn(pattern, range, desiredBundleSizeBytes,
            options)))
        .setCoder(KvCoder.of(ReadableFileCoder.of(), SerializableCoder.of(Slice.class)))
        .apply("Spread slices", Reshuffle.viaRandomKey());
    PCollectionTuple out = slices.apply("Read slices",
        ParDo.of(new ReadSliceFn(options, emitReports))
            .withOutputTags(ReadFrames.RECORDS, TupleTagList.of(ReadFrames.REPORTS)));
    out.get(ReadFrames.RECORDS).setCoder(ByteArrayCoder.of());
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("recordRange", "[" + range.getFrom() + ", " + range.getTo() + ")")
            .withLabel("Record Range"))
        .add(DisplayData.item("desiredBundleSizeBytes", desiredBundleSizeBytes)
            .withLabel("Desired Bundle Size (bytes)"));
  }

  /** The local path of a file that may have a record index next to it, or null. */
  static @Nullable Path localPath(ReadableFile file) {
    ResourceId id = file.getMetadata().resourceId();
    if (!"file".equals(id.getScheme()) || !ReadFrames.isSplittable(file)) {
      return null;
    }
    return Paths.get(id.toString());
  }

  /** Checks that the pattern matched one file, and cuts the range into slices of it. */
  static final class PlanFn extends DoFn<KV<Integer, Iterable<ReadableFile>>,
      KV<ReadableFile, Slice>> {
    private static final long serialVersionUID = 1L;
    private final String pattern;
    private final OffsetRange range;
    private final long desiredBundleSizeBytes;
    private final ReaderOptions options;

    PlanFn(String pattern, OffsetRange range, long desiredBundleSizeBytes,
        ReaderOptions options) {
      this.pattern = pattern;
      this.range = range;
      this.desiredBundleSizeBytes = desiredBundleSizeBytes;
      this.options = options;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<ReadableFile>> matched,
        OutputReceiver<KV<ReadableFile, Slice>> out) throws IOException {
      List<ReadableFile> files = new ArrayList<>();
      matched.getValue().forEach(files::add);
      if (files.size() != 1) {
        List<String> names = new ArrayList<>();
        for (ReadableFile f : files.subList(0, Math.min(3, files.size()))) {
          names.add(f.getMetadata().resourceId().toString());
        }
        throw new IllegalArgumentException(String.format(
            "withRecordRange(%d, %d) reads records of one file, but %s matched %d files (%s%s);"
                + " name a single file", range.getFrom(), range.getTo(), pattern, files.size(),
            String.join(", ", names), files.size() > 3 ? ", ..." : ""));
      }
      ReadableFile file = files.get(0);
      if (range.getFrom() == range.getTo()) {
        return;
      }
      try (PPRecordIndex index = openIndex(file)) {
        if (index != null) {
          for (Slice slice : slices(index, range, desiredBundleSizeBytes)) {
            out.output(KV.of(file, slice));
          }
          return;
        }
      }
      out.output(KV.of(file, new Slice(range.getFrom(), range.getTo() - range.getFrom(), null)));
    }

    /** The file's record index if it has a usable one, else null (and why, in the log). */
    private @Nullable PPRecordIndex openIndex(ReadableFile file) {
      Path path = localPath(file);
      if (path == null || !Files.exists(PPRecordIndex.indexPath(path))) {
        return null;
      }
      try {
        // Core checks the index against the data: it extends an index whose file only grew, and
        // refuses one whose file changed otherwise, or that is damaged itself.
        return PPRecordIndex.open(path, options);
      } catch (IOException e) {
        LOG.warn("Reading records [{}, {}) of {} from its start, without its record index: {}."
            + " Rebuild the index with: pprecordio index {}", range.getFrom(), range.getTo(),
            path, e.getMessage(), path);
        return null;
      }
    }

    /**
     * Slices of about the desired bundle size in bytes (at most
     * {@link ReadFrames#MAX_INITIAL_SPLITS_PER_FILE}), of equal record counts. Records past the
     * end of the file are not there to read, as in a slice of a list.
     */
    static List<Slice> slices(PPRecordIndex index, OffsetRange range,
        long desiredBundleSizeBytes) {
      long from = range.getFrom();
      long to = Math.min(range.getTo(), index.recordCount());
      List<Slice> slices = new ArrayList<>();
      if (from >= to) {
        return slices;
      }
      long n = to - from;
      long bytes = index.splitPoint(to) - index.offsetOf(from);
      long pieces = Math.max(1, Math.min(Math.min(n, ReadFrames.MAX_INITIAL_SPLITS_PER_FILE),
          -Math.floorDiv(-bytes, desiredBundleSizeBytes)));
      for (long k = 0; k < pieces; k++) {
        long x = from + n * k / pieces;
        long y = from + n * (k + 1) / pieces;
        slices.add(new Slice(x, y - x, index.addressOf(x)));
      }
      return slices;
    }
  }

  /** Reads one slice of records. */
  static final class ReadSliceFn extends DoFn<KV<ReadableFile, Slice>, byte[]> {
    private static final long serialVersionUID = 1L;
    private final ReaderOptions options;
    private final boolean emitReports;
    private transient @Nullable PPRecordMetrics metrics;

    ReadSliceFn(ReaderOptions options, boolean emitReports) {
      this.options = options;
      this.emitReports = emitReports;
    }

    @Setup
    public void setup() {
      metrics = new PPRecordMetrics();
    }

    @ProcessElement
    public void process(@Element KV<ReadableFile, Slice> element, MultiOutputReceiver out)
        throws IOException {
      PPRecordMetrics counters = Checks.checkNotNull(metrics, "setup() was not called");
      OutputReceiver<byte[]> records = out.get(ReadFrames.RECORDS);
      CorruptionListener listener = ReadFrames.reportTo(counters,
          emitReports ? out.get(ReadFrames.REPORTS) : null);
      ReadableFile file = element.getKey();
      boolean seekable = ReadFrames.isSplittable(file);
      readSlice(file.getMetadata().resourceId().toString(), seekable,
          seekable ? file::openSeekable : file::open, element.getValue(), options, listener,
          record -> {
            counters.recordRead();
            records.output(record);
          });
    }
  }

  /** Receives the records of a slice. */
  @FunctionalInterface
  interface RecordSink {
    void accept(byte[] record);
  }

  /** Opens a new channel on a file: a seekable one, or for a file compressed whole a stream. */
  @FunctionalInterface
  interface Opener {
    ReadableByteChannel open() throws IOException;
  }

  /** Reads a slice: the body of {@link ReadSliceFn}, apart from the outputs. */
  static void readSlice(String name, boolean seekable, Opener file, Slice slice,
      ReaderOptions options, CorruptionListener listener, RecordSink records) throws IOException {
    if (!seekable) {
      readStream(file, name, slice, options, listener, records);
      return;
    }
    PPRecordReader reader;
    if (slice.first() == 0) {
      // From the file's start: the damage before record 0 is this slice's to report.
      reader = PPRecordReader.open(file.open(), name, 0, Long.MAX_VALUE, options, listener);
    } else {
      RecordAddress start = slice.start() != null ? slice.start()
          : find(file, name, slice.first(), options);
      if (start == null) {
        return;
      }
      reader = PPRecordReader.openRecords(file.open(), name, start, slice.count() + 1, options,
          listener);
    }
    try (PPRecordReader r = reader) {
      for (long i = 0; i < slice.count() && r.advance(); i++) {
        records.accept(r.record());
      }
      // On to the next record or the end of the file, reporting the damage before it.
      r.advance();
    }
  }

  /**
   * The address of record {@code n} of a file without an index, found by reading the records
   * before it; null if the file holds no record {@code n}. The damage on the way lies before the
   * slice: it is skipped without a report, whatever the read's corruption settings, as with an
   * index.
   */
  private static @Nullable RecordAddress find(Opener file, String name, long n,
      ReaderOptions options) throws IOException {
    ReaderOptions skipping = options.withCorruptionPolicy(CorruptionPolicy.SKIP_AND_REPORT)
        .withCorruptionBudget(CorruptionBudget.UNLIMITED);
    try (PPRecordReader reader = PPRecordReader.open(file.open(), name, 0,
        Long.MAX_VALUE, skipping, CorruptionListener.NONE)) {
      for (long i = 0; i <= n; i++) {
        if (!reader.advance()) {
          return null;
        }
      }
      return reader.address();
    }
  }

  /**
   * A file compressed whole is one stream: its records before the slice are read with the read's
   * own settings (so that under {@link CorruptionPolicy#FAIL} damage there fails the read too),
   * and the damage is reported from the slice's first record on.
   */
  private static void readStream(Opener file, String name, Slice slice,
      ReaderOptions options, CorruptionListener listener, RecordSink records) throws IOException {
    boolean[] inSlice = {slice.first() == 0};
    try (PPRecordReader reader = PPRecordReader.open(file.open(), name, 0, Long.MAX_VALUE,
        options, region -> {
          if (inSlice[0]) {
            listener.onCorruptRegion(region);
          }
        })) {
      for (long i = 0; i < slice.first(); i++) {
        if (!reader.advance()) {
          return;
        }
      }
      for (long i = 0; i < slice.count() && reader.advance(); i++) {
        inSlice[0] = true;
        records.accept(reader.record());
      }
      reader.advance();
    }
  }
}
