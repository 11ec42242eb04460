package io.pprecordio;

import java.io.Serializable;

/**
 * How a reader treats its input. Immutable; start from {@link #defaults()}. Every setting is
 * validated here, once, for every connector and tool: they only add their own key or option name
 * to the {@link IllegalArgumentException} this throws.
 *
 * @param maxRecordBytes the largest record (stored or decoded) a reader accepts, which also bounds
 *     its memory. A verified header that declares more fails with
 *     {@link RecordTooLargeException}.
 * @param corruptionPolicy skip and report (the default), or fail at the first corrupt region
 * @param corruptionBudget under {@link CorruptionPolicy#SKIP_AND_REPORT}, how much one reader may
 *     skip before it fails; unlimited by default
 * @param bufferBytes size of the reader's read-ahead buffer
 */
public record ReaderOptions(long maxRecordBytes, CorruptionPolicy corruptionPolicy,
    CorruptionBudget corruptionBudget, int bufferBytes) implements Serializable {

  /** 256 MiB. Records above it are refused unless the limit is raised. */
  public static final long DEFAULT_MAX_RECORD_BYTES = 256L << 20;
  /** The largest limit: a record must fit in one Java array. */
  public static final long MAX_MAX_RECORD_BYTES = Integer.MAX_VALUE - 64;
  public static final int DEFAULT_BUFFER_BYTES = 256 << 10;
  /** The smallest read-ahead buffer: one page. */
  public static final int MIN_BUFFER_BYTES = 4096;

  private static final ReaderOptions DEFAULTS = new ReaderOptions(DEFAULT_MAX_RECORD_BYTES,
      CorruptionPolicy.SKIP_AND_REPORT, CorruptionBudget.UNLIMITED, DEFAULT_BUFFER_BYTES);

  public ReaderOptions {
    if (maxRecordBytes < 0 || maxRecordBytes > MAX_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("the max record size must be in [0, "
          + MAX_MAX_RECORD_BYTES + "] bytes, got " + maxRecordBytes);
    }
    if (corruptionPolicy == null) {
      throw new IllegalArgumentException("the corruption policy must not be null");
    }
    if (corruptionBudget == null) {
      throw new IllegalArgumentException(
          "the corruption budget must not be null; use CorruptionBudget.UNLIMITED");
    }
    if (bufferBytes < MIN_BUFFER_BYTES) {
      throw new IllegalArgumentException("the read buffer must be at least " + MIN_BUFFER_BYTES
          + " bytes, got " + bufferBytes);
    }
  }

  public static ReaderOptions defaults() {
    return DEFAULTS;
  }

  public ReaderOptions withMaxRecordBytes(long maxRecordBytes) {
    return new ReaderOptions(maxRecordBytes, corruptionPolicy, corruptionBudget, bufferBytes);
  }

  public ReaderOptions withCorruptionPolicy(CorruptionPolicy corruptionPolicy) {
    return new ReaderOptions(maxRecordBytes, corruptionPolicy, corruptionBudget, bufferBytes);
  }

  /** Skip and report up to {@code maxRegions} corrupt regions and {@code maxSkippedBytes} bytes. */
  public ReaderOptions withCorruptionBudget(long maxRegions, long maxSkippedBytes) {
    return withCorruptionBudget(new CorruptionBudget(maxRegions, maxSkippedBytes));
  }

  public ReaderOptions withCorruptionBudget(CorruptionBudget corruptionBudget) {
    return new ReaderOptions(maxRecordBytes, corruptionPolicy, corruptionBudget, bufferBytes);
  }

  public ReaderOptions withBufferBytes(int bufferBytes) {
    return new ReaderOptions(maxRecordBytes, corruptionPolicy, corruptionBudget, bufferBytes);
  }
}
