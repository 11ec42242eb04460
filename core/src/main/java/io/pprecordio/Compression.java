package io.pprecordio;

import java.io.IOException;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Bounded encoders and decoders for {@link Codec}: a decoder never produces more than asked.
 * Native codec contexts are reused: a reader owns a {@link Decoder}; writers share one encoder
 * context per thread, since records are encoded on the writing threads, outside the writer's lock.
 */
final class Compression {
  private Compression() {}

  /** Decoding failed: the payload is not a valid stream of its codec. */
  static final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    DecodeException(String message) {
      super(message);
    }
  }

  /** The stream decodes to more bytes than the limit allows. */
  static final class TooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("decoded size exceeds " + limit + " bytes");
    }
  }

  /**
   * One deflater per level and thread: changing a deflater's level takes effect inside its next
   * deflate call, which then returns early with input left over, so levels are never changed.
   */
  private static final ThreadLocal<Deflater[]> DEFLATERS =
      ThreadLocal.withInitial(() -> new Deflater[10]);

  /** @param level 0 to 9, already validated by {@link WriterOptions} */
  private static Deflater deflater(int level) {
    if (level < Codec.GZIP.minLevel() || level > Codec.GZIP.maxLevel()) {
      throw new IllegalArgumentException("gzip levels run from 0 to 9, got " + level);
    }
    int slot = level;
    Deflater[] byLevel = DEFLATERS.get();
    if (byLevel[slot] == null) {
      byLevel[slot] = new Deflater(slot, true);
    }
    return byLevel[slot];
  }

  static byte[] compress(Codec codec, byte[] data, int off, int len, int level)
      throws IOException {
    switch (codec) {
      case GZIP:
        return gzip(data, off, len, level, null);
      case ZSTD:
        return ZstdSupport.compress(data, off, len, level);
      default:
        return Arrays.copyOfRange(data, off, off + len);
    }
  }

  /**
   * gzip that ends a deflate block between the second and third byte of every magic number in
   * {@code data}, at the given input positions. A sync flush emits block framing bytes there, so no
   * magic number from the input survives verbatim in the output, even in stored blocks.
   */
  static byte[] gzip(byte[] data, int off, int len, int level, int[] breakAfter) {
    return Gzip.encode(deflater(level), data, off, len, breakAfter);
  }

  /** The decoding contexts of one reader. Not thread-safe; close it with the reader. */
  static final class Decoder implements AutoCloseable {
    private Inflater inflater;
    private ZstdSupport.Decompressor zstd;

    /**
     * Decodes {@code src[off, off+len)}.
     *
     * @param expectedLength exact decoded length when the frame declares it (v2), or -1
     * @param limit the largest decoded size accepted
     */
    byte[] decompress(Codec codec, byte[] src, int off, int len, long expectedLength, long limit)
        throws DecodeException, TooLargeException, IOException {
      if (expectedLength > limit) {
        throw new TooLargeException(limit);
      }
      switch (codec) {
        case GZIP:
          if (inflater == null) {
            inflater = new Inflater(true);
          }
          return Gzip.decode(inflater, src, off, len, expectedLength, limit);
        case ZSTD:
          if (expectedLength < 0) {
            throw new DecodeException("zstd record without a declared decoded length");
          }
          if (zstd == null) {
            zstd = ZstdSupport.decompressor();
          }
          return zstd.decompress(src, off, len, (int) expectedLength);
        default:
          return Arrays.copyOfRange(src, off, off + len);
      }
    }

    @Override
    public void close() {
      if (inflater != null) {
        inflater.end();
        inflater = null;
      }
      if (zstd != null) {
        zstd.close();
        zstd = null;
      }
    }
  }
}
