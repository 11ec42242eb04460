package io.pprecordio.beam;

import static io.pprecordio.beam.Checks.checkArgument;
import static io.pprecordio.beam.Checks.checkNotNull;
import static io.pprecordio.beam.Checks.checkState;

import io.pprecordio.CorruptRegion;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import io.pprecordio.ShardSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.FileBasedSource;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.ValueProvider;
import org.apache.beam.sdk.options.ValueProvider.NestedValueProvider;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FileBasedSource} behind {@link PPRecordIO#read()}: the records of pp_recordio files,
 * as byte arrays.
 *
 * <p>Accepts a single file, a glob, or a shard spec {@code name@N} ({@code name-00000-of-0000N}
 * to {@code name-0000(N-1)-of-0000N}, with an optional suffix: {@code name@N.pp_recordio}); a
 * missing shard is an error that names it. Files split into byte ranges at any offset: each range
 * reads the records whose frames start in it, resynchronizing on the magic number through the
 * core reader, so every record is read exactly once. Readers support dynamic work rebalancing
 * ({@link BoundedReader#splitAtFraction}) and report progress. Block files (many records in one
 * frame) read transparently: a block belongs to the range that holds its frame's first byte, and
 * only its first record is a split point.
 *
 * <pre>{@code
 * PCollection<byte[]> records = p.apply(Read.from(PPRecordSource.from("gs://bucket/data@64")));
 * }</pre>
 *
 * <p>Corrupt regions are skipped and counted in {@link PPRecordMetrics}, or fail the read under
 * {@link CorruptionPolicy#FAIL}. Files compressed whole ({@code .gz}, {@code .zst}) need a
 * {@link org.apache.beam.sdk.io.CompressedSource} around this source, as {@link PPRecordIO#read()}
 * does.
 */
public class PPRecordSource extends FileBasedSource<byte[]> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PPRecordSource.class);

  /**
   * Default smallest split, in bytes. Splitting finer than this costs a resync scan per split for
   * little parallelism.
   */
  public static final long DEFAULT_MIN_BUNDLE_SIZE = 64 << 10;

  private final ReaderOptions readerOptions;
  /** The pattern as the user gave it (file pattern mode only), before shard specs become globs. */
  private final @Nullable ValueProvider<String> userPattern;
  private transient volatile boolean shardsVerified;

  private PPRecordSource(ValueProvider<String> userPattern, EmptyMatchTreatment emptyMatchTreatment,
      long minBundleSize, ReaderOptions readerOptions) {
    super(NestedValueProvider.of(userPattern, new ShardPatterns.ToMatchPattern()),
        emptyMatchTreatment, minBundleSize);
    this.userPattern = userPattern;
    this.readerOptions = checkNotNull(readerOptions, "readerOptions");
  }

  private PPRecordSource(Metadata file, long minBundleSize, long start, long end,
      ReaderOptions readerOptions) {
    super(file, minBundleSize, start, end);
    this.userPattern = null;
    this.readerOptions = readerOptions;
  }

  /** Reads a file, a glob or a shard spec ({@code name@N}). */
  public static PPRecordSource from(String fileOrPatternSpec) {
    return from(StaticValueProvider.of(fileOrPatternSpec));
  }

  /** Like {@link #from(String)}, resolved when the pipeline runs. */
  public static PPRecordSource from(ValueProvider<String> fileOrPatternSpec) {
    checkNotNull(fileOrPatternSpec, "fileOrPatternSpec");
    return new PPRecordSource(fileOrPatternSpec, EmptyMatchTreatment.DISALLOW,
        DEFAULT_MIN_BUNDLE_SIZE, ReaderOptions.defaults());
  }

  /**
   * How a pattern that matches no file is treated; {@link EmptyMatchTreatment#DISALLOW} by
   * default. Does not apply to shard specs, whose shards must all exist.
   */
  public PPRecordSource withEmptyMatchTreatment(EmptyMatchTreatment treatment) {
    checkState(getMode() == Mode.FILEPATTERN, "only a file pattern source has a match treatment");
    checkNotNull(treatment, "treatment");
    ValueProvider<String> pattern = checkNotNull(userPattern);
    boolean shardSpec = pattern.isAccessible() && ShardSpec.isShardSpec(pattern.get());
    return new PPRecordSource(pattern, shardSpec ? EmptyMatchTreatment.DISALLOW : treatment,
        getMinBundleSize(), readerOptions);
  }

  /** Sets the smallest split the source produces, in bytes. */
  public PPRecordSource withMinBundleSize(long minBundleSize) {
    checkArgument(minBundleSize > 0, "minBundleSize must be positive, got %s", minBundleSize);
    return withSettings(minBundleSize, readerOptions);
  }

  /** Sets every reader option at once: corruption policy, maximum record size, buffer size. */
  public PPRecordSource withReaderOptions(ReaderOptions options) {
    return withSettings(getMinBundleSize(), checkNotNull(options, "options"));
  }

  /** Skip and report corrupt regions (the default), or fail at the first one. */
  public PPRecordSource withCorruptionPolicy(CorruptionPolicy policy) {
    return withReaderOptions(readerOptions.withCorruptionPolicy(policy));
  }

  /** The largest record accepted, which also bounds a reader's memory. 256 MiB by default. */
  public PPRecordSource withMaxRecordBytes(long maxRecordBytes) {
    return withReaderOptions(readerOptions.withMaxRecordBytes(maxRecordBytes));
  }

  public ReaderOptions getReaderOptions() {
    return readerOptions;
  }

  private PPRecordSource withSettings(long minBundleSize, ReaderOptions options) {
    if (getMode() == Mode.FILEPATTERN) {
      return new PPRecordSource(checkNotNull(userPattern), getEmptyMatchTreatment(), minBundleSize,
          options);
    }
    return new PPRecordSource(getSingleFileMetadata(), minBundleSize, getStartOffset(),
        getEndOffset(), options);
  }

  @Override
  protected PPRecordSource createForSubrangeOfFile(Metadata metadata, long start, long end) {
    if (getMode() == Mode.FILEPATTERN) {
      // Beam expands the pattern (a shard spec's glob) and calls here for each file it found,
      // both when splitting and when reading unsplit: the place to check that none is missing.
      verifyShardsPresent();
    }
    return new PPRecordSource(metadata, getMinBundleSize(), start, end, readerOptions);
  }

  private void verifyShardsPresent() {
    if (shardsVerified) {
      return;
    }
    Optional<ShardSpec> spec = ShardSpec.parse(checkNotNull(userPattern).get());
    if (spec.isPresent()) {
      try {
        ShardPatterns.matchShards(spec.get());
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    shardsVerified = true;
  }

  @Override
  protected FileBasedReader<byte[]> createSingleFileReader(PipelineOptions options) {
    return new Reader(this, readerOptions);
  }

  @Override
  public Coder<byte[]> getOutputCoder() {
    return ByteArrayCoder.of();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("corruptionPolicy", readerOptions.corruptionPolicy().toString())
            .withLabel("Corruption Policy"))
        .add(DisplayData.item("maxRecordBytes", readerOptions.maxRecordBytes())
            .withLabel("Maximum Record Size (bytes)"));
  }

  /**
   * Reads one byte range of one file through core's range reader, which owns the split and resync
   * rule. The range tracker decides which records this reader may return; the reader only settles
   * what it reports: a record is counted once the tracker has accepted it, and a corrupt region
   * once its owner is known to lie in the range (see {@link HeldRegions}).
   */
  static final class Reader extends FileBasedReader<byte[]> {
    private final ReaderOptions options;
    private final PPRecordMetrics metrics = new PPRecordMetrics();
    private final HeldRegions held = new HeldRegions();
    private @Nullable PPRecordReader reader;
    /** True when reading a non-seekable (decompressing) channel, which is never split. */
    private boolean stream;
    private byte @Nullable [] current;
    /** Read by splitting threads too, to judge whether a split is worth it. */
    private volatile long currentOffset = -1;
    /** Whether {@link #current} is the first record of its frame: a split point. */
    private boolean currentIsSplitPoint;
    /** Whether {@link #current} awaits the tracker's verdict. */
    private boolean pending;
    /** The offset core claimed last: the owner of the region it reports next. */
    private long lastOwner = -1;
    /** Offset of the last record the tracker accepted, or -1. */
    private long lastClaimed = -1;
    /** Set, under the reader's lock, once the range is read to its end: no split after that. */
    private volatile boolean finished;
    /** Sees each region this reader reports; for tests. */
    private @Nullable Consumer<CorruptRegion> regionObserver;

    Reader(PPRecordSource source, ReaderOptions options) {
      super(source);
      this.options = options;
    }

    @Override
    protected void startReading(ReadableByteChannel channel) throws IOException {
      FileBasedSource<byte[]> source = getCurrentSource();
      String name = source.getSingleFileMetadata().resourceId().toString();
      // The range's end is asked for offset by offset, not fixed at open: a decompressing
      // channel (a CompressedSource's) has offsets of its own and is read whole, and the end of
      // a seekable range moves with dynamic splits. Core claims each region's owner just before
      // it reports the region; the framework's range tracker, not core, decides later whether
      // this range keeps it (see HeldRegions).
      reader = PPRecordReader.open(channel, name, source.getStartOffset(), Long.MAX_VALUE,
          options, region -> held.hold(region, lastOwner), offset -> {
            if (!stream && offset >= getCurrentSource().getEndOffset()) {
              return false;
            }
            lastOwner = offset;
            return true;
          });
      stream = reader.inputSize() < 0;
    }

    @Override
    protected boolean readNextRecord() throws IOException {
      if (isDone()) {
        return false;
      }
      PPRecordReader r = checkNotNull(reader, "startReading was not called");
      if (pending) {
        // Called again: the tracker accepted the previous record, and so the regions before it.
        pending = false;
        lastClaimed = currentOffset;
        metrics.recordRead();
        held.releaseAll(this::report);
      }
      if (r.advance()) {
        current = r.record();
        currentOffset = r.offset();
        currentIsSplitPoint = r.indexInBlock() == 0;
        pending = true;
        // A region owned by an accepted record stays in this range whatever splits come later.
        held.releaseOwnedBelow(lastClaimed + 1, this::report);
        return true;
      }
      current = null;
      long end;
      synchronized (this) {
        finished = true;
        end = stream ? Long.MAX_VALUE : getCurrentSource().getEndOffset();
      }
      settle(end);
      return false;
    }

    /** Reports what this range owns once its end can no longer move. */
    private void settle(long end) {
      if (pending && currentOffset < end) {
        metrics.recordRead();
      }
      pending = false;
      held.releaseOwnedBelow(end, this::report);
      held.discard();
    }

    private void report(CorruptRegion region) {
      LOG.debug("Skipped {}", region);
      metrics.regionSkipped(region);
      if (regionObserver != null) {
        regionObserver.accept(region);
      }
    }

    void observeRegions(Consumer<CorruptRegion> observer) {
      this.regionObserver = observer;
    }

    /**
     * Refuses splits once the range is read, for a stream, and when less than two minimum bundles
     * remain: a residual that small costs the runner a new bundle and the reader a resync for
     * almost no parallelism (Beam's own DirectRunner asks to split every reader in half, over and
     * over).
     */
    @Override
    public boolean allowsDynamicSplitting() {
      if (finished || stream || !super.allowsDynamicSplitting()) {
        return false;
      }
      FileBasedSource<byte[]> source = getCurrentSource();
      long from = Math.max(source.getStartOffset(), currentOffset);
      return (source.getEndOffset() - from) / 2 >= source.getMinBundleSize();
    }

    /**
     * Like the default, except that a reader that declines to split (see
     * {@link #allowsDynamicSplitting()}) still reports its remaining records as unknown rather
     * than as none beyond the current one.
     */
    @Override
    public long getSplitPointsRemaining() {
      if (isDone()) {
        return 0;
      }
      if (!isStarted()) {
        return SPLIT_POINTS_UNKNOWN;
      }
      return currentOffset >= getCurrentSource().getEndOffset() - 1 ? 1 : SPLIT_POINTS_UNKNOWN;
    }

    /**
     * A record is a split point when it starts its frame. The other records of a block share the
     * block's offset, and belong to the range that claimed the block: the range tracker returns
     * them without asking whether the range still holds that offset.
     */
    @Override
    protected boolean isAtSplitPoint() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return currentIsSplitPoint;
    }

    @Override
    protected long getCurrentOffset() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return currentOffset;
    }

    @Override
    public byte[] getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public void close() throws IOException {
      try {
        if (!finished && reader != null) {
          // Closed before the end: the last record was rejected by a split, or the runner stopped
          // early. The range's end is final now.
          long end;
          synchronized (this) {
            finished = true;
            end = stream ? Long.MAX_VALUE : getCurrentSource().getEndOffset();
          }
          settle(end);
        }
      } finally {
        try {
          if (reader != null) {
            reader.close();
          }
        } finally {
          super.close();
        }
      }
    }
  }
}
