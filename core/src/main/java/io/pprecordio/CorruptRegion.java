package io.pprecordio;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A run of bytes that held no valid record, as reported by a reader.
 *
 * <p>Regions are cut at every header a reader could trust, so one region is one damaged frame
 * unless several neighbouring frames lost their headers together; see FORMAT.md, "Reading".
 *
 * @param source the file (or other input) the region is in
 * @param offset byte offset of the first skipped byte
 * @param length number of skipped bytes
 * @param reason why the bytes were skipped
 * @param detail a human-readable explanation, for example which header field was wrong; may be
 *     empty, never null
 * @param expectedCrc for a payload checksum mismatch, the CRC-32 the header declares; empty
 *     otherwise
 * @param actualCrc for a payload checksum mismatch, the CRC-32 of the bytes read; empty otherwise
 */
public record CorruptRegion(
    String source,
    long offset,
    long length,
    Reason reason,
    String detail,
    OptionalLong expectedCrc,
    OptionalLong actualCrc) {

  /** Why a region was skipped. */
  public enum Reason {
    /** A frame header is intact but the payload does not match its CRC-32. */
    PAYLOAD_CHECKSUM_MISMATCH("payload checksum mismatch"),
    /** Bytes start with the magic number but do not form a header a reader may trust. */
    BAD_HEADER("invalid frame header"),
    /** Bytes that belong to no frame: garbage, zeroes, or the remains of a damaged frame. */
    UNRECOGNIZED_BYTES("bytes outside any frame"),
    /** The payload checksum matches but the payload does not decompress. */
    DECODE_FAILED("payload does not decode"),
    /** The file ends inside a frame: the trace of a writer that stopped mid-record. */
    TORN_TAIL("incomplete last frame");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** A short lower-case description, for messages. */
    public String description() {
      return description;
    }
  }

  public CorruptRegion {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(expectedCrc, "expectedCrc");
    Objects.requireNonNull(actualCrc, "actualCrc");
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "invalid region: offset " + offset + ", length " + length);
    }
  }

  /** A region with no checksum information. */
  public static CorruptRegion of(String source, long offset, long length, Reason reason,
      String detail) {
    return new CorruptRegion(source, offset, length, reason, detail, OptionalLong.empty(),
        OptionalLong.empty());
  }

  /** True for {@link Reason#TORN_TAIL}, which is not counted as corruption. */
  public boolean isTornTail() {
    return reason == Reason.TORN_TAIL;
  }

  /** One line naming the file, the byte range and the reason. */
  public String describe() {
    StringBuilder sb = new StringBuilder()
        .append(source).append(": ").append(reason.description())
        .append(" at offset ").append(offset)
        .append(" (").append(length).append(length == 1 ? " byte" : " bytes").append(")");
    if (!detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
