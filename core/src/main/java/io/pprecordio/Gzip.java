package io.pprecordio;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * RFC 1952 gzip over a reusable {@link Inflater} or {@link Deflater}. The JDK's gzip streams
 * create (and natively initialize) a new one per stream, which cost about 10 microseconds per
 * record; a reader decodes many small records, so it keeps one.
 */
final class Gzip {
  private Gzip() {}

  private static final int FTEXT_RESERVED = 0xE0;
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  /** ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=unknown, as the JDK's GZIPOutputStream writes. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /**
   * Decodes every member of the gzip stream {@code src[off, off+len)}.
   *
   * @param expectedLength the exact decoded length, or -1 when unknown
   * @param limit the largest decoded length accepted when it is unknown; the output is allocated
   *     once, at its exact size, so decoding needs at most the decoded length of heap
   */
  static byte[] decode(Inflater inflater, byte[] src, int off, int len, long expectedLength,
      long limit) throws Compression.DecodeException, Compression.TooLargeException {
    if (expectedLength < 0) {
      // Measure first, so that the output is allocated once at its exact size: growing it would
      // keep the old and the new array alive together, and a bomb would then need about twice
      // the record limit of heap before it is refused.
      expectedLength = measure(inflater, src, off, len, limit);
    }
    int end = off + len;
    int p = off;
    byte[] out = new byte[(int) expectedLength];
    int produced = 0;
    byte[] probe = new byte[1];
    do {
      p = skipHeader(src, p, end, produced == 0 && p == off);
      inflater.reset();
      inflater.setInput(src, p, end - p);
      CRC32 crc = new CRC32();
      int memberStart = produced;
      try {
        while (!inflater.finished()) {
          if (produced == out.length) {
            // Full: one more byte means the stream is longer than its declared length.
            if (inflater.inflate(probe, 0, 1) > 0) {
              throw new Compression.DecodeException(
                  "gzip stream decodes to more than the " + expectedLength + " bytes declared");
            }
            if (!inflater.finished()) {
              failIfStuck(inflater);
            }
            continue;
          }
          int n = inflater.inflate(out, produced, out.length - produced);
          produced += n;
          if (n == 0 && !inflater.finished()) {
            failIfStuck(inflater);
          }
        }
      } catch (DataFormatException e) {
        throw new Compression.DecodeException("invalid deflate data: " + e.getMessage());
      }
      crc.update(out, memberStart, produced - memberStart);
      p = end - inflater.getRemaining();
      if (end - p < 8) {
        throw new Compression.DecodeException("gzip member trailer is truncated");
      }
      if (readIntLe(src, p) != (int) crc.getValue()) {
        throw new Compression.DecodeException("gzip member CRC mismatch");
      }
      if (readIntLe(src, p + 4) != produced - memberStart) {
        throw new Compression.DecodeException("gzip member size mismatch");
      }
      p += 8;
    } while (p < end);
    if (produced != expectedLength) {
      throw new Compression.DecodeException(
          "gzip stream decodes to " + produced + " bytes, header declares " + expectedLength);
    }
    return out;
  }

  /**
   * The decoded length of every member of {@code src[off, off+len)}, inflating into a small
   * buffer that is thrown away; stops as soon as the length passes {@code limit}. Trailers are
   * checked by the decoding pass that follows.
   */
  private static long measure(Inflater inflater, byte[] src, int off, int len, long limit)
      throws Compression.DecodeException, Compression.TooLargeException {
    int end = off + len;
    int p = off;
    byte[] sink = new byte[(int) Math.min(32 << 10, Math.max(64, limit + 1))];
    long total = 0;
    try {
      do {
        p = skipHeader(src, p, end, p == off);
        inflater.reset();
        inflater.setInput(src, p, end - p);
        while (!inflater.finished()) {
          int n = inflater.inflate(sink, 0, sink.length);
          total += n;
          if (total > limit) {
            throw new Compression.TooLargeException(limit);
          }
          if (n == 0 && !inflater.finished()) {
            failIfStuck(inflater);
          }
        }
        p = end - inflater.getRemaining() + 8;
      } while (p < end);
    } catch (DataFormatException e) {
      throw new Compression.DecodeException("invalid deflate data: " + e.getMessage());
    }
    if (p > end) {
      throw new Compression.DecodeException("gzip member trailer is truncated");
    }
    return total;
  }

  private static void failIfStuck(Inflater inflater) throws Compression.DecodeException {
    if (inflater.needsInput() || inflater.needsDictionary()) {
      throw new Compression.DecodeException("gzip stream is truncated");
    }
  }

  /** Returns the offset of the deflate data after the member header at {@code p}. */
  private static int skipHeader(byte[] b, int p, int end, boolean first)
      throws Compression.DecodeException {
    if (end - p < 10 || b[p] != 0x1f || b[p + 1] != (byte) 0x8b) {
      throw new Compression.DecodeException(first ? "not a gzip stream"
          : "bytes after the last gzip member are not a gzip member");
    }
    if (b[p + 2] != 8) {
      throw new Compression.DecodeException("unsupported gzip compression method " + b[p + 2]);
    }
    int flags = b[p + 3] & 0xff;
    if ((flags & FTEXT_RESERVED) != 0) {
      throw new Compression.DecodeException("reserved gzip header flags set");
    }
    int q = p + 10;
    if ((flags & FEXTRA) != 0) {
      if (end - q < 2) {
        throw new Compression.DecodeException("gzip header is truncated");
      }
      q += 2 + ((b[q] & 0xff) | (b[q + 1] & 0xff) << 8);
    }
    if ((flags & FNAME) != 0) {
      q = skipZeroTerminated(b, q, end);
    }
    if ((flags & FCOMMENT) != 0) {
      q = skipZeroTerminated(b, q, end);
    }
    if ((flags & FHCRC) != 0) {
      // RFC 1952 2.3.1: the low 16 bits of the CRC-32 of the header bytes before it.
      if (end - q < 2) {
        throw new Compression.DecodeException("gzip header is truncated");
      }
      CRC32 crc = new CRC32();
      crc.update(b, p, q - p);
      int declared = (b[q] & 0xff) | (b[q + 1] & 0xff) << 8;
      if (declared != ((int) crc.getValue() & 0xffff)) {
        throw new Compression.DecodeException("gzip header checksum (FHCRC) mismatch");
      }
      q += 2;
    }
    if (q > end) {
      throw new Compression.DecodeException("gzip header is truncated");
    }
    return q;
  }

  private static int skipZeroTerminated(byte[] b, int q, int end)
      throws Compression.DecodeException {
    while (q < end && b[q] != 0) {
      q++;
    }
    if (q >= end) {
      throw new Compression.DecodeException("gzip header is truncated");
    }
    return q + 1;
  }

  private static int readIntLe(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16
        | (b[p + 3] & 0xff) << 24;
  }

  /**
   * Encodes {@code data[off, off+len)} as one gzip member at the deflater's level, ending a deflate block (a sync flush)
   * after each input position in {@code breakAfter} (ascending, relative to off; may be null).
   */
  static byte[] encode(Deflater deflater, byte[] data, int off, int len, int[] breakAfter) {
    deflater.reset();
    Output out = new Output(len / 2 + 64);
    out.write(HEADER, 0, HEADER.length);
    int written = 0;
    if (breakAfter != null) {
      for (int cut : breakAfter) {
        if (cut > written && cut < len) {
          deflater.setInput(data, off + written, cut - written);
          out.drain(deflater, Deflater.SYNC_FLUSH);
          written = cut;
        }
      }
    }
    deflater.setInput(data, off + written, len - written);
    deflater.finish();
    out.drain(deflater, Deflater.NO_FLUSH);
    CRC32 crc = new CRC32();
    crc.update(data, off, len);
    out.writeIntLe((int) crc.getValue());
    out.writeIntLe(len);
    return out.toByteArray();
  }

  /** A growable output buffer. */
  private static final class Output {
    private byte[] buf;
    private int size;

    Output(int capacity) {
      buf = new byte[Math.max(64, capacity)];
    }

    void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    void writeIntLe(int v) {
      ensure(4);
      buf[size++] = (byte) v;
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) (v >>> 16);
      buf[size++] = (byte) (v >>> 24);
    }

    /**
     * Deflates the pending input: with SYNC_FLUSH, until the flush fits in the buffer; after
     * {@link Deflater#finish()} (pass NO_FLUSH), until the stream is finished.
     */
    void drain(Deflater deflater, int flush) {
      while (true) {
        ensure(64);
        int room = buf.length - size;
        int n = deflater.deflate(buf, size, room, flush);
        size += n;
        if (flush == Deflater.SYNC_FLUSH ? n < room && deflater.needsInput()
            : deflater.finished()) {
          return;
        }
      }
    }

    private void ensure(int more) {
      if (buf.length - size < more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }
}
