package io.pprecordio;

import static io.pprecordio.FrameFormat.*;

import java.nio.ByteBuffer;

/**
 * Decides what the 40 bytes at one input position are: a {@link FrameHeader} (trusted, or a v1
 * candidate that needs its payload checked), a {@link Verdict.TooLarge} frame start, a
 * {@link Verdict.Truncated} torn-tail candidate, or {@link Verdict.NotAFrame}. The answer
 * depends only on the input's bytes, its size and the record limit, never on where a split
 * began; that is what makes every split see the same frame starts. FORMAT.md 7.1 states these
 * rules.
 */
final class HeaderCheck {
  private final long maxRecordBytes;
  /** The header being classified, copied out of the reader's buffer. */
  private final byte[] scratch = new byte[HEADER_SIZE];

  HeaderCheck(long maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  /** {@link #classify(byte[], int, int, long, long)} on a buffer (absolute gets only). */
  Verdict classify(ByteBuffer b, int i, int avail, long pos, long inputSize) {
    int n = Math.min(avail, HEADER_SIZE);
    b.get(i, scratch, 0, n);
    return classify(scratch, 0, n, pos, inputSize);
  }

  /**
   * @param avail bytes available at {@code b[i]}; fewer than 40 only when the input ends there
   * @param inputSize the input's length, or -1 when unknown (a stream)
   */
  Verdict classify(byte[] b, int i, int avail, long pos, long inputSize) {
    if (avail < HEADER_SIZE) {
      boolean magic = avail >= 4
          ? getInt(b, i) == MAGIC
          : MagicSearch.isMagicPrefix(b, i, avail);
      return magic
          ? new Verdict.Truncated("the file ends " + avail + " bytes into a 40-byte frame header")
          : Verdict.NotAFrame.NO_MAGIC;
    }
    if (getInt(b, i) != MAGIC) {
      return Verdict.NotAFrame.NO_MAGIC;
    }
    long frameLength = getLong(b, i + OFF_LENGTH);
    long crcField = getLong(b, i + OFF_CRC);
    int flags = getInt(b, i + OFF_FLAGS);
    boolean lengthBelowHeader = frameLength < HEADER_SIZE; // also catches lengths >= 2^63
    boolean pastEnd = inputSize >= 0 && !lengthBelowHeader && frameLength > inputSize - pos;

    if (getInt(b, i + OFF_V2_MARKER) == V2_MARKER) {
      if (headerCrc(b, i) != getInt(b, i + OFF_V2_HEADER_CRC)) {
        return Verdict.NotAFrame.badHeader("v2 header checksum mismatch");
      }
      long decodedLength = getLong(b, i + OFF_V2_DECODED_LENGTH);
      if (lengthBelowHeader) {
        return Verdict.NotAFrame.badHeader(
            "frame length " + Long.toUnsignedString(frameLength) + " is below 40");
      }
      if ((crcField >>> 32) != 0) {
        return Verdict.NotAFrame.badHeader("high 32 bits of the CRC field are not zero");
      }
      // The count field is set exactly when the block bit is (FORMAT.md 3.3).
      int blockRecords = flags >>> BLOCK_COUNT_SHIFT;
      int bits = flags & ((1 << BLOCK_COUNT_SHIFT) - 1);
      if ((bits & ~V2_KNOWN_FLAGS) != 0 || (bits & (FLAG_GZIP | FLAG_ZSTD)) == (FLAG_GZIP | FLAG_ZSTD)
          || ((bits & FLAG_BLOCK) != 0) != (blockRecords > 0)
          || blockRecords > MAX_BLOCK_RECORDS) {
        return Verdict.NotAFrame.badHeader(String.format("unsupported flags 0x%08x", flags));
      }
      boolean compressed = (bits & (FLAG_GZIP | FLAG_ZSTD)) != 0;
      if (decodedLength < 0 || (!compressed && decodedLength != frameLength - HEADER_SIZE)
          || decodedLength < 4L * blockRecords) {
        return Verdict.NotAFrame.badHeader("decoded length "
            + Long.toUnsignedString(decodedLength) + " is inconsistent with the frame length");
      }
      if (pastEnd) {
        return pastEnd(frameLength);
      }
      FrameHeader header = new FrameHeader(pos, frameLength, FormatVersion.V2, codecOf(flags),
          (int) crcField, decodedLength, blockRecords);
      // A block's records together may reach the limit; its length table comes on top.
      long limit = maxRecordBytes + 4L * blockRecords;
      if (frameLength - HEADER_SIZE > limit || decodedLength > limit) {
        return new Verdict.TooLarge(header, Math.max(frameLength - HEADER_SIZE, decodedLength));
      }
      return header;
    }

    if (getLong(b, i + OFF_RESERVED) != 0 || getLong(b, i + OFF_RESERVED + 8) != 0) {
      return Verdict.NotAFrame.badHeader(
          "reserved bytes are not zero and there is no v2 marker");
    }
    if ((crcField >>> 32) != 0) {
      return Verdict.NotAFrame.badHeader("high 32 bits of the CRC field are not zero");
    }
    if ((flags & ~V1_KNOWN_FLAGS) != 0) {
      return Verdict.NotAFrame.badHeader(String.format("unsupported flags 0x%08x", flags));
    }
    if (lengthBelowHeader) {
      return Verdict.NotAFrame.badHeader(
          "frame length " + Long.toUnsignedString(frameLength) + " is below 40");
    }
    if (frameLength - HEADER_SIZE > maxRecordBytes) {
      return Verdict.NotAFrame.badHeader("frame length " + frameLength
          + " exceeds the max record size of " + maxRecordBytes
          + " bytes (a v1 header cannot be verified without its payload)");
    }
    if (pastEnd) {
      return pastEnd(frameLength);
    }
    return new FrameHeader(pos, frameLength, FormatVersion.V1, codecOf(flags), (int) crcField, -1,
        0);
  }

  private static Verdict.Truncated pastEnd(long frameLength) {
    return new Verdict.Truncated(
        "frame of " + frameLength + " bytes runs past the end of the file");
  }
}
