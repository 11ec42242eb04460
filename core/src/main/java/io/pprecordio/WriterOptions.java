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
 * @param index whether a writer created on a {@link java.nio.file.Path} also writes the record
 *     index {@code FILE.ppidx} when it is closed ({@link PPRecordIndex}); ignored by writers on a
 *     channel or stream, which have no file name to put it next to
 */
public record WriterOptions(FormatVersion formatVersion, Codec codec, int compressionLevel,
    int bufferBytes, boolean index) implements Serializable {

  public static final int DEFAULT_BUFFER_BYTES = 256 << 10;
  /** The compression level that stands for the codec's own default. */
  public static final int DEFAULT_LEVEL = -1;

  private static final WriterOptions DEFAULTS =
      new WriterOptions(FormatVersion.V2, Codec.NONE, DEFAULT_LEVEL, DEFAULT_BUFFER_BYTES, false);

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

  /** The options without an index, as before the index existed. */
  public WriterOptions(FormatVersion formatVersion, Codec codec, int compressionLevel,
      int bufferBytes) {
    this(formatVersion, codec, compressionLevel, bufferBytes, false);
  }

  public static WriterOptions defaults() {
    return DEFAULTS;
  }

  public WriterOptions withFormatVersion(FormatVersion formatVersion) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index);
  }

  public WriterOptions withCodec(Codec codec) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index);
  }

  public WriterOptions withCompressionLevel(int compressionLevel) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index);
  }

  public WriterOptions withBufferBytes(int bufferBytes) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index);
  }

  /**
   * Also write the record index {@code FILE.ppidx} when the writer is closed. Only writers created
   * on a path ({@link PPRecordWriter#create(java.nio.file.Path, WriterOptions)} and
   * {@link PPRecordWriter#append}) can: the others have no file to name the index after.
   */
  public WriterOptions withIndex() {
    return withIndex(true);
  }

  public WriterOptions withIndex(boolean index) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index);
  }

  int effectiveLevel(Codec c) {
    return compressionLevel != DEFAULT_LEVEL && c == codec ? compressionLevel : c.defaultLevel();
  }
}
