package io.pprecordio;

import static io.pprecordio.FrameFormat.HEADER_SIZE;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.ByteBuffer;

/**
 * The split and resync rule, implemented once. Produces, in file order, the records whose frames
 * start in {@code [start, limit)} and the corrupt regions owned by that range, then ends.
 *
 * <p>The rule (FORMAT.md, "Reading a range"): a position is a frame start if its header is
 * acceptable ({@link HeaderCheck}); after a valid frame the next candidate is its end, after
 * anything else the scan resumes at the next byte. A range that does not begin at offset 0 first
 * scans silently to the first acceptable header. Because acceptance depends on the bytes alone
 * and a writer never stores an acceptable header inside a payload, every split finds the same
 * frame starts, so each record is returned by exactly one split.
 *
 * <p>Each region is owned by its anchor: the record before it, the rejected frame it starts with,
 * or offset 0. A range reports the regions whose anchor it holds, scanning past its end if needed
 * to find where the region stops.
 */
final class FrameScanner implements java.io.Closeable {
  enum Event {
    RECORD,
    CORRUPTION,
    END
  }

  private final ReadableByteChannel channel;
  private final String source;
  private final long fileSize;
  private final long limit;
  private final long maxRecordBytes;
  private final CorruptionPolicy policy;
  private final InputWindow in;
  private final HeaderCheck check = new HeaderCheck();
  private final Compression.Decoder decoder = new Compression.Decoder();

  /** Next position to examine. */
  private long pos;
  /** True until the first acceptable header of a range that starts past 0. */
  private boolean syncing;
  /** Owner of a region that opens now: the last record or rejected frame, or 0. */
  private long anchor;

  private long regionStart = -1;
  private long regionOwner;
  private CorruptRegion.Reason regionReason;
  private String regionDetail;
  private long regionExpectedCrc;
  private long regionActualCrc;
  /** First frame in the open region that only failed because the file ends inside it. */
  private long tornCandidate = -1;
  private String tornDetail;

  private long recordOffset = -1;
  private byte[] record;
  private long recordFrameLength;
  private FormatVersion recordVersion;
  private Codec recordCodec;
  private FormatVersion pendingVersion;
  private Codec pendingCodec;
  private CorruptRegion region;
  private CorruptRegion pendingRegion;
  /** Owner of {@link #region}: the offset whose range reports it. */
  private long currentRegionOwner;
  private byte[] pendingRecord;
  private long pendingRecordOffset;
  private long pendingRecordEnd;
  private boolean ended;

  // Outcome of the last payload check, when it failed.
  private CorruptRegion.Reason rejectReason;
  private String rejectDetail;
  private long rejectExpectedCrc;
  private long rejectActualCrc;

  /**
   * @param channel the input; if it is a {@link java.nio.channels.SeekableByteChannel} its size is
   *     used to bound frame lengths, otherwise it must be read from 0
   * @param start first offset of the range
   * @param limit end of the range (exclusive); {@code Long.MAX_VALUE} for the whole input
   */
  FrameScanner(ReadableByteChannel channel, String source, long start, long limit,
      ReaderOptions options) throws IOException {
    if (start < 0 || limit < start) {
      throw new IllegalArgumentException("invalid range [" + start + ", " + limit + ")");
    }
    this.channel = channel;
    this.source = source;
    this.fileSize = channel instanceof java.nio.channels.SeekableByteChannel
        ? ((java.nio.channels.SeekableByteChannel) channel).size() : -1;
    this.limit = limit;
    this.maxRecordBytes = options.maxRecordBytes();
    this.policy = options.corruptionPolicy();
    // A small input needs no large buffer; direct buffers are costly to allocate.
    long remaining = fileSize < 0 ? Long.MAX_VALUE : fileSize - start + HEADER_SIZE;
    int capacity = (int) Math.max(4096, Math.min(options.bufferBytes(), remaining));
    this.in = new InputWindow(channel, start, capacity);
    this.pos = start;
    this.syncing = start > 0;
    this.anchor = 0;
    // An empty range holds no offset, so it owns no record and no region (not even one owned by
    // offset 0, which the range [0, 0) would otherwise report as well as the range after it).
    this.ended = start == limit;
  }

  String source() {
    return source;
  }

  /** Offset of the current record. */
  long recordOffset() {
    return recordOffset;
  }

  /** Payload of the current record, decoded. */
  byte[] record() {
    return record;
  }

  /** Length of the current record's frame: header plus stored payload. */
  long recordFrameLength() {
    return recordFrameLength;
  }

  /** Layout of the current record's frame. */
  FormatVersion recordVersion() {
    return recordVersion;
  }

  /** Codec the current record was stored with. */
  Codec recordCodec() {
    return recordCodec;
  }

  /** The current region, after {@link Event#CORRUPTION}. */
  CorruptRegion region() {
    return region;
  }

  /** The offset that owns the current region: a range reports it if it holds this offset. */
  long regionOwner() {
    return currentRegionOwner;
  }

  private static java.util.OptionalLong crc(long value) {
    return value < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(value);
  }

  /** The offset up to which the input has been examined. */
  long position() {
    return pos;
  }

  long fileSize() {
    return fileSize;
  }

  Event next() throws IOException {
    if (pendingRegion != null) {
      region = pendingRegion;
      pendingRegion = null;
      return Event.CORRUPTION;
    }
    if (pendingRecord != null) {
      return emitPendingRecord();
    }
    if (ended) {
      return Event.END;
    }
    while (true) {
      int avail = in.ensure(pos, HEADER_SIZE);
      if (avail == 0) {
        return endOfInput();
      }
      if (syncing && pos >= limit) {
        return end();
      }
      check.classify(in.buffer(), in.index(pos), avail, pos, fileSize, maxRecordBytes);
      switch (check.kind) {
        case HeaderCheck.V2:
        case HeaderCheck.V2_TOO_LARGE: {
          if (regionStart >= 0) {
            if (fileSize < 0 && check.kind == HeaderCheck.V2 && !streamHoldsFrame(pos)) {
              // A stream learns only by reading that this frame runs past its end. Like a
              // seekable reader, treat it as no frame start: the region goes on (a torn tail).
              notAFrameStart(pos);
              pos = findMagic(pos + 1);
              continue;
            }
            return closeRegion(pos); // pos is examined again on the next call
          }
          if (pos >= limit) {
            return end();
          }
          syncing = false;
          if (check.kind == HeaderCheck.V2_TOO_LARGE) {
            throw new RecordTooLargeException(source, pos,
                Math.max(check.frameLength - HEADER_SIZE, check.decodedLength), maxRecordBytes);
          }
          long frameStart = pos;
          long frameEnd = pos + check.frameLength;
          byte[] payload = readFrame(frameStart);
          if (payload != null) {
            return emitRecord(frameStart, frameEnd, payload);
          }
          if (check.truncated()) {
            notAFrameStart(frameStart);
          } else {
            openRegion(frameStart, frameStart, rejectReason, rejectDetail, rejectExpectedCrc,
                rejectActualCrc);
          }
          pos = findMagic(frameStart + 1);
          continue;
        }
        case HeaderCheck.V1: {
          long frameStart = pos;
          long frameEnd = pos + check.frameLength;
          byte[] payload;
          try {
            payload = readFrame(frameStart);
          } catch (RecordTooLargeException e) {
            // Its checksum matched, so this is a frame start, but the record decodes past the
            // limit. Like a v2 header above the limit, it fails only the range that owns it, and
            // only after the region before it is reported (frameStart is examined again).
            if (regionStart >= 0) {
              return closeRegion(frameStart);
            }
            if (frameStart >= limit) {
              return end();
            }
            throw e;
          }
          if (payload != null) {
            // A v1 header only becomes trustworthy once its payload checks out.
            if (regionStart >= 0) {
              pendingRecord = payload;
              pendingRecordOffset = frameStart;
              pendingRecordEnd = frameEnd;
              pendingVersion = check.version;
              pendingCodec = check.codec();
              return closeRegion(frameStart);
            }
            if (frameStart >= limit) {
              return end();
            }
            syncing = false;
            return emitRecord(frameStart, frameEnd, payload);
          }
          if (check.truncated()) {
            notAFrameStart(frameStart);
          } else if (rejectReason != null) {
            // Checksum matched but the payload does not decode: a frame start, rejected.
            if (regionStart >= 0) {
              return closeRegion(frameStart);
            }
            if (frameStart >= limit) {
              return end();
            }
            syncing = false;
            openRegion(frameStart, frameStart, rejectReason, rejectDetail, -1, -1);
          } else if (!syncing && regionStart < 0) {
            openRegion(frameStart, anchor, CorruptRegion.Reason.PAYLOAD_CHECKSUM_MISMATCH,
                rejectDetail, rejectExpectedCrc, rejectActualCrc);
          }
          pos = findMagic(frameStart + 1);
          continue;
        }
        default: {
          notAFrameStart(pos);
          pos = findMagic(pos + 1);
        }
      }
    }
  }

  /** The bytes at {@code p} start no frame: they open a region, or extend the open one. */
  private void notAFrameStart(long p) {
    if (syncing) {
      return;
    }
    if (regionStart < 0) {
      CorruptRegion.Reason reason = check.kind == HeaderCheck.NO_MAGIC
          ? CorruptRegion.Reason.UNRECOGNIZED_BYTES : CorruptRegion.Reason.BAD_HEADER;
      openRegion(p, anchor, reason, check.detail, -1, -1);
    }
    if (check.truncated() && tornCandidate < 0) {
      tornCandidate = p;
      tornDetail = check.detail;
    }
  }

  private Event emitRecord(long frameStart, long frameEnd, byte[] payload) {
    return emitRecord(frameStart, frameEnd, payload, check.version, check.codec());
  }

  private Event emitRecord(long frameStart, long frameEnd, byte[] payload, FormatVersion version,
      Codec codec) {
    recordOffset = frameStart;
    recordFrameLength = frameEnd - frameStart;
    recordVersion = version;
    recordCodec = codec;
    record = payload;
    anchor = frameStart;
    pos = frameEnd;
    return Event.RECORD;
  }

  private Event emitPendingRecord() throws IOException {
    byte[] payload = pendingRecord;
    pendingRecord = null;
    if (pendingRecordOffset >= limit) {
      return end();
    }
    syncing = false;
    return emitRecord(pendingRecordOffset, pendingRecordEnd, payload, pendingVersion,
        pendingCodec);
  }

  private Event end() {
    ended = true;
    return Event.END;
  }

  private Event endOfInput() throws IOException {
    ended = true;
    if (regionStart < 0) {
      return Event.END;
    }
    long eof = pos;
    long torn = tornCandidate;
    String why = tornDetail;
    if (torn < 0) {
      return emitRegion(eof);
    }
    CorruptRegion tail = CorruptRegion.of(source, torn, eof - torn,
        CorruptRegion.Reason.TORN_TAIL, why);
    if (torn > regionStart) {
      Event e = emitRegion(torn);
      pendingRegion = tail;
      return e;
    }
    regionStart = -1;
    region = tail;
    currentRegionOwner = regionOwner;
    return Event.CORRUPTION;
  }

  private void openRegion(long start, long owner, CorruptRegion.Reason reason, String detail,
      long expectedCrc, long actualCrc) {
    regionStart = start;
    regionOwner = owner;
    regionReason = reason;
    regionDetail = detail;
    regionExpectedCrc = expectedCrc;
    regionActualCrc = actualCrc;
    tornCandidate = -1;
  }

  private Event closeRegion(long end) throws IOException {
    return emitRegion(end);
  }

  private Event emitRegion(long end) throws IOException {
    CorruptRegion r = new CorruptRegion(source, regionStart, end - regionStart, regionReason,
        regionDetail, crc(regionExpectedCrc), crc(regionActualCrc));
    currentRegionOwner = regionOwner;
    regionStart = -1;
    tornCandidate = -1;
    region = r;
    return Event.CORRUPTION;
  }

  /**
   * Position of the next magic number at or after {@code from}, of a magic prefix the file ends
   * with, or of the end of input. While syncing, stops at the range limit.
   */
  private long findMagic(long from) throws IOException {
    long p = from;
    while (true) {
      if (syncing && p >= limit) {
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
      if (syncing && limit - p < candidates) {
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
   * Reads and checks the payload of the frame at {@code frameStart} described by {@link #check}.
   * Returns the decoded record, or null with {@link #rejectReason} set when the frame is rejected
   * (null reason: checksum mismatch of a v1 candidate, which then is no frame start at all).
   * Leaves the window positioned at frameStart, so that the caller can resume scanning at
   * frameStart + 1 or, after closing the region before the frame, examine frameStart again.
   */
  private byte[] readFrame(long frameStart) throws IOException {
    rejectReason = null;
    rejectDetail = "";
    rejectExpectedCrc = -1;
    rejectActualCrc = -1;
    long frameLength = check.frameLength;
    int payloadLength = (int) (frameLength - HEADER_SIZE);
    // The payload is copied straight out of the window, which then never moves a partial frame
    // when it refills, and its checksum runs over the new array while it is still in cache
    // (measured faster than checksumming the direct buffer). If the frame turns out invalid (or
    // too large once decoded), move back to its start: the scan resumes one byte after it, or, for
    // a v1 frame after a region, examines it again.
    byte[] stored = new byte[payloadLength];
    byte[] header = null;
    if (!in.isSeekable()) {
      // A stream cannot re-read the header if the window refills past it.
      header = new byte[HEADER_SIZE];
      in.get(frameStart, header, 0, HEADER_SIZE);
    }
    int got = in.copyOut(frameStart + HEADER_SIZE, stored, 0, payloadLength);
    byte[] payload;
    try {
      payload = got < payloadLength
          ? truncated(frameStart, (long) HEADER_SIZE + got) : checkPayload(frameStart, stored);
    } catch (RecordTooLargeException e) {
      rewind(frameStart, header, stored, got);
      throw e;
    }
    if (payload == null) {
      rewind(frameStart, header, stored, got);
    }
    return payload;
  }

  /**
   * Whether a stream holds the whole frame at {@code frameStart} described by {@link #check}. If
   * not, marks the check as running past the end. Either way the window is left at frameStart.
   */
  private boolean streamHoldsFrame(long frameStart) throws IOException {
    long frameLength = check.frameLength;
    long got;
    if (frameLength <= in.capacity()) {
      got = in.ensure(frameStart, (int) frameLength);
    } else {
      // Larger than the window: read it through, then hand it back to the stream.
      byte[] frame = new byte[(int) frameLength];
      got = in.copyOut(frameStart, frame, 0, frame.length);
      in.rewind(frameStart, ByteBuffer.wrap(frame, 0, (int) got));
    }
    if (got < frameLength) {
      truncated(frameStart, got);
      return false;
    }
    return true;
  }

  private void rewind(long frameStart, byte[] header, byte[] stored, int got) throws IOException {
    if (header == null) {
      in.rewind(frameStart);
    } else {
      in.rewind(frameStart, ByteBuffer.wrap(header), ByteBuffer.wrap(stored, 0, got));
    }
  }

  private byte[] truncated(long frameStart, long got) {
    // The channel ended before the header's size said it would: only possible for streams,
    // or a file that shrank. Treat it like a frame running past the end.
    check.kind = check.version == FormatVersion.V2 ? HeaderCheck.V2_PAST_EOF
        : HeaderCheck.V1_PAST_EOF;
    check.detail = "the input ends " + got + " bytes into a frame of " + check.frameLength
        + " bytes";
    return null;
  }

  private byte[] checkPayload(long frameStart, byte[] stored) throws IOException {
    int off = 0;
    int len = stored.length;
    int actual = FrameFormat.crc32(stored, off, len);
    int expected = check.payloadCrc;
    Codec codec = check.codec();
    if (actual != expected) {
      // The original writer's CRC choice for gzip records is undocumented: accept a CRC of the
      // decompressed bytes too, but only for v1 frames, which that writer produced.
      if (check.version == FormatVersion.V1 && codec == Codec.GZIP) {
        try {
          byte[] decoded = decoder.decompress(codec, stored, off, len, -1, maxRecordBytes);
          if (FrameFormat.crc32(decoded, 0, decoded.length) == expected) {
            return decoded;
          }
        } catch (Compression.DecodeException | Compression.TooLargeException e) {
          // Unverifiable either way: fall through to a checksum mismatch.
        }
      }
      rejectExpectedCrc = expected & 0xFFFFFFFFL;
      rejectActualCrc = actual & 0xFFFFFFFFL;
      rejectDetail = String.format("expected CRC-32 %08x, actual %08x", rejectExpectedCrc,
          rejectActualCrc);
      if (check.version == FormatVersion.V2) {
        rejectReason = CorruptRegion.Reason.PAYLOAD_CHECKSUM_MISMATCH;
      }
      return null;
    }
    if (codec == Codec.NONE) {
      return stored;
    }
    try {
      return decoder.decompress(codec, stored, off, len, check.decodedLength, maxRecordBytes);
    } catch (Compression.DecodeException e) {
      rejectReason = CorruptRegion.Reason.DECODE_FAILED;
      rejectDetail = codec.name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage();
      return null;
    } catch (Compression.TooLargeException e) {
      throw new RecordTooLargeException(source, frameStart, -1, maxRecordBytes);
    }
  }

  /**
   * Reads the record of the frame that starts exactly at {@code offset}: the seek operation
   * behind the Hadoop key. Throws {@link CorruptRecordException} when no valid frame starts there.
   */
  byte[] readAt(long offset) throws IOException {
    int avail = in.ensure(offset, HEADER_SIZE);
    if (avail == 0) {
      throw new CorruptRecordException(source, offset, CorruptRegion.Reason.TORN_TAIL,
          "offset is at or past the end of the input", -1, -1);
    }
    check.classify(in.buffer(), in.index(offset), avail, offset, fileSize, maxRecordBytes);
    switch (check.kind) {
      case HeaderCheck.V2_TOO_LARGE:
        throw new RecordTooLargeException(source, offset,
            Math.max(check.frameLength - HEADER_SIZE, check.decodedLength), maxRecordBytes);
      case HeaderCheck.V1:
      case HeaderCheck.V2: {
        byte[] payload = readFrame(offset);
        if (payload != null) {
          return payload;
        }
        if (check.truncated()) {
          throw new CorruptRecordException(source, offset, CorruptRegion.Reason.TORN_TAIL,
              check.detail, -1, -1);
        }
        CorruptRegion.Reason reason = rejectReason != null ? rejectReason
            : CorruptRegion.Reason.PAYLOAD_CHECKSUM_MISMATCH;
        throw new CorruptRecordException(source, offset, reason, rejectDetail,
            rejectExpectedCrc, rejectActualCrc);
      }
      case HeaderCheck.NO_MAGIC:
        throw new CorruptRecordException(source, offset, CorruptRegion.Reason.BAD_HEADER,
            "no frame starts at this offset", -1, -1);
      case HeaderCheck.INCOMPLETE:
      case HeaderCheck.V1_PAST_EOF:
      case HeaderCheck.V2_PAST_EOF:
        throw new CorruptRecordException(source, offset, CorruptRegion.Reason.TORN_TAIL,
            check.detail, -1, -1);
      default:
        throw new CorruptRecordException(source, offset, CorruptRegion.Reason.BAD_HEADER,
            check.detail, -1, -1);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      release();
    } finally {
      channel.close();
    }
  }

  /** Frees the buffer and codec contexts, leaving the channel open. */
  void release() {
    in.release();
    decoder.close();
  }
}
