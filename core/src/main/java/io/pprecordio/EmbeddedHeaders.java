package io.pprecordio;

import static io.pprecordio.FrameFormat.HEADER_SIZE;

/**
 * Finds headers inside a frame that a resyncing reader would accept. A writer must never store
 * one: a split that starts inside the payload would otherwise return the inner frame as a record
 * of its own. Checks are conservative (a plausible v1 header counts without checking its inner
 * checksum), since a false alarm only costs compressing one record.
 *
 * <p>Whatever follows this frame in the file (the next frame, or one appended later) is unknown
 * here, so a candidate whose acceptance depends on those bytes counts as acceptable: a magic
 * number in the frame's last 39 bytes, whose header the next frame's first bytes would complete
 * (its checksum can be made to match by choosing the next record), and a v1 header whose frame
 * runs past this one (its CRC covers bytes of the next frame, which can be made to match too).
 */
final class EmbeddedHeaders {
  private EmbeddedHeaders() {}

  /** Readers may be configured up to this limit, so the writer assumes the most permissive one. */
  private static final long ANY_READER_LIMIT = ReaderOptions.MAX_MAX_RECORD_BYTES;

  /**
   * Whether the frame made of {@code header} (40 bytes) and {@code payload[off, off+len)} holds,
   * at any position past its first byte, a header that a reader could accept and whose 40 bytes
   * lie inside the frame.
   */
  static boolean present(byte[] header, byte[] payload, int off, int len) {
    HeaderCheck check = new HeaderCheck(ANY_READER_LIMIT);
    // Candidates starting inside the header: look at the header plus the payload's first bytes.
    int headTail = Math.min(len, 2 * HEADER_SIZE);
    byte[] head = new byte[HEADER_SIZE + headTail];
    System.arraycopy(header, 0, head, 0, HEADER_SIZE);
    System.arraycopy(payload, off, head, HEADER_SIZE, headTail);
    for (int q = 1; q < HEADER_SIZE && q + 4 <= head.length; q++) {
      if (FrameFormat.getInt(head, q) == FrameFormat.MAGIC
          && (q + HEADER_SIZE > head.length || acceptable(check, head, q))) {
        return true; // the frame ends before this candidate's header does, or it is acceptable
      }
    }
    // Candidates starting inside the payload: every magic number with its 4 bytes in the frame.
    int from = off;
    int to = off + len - 3;
    int lastWholeHeader = off + len - HEADER_SIZE;
    while (from < to) {
      int j = MagicSearch.find(payload, from, to);
      if (j < 0) {
        return false;
      }
      if (j > lastWholeHeader || acceptable(check, payload, j)) {
        return true; // a header the next frame's bytes would complete, or an acceptable one
      }
      from = j + 1;
    }
    return false;
  }

  /** Positions in {@code payload[off, off+len)}, relative to off, of every magic number. */
  static int[] magicPositions(byte[] payload, int off, int len) {
    int[] found = new int[8];
    int count = 0;
    int from = off;
    int to = off + len - 3;
    while (from < to) {
      int j = MagicSearch.find(payload, from, to);
      if (j < 0) {
        break;
      }
      if (count == found.length) {
        found = java.util.Arrays.copyOf(found, count * 2);
      }
      found[count++] = j - off;
      from = j + 1;
    }
    return java.util.Arrays.copyOf(found, count);
  }

  private static boolean acceptable(HeaderCheck check, byte[] b, int i) {
    Verdict verdict = check.classify(b, i, HEADER_SIZE, 0, -1);
    // A v1 candidate counts without its checksum: an inner v1 frame that ends inside this frame
    // could pass it, and so could one that runs past it, whose CRC covers bytes of the next frame.
    return verdict instanceof FrameHeader || verdict instanceof Verdict.TooLarge;
  }
}
