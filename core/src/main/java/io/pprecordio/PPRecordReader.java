package io.pprecordio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Reads the records of a pp_recordio file, or of one byte range of it.
 *
 * <p>A record belongs to the range that holds the first byte of its frame. Reading every range of
 * any partition of a file returns every record exactly once, in file order; reading a range that
 * starts past 0 first resynchronizes on the magic number. Damaged regions are skipped and reported
 * to a {@link CorruptionListener} (or, under {@link CorruptionPolicy#FAIL} or past the
 * {@link CorruptionBudget}, raise a {@link CorruptRecordException}); each region is reported by
 * exactly one range too.
 *
 * <pre>{@code
 * try (PPRecordReader reader = PPRecordReader.open(path)) {
 *   while (reader.advance()) {
 *     process(reader.offset(), reader.record());
 *   }
 * }
 * }</pre>
 *
 * <p>The current record can be taken three ways: {@link #record()}, a new array the caller may
 * keep; {@link #recordView()}, a read-only view valid until the next {@link #advance()}; or
 * {@link #copyRecordTo(byte[], int)}, into a buffer the caller reuses.
 *
 * <p>A block frame (FORMAT.md 3.4) is read transparently: its records come out one by one, in
 * order, each with the block's frame offset and its {@link #indexInBlock()}. A block is decoded
 * whole, and belongs whole to the range that holds its first byte.
 *
 * <p>Not thread-safe: use one reader per thread. Memory stays within the read buffer plus one
 * record (or one block), bounded by {@link ReaderOptions#maxRecordBytes()}.
 */
public final class PPRecordReader implements Closeable {
  private final FrameScanner scanner;
  private final long start;
  private final long end;
  private final CorruptionListener listener;
  private final RangeClaim claim;
  private final CorruptionPolicy policy;
  private final CorruptionBudget budget;
  private final ReadTally tally = new ReadTally();
  /** Highest offset claimed so far, or -1: a region owned at or below it is already ours. */
  private long claimedUpTo = -1;
  /** Offset of the last record returned, or -1. */
  private long lastOffset = -1;
  /** The current record's frame, or null. */
  private Frame current;
  /** The current record's place in its frame's decoded payload, and its index in the block. */
  private int currentFrom;
  private int currentLength;
  private int indexInBlock;
  /** Where the next record of the current block starts in its decoded payload. */
  private int nextInBlock;
  /** Records of the current block after the current one. */
  private int blockLeft;
  /** The current record as an array, once {@link #record()} asked for it. */
  private byte[] record;
  /**
   * Views of the current record, emptied when the reader moves on so that stale reads fail: the
   * first in a field of its own (the usual case costs no list), any others in a list.
   */
  private ByteBuffer view;
  private java.util.ArrayList<ByteBuffer> moreViews;
  private boolean done;
  /** Whether this reader returns a counted run of records ({@link #openRecords}). */
  private boolean counted;
  /** Records a counted reader may still return. */
  private long remaining;
  /** Whether the current record is one {@link #advance()} has still to return. */
  private boolean pending;

  private PPRecordReader(FrameScanner scanner, long start, long end, ReaderOptions options,
      CorruptionListener listener, RangeClaim claim) {
    this.scanner = scanner;
    this.start = start;
    this.end = end;
    this.listener = listener == null ? CorruptionListener.NONE : listener;
    this.claim = claim == null ? RangeClaim.ALL : claim;
    this.policy = options.corruptionPolicy();
    this.budget = options.corruptionBudget();
  }

  /** Reads a whole local file with the default options. */
  public static PPRecordReader open(Path file) throws IOException {
    return open(file, ReaderOptions.defaults(), CorruptionListener.NONE);
  }

  /** Reads a whole local file. */
  public static PPRecordReader open(Path file, ReaderOptions options,
      CorruptionListener listener) throws IOException {
    return open(file, 0, Long.MAX_VALUE, options, listener);
  }

  /**
   * Reads the records whose frames start in {@code [start, end)} of a local file. A named pipe is
   * read as a stream (from 0), waiting for its writer like {@code cat} does.
   */
  public static PPRecordReader open(Path file, long start, long end, ReaderOptions options,
      CorruptionListener listener) throws IOException {
    return open(Inputs.openFile(file), file.toString(), start, end, options, listener);
  }

  /**
   * Reads the records whose frames start in {@code [start, end)} of any input, which the reader
   * then owns and closes. Pass {@code Long.MAX_VALUE} as end to read to the end.
   *
   * <p>Core decides how to read the channel: a channel that can seek and report its size is read
   * from {@code start}; any other (a stream, a decompressing channel, or a {@link FileChannel}
   * over a pipe, which claims to seek but cannot) is read as a stream from offset 0, which then
   * must be {@code start}. A range starting at or past the end of a seekable input is empty.
   *
   * @param name the name used in reports and errors, usually the file's path
   * @throws IllegalArgumentException if the range is invalid, or starts past 0 on a stream
   */
  public static PPRecordReader open(ReadableByteChannel channel, String name, long start,
      long end, ReaderOptions options, CorruptionListener listener) throws IOException {
    return open(channel, name, start, end, options, listener, RangeClaim.ALL);
  }

  /**
   * {@link #open(ReadableByteChannel, String, long, long, ReaderOptions, CorruptionListener)} for
   * a range whose end may move while it is read: {@code claim} decides, offset by offset, what the
   * range still owns (see {@link RangeClaim}), within {@code [start, end)}.
   */
  public static PPRecordReader open(ReadableByteChannel channel, String name, long start,
      long end, ReaderOptions options, CorruptionListener listener, RangeClaim claim)
      throws IOException {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    if (start < 0 || end < start) {
      Inputs.closeQuietly(channel);
      throw new IllegalArgumentException("invalid range [" + start + ", " + end + ") of " + name);
    }
    try {
      Inputs.Opened in = Inputs.classify(channel, name, start, end);
      return new PPRecordReader(new FrameScanner(in.channel(), name, in.start(), in.end(),
          options), start, end, options, listener, claim);
    } catch (IOException | RuntimeException e) {
      Inputs.closeQuietly(channel);
      throw e;
    }
  }

  /**
   * Reads the record of the frame that starts exactly at {@code offset}, as returned by
   * {@link #offset()} or {@link PPRecordWriter#write}; for a block frame, its first record. The
   * channel is left open.
   *
   * @throws CorruptRecordException if no valid frame starts at offset
   */
  public static byte[] readRecordAt(SeekableByteChannel channel, String sourceName, long offset,
      ReaderOptions options) throws IOException {
    return readRecordAt(channel, sourceName, RecordAddress.of(offset), options);
  }

  /**
   * Reads the record at {@code address}, as returned by {@link #address()}. The channel is left
   * open.
   *
   * @throws CorruptRecordException if no valid frame starts at the address's offset, or its block
   *     has no such record
   */
  public static byte[] readRecordAt(SeekableByteChannel channel, String sourceName,
      RecordAddress address, ReaderOptions options) throws IOException {
    long offset = address.frameOffset();
    FrameScanner scanner = new FrameScanner(channel, sourceName, offset, Long.MAX_VALUE, options);
    try {
      return scanner.readAt(offset, address.indexInBlock());
    } finally {
      scanner.release();
    }
  }

  /** {@link #readRecordAt(SeekableByteChannel, String, long, ReaderOptions)} on a local file. */
  public static byte[] readRecordAt(Path file, long offset) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return readRecordAt(channel, file.toString(), offset, ReaderOptions.defaults());
    }
  }

  /**
   * Reads {@code count} records of a file from the record at {@code first} on, as listed by a
   * record index ({@link PPRecordIndex#addressOf(long)}): one sequential read from that record's
   * frame, over any channel the index's data file can be read through (a seekable one). Corrupt
   * regions on the way are skipped and reported as by any reader.
   *
   * @throws IOException naming the input if no valid frame starts at {@code first}, or its block
   *     holds no such record: the index does not describe this input
   */
  public static PPRecordReader openRecords(ReadableByteChannel channel, String name,
      RecordAddress first, long count, ReaderOptions options, CorruptionListener listener)
      throws IOException {
    if (count < 0) {
      Inputs.closeQuietly(channel);
      throw new IllegalArgumentException("negative record count " + count);
    }
    PPRecordReader reader = open(channel, name, first.frameOffset(), Long.MAX_VALUE, options,
        listener);
    try {
      reader.position(first);
      reader.counted = true;
      reader.remaining = count;
      return reader;
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** Moves onto the record at {@code first}, which the next {@link #advance()} returns. */
  private void position(RecordAddress first) throws IOException {
    ScanEvent event = scanner.next();
    if (!(event instanceof Frame frame) || frame.offset() != first.frameOffset()
        || first.indexInBlock() >= Math.max(1, frame.header().blockRecords())) {
      throw new CorruptRecordException(scanner.source(), first.frameOffset(),
          CorruptRegion.Reason.BAD_HEADER, "no record " + first
              + " here: the frame there is not the one the record index lists", -1, -1);
    }
    claimedUpTo = frame.offset();
    moveTo(frame, first.indexInBlock());
    pending = true;
  }

  /** Makes record {@code index} of {@code frame} (0 for a frame that is not a block) current. */
  private void moveTo(Frame frame, int index) {
    current = frame;
    lastOffset = frame.offset();
    indexInBlock = index;
    if (frame.header().isBlock()) {
      currentFrom = scanner.blockRecordStart(frame, index);
      currentLength = scanner.blockRecordLength(frame, index);
      nextInBlock = currentFrom + currentLength;
      blockLeft = frame.header().blockRecords() - 1 - index;
    } else {
      currentFrom = 0;
      currentLength = frame.length();
      blockLeft = 0;
    }
    tally.recordRead(currentLength);
  }

  /**
   * Moves to the next record of the range. Returns false at the end of the range. Regions skipped
   * on the way are reported to the listener before this returns.
   *
   * @throws CorruptRecordException at a corrupt region under {@link CorruptionPolicy#FAIL}
   * @throws CorruptionBudgetExceededException at the region that goes over the budget
   * @throws RecordTooLargeException at an intact record above the record limit
   */
  public boolean advance() throws IOException {
    record = null;
    invalidateViews();
    return counted ? nextCounted() : next();
  }

  /** The next record of a reader that returns {@code remaining} more, the pending one first. */
  private boolean nextCounted() throws IOException {
    if (remaining <= 0) {
      current = null;
      done = true;
      return false;
    }
    remaining--;
    if (pending) {
      pending = false;
      return true;
    }
    return next();
  }

  private boolean next() throws IOException {
    if (blockLeft > 0) {
      // The rest of a block belongs to the range that claimed its frame.
      blockLeft--;
      indexInBlock++;
      currentFrom = nextInBlock;
      currentLength = scanner.blockRecordLength(current, indexInBlock);
      nextInBlock += currentLength;
      tally.recordRead(currentLength);
      return true;
    }
    current = null;
    while (!done) {
      ScanEvent event = scanner.next();
      if (event instanceof Frame frame) {
        if (claim(frame.offset())) {
          moveTo(frame, 0);
          return true;
        }
      } else if (event instanceof ScanEvent.Region r) {
        if (claim(r.owner())) {
          report(r.region());
        }
      } else {
        done = true;
      }
    }
    return false;
  }

  /** Claims {@code owner} unless an earlier claim covers it; a refusal ends the range. */
  private boolean claim(long owner) throws IOException {
    if (owner <= claimedUpTo) {
      return true;
    }
    if (!claim.tryClaim(owner)) {
      done = true;
      return false;
    }
    claimedUpTo = owner;
    return true;
  }

  private void report(CorruptRegion region) throws IOException {
    if (!region.isTornTail()) {
      if (policy == CorruptionPolicy.FAIL) {
        throw CorruptRecordException.of(region);
      }
      ReadStats after = tally.snapshot().plus(ReadStats.of(region));
      if (!budget.allows(after)) {
        throw new CorruptionBudgetExceededException(region, budget);
      }
    }
    tally.add(region);
    listener.onCorruptRegion(region);
  }

  /** The next record, or null at the end of the range. */
  public byte[] read() throws IOException {
    return advance() ? record() : null;
  }

  /** The current record's payload, decoded: an array of its own, which the caller may keep. */
  public byte[] record() {
    if (record == null) {
      record = scanner.recordArray(current(), currentFrom, currentLength);
    }
    return record;
  }

  /**
   * A read-only view of the current record's payload, decoded, valid until the next
   * {@link #advance()}: read it (or copy it) before moving on; a view kept past that is emptied.
   * An uncompressed record that lies inside the read buffer is served from it without a copy.
   */
  public ByteBuffer recordView() {
    ByteBuffer v = scanner.recordView(current(), currentFrom, currentLength);
    if (view == null) {
      view = v;
    } else {
      if (moreViews == null) {
        moreViews = new java.util.ArrayList<>();
      }
      moreViews.add(v);
    }
    return v;
  }

  private void invalidateViews() {
    if (view != null) {
      view.limit(0);
      view = null;
      if (moreViews != null) {
        for (ByteBuffer v : moreViews) {
          v.limit(0);
        }
        moreViews.clear();
      }
    }
  }

  /** Length of the current record's payload, decoded. */
  public int recordLength() {
    current();
    return currentLength;
  }

  /**
   * Copies the current record's payload into {@code dst[off, off + recordLength())}, so that a
   * caller can reuse one buffer for every record.
   *
   * @throws IndexOutOfBoundsException if it does not fit
   */
  public void copyRecordTo(byte[] dst, int off) {
    Frame frame = current();
    java.util.Objects.checkFromIndexSize(off, currentLength, dst.length);
    scanner.copyRecord(frame, currentFrom, currentLength, dst, off);
  }

  private Frame current() {
    if (current == null) {
      throw new IllegalStateException("no current record: call advance() first");
    }
    return current;
  }

  /**
   * Byte offset of the current record's frame (for a record in a block, the block's frame):
   * usable with {@link #readRecordAt}.
   */
  public long offset() {
    return lastOffset;
  }

  /** The current record's index in its frame's block; 0 for a frame that holds one record. */
  public int indexInBlock() {
    current();
    return indexInBlock;
  }

  /** Where the current record is: its frame's offset and its index in the frame's block. */
  public RecordAddress address() {
    current();
    return new RecordAddress(lastOffset, indexInBlock);
  }

  /** Whether the current record's frame is a block frame (FORMAT.md 3.4), even of one record. */
  public boolean inBlockFrame() {
    return current().header().isBlock();
  }

  /** How many records the current record's frame holds: its block's count, or 1. */
  public int recordsInFrame() {
    return Math.max(1, current().header().blockRecords());
  }

  /** Length of the current record's frame on disk: 40 header bytes plus the stored payload. */
  public long frameLength() {
    return current().header().frameLength();
  }

  /** The current record's frame header, for the record index's fingerprints. */
  FrameHeader frameHeader() {
    return current().header();
  }

  /** Layout of the current record's frame. */
  public FormatVersion formatVersion() {
    return current().header().version();
  }

  /** Codec the current record was stored with (decoded transparently by {@link #record()}). */
  public Codec codec() {
    return current().header().codec();
  }

  /**
   * How far the reader has examined the input: at least the end of the current frame. Useful for
   * progress, as {@code (position() - start) / (end - start)}.
   */
  public long position() {
    return scanner.position();
  }

  /** First offset of the range. */
  public long start() {
    return start;
  }

  /** End offset of the range (exclusive); {@code Long.MAX_VALUE} when reading to the end. */
  public long end() {
    return end;
  }

  /** Size of the input, or -1 when it is read as a stream. */
  public long inputSize() {
    return scanner.inputSize();
  }

  /** Fraction of the range consumed, in [0, 1]. */
  public double progress() {
    if (done) {
      return 1.0;
    }
    long size = scanner.inputSize();
    long stop = size < 0 ? end : Math.min(end, size);
    if (stop <= start || stop == Long.MAX_VALUE) {
      return 0.0;
    }
    return Math.max(0.0, Math.min(1.0, (double) (position() - start) / (stop - start)));
  }

  /** Payload bytes checksummed so far: the reader's work, linear in its input (for tests). */
  long bytesChecksummed() {
    return scanner.bytesChecksummed();
  }

  /** What this reader has returned and skipped so far: a snapshot. */
  public ReadStats stats() {
    return tally.snapshot();
  }

  @Override
  public void close() throws IOException {
    done = true;
    current = null;
    blockLeft = 0;
    record = null;
    invalidateViews();
    scanner.close();
  }
}
