package io.pprecordio;

import java.io.Serializable;

/**
 * How a writer frames records. Immutable; start from {@link #defaults()} (v2, uncompressed). Every
 * setting is validated here, once, for every connector and tool: they only add their own key or
 * option name to the {@link IllegalArgumentException} this throws.
 *
 * @param formatVersion {@link FormatVersion#V2} (default) or {@link FormatVersion#V1}, which the
 *     original pp-recordio package writes
 * @param codec per-record compression
 * @param compressionLevel codec level ({@link Codec#minLevel()} to {@link Codec#maxLevel()}), or
 *     {@link #DEFAULT_LEVEL} for the codec's default
 * @param bufferBytes size of the writer's buffer: frames are written out in chunks of this size
 */
public record WriterOptions(FormatVersion formatVersion, Codec codec, int compressionLevel,
    int bufferBytes) implements Serializable {

  public static final int DEFAULT_BUFFER_BYTES = 256 << 10;
  /** The compression level that stands for the codec's own default. */
  public static final int DEFAULT_LEVEL = -1;

  private static final WriterOptions DEFAULTS =
      new WriterOptions(FormatVersion.V2, Codec.NONE, DEFAULT_LEVEL, DEFAULT_BUFFER_BYTES);

  public WriterOptions {
    if (formatVersion == null || codec == null) {
      throw new IllegalArgumentException("the format version and codec must not be null");
    }
    if (formatVersion == FormatVersion.V1 && codec == Codec.ZSTD) {
      throw new IllegalArgumentException(
          "v1 frames cannot hold zstd records; use format version v2 or codec gzip");
    }
    if (compressionLevel != DEFAULT_LEVEL && codec != Codec.NONE
        && (compressionLevel < codec.minLevel() || compressionLevel > codec.maxLevel())) {
      throw new IllegalArgumentException(codec.name().toLowerCase(java.util.Locale.ROOT)
          + " levels run from " + codec.minLevel() + " to " + codec.maxLevel() + ", got "
          + compressionLevel);
    }
    if (bufferBytes < 1024) {
      throw new IllegalArgumentException(
          "the write buffer must be at least 1024 bytes, got " + bufferBytes);
    }
  }

  public static WriterOptions defaults() {
    return DEFAULTS;
  }

  public WriterOptions withFormatVersion(FormatVersion formatVersion) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes);
  }

  public WriterOptions withCodec(Codec codec) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes);
  }

  public WriterOptions withCompressionLevel(int compressionLevel) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes);
  }

  public WriterOptions withBufferBytes(int bufferBytes) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes);
  }

  int effectiveLevel(Codec c) {
    return compressionLevel != DEFAULT_LEVEL && c == codec ? compressionLevel : c.defaultLevel();
  }
}
