package io.pprecordio.examples.convert;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord's framing, written down once for the two places that look at TFRecord bytes without
 * Beam's reader: format sniffing and counting the records of a finished output file. A record is
 * a little-endian u64 length, the masked CRC-32C of those 8 bytes, the data, and the masked
 * CRC-32C of the data.
 */
final class TfRecordFraming {
  static final int HEADER_BYTES = 12;
  private static final int FOOTER_BYTES = 4;

  private TfRecordFraming() {}

  /** Whether {@code bytes} start with a record header whose length checksum matches. */
  static boolean startsWithHeader(byte[] bytes, int length) {
    if (length < HEADER_BYTES) {
      return false;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, 8);
    return ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()
        == mask((int) crc.getValue());
  }

  private static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  /**
   * Counts the records of a stream by their lengths, without checking the data: the file was
   * just written by TFRecordIO. {@code name} is for errors.
   */
  static long count(InputStream stream, String name) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] header = new byte[HEADER_BYTES];
    long n = 0;
    long offset = 0;
    while (true) {
      int first = in.read();
      if (first < 0) {
        return n;
      }
      header[0] = (byte) first;
      try {
        in.readFully(header, 1, HEADER_BYTES - 1);
        long length = ByteBuffer.wrap(header, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (length < 0) {
          throw new IOException(name + ": TFRecord at offset " + offset + " has a length of "
              + Long.toUnsignedString(length) + " bytes");
        }
        in.skipNBytes(length + FOOTER_BYTES);
        offset += HEADER_BYTES + length + FOOTER_BYTES;
      } catch (EOFException e) {
        throw new IOException(name + ": TFRecord truncated at offset " + offset, e);
      }
      n++;
    }
  }
}
