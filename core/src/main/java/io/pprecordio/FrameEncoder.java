package io.pprecordio;

import static io.pprecordio.FrameFormat.HEADER_SIZE;

import java.io.IOException;

/** Turns one record into the bytes of one frame. Stateless and thread-safe. */
final class FrameEncoder {
  private final WriterOptions options;

  FrameEncoder(WriterOptions options) {
    this.options = options;
  }

  /** A frame ready to write: 40 header bytes, then {@code payload[off, off+len)}. */
  record Encoded(byte[] header, byte[] payload, int off, int len) {
    long frameLength() {
      return (long) HEADER_SIZE + len;
    }
  }

  Encoded encode(byte[] data, int off, int len) throws IOException {
    if (len > ReaderOptions.MAX_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("record of " + len + " bytes exceeds the format limit of "
          + ReaderOptions.MAX_MAX_RECORD_BYTES + " bytes");
    }
    return encode(data, off, len, 0);
  }

  /** A block frame holding {@code records} records, whose decoded block is {@code content}. */
  Encoded encodeBlock(byte[] content, int records) throws IOException {
    return encode(content, 0, content.length, records);
  }

  /** The frame of one record, or of a block of {@code blockRecords > 0} records. */
  private Encoded encode(byte[] data, int off, int len, int blockRecords) throws IOException {
    Codec codec = options.codec();
    Encoded frame = frame(codec, data, off, len, codec == Codec.NONE
        ? null : Compression.compress(codec, data, off, len, options.effectiveLevel(codec)),
        blockRecords);
    if (!EmbeddedHeaders.present(frame.header(), frame.payload(), frame.off(), frame.len())) {
      return frame;
    }
    // The record (or its compressed form) contains a header a resyncing reader would accept.
    // Store it as gzip with a block boundary inside every magic number: the original package can
    // still read it, and no split can mistake the inner frames for records.
    int[] breaks = EmbeddedHeaders.magicPositions(data, off, len);
    for (int k = 0; k < breaks.length; k++) {
      breaks[k] += 2;
    }
    for (int level : new int[] {options.effectiveLevel(Codec.GZIP), 0, 9, 1}) {
      Encoded escaped = frame(Codec.GZIP, data, off, len,
          Compression.gzip(data, off, len, level, breaks), blockRecords);
      if (!EmbeddedHeaders.present(escaped.header(), escaped.payload(), escaped.off(),
          escaped.len())) {
        return escaped;
      }
    }
    // Only reachable if gzip output reproduced a valid header by chance at every level.
    throw new IOException("cannot store a record of " + len
        + " bytes without embedding an acceptable frame header; this is astronomically unlikely,"
        + " please report it");
  }

  private Encoded frame(Codec codec, byte[] data, int off, int len, byte[] compressed,
      int blockRecords) {
    byte[] stored = compressed == null ? data : compressed;
    int storedOff = compressed == null ? off : 0;
    int storedLen = compressed == null ? len : compressed.length;
    byte[] header = new byte[HEADER_SIZE];
    FrameFormat.encodeHeader(header, 0, options.formatVersion(), storedLen,
        FrameFormat.crc32(stored, storedOff, storedLen), blockRecords == 0
            ? FrameFormat.codecFlags(codec) : FrameFormat.blockFlags(codec, blockRecords), len);
    return new Encoded(header, stored, storedOff, storedLen);
  }
}
