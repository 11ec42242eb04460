package io.pprecordio;

import java.util.Arrays;

/**
 * The entries of a record index, in record order: where each record's frame starts, its length,
 * the record's index in the frame's block and the CRC-32 of the frame's 40 header bytes. Grows as frames are added; not thread-safe (the writer adds
 * under its lock).
 */
final class IndexEntries {
  private long[] offsets;
  private int[] lengths;
  private int[] fingerprints;
  private int[] inBlock;
  private int size;

  IndexEntries(int capacity) {
    int c = Math.max(16, capacity);
    offsets = new long[c];
    lengths = new int[c];
    fingerprints = new int[c];
    inBlock = new int[c];
  }

  void add(long offset, long frameLength, int fingerprint) {
    add(offset, frameLength, 0, fingerprint);
  }

  void add(long offset, long frameLength, int indexInBlock, int fingerprint) {
    if (size == offsets.length) {
      if (size >= IndexFile.MAX_ENTRIES) {
        throw new IllegalStateException("a record index holds at most " + IndexFile.MAX_ENTRIES
            + " records");
      }
      int c = (int) Math.min(IndexFile.MAX_ENTRIES, (long) size * 2);
      offsets = Arrays.copyOf(offsets, c);
      lengths = Arrays.copyOf(lengths, c);
      fingerprints = Arrays.copyOf(fingerprints, c);
      inBlock = Arrays.copyOf(inBlock, c);
    }
    offsets[size] = offset;
    lengths[size] = (int) frameLength; // u32: frames are shorter than 2^32 bytes
    fingerprints[size] = fingerprint;
    inBlock[size] = indexInBlock;
    size++;
  }

  int size() {
    return size;
  }

  long offset(int i) {
    return offsets[i];
  }

  long frameLength(int i) {
    return Integer.toUnsignedLong(lengths[i]);
  }

  int indexInBlock(int i) {
    return inBlock[i];
  }

  RecordAddress address(int i) {
    return new RecordAddress(offsets[i], inBlock[i]);
  }

  int fingerprint(int i) {
    return fingerprints[i];
  }

  /** Offset just past the last frame, or 0 when there is none. */
  long end() {
    return size == 0 ? 0 : offsets[size - 1] + frameLength(size - 1);
  }
}
