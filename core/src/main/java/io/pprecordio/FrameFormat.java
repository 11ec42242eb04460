package io.pprecordio;

import java.nio.ByteOrder;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.zip.CRC32;

/**
 * Byte layout of a frame header, shared by the reader and the writer. FORMAT.md is the normative
 * description; the constants here must match its tables.
 */
final class FrameFormat {
  private FrameFormat() {}

  static final int MAGIC = 0xDEADBEEF;
  static final int HEADER_SIZE = 40;

  static final int OFF_LENGTH = 4;
  static final int OFF_CRC = 12;
  static final int OFF_FLAGS = 20;
  static final int OFF_RESERVED = 24;
  static final int OFF_V2_MARKER = 24;
  static final int OFF_V2_DECODED_LENGTH = 28;
  static final int OFF_V2_HEADER_CRC = 36;

  /** "PPR2" in ASCII. A v1 header has zero here, so the marker alone tells the layouts apart. */
  static final int V2_MARKER = 0x50505232;

  static final int FLAG_GZIP = 1;
  static final int FLAG_ZSTD = 1 << 1;
  /** The payload is a block of records (FORMAT.md 3.4): v2 only. */
  static final int FLAG_BLOCK = 1 << 2;
  /** A block frame's record count sits in the flags' high 16 bits, under the header checksum. */
  static final int BLOCK_COUNT_SHIFT = 16;
  /** Fits 15 bits, so that {@link RecordAddress#key()} stays positive. */
  static final int MAX_BLOCK_RECORDS = 0x7FFF;
  static final int V1_KNOWN_FLAGS = FLAG_GZIP;
  /** Flag bits a v2 header may set below the block count. */
  static final int V2_KNOWN_FLAGS = FLAG_GZIP | FLAG_ZSTD | FLAG_BLOCK;

  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  static int getInt(byte[] b, int off) {
    return (int) INT_BE.get(b, off);
  }

  static long getLong(byte[] b, int off) {
    return (long) LONG_BE.get(b, off);
  }

  static void putInt(byte[] b, int off, int v) {
    INT_BE.set(b, off, v);
  }

  static void putLong(byte[] b, int off, long v) {
    LONG_BE.set(b, off, v);
  }

  static int crc32(byte[] b, int off, int len) {
    CRC32 crc = new CRC32();
    crc.update(b, off, len);
    return (int) crc.getValue();
  }

  static int headerCrc(byte[] b, int off) {
    return crc32(b, off, OFF_V2_HEADER_CRC);
  }

  static int codecFlags(Codec codec) {
    switch (codec) {
      case GZIP:
        return FLAG_GZIP;
      case ZSTD:
        return FLAG_ZSTD;
      default:
        return 0;
    }
  }

  /** The flags of a block frame of {@code records} records stored with {@code codec}. */
  static int blockFlags(Codec codec, int records) {
    return codecFlags(codec) | FLAG_BLOCK | (records << BLOCK_COUNT_SHIFT);
  }

  static Codec codecOf(int flags) {
    if ((flags & FLAG_GZIP) != 0) {
      return Codec.GZIP;
    }
    if ((flags & FLAG_ZSTD) != 0) {
      return Codec.ZSTD;
    }
    return Codec.NONE;
  }

  /**
   * Writes a header into {@code out[off, off+40)}.
   *
   * @param storedLength payload bytes as stored (after compression)
   * @param decodedLength payload bytes after decoding; only v2 records it
   */
  static void encodeHeader(
      byte[] out, int off, FormatVersion version, long storedLength, int payloadCrc, int flags,
      long decodedLength) {
    putInt(out, off, MAGIC);
    putLong(out, off + OFF_LENGTH, HEADER_SIZE + storedLength);
    putLong(out, off + OFF_CRC, payloadCrc & 0xFFFFFFFFL);
    putInt(out, off + OFF_FLAGS, flags);
    if (version == FormatVersion.V1) {
      putLong(out, off + OFF_RESERVED, 0L);
      putLong(out, off + OFF_RESERVED + 8, 0L);
    } else {
      putInt(out, off + OFF_V2_MARKER, V2_MARKER);
      putLong(out, off + OFF_V2_DECODED_LENGTH, decodedLength);
      putInt(out, off + OFF_V2_HEADER_CRC, headerCrc(out, off));
    }
  }
}
