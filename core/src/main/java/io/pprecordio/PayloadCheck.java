package io.pprecordio;

import static io.pprecordio.FrameFormat.HEADER_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.zip.CRC32;

/**
 * Reads and checks the payload behind a {@link FrameHeader}, turning it into a {@link Frame}, a
 * {@link Verdict.Rejected} frame start, a v1 candidate that is {@link Verdict.NotAFrame} after
 * all, a {@link Verdict.Truncated} frame, or a {@link Verdict.TooLarge} record.
 *
 * <p>A frame that fits the read window is checked where it lies: an uncompressed record is then
 * served from the window without a copy. A larger frame is copied out; if it is not a valid frame,
 * the window goes back to its start, so that the scan can resume one byte later.
 */
final class PayloadCheck implements AutoCloseable {
  private final InputWindow in;
  private final long maxRecordBytes;
  private final Compression.Decoder decoder = new Compression.Decoder();
  private final CRC32 crc = new CRC32();
  /** A view of the window for checksums, so that the window's own positions stay untouched. */
  private final ByteBuffer crcView;
  /** A compressed payload copied out of the window for its decoder; at most the window's size. */
  private byte[] scratch = new byte[0];
  /** Checksums of overlapping payloads, for inputs that can read at any position; else null. */
  private final RangeCrc ranges;
  /** Payload bytes checksummed directly, for tests that bound the work per input byte. */
  private long checksummed;

  PayloadCheck(InputWindow in, long maxRecordBytes, RangeCrc.Bytes positionalReads) {
    this.in = in;
    this.maxRecordBytes = maxRecordBytes;
    this.crcView = in.buffer().duplicate();
    this.ranges = positionalReads == null ? null : new RangeCrc(positionalReads);
  }

  /** Bytes checksummed so far, directly and through {@link RangeCrc}. */
  long bytesChecksummed() {
    return checksummed + (ranges == null ? 0 : ranges.bytesChecksummed());
  }

  /**
   * The verdict on the frame behind {@code h}.
   *
   * @param suspect whether the scan is off the frame chain (resynchronizing, or inside a corrupt
   *     region) or has met corruption before, where hostile input can pack many headers whose
   *     payloads overlap. There, and
   *     wherever earlier such payloads were checksummed, a payload's checksum comes from
   *     {@link RangeCrc} first, so that a failing candidate costs no read of its payload.
   */
  Verdict check(FrameHeader h, boolean suspect) throws IOException {
    long payloadStart = h.offset() + HEADER_SIZE;
    if (ranges != null && h.storedLength() > 2 * RangeCrc.SPACING
        && (suspect || ranges.covers(payloadStart))) {
      long actual = ranges.crc(payloadStart, h.end());
      if (actual >= 0 && (int) actual != h.payloadCrc() && !mayHoldDecodedCrc(h)) {
        return mismatch(h, (int) actual);
      }
    }
    return h.frameLength() <= in.capacity() ? checkInWindow(h) : checkCopiedOut(h);
  }

  /**
   * Whether a checksum mismatch still needs the payload: a v1 gzip record may carry the CRC of
   * its decoded bytes (see {@link #judge}), which only decoding tells, and only a payload that
   * starts as a gzip stream can decode.
   */
  private boolean mayHoldDecodedCrc(FrameHeader h) throws IOException {
    if (h.version() != FormatVersion.V1 || h.codec() != Codec.GZIP) {
      return false;
    }
    int avail = in.ensure(h.offset(), HEADER_SIZE + 3);
    if (avail < HEADER_SIZE + 3) {
      return true;
    }
    ByteBuffer b = in.buffer();
    int at = in.index(h.offset()) + HEADER_SIZE;
    return b.get(at) == 0x1f && b.get(at + 1) == (byte) 0x8b && b.get(at + 2) == 8;
  }

  private Verdict checkInWindow(FrameHeader h) throws IOException {
    int frameLength = (int) h.frameLength();
    int avail = in.ensure(h.offset(), frameLength);
    if (avail < frameLength) {
      return truncated(h, avail);
    }
    int at = in.index(h.offset()) + HEADER_SIZE;
    int length = h.storedLength();
    crcView.clear().limit(at + length).position(at);
    crc.reset();
    crc.update(crcView);
    checksummed += length;
    int actual = (int) crc.getValue();
    if (actual == h.payloadCrc() && h.codec() == Codec.NONE) {
      return checkedBlock(Frame.inWindow(h, at, length));
    }
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, Math.min(in.capacity(), 2 * scratch.length))];
    }
    in.buffer().get(at, scratch, 0, length);
    return judge(h, actual, scratch, length);
  }

  private Verdict checkCopiedOut(FrameHeader h) throws IOException {
    byte[] header = new byte[HEADER_SIZE];
    in.get(h.offset(), header, 0, HEADER_SIZE);
    byte[] stored = new byte[h.storedLength()];
    int got = in.copyOut(h.offset() + HEADER_SIZE, stored, 0, stored.length);
    checksummed += got;
    Verdict verdict = got < stored.length
        ? truncated(h, HEADER_SIZE + got)
        : judge(h, FrameFormat.crc32(stored, 0, stored.length), stored, stored.length);
    if (!(verdict instanceof Frame)) {
      // Not a valid frame: the scan resumes inside it, so its bytes must be readable again.
      in.rewind(h.offset(), ByteBuffer.wrap(header), ByteBuffer.wrap(stored, 0, got));
    }
    return verdict;
  }

  /**
   * The verdict on a payload whose stored bytes are {@code stored[0, length)} (an array the
   * record may keep if it is not {@link #scratch}) and whose CRC-32 is {@code actual}.
   */
  private Verdict judge(FrameHeader h, int actual, byte[] stored, int length)
      throws IOException {
    int expected = h.payloadCrc();
    if (actual != expected) {
      // The original writer's CRC choice for gzip records is undocumented: accept a CRC of the
      // decompressed bytes too, but only for v1 frames, which that writer produced.
      if (h.version() == FormatVersion.V1 && h.codec() == Codec.GZIP) {
        try {
          byte[] decoded = decoder.decompress(Codec.GZIP, stored, 0, length, -1, maxRecordBytes);
          if (FrameFormat.crc32(decoded, 0, decoded.length) == expected) {
            return Frame.inArray(h, decoded);
          }
        } catch (Compression.DecodeException | Compression.TooLargeException e) {
          // Unverifiable either way: a checksum mismatch.
        }
      }
      return mismatch(h, actual);
    }
    if (h.codec() == Codec.NONE) {
      // Only a copied-out payload gets here (a matching one in the window stays there), and that
      // array is the record's own.
      return checkedBlock(Frame.inArray(h, stored));
    }
    try {
      return checkedBlock(Frame.inArray(h, decoder.decompress(h.codec(), stored, 0, length,
          h.decodedLength(), maxRecordBytes + 4L * h.blockRecords())));
    } catch (Compression.DecodeException e) {
      return new Verdict.Rejected(CorruptRegion.Reason.DECODE_FAILED,
          h.codec().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage() + blockNote(h),
          OptionalLong.empty(), OptionalLong.empty());
    } catch (Compression.TooLargeException e) {
      return new Verdict.TooLarge(h, -1);
    }
  }

  /** A block frame whose content is not a block is rejected whole; any other frame passes. */
  private Verdict checkedBlock(Frame frame) {
    FrameHeader h = frame.header();
    if (!h.isBlock()) {
      return frame;
    }
    String problem = frame.array() != null
        ? BlockLayout.problem(ByteBuffer.wrap(frame.array()), 0, frame.length(), h.blockRecords())
        : BlockLayout.problem(in.buffer(), frame.windowIndex(), frame.length(), h.blockRecords());
    return problem == null ? frame
        : new Verdict.Rejected(CorruptRegion.Reason.DECODE_FAILED, "malformed block: " + problem
            + blockNote(h), OptionalLong.empty(), OptionalLong.empty());
  }

  /** What a rejected block costs, for its region's detail: its header says how many records. */
  private static String blockNote(FrameHeader h) {
    return h.isBlock() ? "; a block of " + h.blockRecords() + " records is lost" : "";
  }

  private static Verdict mismatch(FrameHeader h, int actual) {
    long expectedCrc = h.payloadCrc() & 0xFFFFFFFFL;
    long actualCrc = actual & 0xFFFFFFFFL;
    String detail = String.format("expected CRC-32 %08x, actual %08x", expectedCrc, actualCrc)
        + blockNote(h);
    OptionalLong e = OptionalLong.of(expectedCrc);
    OptionalLong a = OptionalLong.of(actualCrc);
    // A v1 header is trusted only through its payload, so a mismatch means no frame starts here;
    // a v2 header is trusted already, so its frame is rejected.
    return h.trusted()
        ? new Verdict.Rejected(CorruptRegion.Reason.PAYLOAD_CHECKSUM_MISMATCH, detail, e, a)
        : new Verdict.NotAFrame(CorruptRegion.Reason.PAYLOAD_CHECKSUM_MISMATCH, detail, e, a);
  }

  private static Verdict.Truncated truncated(FrameHeader h, long got) {
    // The input ended before the header's length said it would: only possible for streams, or a
    // file that shrank. Like a frame running past the end, a torn-tail candidate.
    return new Verdict.Truncated("the input ends " + got + " bytes into a frame of "
        + h.frameLength() + " bytes");
  }

  @Override
  public void close() {
    decoder.close();
  }
}
