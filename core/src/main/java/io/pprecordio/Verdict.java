package io.pprecordio;

import java.util.OptionalLong;

/**
 * What the bytes at one position are, as far as the split and resync rule cares (FORMAT.md 7.1,
 * 7.2). {@link HeaderCheck} answers from the header alone where it can; a {@link FrameHeader}
 * still needs its payload checked ({@link PayloadCheck}), which turns it into one of the others:
 * a {@link Frame} (a frame start whose payload checks out) or one of the records below.
 */
sealed interface Verdict permits Frame, FrameHeader, Verdict.Rejected, Verdict.TooLarge,
    Verdict.NotAFrame, Verdict.Truncated {

  /**
   * A frame start whose payload fails: a v2 payload checksum mismatch, or a payload that does not
   * decode. It opens a region of its own.
   */
  record Rejected(CorruptRegion.Reason reason, String detail, OptionalLong expectedCrc,
      OptionalLong actualCrc) implements Verdict {}

  /** A frame start whose intact record is larger than the reader's limit: an error, never skipped. */
  record TooLarge(FrameHeader header, long recordBytes) implements Verdict {}

  /** Not a frame start: no magic, an invalid header, or a v1 candidate whose checksum fails. */
  record NotAFrame(CorruptRegion.Reason reason, String detail, OptionalLong expectedCrc,
      OptionalLong actualCrc) implements Verdict {
    static final NotAFrame NO_MAGIC = new NotAFrame(CorruptRegion.Reason.UNRECOGNIZED_BYTES, "",
        OptionalLong.empty(), OptionalLong.empty());

    static NotAFrame badHeader(String detail) {
      return new NotAFrame(CorruptRegion.Reason.BAD_HEADER, detail, OptionalLong.empty(),
          OptionalLong.empty());
    }
  }

  /** Not a frame start because the input ends inside it: a torn-tail candidate (FORMAT.md 7.5). */
  record Truncated(String detail) implements Verdict {}
}
