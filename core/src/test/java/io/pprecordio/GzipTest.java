package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** The reusable-context gzip codec against the JDK's, and against streams other writers make. */
class GzipTest {
  private final Inflater inflater = new Inflater(true);

  private byte[] decode(byte[] gz, long expected, long limit) throws Exception {
    return Gzip.decode(inflater, gz, 0, gz.length, expected, limit);
  }

  private static byte[] jdkGzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void roundTripsAgainstTheJdkAtEveryLevelWithAndWithoutBreaks() throws Exception {
    Random rnd = new Random(5);
    for (int size : new int[] {0, 1, 100, 70_000, 1 << 20}) {
      byte[] data = rnd.nextBoolean() ? TestData.randomBytes(rnd, size)
          : TestData.compressible(rnd, size);
      int[] breaks = size > 10 ? new int[] {size / 3, size / 2, size - 2} : null;
      for (int level = 0; level <= 9; level++) {
        byte[] ours = Gzip.encode(new Deflater(level, true), data, 0, data.length, breaks);
        assertArrayEquals(data, new GZIPInputStream(new ByteArrayInputStream(ours)).readAllBytes(),
            "JDK decodes ours, size " + size + " level " + level);
        assertArrayEquals(data, decode(ours, size, size), "we decode ours");
        assertArrayEquals(data, decode(jdkGzip(data), -1, size), "we decode the JDK's");
      }
    }
  }

  @Test
  void decodesConcatenatedMembersAndOptionalHeaderFields() throws Exception {
    byte[] a = "first member ".getBytes("US-ASCII");
    byte[] b = "second member".getBytes("US-ASCII");
    byte[] two = concat(jdkGzip(a), jdkGzip(b));
    assertArrayEquals(concat(a, b), decode(two, -1, 1000));
    assertArrayEquals(concat(a, b), decode(two, a.length + b.length, 1000));

    // FEXTRA, FNAME, FCOMMENT and FHCRC, as other writers may set them.
    byte[] plain = jdkGzip(a);
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.write(new byte[] {0x1f, (byte) 0x8b, 8, 0x04 | 0x08 | 0x10 | 0x02, 0, 0, 0, 0, 0, 3});
    h.write(new byte[] {3, 0, 'x', 'y', 'z'});
    h.write("name.txt\0".getBytes("US-ASCII"));
    h.write("a comment\0".getBytes("US-ASCII"));
    // FHCRC (RFC 1952 2.3.1): the low 16 bits of the CRC-32 of the header bytes before it.
    java.util.zip.CRC32 headerCrc = new java.util.zip.CRC32();
    headerCrc.update(h.toByteArray());
    int crc16 = (int) headerCrc.getValue() & 0xffff;
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    rest.write(plain, 10, plain.length - 10);
    byte[] good = concat(concat(h.toByteArray(), new byte[] {(byte) crc16, (byte) (crc16 >>> 8)}),
        rest.toByteArray());
    assertArrayEquals(a, decode(good, -1, 1000));
    assertArrayEquals(a, decode(good, a.length, 1000));
  }

  @Test
  void rejectsAWrongHeaderChecksum() throws Exception {
    byte[] plain = jdkGzip("payload".getBytes("US-ASCII"));
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.write(new byte[] {0x1f, (byte) 0x8b, 8, 0x02, 0, 0, 0, 0, 0, 3});
    java.util.zip.CRC32 headerCrc = new java.util.zip.CRC32();
    headerCrc.update(h.toByteArray());
    int wrong = ((int) headerCrc.getValue() + 1) & 0xffff;
    h.write(new byte[] {(byte) wrong, (byte) (wrong >>> 8)});
    h.write(plain, 10, plain.length - 10);
    Compression.DecodeException e = assertThrows(Compression.DecodeException.class,
        () -> decode(h.toByteArray(), -1, 1000));
    assertEquals("gzip header checksum (FHCRC) mismatch", e.getMessage());
  }

  @Test
  void rejectsDamageAndBombsWithinTheirLimits() throws Exception {
    byte[] data = new byte[100_000]; // zeros: a 100 KB "bomb" in a few hundred bytes
    byte[] gz = jdkGzip(data);
    assertArrayEquals(data, decode(gz, -1, data.length));
    assertThrows(Compression.TooLargeException.class, () -> decode(gz, -1, data.length - 1));
    assertThrows(Compression.DecodeException.class, () -> decode(gz, data.length - 1, 1 << 20),
        "more than the declared length");
    assertThrows(Compression.DecodeException.class, () -> decode(gz, data.length + 1, 1 << 20),
        "less than the declared length");
    assertThrows(Compression.DecodeException.class,
        () -> decode(Arrays.copyOf(gz, gz.length - 3), -1, 1 << 20), "truncated trailer");
    assertThrows(Compression.DecodeException.class,
        () -> decode(Arrays.copyOf(gz, gz.length / 2), -1, 1 << 20), "truncated data");
    assertThrows(Compression.DecodeException.class,
        () -> decode(concat(gz, new byte[] {1, 2, 3}), -1, 1 << 20), "trailing garbage");
    byte[] badCrc = gz.clone();
    badCrc[badCrc.length - 8] ^= 1;
    assertThrows(Compression.DecodeException.class, () -> decode(badCrc, -1, 1 << 20));
    assertThrows(Compression.DecodeException.class,
        () -> decode("not gzip at all".getBytes("US-ASCII"), -1, 1 << 20));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
