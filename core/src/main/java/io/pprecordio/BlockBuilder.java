package io.pprecordio;

import java.util.Arrays;

/**
 * The records of the block a writer has open, in the layout of {@link BlockLayout}. Not
 * thread-safe: the writer fills it under its lock.
 */
final class BlockBuilder {
  private int[] lengths = new int[64];
  private byte[] data;
  private int records;
  private int bytes;

  BlockBuilder(int initialBytes) {
    data = new byte[Math.max(64, initialBytes)];
  }

  int records() {
    return records;
  }

  /** Record bytes held so far, without the length table. */
  int bytes() {
    return bytes;
  }

  /** The decoded block's length with one more record of {@code len} bytes. */
  long contentLengthWith(int len) {
    return (long) BlockLayout.LENGTH_SIZE * (records + 1) + bytes + len;
  }

  void add(byte[] record, int off, int len) {
    if (records == lengths.length) {
      lengths = Arrays.copyOf(lengths, records * 2);
    }
    if (data.length - bytes < len) {
      data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8,
          Math.max((long) bytes + len, 2L * data.length)));
    }
    System.arraycopy(record, off, data, bytes, len);
    lengths[records++] = len;
    bytes += len;
  }

  /** The decoded block: the length table, then the records. */
  byte[] content() {
    int table = BlockLayout.LENGTH_SIZE * records;
    byte[] out = new byte[table + bytes];
    for (int i = 0; i < records; i++) {
      FrameFormat.putInt(out, BlockLayout.LENGTH_SIZE * i, lengths[i]);
    }
    System.arraycopy(data, 0, out, table, bytes);
    return out;
  }

  void clear() {
    records = 0;
    bytes = 0;
  }
}
