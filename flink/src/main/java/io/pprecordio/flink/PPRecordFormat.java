package io.pprecordio.flink;

import io.pprecordio.CorruptionListener;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads pp_recordio records with Flink's {@link FileSource}, one {@code byte[]} per record.
 *
 * <pre>{@code
 * PPRecordFormat format = new PPRecordFormat();
 * FileSource<byte[]> source = FileSource.forRecordStreamFormat(format, new Path(dir)).build();
 * DataStream<byte[]> records =
 *     env.fromSource(format.withMetrics(source), WatermarkStrategy.noWatermarks(), "records");
 * }</pre>
 *
 * <p>Files split at any byte: each split is read by core's range reader, which resynchronizes on
 * the first frame of its range, so the splits of a file return each record exactly once. Block
 * files (FORMAT.md 3.4, written with {@code WriterOptions.withBlock}) read the same way, one
 * element per record; a block belongs to the split that holds its frame's first byte. A checkpoint
 * records the frame offset of the next record and, for a record inside a block, the records of
 * that block already emitted; a restored job neither loses nor repeats a record. Damaged regions
 * are skipped and counted (a damaged block is one region), or fail the job under
 * {@link CorruptionPolicy#FAIL}; see {@link #withMetrics} for the counts.
 *
 * <p>Flink's format interface does not tell a format which file it reads, so errors name the
 * split's byte range; Flink's task failure names the split.
 */
public final class PPRecordFormat implements StreamFormat<byte[]> {
  private static final long serialVersionUID = 1L;

  private final ReaderOptions options;
  /**
   * Set on the task's copy of this format by {@link #withMetrics}'s source before any split is
   * read; the readers then report to it from the source's fetcher thread.
   */
  private transient volatile CorruptionMetrics metrics;

  /** Core's default reader options: skip and report, records up to 256 MiB. */
  public PPRecordFormat() {
    this(ReaderOptions.defaults());
  }

  public PPRecordFormat(ReaderOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The largest record accepted; a larger one fails the read, whatever the policy. */
  public PPRecordFormat withMaxRecordBytes(long maxRecordBytes) {
    return new PPRecordFormat(options.withMaxRecordBytes(maxRecordBytes));
  }

  /** Skip and report damaged regions (the default), or fail at the first one. */
  public PPRecordFormat withCorruptionPolicy(CorruptionPolicy policy) {
    return new PPRecordFormat(options.withCorruptionPolicy(policy));
  }

  /**
   * Skip and report at most {@code maxRegions} corrupt regions and {@code maxSkippedBytes} bytes in
   * them per split, then fail the job with {@link io.pprecordio.CorruptionBudgetExceededException}
   * naming the offset and the budget. A torn tail counts against neither. Pass
   * {@code Long.MAX_VALUE} for no limit on one of them.
   */
  public PPRecordFormat withCorruptionBudget(long maxRegions, long maxSkippedBytes) {
    return new PPRecordFormat(options.withCorruptionBudget(maxRegions, maxSkippedBytes));
  }

  public ReaderOptions options() {
    return options;
  }

  /**
   * The source, with its readers' corruption counts as Flink metrics: counters
   * {@code corruptRegions}, {@code skippedBytes}, {@code tornTails} and {@code tornTailBytes} in
   * the group {@code pprecordio} of the source operator. {@code source} must read with this
   * format. Flink gives a format no metric group of its own, so the source hands its reader's
   * group to the format when the task starts.
   */
  public Source<byte[], FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> withMetrics(
      FileSource<byte[]> source) {
    return new MeteredSource(source, this);
  }

  void bindMetrics(CorruptionMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Reader<byte[]> createReader(Configuration config, FSDataInputStream stream,
      long fileLen, long splitEnd) throws IOException {
    return open(stream, stream.getPos(), fileLen, splitEnd);
  }

  /**
   * Resumes at the frame of the next record, as {@link Reader#getCheckpointedPosition} gave it.
   * Flink's adapter then skips the position's records after that offset itself (for a block, the
   * records of it already emitted), so the range simply starts at the frame.
   */
  @Override
  public Reader<byte[]> restoreReader(Configuration config, FSDataInputStream stream,
      long restoredOffset, long fileLen, long splitEnd) throws IOException {
    return open(stream, Math.min(restoredOffset, splitEnd), fileLen, splitEnd);
  }

  private Reader<byte[]> open(FSDataInputStream stream, long start, long fileLen, long splitEnd)
      throws IOException {
    StreamChannel channel = new StreamChannel(stream, fileLen);
    String name = "pp_recordio split [" + start + ", " + splitEnd + ") of a " + fileLen
        + "-byte file";
    CorruptionListener listener = metrics == null ? CorruptionListener.NONE : metrics;
    return new SplitRecordReader(
        PPRecordReader.open(channel, name, start, splitEnd, options, listener));
  }

  @Override
  public boolean isSplittable() {
    return true;
  }

  @Override
  public TypeInformation<byte[]> getProducedType() {
    return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
  }
}
