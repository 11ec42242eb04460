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
 * @param blockRecords block mode (FORMAT.md 3.4): the most records one block frame holds, or 0
 *     to write one frame per record
 * @param blockBytes block mode: the most record bytes one block holds before it is closed (a
 *     larger record gets a block of its own); 0 without block mode
 */
public record WriterOptions(FormatVersion formatVersion, Codec codec, int compressionLevel,
    int bufferBytes, boolean index, int blockRecords, int blockBytes) implements Serializable {

  public static final int DEFAULT_BUFFER_BYTES = 256 << 10;
  /** The compression level that stands for the codec's own default. */
  public static final int DEFAULT_LEVEL = -1;
  /** The most records a block may hold: the format's limit (FORMAT.md 3.4). */
  public static final int MAX_BLOCK_RECORDS = FrameFormat.MAX_BLOCK_RECORDS;
  /** {@link #withBlock()}'s record count. */
  public static final int DEFAULT_BLOCK_RECORDS = 4096;
  /** {@link #withBlock()}'s size: big enough for zstd to find repeats, small for random reads. */
  public static final int DEFAULT_BLOCK_BYTES = 128 << 10;
  /** The largest block size: a reader holds one decoded block in memory. */
  public static final int MAX_BLOCK_BYTES = 64 << 20;

  private static final WriterOptions DEFAULTS =
      new WriterOptions(FormatVersion.V2, Codec.NONE, DEFAULT_LEVEL, DEFAULT_BUFFER_BYTES, false,
          0, 0);

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
    if ((blockRecords == 0) != (blockBytes == 0)) {
      throw new IllegalArgumentException("block mode needs both a record count and a size, got "
          + blockRecords + " records and " + blockBytes + " bytes");
    }
    if (blockRecords < 0 || blockRecords > MAX_BLOCK_RECORDS) {
      throw new IllegalArgumentException("a block holds 1 to " + MAX_BLOCK_RECORDS
          + " records, got " + blockRecords);
    }
    if (blockBytes < 0 || blockBytes > MAX_BLOCK_BYTES) {
      throw new IllegalArgumentException("a block holds 1 to " + MAX_BLOCK_BYTES
          + " bytes, got " + blockBytes);
    }
    if (blockRecords > 0 && formatVersion == FormatVersion.V1) {
      throw new IllegalArgumentException("v1 frames cannot hold blocks (the original pp-recordio"
          + " package cannot read them); use format version v2");
    }
  }

  /** The options without block mode, as before block mode existed. */
  public WriterOptions(FormatVersion formatVersion, Codec codec, int compressionLevel,
      int bufferBytes, boolean index) {
    this(formatVersion, codec, compressionLevel, bufferBytes, index, 0, 0);
  }

  /** The options without an index, as before the index existed. */
  public WriterOptions(FormatVersion formatVersion, Codec codec, int compressionLevel,
      int bufferBytes) {
    this(formatVersion, codec, compressionLevel, bufferBytes, false, 0, 0);
  }

  public static WriterOptions defaults() {
    return DEFAULTS;
  }

  public WriterOptions withFormatVersion(FormatVersion formatVersion) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index,
        blockRecords, blockBytes);
  }

  public WriterOptions withCodec(Codec codec) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index,
        blockRecords, blockBytes);
  }

  public WriterOptions withCompressionLevel(int compressionLevel) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index,
        blockRecords, blockBytes);
  }

  public WriterOptions withBufferBytes(int bufferBytes) {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index,
        blockRecords, blockBytes);
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
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index,
        blockRecords, blockBytes);
  }

  /**
   * Block mode with {@link #DEFAULT_BLOCK_RECORDS} records or {@link #DEFAULT_BLOCK_BYTES} bytes
   * per block, whichever comes first.
   */
  public WriterOptions withBlock() {
    return withBlock(DEFAULT_BLOCK_RECORDS, DEFAULT_BLOCK_BYTES);
  }

  /**
   * Block mode (FORMAT.md 3.4): records are gathered into blocks of up to {@code maxRecords}
   * records and {@code maxBytes} record bytes, and each block is written as one frame,
   * compressed with this options' codec ({@link Codec#ZSTD} is the usual choice; with
   * {@link Codec#NONE} blocks only save the per-record headers). A block is closed when full, and
   * by {@link PPRecordWriter#flush()}, {@link PPRecordWriter#sync()} and close. Readers of this
   * project read block files transparently; the original pp-recordio package cannot, and v1
   * refuses block mode.
   */
  public WriterOptions withBlock(int maxRecords, int maxBytes) {
    if (maxRecords <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("a block holds at least 1 record and 1 byte, got "
          + maxRecords + " records and " + maxBytes + " bytes");
    }
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index,
        maxRecords, maxBytes);
  }

  /** One frame per record, as without block mode. */
  public WriterOptions withoutBlock() {
    return new WriterOptions(formatVersion, codec, compressionLevel, bufferBytes, index, 0, 0);
  }

  /** Whether records are gathered into block frames. */
  public boolean block() {
    return blockRecords > 0;
  }

  int effectiveLevel(Codec c) {
    return compressionLevel != DEFAULT_LEVEL && c == codec ? compressionLevel : c.defaultLevel();
  }
}
