package io.pprecordio.beam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.auto.value.AutoValue;
import io.pprecordio.CorruptRegion;
import java.io.Serializable;
import java.util.Locale;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * One region of a pp_recordio file that a read skipped: the file, the byte range and why. The
 * elements of {@link PPRecordIO.ReadResult#getCorruptionReports()}, so that a pipeline can store
 * exactly what it lost. Has a Beam schema, so it writes as a row to any schema-aware sink.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class CorruptionReport implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The file the region is in. */
  public abstract String getFile();

  /** Byte offset of the first skipped byte. */
  public abstract long getOffset();

  /** Number of skipped bytes. */
  public abstract long getLength();

  /** Why the bytes were skipped; {@link CorruptRegion.Reason#TORN_TAIL} for an incomplete end. */
  public abstract CorruptRegion.Reason getReason();

  /** A human-readable explanation, such as the CRCs of a checksum mismatch; may be empty. */
  public abstract String getDetail();

  public static CorruptionReport create(String file, long offset, long length,
      CorruptRegion.Reason reason, String detail) {
    return new AutoValue_CorruptionReport(file, offset, length, reason, detail);
  }

  /** The report of a region skipped by core's reader. */
  public static CorruptionReport of(CorruptRegion region) {
    return create(region.source(), region.offset(), region.length(), region.reason(),
        region.detail());
  }

  /** Whether the file ends inside a frame: an interrupted write rather than damage. */
  public boolean isTornTail() {
    return getReason() == CorruptRegion.Reason.TORN_TAIL;
  }

  /** One line naming the file, the byte range and the reason. */
  public String describe() {
    StringBuilder sb = new StringBuilder()
        .append(getFile()).append(": ").append(getReason().description())
        .append(" at offset ").append(getOffset())
        .append(" (").append(getLength()).append(getLength() == 1 ? " byte" : " bytes")
        .append(")");
    if (!getDetail().isEmpty()) {
      sb.append(": ").append(getDetail());
    }
    return sb.toString();
  }

  /**
   * The report as a JSON object with the fields file, offset, length, reason and detail. The
   * reason is the {@link CorruptRegion.Reason} name in lower case, such as
   * {@code payload_checksum_mismatch}, as {@code pprecordio verify --json} prints it.
   */
  public String toJson() {
    return JsonNodeFactory.instance.objectNode()
        .put("file", getFile())
        .put("offset", getOffset())
        .put("length", getLength())
        .put("reason", getReason().name().toLowerCase(Locale.ROOT))
        .put("detail", getDetail())
        .toString();
  }
}
