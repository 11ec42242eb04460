package io.pprecordio;

/**
 * A header that may start a frame, with what it declares: trusted on its own (v2, whose header
 * checksum matched) or a candidate until its payload checks out (v1).
 *
 * @param offset where the frame starts
 * @param frameLength header plus stored payload
 * @param payloadCrc the CRC-32 the header declares
 * @param decodedLength the record's length after decoding (v2), or -1 when the header does not say;
 *     for a block frame, the length of the decoded block
 * @param blockRecords how many records the frame's block holds, or 0 when the frame holds one
 *     record and no block (FORMAT.md 3.4)
 */
record FrameHeader(long offset, long frameLength, FormatVersion version, Codec codec,
    int payloadCrc, long decodedLength, int blockRecords) implements Verdict {

  boolean isBlock() {
    return blockRecords > 0;
  }

  /** Whether the header alone makes this position a frame start (FORMAT.md 7.1). */
  boolean trusted() {
    return version == FormatVersion.V2;
  }

  int storedLength() {
    return (int) (frameLength - FrameFormat.HEADER_SIZE);
  }

  long end() {
    return offset + frameLength;
  }
}
