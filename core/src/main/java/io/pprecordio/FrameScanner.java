package io.pprecordio;

import static io.pprecordio.FrameFormat.HEADER_SIZE;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The split and resync rule, implemented once. Produces, in file order, the records whose frames
 * start in {@code [start, limit)} and the corrupt regions owned by that range, then ends.
 *
 * <p>The rule (FORMAT.md 7.2, 7.3): a position is a frame start if its header is acceptable;
 * after a valid frame the next candidate is its end, after anything else the scan resumes at the
 * next byte. A range that does not begin at offset 0 first scans silently to the first frame
 * start. Because acceptance depends on the bytes alone and a writer never stores an acceptable
 * header inside a payload, every split finds the same frame starts, so each record is returned by
 * exactly one split. Each region is owned by its anchor: the record before it, the rejected frame
 * it starts with, or offset 0 (FORMAT.md 7.4); the scanner returns it with its owner, and a range
 * reports the regions whose owner it holds, scanning past its end if needed to find where a
 * region stops.
 */
final class FrameScanner implements Closeable {
  /** Where the scan stands: what the next position it examines means. */
  enum State {
    /** The range starts past 0 and holds no frame start yet: bytes pass unreported. */
    SYNCING,
    /** On the frame chain: the next position starts a frame, or opens a region. */
    IN_CHAIN,
    /** A corrupt region is open: the next frame start, or the end of the input, closes it. */
    IN_REGION,
    /** The range or the input has ended: nothing more. */
    ENDED
  }

  private final String source;
  private final ByteSource input;
  private final InputWindow in;
  private final HeaderCheck headers;
  private final PayloadCheck payloads;
  private final long inputSize;
  private final long limit;
  private final long maxRecordBytes;

  private State state;
  /** Next position to examine. */
  private long pos;
  /** Owner of a region that opens now: the last record, or 0. */
  private long anchor;
  /** The region being scanned, in {@link State#IN_REGION}; null otherwise. */
  private OpenRegion region;
  /** A frame start that closed a region: decided once the region is out. */
  private Verdict pendingStart;
  private long pendingStartAt;
  /**
   * Set at the first corrupt region: from then on large payloads are checksummed through
   * {@link RangeCrc} first, since hostile input can place its overlapping headers on the chain.
   */
  private boolean sawCorruption;
  /** A read-only view of the whole window, sliced for record views. */
  private ByteBuffer readOnlyWindow;
  /** A torn tail that follows the region returned last. */
  private ScanEvent.Region pendingTail;

  /**
   * @param channel the input: seekable (read from start) or a stream (read from 0)
   * @param start first offset of the range
   * @param limit end of the range (exclusive); {@code Long.MAX_VALUE} for the whole input
   */
  FrameScanner(ReadableByteChannel channel, String source, long start, long limit,
      ReaderOptions options) throws IOException {
    if (start < 0 || limit < start) {
      throw new IllegalArgumentException("invalid range [" + start + ", " + limit + ")");
    }
    this.source = source;
    this.input = ByteSource.of(channel, source, start);
    this.inputSize = input.size();
    this.limit = limit;
    this.maxRecordBytes = options.maxRecordBytes();
    // A small input needs no large buffer; direct buffers are costly to allocate.
    long remaining = inputSize < 0 ? Long.MAX_VALUE : inputSize - start + HEADER_SIZE;
    int capacity = (int) Math.max(ReaderOptions.MIN_BUFFER_BYTES,
        Math.min(options.bufferBytes(), remaining));
    this.in = new InputWindow(input, capacity);
    this.headers = new HeaderCheck(maxRecordBytes);
    this.payloads = new PayloadCheck(in, maxRecordBytes,
        input instanceof ByteSource.Seekable seekable
            ? (pos, dst, off, len) -> in.tryGet(pos, dst, off, len) ? len
                : seekable.readFully(pos, dst, off, len)
            : null);
    this.pos = start;
    // An empty range holds no offset, so it owns no record and no region (not even one owned by
    // offset 0, which the range [0, 0) would otherwise report as well as the range after it).
    this.state = start == limit ? State.ENDED : start > 0 ? State.SYNCING : State.IN_CHAIN;
  }

  /** The offset up to which the input has been examined. */
  long position() {
    return pos;
  }

  /** Payload bytes checksummed so far: the reader's work, which stays linear in its input. */
  long bytesChecksummed() {
    return payloads.bytesChecksummed();
  }

  /** Size of the input, or -1 for a stream. */
  long inputSize() {
    return inputSize;
  }

  /** The next record or region of the range, or its end. */
  ScanEvent next() throws IOException {
    if (pendingTail != null) {
      ScanEvent.Region tail = pendingTail;
      pendingTail = null;
      return tail;
    }
    if (pendingStart != null) {
      Verdict start = pendingStart;
      pendingStart = null;
      ScanEvent e = atFrameStart(pendingStartAt, start);
      if (e != null) {
        return e;
      }
    }
    while (state != State.ENDED) {
      if (state == State.SYNCING && pos >= limit) {
        return end();
      }
      int avail = in.ensure(pos, HEADER_SIZE);
      if (avail == 0) {
        return endOfInput();
      }
      long p = pos;
      Verdict verdict = headers.classify(in.buffer(), in.index(p), avail, p, inputSize);
      if (verdict instanceof FrameHeader header) {
        if (header.trusted() && state != State.IN_REGION && p >= limit) {
          return end(); // a frame start past the range: no need to read its payload
        }
        verdict = payloads.check(header, state != State.IN_CHAIN || sawCorruption);
      }
      ScanEvent e = decide(p, verdict);
      if (e != null) {
        return e;
      }
    }
    return ScanEvent.End.END;
  }

  /** Acts on what the bytes at {@code p} are; null when the scan goes on. */
  private ScanEvent decide(long p, Verdict verdict) throws IOException {
    if (verdict instanceof Verdict.NotAFrame n) {
      notAFrameStart(p, OpenRegion.at(p, anchor, n.reason(), n.detail(), n.expectedCrc(),
          n.actualCrc()), null);
      return null;
    }
    if (verdict instanceof Verdict.Truncated t) {
      notAFrameStart(p, OpenRegion.at(p, anchor, CorruptRegion.Reason.BAD_HEADER, t.detail(),
          java.util.OptionalLong.empty(), java.util.OptionalLong.empty()), t.detail());
      return null;
    }
    return atFrameStart(p, verdict);
  }

  /**
   * The one place that decides what happens at a frame start (a {@link Frame}, a
   * {@link Verdict.Rejected} frame or a {@link Verdict.TooLarge} one): it closes an open region
   * first, ends the range at its limit, and otherwise returns the record, opens the rejected
   * frame's region, or fails on the record that is too large.
   */
  private ScanEvent atFrameStart(long p, Verdict verdict) throws IOException {
    if (state == State.IN_REGION) {
      pendingStart = verdict;
      pendingStartAt = p;
      return closeRegion(p);
    }
    if (p >= limit) {
      return end();
    }
    state = State.IN_CHAIN;
    if (verdict instanceof Frame frame) {
      anchor = p;
      pos = frame.header().end();
      return frame;
    }
    if (verdict instanceof Verdict.Rejected r) {
      region = OpenRegion.at(p, p, r.reason(), r.detail(), r.expectedCrc(), r.actualCrc());
      state = State.IN_REGION;
      sawCorruption = true;
      pos = findMagic(p + 1);
      return null;
    }
    Verdict.TooLarge big = (Verdict.TooLarge) verdict;
    throw new RecordTooLargeException(source, p, big.recordBytes(), maxRecordBytes);
  }

  /**
   * The bytes at {@code p} start no frame: they open {@code opening} unless a region is open
   * already (or the range is still syncing), and may be where a torn tail begins.
   */
  private void notAFrameStart(long p, OpenRegion opening, String tornDetail) throws IOException {
    if (state != State.SYNCING) {
      if (state != State.IN_REGION) {
        region = opening;
        state = State.IN_REGION;
        sawCorruption = true;
      }
      if (tornDetail != null) {
        region = region.withTornCandidate(p, tornDetail);
      }
    }
    pos = findMagic(p + 1);
  }

  private ScanEvent.Region closeRegion(long end) {
    ScanEvent.Region closed = region.closeAt(source, end);
    region = null;
    state = State.IN_CHAIN;
    return closed;
  }

  private ScanEvent end() {
    state = State.ENDED;
    return ScanEvent.End.END;
  }

  /** The input ends at {@link #pos}: an open region ends there, in a torn tail if it has one. */
  private ScanEvent endOfInput() {
    State was = state;
    state = State.ENDED;
    if (was != State.IN_REGION) {
      return ScanEvent.End.END;
    }
    OpenRegion r = region;
    region = null;
    if (r.tornAt() < 0) {
      return r.closeAt(source, pos);
    }
    if (r.tornAt() > r.start()) {
      pendingTail = r.tornTail(source, pos);
      return r.closeAt(source, r.tornAt());
    }
    return r.tornTail(source, pos);
  }

  /**
   * Position of the next magic number at or after {@code from}, of a magic prefix the input ends
   * with, or of the end of input. While syncing, stops at the range limit.
   */
  private long findMagic(long from) throws IOException {
    long p = from;
    while (true) {
      if (state == State.SYNCING && p >= limit) {
        return p;
      }
      int avail = in.ensure(p, 4);
      if (avail < 4) {
        // End of input: the last bytes may still be the start of a torn header.
        int left = Math.max(avail, 0);
        byte[] tail = new byte[left];
        in.get(p, tail, 0, left);
        for (int k = 0; k < left; k++) {
          if (MagicSearch.isMagicPrefix(tail, k, left - k)) {
            return p + k;
          }
        }
        return p + left;
      }
      avail = in.buffered(p);
      int i = in.index(p);
      int candidates = avail - 3;
      if (state == State.SYNCING && limit - p < candidates) {
        candidates = (int) (limit - p);
      }
      int found = MagicSearch.find(in.scanBuffer(), i, i + candidates);
      if (found >= 0) {
        return p + (found - i);
      }
      p += candidates;
    }
  }

  /**
   * Reads record {@code indexInBlock} (0 for a frame that is not a block) of the frame that starts
   * exactly at {@code offset}: the seek operation behind the Hadoop key and the record index.
   * Throws {@link CorruptRecordException} when no valid frame starts there, or it holds no such
   * record.
   */
  byte[] readAt(long offset, int indexInBlock) throws IOException {
    Frame frame = frameAt(offset);
    int records = Math.max(1, frame.header().blockRecords());
    if (indexInBlock < 0 || indexInBlock >= records) {
      throw new CorruptRecordException(source, offset, CorruptRegion.Reason.BAD_HEADER,
          "the frame holds " + records + (records == 1 ? " record" : " records")
              + ", so it has no record " + indexInBlock, -1, -1);
    }
    return recordOf(frame, indexInBlock);
  }

  /** Record {@code indexInBlock} of a decoded frame (0 for a frame that is not a block). */
  byte[] recordOf(Frame frame, int indexInBlock) {
    if (!frame.header().isBlock()) {
      return recordArray(frame, 0, frame.length());
    }
    int at = blockRecordStart(frame, indexInBlock);
    return recordArray(frame, at, blockRecordLength(frame, indexInBlock));
  }

  /** The valid frame that starts exactly at {@code offset}, decoded. */
  Frame frameAt(long offset) throws IOException {
    int avail = in.ensure(offset, HEADER_SIZE);
    if (avail == 0) {
      throw new CorruptRecordException(source, offset, CorruptRegion.Reason.TORN_TAIL,
          "offset is at or past the end of the input", -1, -1);
    }
    Verdict verdict = headers.classify(in.buffer(), in.index(offset), avail, offset, inputSize);
    if (verdict instanceof FrameHeader header) {
      verdict = payloads.check(header, false);
    }
    if (verdict instanceof Frame frame) {
      return frame;
    }
    if (verdict instanceof Verdict.TooLarge big) {
      throw new RecordTooLargeException(source, offset, big.recordBytes(), maxRecordBytes);
    }
    if (verdict instanceof Verdict.Rejected r) {
      throw new CorruptRecordException(source, offset, r.reason(), r.detail(),
          r.expectedCrc().orElse(-1), r.actualCrc().orElse(-1));
    }
    if (verdict instanceof Verdict.Truncated t) {
      throw new CorruptRecordException(source, offset, CorruptRegion.Reason.TORN_TAIL,
          t.detail(), -1, -1);
    }
    Verdict.NotAFrame n = (Verdict.NotAFrame) verdict;
    if (n == Verdict.NotAFrame.NO_MAGIC) {
      throw new CorruptRecordException(source, offset, CorruptRegion.Reason.BAD_HEADER,
          "no frame starts at this offset", -1, -1);
    }
    throw new CorruptRecordException(source, offset, n.reason(), n.detail(),
        n.expectedCrc().orElse(-1), n.actualCrc().orElse(-1));
  }

  /** The input's name, for errors. */
  String source() {
    return source;
  }

  /** Where record {@code i} of a block frame starts, relative to the decoded block. */
  int blockRecordStart(Frame block, int i) {
    return block.array() != null ? BlockLayout.recordStart(ByteBuffer.wrap(block.array()), 0,
        block.header().blockRecords(), i)
        : BlockLayout.recordStart(in.buffer(), block.windowIndex(), block.header().blockRecords(),
            i) - block.windowIndex();
  }

  /** The length of record {@code i} of a block frame. */
  int blockRecordLength(Frame block, int i) {
    return block.array() != null
        ? FrameFormat.getInt(block.array(), BlockLayout.LENGTH_SIZE * i)
        : BlockLayout.recordLength(in.buffer(), block.windowIndex(), i);
  }

  /**
   * The bytes {@code [from, from + length)} of {@code frame}'s decoded payload (its record, or
   * one record of its block), in an array of its own.
   */
  byte[] recordArray(Frame frame, int from, int length) {
    if (frame.array() != null) {
      return from == 0 && length == frame.array().length
          ? frame.array() : java.util.Arrays.copyOfRange(frame.array(), from, from + length);
    }
    byte[] record = new byte[length];
    in.buffer().get(frame.windowIndex() + from, record, 0, length);
    return record;
  }

  /** A read-only view of those bytes, valid until the scanner moves on. */
  ByteBuffer recordView(Frame frame, int from, int length) {
    if (frame.array() != null) {
      return ByteBuffer.wrap(frame.array(), from, length).slice().asReadOnlyBuffer();
    }
    if (readOnlyWindow == null) {
      readOnlyWindow = in.buffer().asReadOnlyBuffer();
    }
    return readOnlyWindow.slice(frame.windowIndex() + from, length);
  }

  /** Copies those bytes into {@code dst[off, off + length)}. */
  void copyRecord(Frame frame, int from, int length, byte[] dst, int off) {
    if (frame.array() != null) {
      System.arraycopy(frame.array(), from, dst, off, length);
    } else {
      in.buffer().get(frame.windowIndex() + from, dst, off, length);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      release();
    } finally {
      input.close();
    }
  }

  /** Frees the buffer and codec contexts, leaving the channel open. */
  void release() {
    in.release();
    payloads.close();
  }
}
