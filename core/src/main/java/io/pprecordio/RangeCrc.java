package io.pprecordio;

import java.io.IOException;
import java.util.zip.CRC32;

/**
 * The CRC-32 of byte ranges ahead of a scan, each input byte checksummed about once however many
 * ranges overlap it. It keeps the CRC of {@code [origin, x)} at every multiple of
 * {@link #SPACING} bytes past the origin, up to a frontier it extends on demand, and derives any
 * range's CRC from two such prefixes ({@link Crc32Math#suffix}).
 *
 * <p>This bounds the cost of hostile input: a file packed with headers that each claim a payload
 * running far ahead (and fail their checksum) would otherwise cost a read of that payload per
 * header, quadratic in the file's size. Queries must come with non-decreasing range starts, as a
 * scan produces them; marks behind the last start are dropped, so memory stays at one int per
 * {@code SPACING} bytes of the longest range.
 */
final class RangeCrc {
  /** Distance between prefix marks: the most a query reads beyond the frontier's bytes. */
  static final int SPACING = 1024;
  private static final int SHIFT_BY_SPACING = Crc32Math.shiftFactor(SPACING);

  /** Reads input bytes at a position; fewer than asked only at the end of the input. */
  interface Bytes {
    int read(long pos, byte[] dst, int off, int len) throws IOException;
  }

  private final Bytes bytes;
  private final byte[] chunk = new byte[SPACING];
  /** CRC of {@code [lastMark, frontier)}. */
  private final CRC32 tail = new CRC32();
  private long origin;
  /** {@code marks[i]} is the CRC of {@code [origin, origin + (firstMark + i) * SPACING)}. */
  private int[] marks = new int[64];
  private long firstMark;
  private int markCount;
  /** Bytes {@code [origin, frontier)} are covered; -1 before the first range. */
  private long frontier = -1;
  /** The last range start asked for and its prefix CRC, so that starts cost their distance. */
  private long lastStart;
  private int lastStartPrefix;
  /** The last range end asked for and its prefix CRC: floods share their ends. */
  private long lastEnd = -1;
  private int lastEndPrefix;
  /** Bytes read and checksummed, for tests that bound the work per input byte. */
  private long checksummed;

  RangeCrc(Bytes bytes) {
    this.bytes = bytes;
  }

  long bytesChecksummed() {
    return checksummed;
  }

  /** Whether ranges starting at {@code start} can be answered without starting over. */
  boolean covers(long start) {
    return frontier >= 0 && start >= lastStart && start <= frontier;
  }

  /**
   * CRC-32 of {@code [start, end)}; -1 as a long if the input ends before {@code end}. A start
   * that {@link #covers} does not hold starts the marks over from it.
   */
  long crc(long start, long end) throws IOException {
    if (!covers(start)) {
      origin = start;
      firstMark = 0;
      markCount = 1;
      marks[0] = 0;
      frontier = start;
      tail.reset();
      lastStart = start;
      lastStartPrefix = 0;
      lastEnd = -1;
    }
    if (!extendTo(end)) {
      return -1;
    }
    int startPrefix = startPrefix(start);
    forgetBefore(start);
    if (end != lastEnd) {
      lastEndPrefix = prefix(end);
      lastEnd = end;
    }
    return Crc32Math.suffix(startPrefix, lastEndPrefix, end - start) & 0xFFFFFFFFL;
  }

  /** The prefix CRC at a range start, from the previous start: starts cost their distance. */
  private int startPrefix(long start) throws IOException {
    long from = lastStart;
    int prefix = lastStartPrefix;
    long mark = markAtOrBefore(start);
    if (mark > from) {
      from = mark;
      prefix = marks[(int) ((mark - origin) / SPACING - firstMark)];
    }
    if (start > from) {
      prefix = Crc32Math.combine(prefix, crcOf(from, start), start - from);
    }
    lastStart = start;
    lastStartPrefix = prefix;
    return prefix;
  }

  /** CRC of {@code [origin, x)} for x in {@code [lastStart, frontier]}. */
  private int prefix(long x) throws IOException {
    long mark = markAtOrBefore(x);
    int markCrc = marks[(int) ((mark - origin) / SPACING - firstMark)];
    if (x == mark) {
      return markCrc;
    }
    int partial = x == frontier ? (int) tail.getValue() : crcOf(mark, x);
    return Crc32Math.combine(markCrc, partial, x - mark);
  }

  private long markAtOrBefore(long x) {
    long k = Math.min((x - origin) / SPACING, firstMark + markCount - 1);
    return origin + k * SPACING;
  }

  /** Checksums the bytes up to {@code end}, marking every multiple of the spacing. */
  private boolean extendTo(long end) throws IOException {
    while (frontier < end) {
      long nextMark = origin + (firstMark + markCount) * SPACING;
      int n = (int) (Math.min(nextMark, end) - frontier);
      int got = bytes.read(frontier, chunk, 0, n);
      if (got <= 0) {
        return false;
      }
      tail.update(chunk, 0, got);
      checksummed += got;
      frontier += got;
      if (frontier == nextMark) {
        addMark(Crc32Math.multiply(SHIFT_BY_SPACING, marks[markCount - 1])
            ^ (int) tail.getValue());
        tail.reset();
      }
    }
    return true;
  }

  private int crcOf(long from, long to) throws IOException {
    int n = (int) (to - from);
    int got = bytes.read(from, chunk, 0, n);
    if (got < n) {
      throw new IOException("the input shrank while it was read: " + got + " of " + n
          + " bytes at offset " + from);
    }
    checksummed += n;
    CRC32 c = new CRC32();
    c.update(chunk, 0, n);
    return (int) c.getValue();
  }

  private void addMark(int value) {
    if (markCount == marks.length) {
      marks = java.util.Arrays.copyOf(marks, markCount * 2);
    }
    marks[markCount++] = value;
  }

  /** Drops marks that no range starting at or after {@code pos} needs. */
  private void forgetBefore(long pos) {
    long keepFrom = (pos - origin) / SPACING;
    int drop = (int) Math.min(keepFrom - firstMark, markCount - 1);
    if (drop > marks.length / 2) {
      System.arraycopy(marks, drop, marks, 0, markCount - drop);
      markCount -= drop;
      firstMark += drop;
    }
  }
}
