package io.pprecordio.hadoop;

import io.pprecordio.CorruptRegion;
import io.pprecordio.PPRecordReader;
import io.pprecordio.ReadStats;
import io.pprecordio.ReaderOptions;
import io.pprecordio.RecordAddress;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.counters.GenericCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the records of one file split, for the record readers of both Hadoop APIs.
 *
 * <p>A plain file is read through core's range reader over {@code [start, start + length)}: core
 * resynchronizes and decides which split owns each record and each corrupt region, so the splits
 * of a file return every record exactly once. A file under whole-file compression (a codec known
 * to {@link CompressionCodecFactory}, such as {@code .gz}) is one split, read as a stream through
 * its codec.
 *
 * <p>Corrupt regions and torn tails go to the {@link PPRecordCounter} counters; the log gets one
 * line per split that had any, and each region at debug level.
 */
public final class PPRecordSplitReader implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PPRecordSplitReader.class);
  /**
   * Stream buffer at open, unless io.file.buffer.size is larger. The reader asks for large reads;
   * with the 4 KiB default, a checksummed local file system verifies and reads 4 KiB at a time
   * (measured: 64 KiB records read about 20% faster with 128 KiB). HDFS ignores it.
   */
  private static final int OPEN_BUFFER_BYTES = 128 << 10;

  private final Path file;
  private final long start;
  private final long length;
  private final Function<PPRecordCounter, Counter> counterSource;
  private final Map<PPRecordCounter, Counter> counters = new EnumMap<>(PPRecordCounter.class);
  private PPRecordReader reader;
  private FSDataInputStream rawIn;
  private long fileLength;
  private boolean compressed;
  private Decompressor decompressor;
  private CorruptRegion firstRegion;
  private boolean done;

  private PPRecordSplitReader(Path file, long start, long length,
      Function<PPRecordCounter, Counter> counterSource) {
    this.file = file;
    this.start = start;
    this.length = length;
    this.counterSource = counterSource;
  }

  /**
   * Opens the split {@code [start, start + length)} of {@code file}.
   *
   * @param counters where the {@link PPRecordCounter} counts go, for example
   *     {@code context::getCounter} or {@code reporter::getCounter}; it may return null
   */
  public static PPRecordSplitReader open(Configuration conf, Path file, long start, long length,
      Function<PPRecordCounter, Counter> counters) throws IOException {
    PPRecordSplitReader split = new PPRecordSplitReader(file, start, length, counters);
    try {
      split.open(conf);
    } catch (IOException | RuntimeException e) {
      split.close();
      throw e;
    }
    return split;
  }

  /** The whole-file codec of {@code file}, by its extension, or null for a plain file. */
  public static CompressionCodec wholeFileCodec(Configuration conf, Path file) {
    return new CompressionCodecFactory(conf).getCodec(file);
  }

  private void open(Configuration conf) throws IOException {
    ReaderOptions options = Settings.readerOptions(conf);
    FileSystem fs = file.getFileSystem(conf);
    fileLength = fs.getFileStatus(file).getLen();
    CompressionCodec codec = wholeFileCodec(conf, file);
    rawIn = fs.open(file,
        Math.max(conf.getInt("io.file.buffer.size", 4096), OPEN_BUFFER_BYTES));
    ReadableByteChannel channel;
    if (codec == null) {
      channel = new FSDataInputChannel(rawIn, fileLength);
    } else {
      if (start != 0) {
        throw new IOException("cannot read " + file + " from offset " + start + ": it is"
            + " compressed as a whole with " + codec.getClass().getSimpleName()
            + " and cannot be split");
      }
      compressed = true;
      decompressor = CodecPool.getDecompressor(codec); // null for codecs that need none
      channel = Channels.newChannel(codec.createInputStream(rawIn, decompressor));
    }
    // Core reads a seekable channel from start and a decompressing stream as a whole.
    reader = PPRecordReader.open(channel, file.toString(), start,
        compressed ? Long.MAX_VALUE : start + length, options, this::onCorruptRegion);
  }

  /** Moves to the next record; false at the end of the split. */
  public boolean next() throws IOException {
    if (done) {
      return false;
    }
    if (reader.advance()) {
      return true;
    }
    done = true;
    return false;
  }

  /**
   * Byte offset of the current record's frame in the file; for a whole-file compressed input, in
   * the decompressed stream. The records of one block share their block frame's offset.
   */
  public long offset() {
    return reader.offset();
  }

  /** Where the current record is: its frame's offset and its index in the frame's block. */
  public RecordAddress address() {
    return reader.address();
  }

  /**
   * The current record's key, {@link RecordAddress#key()}: the frame offset for a record alone in
   * its frame or first in its block (so files without blocks keep their offset keys), unique per
   * file and reversible with {@link RecordAddress#ofKey(long)}.
   */
  public long key() {
    return reader.address().key();
  }

  /** The current record's payload, a new array owned by the caller. */
  public byte[] record() {
    return reader.record();
  }

  /**
   * Puts the current record's payload into {@code value}, reusing its array when it is large
   * enough: no allocation per record once the largest record has been seen.
   */
  public void copyRecordTo(BytesWritable value) {
    int length = reader.recordLength();
    // Size 0 first, so that growing the capacity copies nothing of the previous record.
    value.setSize(0);
    value.setSize(length);
    reader.copyRecordTo(value.getBytes(), 0);
  }

  /** The offset in the (compressed) file up to which input has been consumed. */
  public long position() throws IOException {
    if (reader == null) {
      return start;
    }
    return compressed ? rawIn.getPos() : reader.position();
  }

  /** Fraction of the split consumed, in [0, 1]. */
  public float progress() throws IOException {
    if (done) {
      return 1.0f;
    }
    if (reader == null) {
      return 0.0f;
    }
    if (!compressed) {
      return (float) reader.progress();
    }
    return fileLength == 0 ? 0.0f : Math.min(1.0f, rawIn.getPos() / (float) fileLength);
  }

  /** What this split has returned and skipped so far. */
  public ReadStats stats() {
    return reader.stats();
  }

  private void onCorruptRegion(CorruptRegion region) {
    LOG.debug("{}", region);
    ReadStats delta = ReadStats.of(region);
    if (firstRegion == null && delta.corruptRegions() > 0) {
      firstRegion = region;
    }
    counter(PPRecordCounter.CORRUPT_REGIONS).increment(delta.corruptRegions());
    counter(PPRecordCounter.SKIPPED_BYTES).increment(delta.skippedBytes());
    counter(PPRecordCounter.TORN_TAILS).increment(delta.tornTails());
    counter(PPRecordCounter.TORN_TAIL_BYTES).increment(delta.tornTailBytes());
  }

  private Counter counter(PPRecordCounter which) {
    return counters.computeIfAbsent(which, c -> {
      Counter counter = counterSource == null ? null : counterSource.apply(c);
      return counter != null ? counter : new GenericCounter(c.name(), c.name());
    });
  }

  @Override
  public void close() throws IOException {
    done = true;
    try {
      if (reader != null) {
        logSummary(reader.stats());
        reader.close();
      } else if (rawIn != null) {
        rawIn.close();
      }
    } finally {
      if (decompressor != null) {
        CodecPool.returnDecompressor(decompressor);
        decompressor = null;
      }
    }
  }

  private void logSummary(ReadStats stats) {
    if (stats.corruptRegions() > 0) {
      LOG.warn("{} [{}, {}): skipped {} corrupt region(s), {} bytes; first: {}", file, start,
          start + length, stats.corruptRegions(), stats.skippedBytes(), firstRegion);
    }
    if (stats.tornTail()) {
      LOG.info("{} ends inside a frame at offset {} ({} bytes): an incomplete last record, skipped",
          file, stats.tornTailOffset().getAsLong(), stats.tornTailBytes());
    }
  }
}
