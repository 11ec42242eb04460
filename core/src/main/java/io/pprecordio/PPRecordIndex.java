package io.pprecordio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Random access to the records of a local pp_recordio file by record number, through its sidecar
 * index {@code FILE.ppidx} (FORMAT.md section 10).
 *
 * <pre>{@code
 * try (PPRecordIndex index = PPRecordIndex.open(path)) {   // or build(path), one scan
 *   long n = index.recordCount();                           // no scan
 *   byte[] r = index.readRecord(n / 2);
 *   List<byte[]> batch = index.readRecords(new long[] {7, 3, 7, 1000});
 * }
 * }</pre>
 *
 * <p>Record {@code n} is the {@code n}-th record (from 0) that reading the whole file returns.
 * An index built for a damaged file lists the intact records only, and says how much it skipped
 * ({@link #damaged()}, {@link #corruptRegions()}, {@link #skippedBytes()}).
 *
 * <p>An index never returns a wrong record. {@link #open} checks the index's own checksum, that the
 * data file is not shorter than the index says, and that the last indexed frame is still the same
 * (the CRC-32 of its header); a data file that only grew is indexed further by scanning the new
 * tail alone, and the extended index is saved. Every read checks the frame it returns against the
 * fingerprint of that record's header and the frame's own checksums, so a data file changed in
 * place since indexing fails the read with an error instead of returning another record.
 *
 * <p>Thread-safe: reads use positional I/O on one channel. Close the index when done.
 */
public final class PPRecordIndex implements Closeable {
  /** Frames closer than this are read together: one read of the gap is cheaper than a seek. */
  static final int COALESCE_GAP = 64 << 10;
  /** A coalesced read covers at most this much, so a batch never holds the whole file. */
  static final int MAX_SPAN = 4 << 20;

  private final Path data;
  private final String name;
  private final ReaderOptions options;
  private final FileChannel channel;
  private final IndexFile.Contents contents;
  private final IndexEntries entries;

  private PPRecordIndex(Path data, ReaderOptions options, FileChannel channel,
      IndexFile.Contents contents) {
    this.data = data;
    this.name = data.toString();
    this.options = options;
    this.channel = channel;
    this.contents = contents;
    this.entries = contents.entries();
  }

  /** The index file of {@code data}: {@code data + ".ppidx"}. */
  public static Path indexPath(Path data) {
    return IndexFile.pathOf(data);
  }

  /** Scans {@code data} once, writes {@code data + ".ppidx"} and returns the index. */
  public static PPRecordIndex build(Path data) throws IOException {
    return build(data, ReaderOptions.defaults());
  }

  /**
   * {@link #build(Path)} with reader options; only the record limit and buffer size matter: an
   * index is built under the skip policy, so that a damaged file is indexed too.
   *
   * @throws RecordTooLargeException at an intact record above the record limit
   */
  public static PPRecordIndex build(Path data, ReaderOptions options) throws IOException {
    ReaderOptions o = skipping(options);
    IndexFile.Contents contents = scan(data, o, 0, new IndexEntries(1024), null);
    IndexFile.write(indexPath(data), contents);
    return opened(data, o, contents);
  }

  /** Opens {@code data + ".ppidx"} with the default reader options. */
  public static PPRecordIndex open(Path data) throws IOException {
    return open(data, ReaderOptions.defaults());
  }

  /**
   * Opens {@code data + ".ppidx"}, checks it against {@code data}, and extends it (and saves it)
   * if the data file grew.
   *
   * @throws NoSuchFileException if there is no index file
   * @throws IOException naming the index file if it is damaged, or naming the data file if it
   *     changed other than by growing
   */
  public static PPRecordIndex open(Path data, ReaderOptions options) throws IOException {
    Objects.requireNonNull(data, "data");
    ReaderOptions o = skipping(options);
    Path indexFile = indexPath(data);
    if (!Files.exists(indexFile)) {
      throw new NoSuchFileException(indexFile.toString(), null,
          "no record index; build one with PPRecordIndex.build");
    }
    IndexFile.Contents contents = IndexFile.read(indexFile);
    FileChannel channel = FileChannel.open(data, StandardOpenOption.READ);
    try {
      IndexFile.Contents checked = check(data, o, channel, contents);
      if (checked != contents) {
        try {
          IndexFile.write(indexFile, checked);
        } catch (IOException readOnly) {
          // Saving only spares the next open a scan of the tail; the extended index in memory
          // is right, so a directory we cannot write to is no reason to fail.
        }
      }
      return new PPRecordIndex(data, o, channel, checked);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Brings the index of {@code data} up to date after an append: extends it if it is usable,
   * builds it anew otherwise (used by {@link PPRecordWriter} on close).
   */
  static void refresh(Path data, ReaderOptions options) throws IOException {
    try {
      open(data, options).close();
      return;
    } catch (IOException stale) {
      // Missing, damaged or stale: the writer rebuilds it from the data.
    }
    build(data, options).close();
  }

  private static ReaderOptions skipping(ReaderOptions options) {
    return options.withCorruptionPolicy(CorruptionPolicy.SKIP_AND_REPORT)
        .withCorruptionBudget(CorruptionBudget.UNLIMITED);
  }

  private static PPRecordIndex opened(Path data, ReaderOptions options,
      IndexFile.Contents contents) throws IOException {
    return new PPRecordIndex(data, options, FileChannel.open(data, StandardOpenOption.READ),
        contents);
  }

  /**
   * Reads {@code data} from {@code start} (0, or the offset of {@code entries}' last frame, which
   * the reader then returns first) and adds the records it finds.
   *
   * @param before the index being extended, whose counts the scan adds to, or null
   */
  private static IndexFile.Contents scan(Path data, ReaderOptions options, long start,
      IndexEntries entries, IndexFile.Contents before) throws IOException {
    int last = entries.size() - 1;
    try (PPRecordReader reader = PPRecordReader.open(data, start, Long.MAX_VALUE, options,
        CorruptionListener.NONE)) {
      if (last >= 0) {
        // The last indexed frame comes first, whole: a block is never appended to, so all of its
        // records are indexed already.
        if (!reader.advance() || reader.offset() != entries.offset(last)
            || IndexFile.fingerprint(reader.frameHeader()) != entries.fingerprint(last)
            || reader.recordsInFrame() != entries.indexInBlock(last) + 1) {
          throw changed(data, "its last indexed record, at offset " + entries.offset(last)
              + ", no longer reads the same");
        }
        for (int k = 1; k < reader.recordsInFrame(); k++) {
          reader.advance();
        }
      }
      while (reader.advance()) {
        entries.add(reader.offset(), reader.frameLength(), reader.indexInBlock(),
            IndexFile.fingerprint(reader.frameHeader()));
      }
      ReadStats stats = reader.stats();
      long regions = stats.corruptRegions() + (before == null ? 0 : before.corruptRegions());
      long skipped = stats.skippedBytes() + (before == null ? 0 : before.skippedBytes());
      int flags = (regions > 0 ? IndexFile.FLAG_DAMAGED : 0)
          | (stats.tornTail() ? IndexFile.FLAG_TORN_TAIL : 0);
      long length = Math.max(reader.inputSize(), entries.end());
      return new IndexFile.Contents(length, flags, regions, skipped, entries);
    }
  }

  /**
   * Checks an index against its data file: the same file, grown or not. Returns the contents to
   * use: these, or these extended over the data appended since.
   */
  private static IndexFile.Contents check(Path data, ReaderOptions options, FileChannel channel,
      IndexFile.Contents contents) throws IOException {
    IndexEntries e = contents.entries();
    int n = e.size();
    long size = channel.size();
    if (size < contents.dataLength()) {
      throw changed(data, "it has " + size + " bytes, fewer than the " + contents.dataLength()
          + " it had when indexed");
    }
    if (n > 0) {
      ByteBuffer header = ByteBuffer.allocate(FrameFormat.HEADER_SIZE);
      readFully(channel, header, e.offset(n - 1), data);
      if (FrameFormat.crc32(header.array(), 0, header.capacity()) != e.fingerprint(n - 1)) {
        throw changed(data, "the frame at offset " + e.offset(n - 1)
            + " is not the last one indexed");
      }
    }
    // Between indexed frames there may only be damage: make sure no record hides there, so that
    // the record numbers are those of a whole read. An intact file has no gaps; a damaged one
    // costs a scan of its damaged bytes.
    long from = 0;
    for (int i = 0; i < n; i++) {
      checkNoRecords(data, options, channel, from, e.offset(i));
      from = e.offset(i) + e.frameLength(i);
    }
    if (size == contents.dataLength()) {
      checkNoRecords(data, options, channel, from, size);
      return contents;
    }
    return n == 0 ? scan(data, options, 0, new IndexEntries(1024), null)
        : scan(data, options, e.offset(n - 1), copy(e), contents);
  }

  private static IndexEntries copy(IndexEntries e) {
    IndexEntries c = new IndexEntries(e.size() + 1024);
    for (int i = 0; i < e.size(); i++) {
      c.add(e.offset(i), e.frameLength(i), e.indexInBlock(i), e.fingerprint(i));
    }
    return c;
  }

  private static void checkNoRecords(Path data, ReaderOptions options, FileChannel channel,
      long from, long to) throws IOException {
    if (from >= to) {
      return;
    }
    // A window sized to the gap: a damaged file has a gap per corrupt region, and a full-size
    // window would read 256 KiB for each, however small.
    int window = (int) Math.max(ReaderOptions.MIN_BUFFER_BYTES,
        Math.min(options.bufferBytes(), to - from + 2L * FrameFormat.HEADER_SIZE));
    FrameScanner scanner = new FrameScanner(channel, data.toString(), from, to,
        options.withBufferBytes(window));
    try {
      for (ScanEvent event = scanner.next(); event != ScanEvent.End.END;
          event = scanner.next()) {
        if (event instanceof Frame frame) {
          throw changed(data, "it holds a record at offset " + frame.offset()
              + " that the index does not list");
        }
      }
    } finally {
      scanner.release();
    }
  }

  // ---- what the index holds ------------------------------------------------------------------

  /** The indexed data file. */
  public Path dataFile() {
    return data;
  }

  /** How many records the file holds: those of a whole read. No scan. */
  public long recordCount() {
    return entries.size();
  }

  /** The data file's length the index covers. */
  public long dataLength() {
    return contents.dataLength();
  }

  /** Whether the file had corrupt regions when indexed: the index lists its intact records. */
  public boolean damaged() {
    return (contents.flags() & IndexFile.FLAG_DAMAGED) != 0;
  }

  /** Corrupt regions skipped while indexing, not counting a torn tail. */
  public long corruptRegions() {
    return contents.corruptRegions();
  }

  /** Bytes inside those regions. */
  public long skippedBytes() {
    return contents.skippedBytes();
  }

  /** Whether the file ended inside a frame when indexed. */
  public boolean tornTail() {
    return (contents.flags() & IndexFile.FLAG_TORN_TAIL) != 0;
  }

  /** Byte offset of record {@code n}'s frame. */
  public long offsetOf(long n) {
    return entries.offset(checkIndex(n));
  }

  /** Where record {@code n} is: its frame's offset and its index in the frame's block. */
  public RecordAddress addressOf(long n) {
    return entries.address(checkIndex(n));
  }

  /**
   * Reads records {@code [a, b)} in order with one sequential read from record {@code a}'s frame
   * (a reader of its own, on a channel of its own).
   */
  public PPRecordReader openRecords(long a, long b) throws IOException {
    Objects.checkFromToIndex(a, b, recordCount());
    if (a == b) {
      return PPRecordReader.open(FileChannel.open(data, StandardOpenOption.READ), name,
          dataLength(), dataLength(), options, CorruptionListener.NONE);
    }
    return PPRecordReader.openRecords(FileChannel.open(data, StandardOpenOption.READ), name,
        addressOf(a), b - a, options, CorruptionListener.NONE);
  }

  /** The frame offsets of records {@code [a, b)}. */
  public long[] offsets(long a, long b) {
    Objects.checkFromToIndex(a, b, recordCount());
    long[] out = new long[(int) (b - a)];
    for (int i = 0; i < out.length; i++) {
      out[i] = entries.offset((int) a + i);
    }
    return out;
  }

  /**
   * Where a byte range holding records from {@code n} on starts, for {@code n} in
   * {@code [0, recordCount()]}: the offset of record {@code n}'s frame. Reading the range
   * {@code [splitPoint(a), splitPoint(b))} with {@link PPRecordReader} returns exactly records
   * {@code [a, b)} when each of {@code a} and {@code b} is the first record of its frame (always,
   * in a file without block frames), so that a connector can split a file by record count and
   * still read each split with the range reader. A block's records cannot be split between
   * ranges: {@link #openRecords} reads any {@code [a, b)}.
   */
  public long splitPoint(long n) {
    Objects.checkIndex(n, recordCount() + 1);
    return n == recordCount() ? dataLength() : entries.offset((int) n);
  }

  private int checkIndex(long n) {
    if (n < 0 || n >= recordCount()) {
      throw new IndexOutOfBoundsException("record " + n + " of " + name + ", which has "
          + recordCount() + " records");
    }
    return (int) n;
  }

  // ---- reading -------------------------------------------------------------------------------

  /**
   * Reads record {@code n}.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= n < recordCount()}
   * @throws IOException naming the data file and offset if the frame is no longer the one indexed
   */
  public byte[] readRecord(long n) throws IOException {
    return readRecords(new long[] {n}).get(0);
  }

  /**
   * Reads the records {@code ns}, in any order and with repeats, and returns them in that order
   * (each an array of its own). The reads are sorted by position, and frames that lie close
   * together are read with one read.
   */
  public List<byte[]> readRecords(long[] ns) throws IOException {
    long[] order = new long[ns.length];
    for (int i = 0; i < ns.length; i++) {
      int r = checkIndex(ns[i]);
      long stored = entries.frameLength(r) - FrameFormat.HEADER_SIZE;
      // A block may exceed the limit by its length table (FORMAT.md 7.6); the frame's own header
      // check decides exactly, this only keeps a span from growing past the limit.
      if (stored > options.maxRecordBytes() + 4L * FrameFormat.MAX_BLOCK_RECORDS) {
        throw new RecordTooLargeException(name, entries.offset(r), stored,
            options.maxRecordBytes());
      }
      // Record numbers fit 27 bits and positions 31: sort both in one long.
      order[i] = ((long) r << 31) | i;
    }
    Arrays.sort(order);
    byte[][] out = new byte[ns.length][];
    ByteBuffer span = null; // one buffer for every span of this call
    int i = 0;
    while (i < order.length) {
      int first = (int) (order[i] >>> 31);
      long spanStart = entries.offset(first);
      long spanEnd = spanStart + entries.frameLength(first);
      int j = i + 1;
      while (j < order.length) {
        int r = (int) (order[j] >>> 31);
        long end = entries.offset(r) + entries.frameLength(r);
        if (entries.offset(r) - spanEnd > COALESCE_GAP || end - spanStart > MAX_SPAN) {
          break;
        }
        spanEnd = Math.max(spanEnd, end);
        j++;
      }
      int length = (int) (spanEnd - spanStart);
      if (span == null || span.capacity() < length) {
        span = ByteBuffer.allocate(length);
      }
      span.clear().limit(length);
      readSpan(order, i, j, span, spanStart, out);
      i = j;
    }
    List<byte[]> result = new ArrayList<>(out.length);
    for (byte[] r : out) {
      result.add(r);
    }
    return result;
  }

  /** Fills {@code span} from {@code spanStart} with one read and decodes records {@code order[i, j)}. */
  private void readSpan(long[] order, int i, int j, ByteBuffer span, long spanStart,
      byte[][] out) throws IOException {
    readFully(channel, span, spanStart, data);
    span.flip();
    byte[] previous = null;
    int previousRecord = -1;
    Decoded frame = null;
    try {
      for (int k = i; k < j; k++) {
        int r = (int) (order[k] >>> 31);
        int at = (int) (order[k] & Integer.MAX_VALUE);
        if (r == previousRecord) {
          out[at] = previous.clone();
          continue;
        }
        // Records of one block share its frame: decode it once.
        if (frame == null || frame.offset != entries.offset(r)) {
          if (frame != null) {
            frame.scanner.release();
          }
          frame = decode(r, span, spanStart);
        }
        previous = frame.record(entries.indexInBlock(r));
        previousRecord = r;
        out[at] = previous;
      }
    } finally {
      if (frame != null) {
        frame.scanner.release();
      }
    }
  }

  /** A frame decoded from a span, with the scanner whose window may hold its payload. */
  private static final class Decoded {
    final long offset;
    final FrameScanner scanner;
    final Frame frame;
    /** Where each record of a block starts, found once: a batch may take all of them. */
    private int[] starts;

    Decoded(long offset, FrameScanner scanner, Frame frame) {
      this.offset = offset;
      this.scanner = scanner;
      this.frame = frame;
    }

    byte[] record(int indexInBlock) {
      if (!frame.header().isBlock()) {
        return scanner.recordOf(frame, 0);
      }
      if (starts == null) {
        int k = frame.header().blockRecords();
        starts = new int[k];
        int at = BlockLayout.LENGTH_SIZE * k;
        for (int i = 0; i < k; i++) {
          starts[i] = at;
          at += scanner.blockRecordLength(frame, i);
        }
      }
      return scanner.recordArray(frame, starts[indexInBlock],
          scanner.blockRecordLength(frame, indexInBlock));
    }
  }

  private Decoded decode(int r, ByteBuffer span, long spanStart) throws IOException {
    long offset = entries.offset(r);
    int from = (int) (offset - spanStart);
    if (span.limit() - from < FrameFormat.HEADER_SIZE) {
      throw changed(data, "record " + r + "'s frame at offset " + offset + " is cut short");
    }
    byte[] header = new byte[FrameFormat.HEADER_SIZE];
    span.get(from, header);
    // The fingerprint covers the length field too; comparing it with the entry's length keeps an
    // entry from claiming bytes beyond its frame.
    if (FrameFormat.crc32(header, 0, header.length) != entries.fingerprint(r)
        || FrameFormat.getLong(header, FrameFormat.OFF_LENGTH) != entries.frameLength(r)) {
      throw changed(data, "the frame at offset " + offset + " is not the one indexed as record "
          + r);
    }
    ByteBuffer frame = span.slice(from, (int) entries.frameLength(r));
    FrameScanner scanner = new FrameScanner(new SpanChannel(frame, offset), name, offset,
        Long.MAX_VALUE, options);
    try {
      Frame decoded = scanner.frameAt(offset);
      if (entries.indexInBlock(r) >= Math.max(1, decoded.header().blockRecords())) {
        throw changed(data, "the frame at offset " + offset + " has no record "
            + entries.indexInBlock(r));
      }
      return new Decoded(offset, scanner, decoded);
    } catch (CorruptRecordException e) {
      scanner.release();
      throw (IOException) changed(data, "record " + r + "'s frame at offset " + offset
          + " no longer reads: " + e.getMessage()).initCause(e);
    } catch (IOException | RuntimeException e) {
      scanner.release();
      throw e;
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer dst, long at, Path data)
      throws IOException {
    long pos = at;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, pos);
      if (n < 0) {
        throw changed(data, "it ends at " + pos + ", inside an indexed frame");
      }
      pos += n;
    }
  }

  private static IOException changed(Path data, String why) {
    return new IOException(data + " changed since its record index " + indexPath(data).getFileName()
        + " was written: " + why + "; rebuild the index");
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
