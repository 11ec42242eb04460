package io.pprecordio;

/**
 * Per-record compression. The codec of each record is stored in its frame's flags, so a reader
 * needs no configuration to decode a file that mixes codecs.
 */
public enum Codec {
  /** Payload stored as given. */
  NONE,
  /** RFC 1952 gzip; the only codec the original pp-recordio package can decode. */
  GZIP,
  /**
   * Zstandard (RFC 8878) through zstd-jni, which must be on the classpath. v2 frames only; the
   * original pp-recordio package cannot decode these records.
   */
  ZSTD;

  /**
   * The codec a setting names: {@code none}, {@code gzip} or {@code zstd}, in any case.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Codec parse(String value) {
    for (Codec c : values()) {
      if (c.name().equalsIgnoreCase(value.strip())) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown codec '" + value + "'; expected none, gzip or zstd");
  }

  /** The lowest compression level this codec accepts (0 for {@link #NONE}). */
  public int minLevel() {
    return this == ZSTD ? 1 : 0;
  }

  /** The highest compression level this codec accepts (0 for {@link #NONE}). */
  public int maxLevel() {
    switch (this) {
      case GZIP:
        return 9;
      case ZSTD:
        return 22;
      default:
        return 0;
    }
  }

  /** Default compression level of this codec, used when the writer options name none. */
  public int defaultLevel() {
    switch (this) {
      case GZIP:
        return 6;
      case ZSTD:
        return 3;
      default:
        return 0;
    }
  }
}
