package io.pprecordio;

import java.io.IOException;

/**
 * Thrown when a reader meets corruption under {@link CorruptionPolicy#FAIL}, or when a record is
 * read at an offset that holds no valid frame. It names the file and the offset of the damage,
 * and for checksum mismatches both CRCs.
 */
public class CorruptRecordException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long offset;
  private final long expectedCrc;
  private final long actualCrc;
  private final CorruptRegion.Reason reason;

  public CorruptRecordException(String file, long offset, CorruptRegion.Reason reason,
      String detail, long expectedCrc, long actualCrc) {
    super(message(file, offset, reason, detail, expectedCrc, actualCrc));
    this.file = file;
    this.offset = offset;
    this.reason = reason;
    this.expectedCrc = expectedCrc;
    this.actualCrc = actualCrc;
  }

  /** The exception a reader under {@link CorruptionPolicy#FAIL} throws for {@code region}. */
  public static CorruptRecordException of(CorruptRegion region) {
    String skipped = region.length() + (region.length() == 1 ? " byte" : " bytes") + " skipped";
    String detail = region.detail().isEmpty() ? skipped : region.detail() + " (" + skipped + ")";
    return new CorruptRecordException(region.source(), region.offset(), region.reason(), detail,
        region.expectedCrc().orElse(-1), region.actualCrc().orElse(-1));
  }

  private static String message(String file, long offset, CorruptRegion.Reason reason,
      String detail, long expectedCrc, long actualCrc) {
    StringBuilder sb = new StringBuilder("corrupt pp_recordio data in ").append(file)
        .append(" at offset ").append(offset).append(": ").append(reason.description());
    if (detail != null && !detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    if (expectedCrc >= 0 && actualCrc >= 0 && !(detail != null && detail.contains("expected"))) {
      sb.append(String.format(" (expected CRC-32 %08x, actual %08x)", expectedCrc, actualCrc));
    }
    return sb.toString();
  }

  /** The file the damage is in. */
  public String file() {
    return file;
  }

  /** Byte offset of the damaged frame or region. */
  public long offset() {
    return offset;
  }

  /** Why the bytes are not a valid frame. */
  public CorruptRegion.Reason reason() {
    return reason;
  }

  /** The CRC-32 the frame header declares, or -1 when the damage is not a checksum mismatch. */
  public long expectedCrc() {
    return expectedCrc;
  }

  /** The CRC-32 of the payload as read, or -1 when the damage is not a checksum mismatch. */
  public long actualCrc() {
    return actualCrc;
  }
}
