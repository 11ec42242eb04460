package io.pprecordio;

import java.nio.ByteBuffer;

/**
 * The decoded content of a block frame (FORMAT.md 3.4): a table of the records' lengths, one u32
 * each, then the records themselves, back to back. The lengths come first so that a record is
 * found without reading the ones before it, and so that a compressor sees them together.
 */
final class BlockLayout {
  private BlockLayout() {}

  static final int LENGTH_SIZE = 4;

  /**
   * Why {@code b[from, from + length)} is not a block of {@code records} records, or null if it
   * is. A block whose checksum matches can still be malformed only if its writer was broken or
   * the file was forged; it is then rejected like a payload that does not decode.
   */
  static String problem(ByteBuffer b, int from, int length, int records) {
    long table = (long) LENGTH_SIZE * records;
    if (table > length) {
      return "its length table of " + records + " records runs past its " + length + " bytes";
    }
    long sum = 0;
    for (int i = 0; i < records; i++) {
      sum += Integer.toUnsignedLong(b.getInt(from + LENGTH_SIZE * i));
    }
    if (sum != length - table) {
      return "its " + records + " records' lengths add up to " + sum + " bytes, but it holds "
          + (length - table);
    }
    return null;
  }

  /** Where record {@code i}'s bytes start in a block at {@code from}: after the table and records 0..i-1. */
  static int recordStart(ByteBuffer b, int from, int records, int i) {
    int at = from + LENGTH_SIZE * records;
    for (int k = 0; k < i; k++) {
      at += b.getInt(from + LENGTH_SIZE * k);
    }
    return at;
  }

  static int recordLength(ByteBuffer b, int from, int i) {
    return b.getInt(from + LENGTH_SIZE * i);
  }
}
