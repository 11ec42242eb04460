package io.pprecordio;

import java.io.Serializable;

/**
 * Where a record is in a pp_recordio file: the offset of its frame, and its place in that frame's
 * block (FORMAT.md 3.4), 0 for a frame that holds a single record. Ordered as the file is.
 *
 * @param frameOffset byte offset of the frame's first byte
 * @param indexInBlock the record's index in its frame's block, from 0
 */
public record RecordAddress(long frameOffset, int indexInBlock)
    implements Comparable<RecordAddress>, Serializable {

  /** Offsets at or above this cannot share a {@link #key()} with an index in a block. */
  private static final int INDEX_SHIFT = 48;
  private static final long OFFSET_MASK = (1L << INDEX_SHIFT) - 1;

  public RecordAddress {
    if (frameOffset < 0) {
      throw new IllegalArgumentException("negative frame offset " + frameOffset);
    }
    if (indexInBlock < 0 || indexInBlock > FrameFormat.MAX_BLOCK_RECORDS) {
      throw new IllegalArgumentException("index in block " + indexInBlock + " is outside [0, "
          + FrameFormat.MAX_BLOCK_RECORDS + "]");
    }
  }

  /** The address of the record of a frame that holds one, or of the first record of a block. */
  public static RecordAddress of(long frameOffset) {
    return new RecordAddress(frameOffset, 0);
  }

  /**
   * The address as one long, for engines whose record keys are longs (Hadoop's
   * {@code LongWritable}): {@code frameOffset + indexInBlock * 2^48}. A record alone in its frame,
   * or first in its block, keeps its frame offset as its key, as before block mode existed; keys
   * of one file are unique and reversible ({@link #ofKey}) for files below 2^48 bytes (256 TiB).
   * They are not in file order past index 0: order by {@link #ofKey(long)} and
   * {@link #compareTo} instead.
   *
   * @throws IllegalStateException for a frame at or past 2^48
   */
  public long key() {
    if (frameOffset > OFFSET_MASK) {
      throw new IllegalStateException("the record at offset " + frameOffset
          + " has no key: keys hold offsets below 2^48");
    }
    return frameOffset | ((long) indexInBlock << INDEX_SHIFT);
  }

  /** The address a {@link #key()} stands for. */
  public static RecordAddress ofKey(long key) {
    if (key < 0) {
      throw new IllegalArgumentException("not a record key: " + key);
    }
    int index = (int) (key >>> INDEX_SHIFT);
    return index == 0 ? of(key) : new RecordAddress(key & OFFSET_MASK, index);
  }

  @Override
  public int compareTo(RecordAddress o) {
    int c = Long.compare(frameOffset, o.frameOffset);
    return c != 0 ? c : Integer.compare(indexInBlock, o.indexInBlock);
  }

  @Override
  public String toString() {
    return indexInBlock == 0 ? Long.toString(frameOffset) : frameOffset + "#" + indexInBlock;
  }
}
