package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The byte layout, checked against vectors written by hand from the tables (issue 2 for v1,
 * FORMAT.md and FrameFormat for v2), never produced by the production encoder: the reader reads
 * them, and the writer reproduces them byte for byte.
 */
class FormatVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

  /**
   * "abc" as a v1 frame, from the table: magic, u64 frame length 43, u64 CRC field (high half
   * zero, low half CRC-32("abc") = 352441c2), u32 flags 0, 16 reserved zero bytes, payload.
   */
  private static final String V1_ABC = "deadbeef" + "000000000000002b" + "00000000352441c2"
      + "00000000" + "00000000000000000000000000000000" + "616263";

  /**
   * "abc" as a v2 frame: the v1 layout with "PPR2" at [24,28), the decoded length 3 as u64 at
   * [28,36), and CRC-32 of bytes [0,36) at [36,40), computed outside Java (zlib): 46950c7a.
   */
  private static final String V2_ABC = "deadbeef" + "000000000000002b" + "00000000352441c2"
      + "00000000" + "50505232" + "0000000000000003" + "46950c7a" + "616263";

  /** The empty record in v2: length 40, CRC of nothing 0, decoded length 0, header CRC 9204430e. */
  private static final String V2_EMPTY = "deadbeef" + "0000000000000028" + "0000000000000000"
      + "00000000" + "50505232" + "0000000000000000" + "9204430e";

  private static final String V1_EMPTY = "deadbeef" + "0000000000000028" + "0000000000000000"
      + "00000000" + "00000000000000000000000000000000";

  @Test
  void handEncoderAgreesWithTheLiteralVectors() {
    assertEquals(V1_ABC, HEX.formatHex(HandFrames.v1Plain(ABC)));
    assertEquals(V2_ABC, HEX.formatHex(HandFrames.v2Plain(ABC)));
    assertEquals(V1_EMPTY, HEX.formatHex(HandFrames.v1Plain(new byte[0])));
    assertEquals(V2_EMPTY, HEX.formatHex(HandFrames.v2Plain(new byte[0])));
  }

  @Test
  void writerProducesTheVectorsByteForByte() throws IOException {
    WriterOptions v1 = WriterOptions.defaults().withFormatVersion(FormatVersion.V1);
    assertEquals(V1_ABC + V1_EMPTY, HEX.formatHex(write(v1, ABC, new byte[0])));
    assertEquals(V2_ABC + V2_EMPTY,
        HEX.formatHex(write(WriterOptions.defaults(), ABC, new byte[0])));
  }

  /** A v1 file built frame by frame from the table, with both gzip CRC conventions. */
  private static List<byte[]> v1Records() {
    Random rnd = new Random(1);
    List<byte[]> records = new ArrayList<>();
    records.add(new byte[0]);
    records.add("hello, world".getBytes(StandardCharsets.US_ASCII));
    records.add(TestData.randomBytes(rnd, 300));
    records.add(TestData.compressible(rnd, 5000));
    records.add(TestData.compressible(rnd, 3000));
    records.add(TestData.randomBytes(rnd, 70_000));
    return records;
  }

  private static byte[] v1File(List<byte[]> r) throws IOException {
    return HandFrames.concat(HandFrames.v1Plain(r.get(0)), HandFrames.v1Plain(r.get(1)),
        HandFrames.v1Plain(r.get(2)), HandFrames.v1GzipCrcOfStored(r.get(3)),
        HandFrames.v1GzipCrcOfDecoded(r.get(4)), HandFrames.v1Plain(r.get(5)));
  }

  @Test
  void readerReadsAHandBuiltV1File() throws IOException {
    List<byte[]> records = v1Records();
    byte[] file = v1File(records);
    for (ReaderOptions options : new ReaderOptions[] {
        ReaderOptions.defaults().withBufferBytes(4096)}) {
      RangeReads.Result whole = RangeReads.readWhole(file, options);
      assertEquals(List.of(), whole.regions);
      assertEquals(records.size(), whole.records.size());
      long offset = 0;
      for (int i = 0; i < records.size(); i++) {
        assertArrayEquals(records.get(i), whole.records.get(i).payload(), "record " + i);
        assertEquals(offset, whole.records.get(i).offset());
        offset += ByteBuffer.wrap(file).getLong((int) offset + 4);
      }
      // Every cut among the small frames, then some through the large ones.
      for (int c = 0; c <= file.length; c += c < 12_000 ? 1 : 1009) {
        int cut = c;
        Splits.assertSameAsWhole(whole, RangeReads.readPartition(file, new long[] {cut},
            options), () -> "cut " + cut);
      }
    }
    assertEquals(records.size(),
        RangeReads.readWhole(file, ReaderOptions.defaults()).records.size());
    // Concatenated files are a file holding the records of both.
    byte[] twice = HandFrames.concat(file, file);
    assertEquals(2 * records.size(),
        RangeReads.readWhole(twice, ReaderOptions.defaults()).records.size());
  }

  /**
   * The original writer's files may hold whole files verbatim as records (it had no escape). A
   * whole-file read returns them intact; only splitting inside them is out of reach.
   */
  @Test
  void readerReadsV1RecordsThatHoldFramesWhenReadWhole() throws IOException {
    byte[] inner = v1File(v1Records());
    byte[] file = HandFrames.concat(HandFrames.v1Plain(ABC), HandFrames.v1Plain(inner),
        HandFrames.v1Plain(ABC));
    RangeReads.Result whole = RangeReads.readWhole(file, ReaderOptions.defaults());
    assertEquals(3, whole.records.size());
    assertArrayEquals(inner, whole.records.get(1).payload());
    assertEquals(List.of(), whole.regions);
  }

  @Test
  void v1WriterMatchesTheTableForEveryRecordKind() throws IOException {
    List<byte[]> records = v1Records();
    WriterOptions v1 = WriterOptions.defaults().withFormatVersion(FormatVersion.V1);
    byte[] plain = write(v1, records.toArray(new byte[0][]));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (byte[] r : records) {
      expected.writeBytes(HandFrames.v1Plain(r));
    }
    assertArrayEquals(expected.toByteArray(), plain);

    // gzip output depends on the deflater, so check the header against the table given the
    // stored bytes, and the stored bytes by decoding them with the JDK's gunzip.
    byte[] gz = write(v1.withCodec(Codec.GZIP), records.toArray(new byte[0][]));
    int at = 0;
    for (byte[] r : records) {
      ByteBuffer b = ByteBuffer.wrap(gz);
      long length = b.getLong(at + 4);
      byte[] stored = java.util.Arrays.copyOfRange(gz, at + 40, (int) (at + length));
      assertArrayEquals(HandFrames.v1(stored, HandFrames.crc32(stored), HandFrames.FLAG_GZIP),
          java.util.Arrays.copyOfRange(gz, at, (int) (at + length)),
          "v1 gzip frame: CRC over the stored bytes, flags 1, reserved zero");
      assertArrayEquals(r, gunzip(stored));
      at += (int) length;
    }
    assertEquals(gz.length, at);
  }

  @Test
  void v2WriterMatchesTheTableForEveryCodec() throws IOException {
    List<byte[]> records = v1Records();
    byte[] plain = write(WriterOptions.defaults(), records.toArray(new byte[0][]));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (byte[] r : records) {
      expected.writeBytes(HandFrames.v2Plain(r));
    }
    assertArrayEquals(expected.toByteArray(), plain);

    for (Codec codec : new Codec[] {Codec.GZIP, Codec.ZSTD}) {
      byte[] file = write(WriterOptions.defaults().withCodec(codec),
          records.toArray(new byte[0][]));
      int at = 0;
      for (byte[] r : records) {
        long length = ByteBuffer.wrap(file).getLong(at + 4);
        byte[] stored = java.util.Arrays.copyOfRange(file, at + 40, (int) (at + length));
        int flag = codec == Codec.GZIP ? HandFrames.FLAG_GZIP : HandFrames.FLAG_ZSTD;
        assertArrayEquals(HandFrames.v2(stored, flag, r.length),
            java.util.Arrays.copyOfRange(file, at, (int) (at + length)), codec.toString());
        byte[] decoded = codec == Codec.GZIP ? gunzip(stored)
            : com.github.luben.zstd.Zstd.decompress(stored, r.length);
        assertArrayEquals(r, decoded);
        at += (int) length;
      }
      assertEquals(file.length, at);
    }
  }

  /** A record that holds an acceptable header is stored as gzip (v2: flags 1, decoded length). */
  @Test
  void escapedRecordsFollowTheTable() throws IOException {
    byte[] record = HandFrames.concat(ABC, HandFrames.v2Plain(ABC), ABC);
    for (FormatVersion version : FormatVersion.values()) {
      byte[] file = write(WriterOptions.defaults().withFormatVersion(version), record);
      byte[] stored = java.util.Arrays.copyOfRange(file, 40, file.length);
      byte[] expected = version == FormatVersion.V1
          ? HandFrames.v1(stored, HandFrames.crc32(stored), HandFrames.FLAG_GZIP)
          : HandFrames.v2(stored, HandFrames.FLAG_GZIP, record.length);
      assertArrayEquals(expected, file, version.toString());
      assertArrayEquals(record, gunzip(stored));
      assertEquals(-1, indexOfMagic(stored), "the magic number must not survive in the payload");
    }
  }

  /** Headers the tables rule out: each is skipped as a bad header, the frames around survive. */
  @Test
  void readerRejectsHeadersTheTablesRuleOut() throws IOException {
    byte[] p = ABC;
    long crc = HandFrames.crc32(p);
    byte[][] bad = {
      // v2 header checksum off by one bit
      flipped(HandFrames.v2Plain(p), 36 * 8),
      // v2 with both codec bits, with an unknown flag, with a decoded length that disagrees
      HandFrames.v2(p, 43, crc, 3, 3),
      HandFrames.v2(p, 43, crc, 8, 3),
      HandFrames.v2(p, 43, crc, 0, 4),
      // the block bit without a record count, a count without the block bit, a count above
      // the limit, and a block too short for its length table
      HandFrames.v2(p, 43, crc, 4, 3),
      HandFrames.v2(p, 43, crc, 1 << 16, 3),
      HandFrames.v2(p, 43, crc, 4 | (0x8000 << 16), 3),
      HandFrames.v2(p, 43, crc, 4 | (1 << 16), 3),
      // CRC field with its high half set (v1 and v2)
      HandFrames.v2(p, 43, crc | (1L << 32), 0, 3),
      HandFrames.v1(p, 43, crc | (1L << 32), 0),
      // v1 with the zstd bit (v1 has only gzip), v1 with a reserved byte set and no marker
      HandFrames.v1(p, 43, crc, HandFrames.FLAG_ZSTD),
      flipped(HandFrames.v1Plain(p), 30 * 8),
      // a v2 marker with a v1 header after it (reserved bytes would be zero in v1)
      withMarker(HandFrames.v1Plain(p)),
    };
    for (int i = 0; i < bad.length; i++) {
      byte[] file = HandFrames.concat(HandFrames.v2Plain(ABC), bad[i], HandFrames.v1Plain(ABC));
      RangeReads.Result r = RangeReads.readWhole(file, ReaderOptions.defaults());
      assertEquals(2, r.records.size(), "vector " + i + ": " + r.regions);
      assertEquals(1, r.regions.size(), "vector " + i);
      assertEquals(43, r.regions.get(0).offset(), "vector " + i);
      assertEquals(bad[i].length, r.regions.get(0).length(), "vector " + i);
    }
  }

  private static byte[] write(WriterOptions options, byte[]... records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PPRecordWriter w = PPRecordWriter.to(out, options)) {
      for (byte[] r : records) {
        w.write(r);
      }
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] b) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
      return in.readAllBytes();
    }
  }

  private static byte[] flipped(byte[] frame, int bit) {
    byte[] f = frame.clone();
    f[bit >>> 3] ^= (byte) (1 << (bit & 7));
    return f;
  }

  private static byte[] withMarker(byte[] v1Frame) {
    byte[] f = v1Frame.clone();
    ByteBuffer.wrap(f).putInt(24, HandFrames.V2_MARKER);
    return f;
  }

  private static int indexOfMagic(byte[] b) {
    for (int i = 0; i + 4 <= b.length; i++) {
      if (ByteBuffer.wrap(b).getInt(i) == HandFrames.MAGIC) {
        return i;
      }
    }
    return -1;
  }
}
