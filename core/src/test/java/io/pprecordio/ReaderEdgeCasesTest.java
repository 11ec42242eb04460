package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs a reader must survive with a clear answer: never a hang, an OOM or a silent skip. */
class ReaderEdgeCasesTest {
  private static final ReaderOptions SMALL = ReaderOptions.defaults().withBufferBytes(4096);
  private static final byte[] AFTER = "the record after".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  // ---- inputs that are not (only) pp_recordio ------------------------------------------------

  @Test
  void emptyFileHasNoRecordsAndNoRegions() throws IOException {
    byte[] empty = new byte[0];
    for (RangeReads.Result r : new RangeReads.Result[] {
        RangeReads.readWhole(empty, SMALL), RangeReads.readStream(empty, SMALL),
        RangeReads.read(empty, 0, 0, SMALL), RangeReads.read(empty, 5, 10, SMALL)}) {
      assertEquals(List.of(), r.records);
      assertEquals(List.of(), r.regions);
    }
    Path file = Files.write(dir.resolve("empty"), empty);
    try (PPRecordReader reader = PPRecordReader.open(file)) {
      assertTrue(!reader.advance());
      assertEquals(1.0, reader.progress());
    }
    CorruptRecordException e = assertThrows(CorruptRecordException.class,
        () -> PPRecordReader.readRecordAt(file, 0));
    assertEquals(file.toString(), e.file());
  }

  @Test
  void textFileIsOneUnrecognizedRegion() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      sb.append("line ").append(i).append(": this is not a pp_recordio file\n");
    }
    byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
    RangeReads.Result whole = RangeReads.readWhole(text, SMALL);
    assertEquals(List.of(), whole.records);
    assertEquals(1, whole.regions.size());
    CorruptRegion r = whole.regions.get(0);
    assertEquals(CorruptRegion.Reason.UNRECOGNIZED_BYTES, r.reason());
    assertEquals(0, r.offset());
    assertEquals(text.length, r.length());
    assertEquals(text.length, whole.stats.skippedBytes());
    Splits.assertSameAsWhole(whole,
        RangeReads.readPartition(text, new long[] {1, 1000, 1000, 50_000}, SMALL), () -> "text");

    Path file = Files.write(dir.resolve("notes.txt"), text);
    CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> {
      try (PPRecordReader reader = PPRecordReader.open(file,
          ReaderOptions.defaults().withCorruptionPolicy(CorruptionPolicy.FAIL), null)) {
        reader.advance();
      }
    });
    assertEquals(file.toString(), e.file());
    assertEquals(0, e.offset());
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("offset 0"),
        e.getMessage());
  }

  @Test
  void randomBytesAreSkippedAndReportedInFull() throws IOException {
    byte[] noise = TestData.randomBytes(new Random(1), 3 << 20);
    // Sprinkle magic numbers so that the header checks, not just the magic search, get work.
    Random rnd = new Random(2);
    for (int i = 0; i < 3000; i++) {
      int at = rnd.nextInt(noise.length - 4);
      java.nio.ByteBuffer.wrap(noise).putInt(at, HandFrames.MAGIC);
    }
    RangeReads.Result whole = RangeReads.readWhole(noise, SMALL);
    assertEquals(List.of(), whole.records);
    Splits.assertTiles(whole, noise, () -> "noise");
    Splits.assertSameAsWhole(whole, RangeReads.readPartition(noise,
        new long[] {100, 1 << 20, (2 << 20) + 3}, SMALL), () -> "noise");
  }

  // ---- hostile length fields -----------------------------------------------------------------

  @Test
  void lengthFieldsUpTo2To64Minus1NeverHurtTheRecordsAround() throws IOException {
    long[] lengths = {-1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40, 1L << 32, (1L << 31) + 40,
        Integer.MAX_VALUE, 0, 1, 39};
    for (long length : lengths) {
      byte[] payload = "payload".getBytes(StandardCharsets.US_ASCII);
      for (byte[] hostile : new byte[][] {
          HandFrames.v1(payload, length, HandFrames.crc32(payload), 0),
          HandFrames.v2(payload, length, HandFrames.crc32(payload), 0, payload.length),
          HandFrames.v2(payload, length, HandFrames.crc32(payload), HandFrames.FLAG_GZIP, 5)}) {
        byte[] file = HandFrames.concat(HandFrames.v2Plain(AFTER), hostile,
            HandFrames.v1Plain(AFTER), HandFrames.v2Plain(AFTER));
        String ctx = "length " + Long.toUnsignedString(length);
        RangeReads.Result whole = RangeReads.readWhole(file, SMALL);
        assertEquals(3, whole.records.size(), ctx + " " + whole.regions);
        assertEquals(1, whole.regions.size(), ctx);
        assertEquals(whole.records.get(0).offset() + 40 + AFTER.length,
            whole.regions.get(0).offset(), ctx);
        Splits.assertTiles(whole, file, () -> ctx);
        for (int c = 0; c <= file.length; c++) {
          int cut = c;
          Splits.assertSameAsWhole(whole,
              RangeReads.readPartition(file, new long[] {cut}, SMALL), () -> ctx + " cut " + cut);
        }
        // A stream cannot tell "past the end" from "large": a verified v2 header above the
        // limit is an error there, anything else is the same as for a file.
        try {
          RangeReads.Result stream = RangeReads.readStream(file, SMALL);
          assertEquals(whole.records, stream.records, ctx);
        } catch (RecordTooLargeException e) {
          assertEquals(whole.records.get(0).offset() + 40 + AFTER.length, e.offset(), ctx);
          assertTrue(e.getMessage().contains("stream"), e.getMessage());
        }
      }
    }
  }

  @Test
  void aVerifiedHeaderRunningPastTheEndIsATornTailAtTheEndAndCorruptionBeforeOthers()
      throws IOException {
    byte[] payload = TestData.randomBytes(new Random(3), 500);
    byte[] torn = java.util.Arrays.copyOf(HandFrames.v2Plain(payload), 300);
    byte[] atEnd = HandFrames.concat(HandFrames.v2Plain(AFTER), torn);
    RangeReads.Result r = RangeReads.readWhole(atEnd, SMALL);
    assertEquals(1, r.records.size());
    assertEquals(1, r.regions.size());
    assertTrue(r.regions.get(0).isTornTail(), r.regions::toString);
    assertEquals(0, r.stats.corruptRegions());

    // The same torn frame followed by valid frames (a writer crashed, another appended): the
    // claimed length now fits in the file, the payload CRC fails, the next frames survive.
    byte[] inside = HandFrames.concat(HandFrames.v2Plain(AFTER), torn, HandFrames.v2Plain(AFTER),
        HandFrames.v1Plain(AFTER), HandFrames.v2Plain(TestData.randomBytes(new Random(4), 400)));
    RangeReads.Result r2 = RangeReads.readWhole(inside, SMALL);
    assertEquals(4, r2.records.size(), r2.regions::toString);
    assertEquals(1, r2.regions.size());
    assertTrue(!r2.regions.get(0).isTornTail());
    assertEquals(40 + AFTER.length, r2.regions.get(0).offset());
    assertEquals(300, r2.regions.get(0).length());
  }

  // ---- decompression bombs -------------------------------------------------------------------

  private static final int BOMB = 64 << 20;
  private static final ReaderOptions ONE_MIB = SMALL.withMaxRecordBytes(1 << 20);

  @Test
  void gzipAndZstdBombsDeclaringTheirSizeFailBeforeDecoding() throws Exception {
    byte[] zeros = new byte[BOMB];
    byte[] gz = HandFrames.gzip(zeros);
    byte[] zst = ZstdSupport.compress(zeros, 0, zeros.length, 3);
    for (byte[] bomb : new byte[][] {
        HandFrames.v2(gz, HandFrames.FLAG_GZIP, BOMB),
        HandFrames.v2(zst, HandFrames.FLAG_ZSTD, BOMB)}) {
      byte[] file = HandFrames.concat(HandFrames.v2Plain(AFTER), bomb, HandFrames.v2Plain(AFTER));
      long at = 40 + AFTER.length;
      RecordTooLargeException e = assertThrows(RecordTooLargeException.class,
          () -> Allocation.of(() -> RangeReads.readWhole(file, ONE_MIB)));
      assertEquals("mem", e.file());
      assertEquals(at, e.offset());
      assertEquals(BOMB, e.recordBytes());
      assertEquals(1 << 20, e.maxRecordBytes());
      assertTrue(e.getMessage().contains("mem") && e.getMessage().contains("offset " + at),
          e.getMessage());
      assertTrue(Allocation.last() < (4 << 20), "allocated " + Allocation.last());
      RecordTooLargeException e2 = assertThrows(RecordTooLargeException.class,
          () -> PPRecordReader.readRecordAt(new MemoryChannel(file), "mem", at, ONE_MIB));
      assertEquals(at, e2.offset());
      // The limit is the only obstacle: raised, the record reads.
      assertEquals(BOMB, PPRecordReader.readRecordAt(new MemoryChannel(file), "mem", at,
          SMALL.withMaxRecordBytes(BOMB)).length);
    }
  }

  @Test
  void v1GzipBombFailsWithoutDecodingPastTheLimit() throws Exception {
    byte[] gz = HandFrames.gzip(new byte[BOMB]);
    byte[] file = HandFrames.concat(HandFrames.v1Plain(AFTER),
        HandFrames.v1(gz, HandFrames.crc32(gz), HandFrames.FLAG_GZIP), HandFrames.v1Plain(AFTER));
    long at = 40 + AFTER.length;
    RecordTooLargeException e = assertThrows(RecordTooLargeException.class,
        () -> Allocation.of(() -> RangeReads.readWhole(file, ONE_MIB)));
    assertEquals("mem", e.file());
    assertEquals(at, e.offset());
    assertTrue(Allocation.last() < (8 << 20), "allocated " + Allocation.last());
  }

  /**
   * A v1 gzip frame whose CRC covers the decoded bytes can only be verified by decoding it. Past
   * the limit it cannot be verified: it is skipped and reported, with bounded memory.
   */
  @Test
  void v1GzipBombWithDecodedCrcIsReportedNotDecodedPastTheLimit() throws Exception {
    byte[] zeros = new byte[BOMB];
    byte[] gz = HandFrames.gzip(zeros);
    byte[] file = HandFrames.concat(HandFrames.v1Plain(AFTER),
        HandFrames.v1(gz, HandFrames.crc32(zeros), HandFrames.FLAG_GZIP),
        HandFrames.v1Plain(AFTER));
    RangeReads.Result[] r = new RangeReads.Result[1];
    long allocated = Allocation.of(() -> r[0] = RangeReads.readWhole(file, ONE_MIB));
    assertTrue(allocated < (8 << 20), "allocated " + allocated);
    assertEquals(2, r[0].records.size());
    assertEquals(1, r[0].regions.size());
  }

  @Test
  void bombsLyingAboutTheirSizeAreDecodeFailuresWithBoundedMemory() throws Exception {
    byte[] zeros = new byte[BOMB];
    byte[] gz = HandFrames.gzip(zeros);
    byte[] zst = ZstdSupport.compress(zeros, 0, zeros.length, 3);
    for (byte[] bomb : new byte[][] {
        HandFrames.v2(gz, HandFrames.FLAG_GZIP, 100), HandFrames.v2(zst, HandFrames.FLAG_ZSTD, 100),
        HandFrames.v2(gz, HandFrames.FLAG_GZIP, 0), HandFrames.v2(zst, HandFrames.FLAG_ZSTD, 0)}) {
      byte[] file = HandFrames.concat(HandFrames.v2Plain(AFTER), bomb, HandFrames.v2Plain(AFTER));
      RangeReads.Result[] r = new RangeReads.Result[1];
      long allocated = Allocation.of(() -> r[0] = RangeReads.readWhole(file, ONE_MIB));
      assertTrue(allocated < (4 << 20), "allocated " + allocated);
      assertEquals(2, r[0].records.size());
      assertEquals(1, r[0].regions.size());
      assertEquals(CorruptRegion.Reason.DECODE_FAILED, r[0].regions.get(0).reason());
    }
  }

  /** A too-large record fails only the range that owns it; other ranges skip over it. */
  @Test
  void aTooLargeRecordFailsOnlyTheRangeHoldingItsStart() throws Exception {
    byte[] big = TestData.compressible(new Random(5), 200_000);
    byte[] v1gz = HandFrames.gzip(big);
    for (byte[] frame : new byte[][] {
        HandFrames.v2Plain(big), HandFrames.v2Gzip(big),
        HandFrames.v1(v1gz, HandFrames.crc32(v1gz), HandFrames.FLAG_GZIP)}) {
      byte[] head = HandFrames.concat(HandFrames.v2Plain(AFTER), HandFrames.v1Plain(AFTER));
      byte[] file = HandFrames.concat(head, frame, HandFrames.v2Plain(AFTER),
          HandFrames.v1Plain(AFTER));
      ReaderOptions limit = SMALL.withMaxRecordBytes(100_000);
      int at = head.length;
      for (int c = 0; c <= file.length; c += c < at + 100 ? 1 : 997) {
        int cut = c;
        if (cut <= at) {
          RangeReads.Result before = RangeReads.read(file, 0, cut, limit);
          assertEquals(cut == 0 ? 0 : cut <= 40 + AFTER.length ? 1 : 2, before.records.size(),
              "cut " + cut);
          assertThrows(RecordTooLargeException.class,
              () -> RangeReads.read(file, cut, file.length, limit), "cut " + cut);
        } else {
          assertThrows(RecordTooLargeException.class, () -> RangeReads.read(file, 0, cut, limit),
              "cut " + cut);
          RangeReads.Result after = RangeReads.read(file, cut, file.length, limit);
          long second = at + frame.length + 40 + AFTER.length;
          assertEquals(cut <= at + frame.length ? 2 : cut <= second ? 1 : 0,
              after.records.size(), "cut " + cut);
          assertEquals(List.of(), after.regions, "cut " + cut);
        }
      }
    }
  }

  // ---- fail policy ---------------------------------------------------------------------------

  @Test
  void failPolicyNamesFileOffsetAndBothChecksums() throws IOException {
    byte[] payload = "some payload".getBytes(StandardCharsets.US_ASCII);
    byte[] bad = HandFrames.v2(payload, 40 + payload.length, 0x12345678L, 0, payload.length);
    Path file = Files.write(dir.resolve("bad.pp_recordio"),
        HandFrames.concat(HandFrames.v2Plain(AFTER), bad, HandFrames.v2Plain(AFTER)));
    List<byte[]> got = new ArrayList<>();
    CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> {
      try (PPRecordReader reader = PPRecordReader.open(file,
          ReaderOptions.defaults().withCorruptionPolicy(CorruptionPolicy.FAIL), null)) {
        while (reader.advance()) {
          got.add(reader.record());
        }
      }
    });
    assertEquals(1, got.size());
    long at = 40 + AFTER.length;
    assertEquals(file.toString(), e.file());
    assertEquals(at, e.offset());
    assertEquals(0x12345678L, e.expectedCrc());
    assertEquals(HandFrames.crc32(payload), e.actualCrc());
    assertEquals(CorruptRegion.Reason.PAYLOAD_CHECKSUM_MISMATCH, e.reason());
    String m = e.getMessage();
    assertTrue(m.contains(file.toString()) && m.contains("offset " + at)
        && m.contains("12345678") && m.contains(String.format("%08x",
            HandFrames.crc32(payload))), m);
  }

  @Test
  void failPolicyMessageForBytesOutsideAnyFrameReadsWell() throws IOException {
    Path file = Files.write(dir.resolve("zeros.pp_recordio"),
        HandFrames.concat(HandFrames.v2Plain(AFTER), new byte[64], HandFrames.v2Plain(AFTER)));
    CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> {
      try (PPRecordReader reader = PPRecordReader.open(file,
          ReaderOptions.defaults().withCorruptionPolicy(CorruptionPolicy.FAIL), null)) {
        while (reader.advance()) {
          reader.record();
        }
      }
    });
    assertEquals("corrupt pp_recordio data in " + file + " at offset " + (40 + AFTER.length)
        + ": bytes outside any frame: 64 bytes skipped", e.getMessage());
    assertEquals(-1, e.expectedCrc());
  }

  @Test
  void failPolicyDoesNotFailOnATornTail() throws IOException {
    byte[] file = HandFrames.concat(HandFrames.v2Plain(AFTER),
        java.util.Arrays.copyOf(HandFrames.v2Plain(AFTER), 50));
    List<CorruptRegion> regions = new ArrayList<>();
    try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(file), "mem", 0,
        Long.MAX_VALUE, SMALL.withCorruptionPolicy(CorruptionPolicy.FAIL), regions::add)) {
      assertTrue(reader.advance());
      assertTrue(!reader.advance());
      assertTrue(reader.stats().tornTail());
    }
    assertEquals(1, regions.size());
    assertTrue(regions.get(0).isTornTail());
  }

  // ---- seek ----------------------------------------------------------------------------------

  @Test
  void readRecordAtEveryFrameOffsetAndNowhereElse() throws IOException {
    TestData.Written w = TestData.mixedWithLarge(new Random(6), 30);
    Path file = Files.write(dir.resolve("mixed"), w.bytes());
    java.util.Set<Long> starts = new java.util.HashSet<>(w.offsets());
    for (int i = 0; i < w.offsets().size(); i++) {
      long at = w.offsets().get(i);
      assertArrayEquals(w.records().get(i), PPRecordReader.readRecordAt(file, at), "at " + at);
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
        assertArrayEquals(w.records().get(i),
            PPRecordReader.readRecordAt(ch, "f", at, SMALL), "at " + at);
        assertTrue(ch.isOpen(), "readRecordAt must leave the channel open");
      }
    }
    // Every offset of the first frames that is not a frame start.
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
      for (long at = 0; at < Math.min(w.offsets().get(6), 20_000); at++) {
        if (!starts.contains(at)) {
          long a = at;
          CorruptRecordException e = assertThrows(CorruptRecordException.class,
              () -> PPRecordReader.readRecordAt(ch, "f", a, SMALL), "at " + at);
          assertEquals(at, e.offset());
          assertEquals("f", e.file());
        }
      }
      for (long at : new long[] {w.bytes().length, w.bytes().length + 1000L}) {
        CorruptRecordException e = assertThrows(CorruptRecordException.class,
            () -> PPRecordReader.readRecordAt(ch, "f", at, SMALL));
        assertEquals(at, e.offset());
      }
      assertThrows(IllegalArgumentException.class,
          () -> PPRecordReader.readRecordAt(ch, "f", -1, SMALL));
    }
  }

  @Test
  void readRecordAtADamagedFrameNamesTheChecksums() throws IOException {
    byte[] payload = TestData.randomBytes(new Random(7), 300);
    byte[] frame = HandFrames.v1Plain(payload);
    frame[100] ^= 4;
    byte[] file = HandFrames.concat(HandFrames.v1Plain(AFTER), frame);
    long at = 40 + AFTER.length;
    CorruptRecordException e = assertThrows(CorruptRecordException.class,
        () -> PPRecordReader.readRecordAt(new MemoryChannel(file), "mem", at, SMALL));
    assertEquals(at, e.offset());
    assertEquals(HandFrames.crc32(payload), e.expectedCrc());
    payload[60] ^= 4;
    assertEquals(HandFrames.crc32(payload), e.actualCrc());
    // And at a torn tail.
    byte[] torn = HandFrames.concat(HandFrames.v1Plain(AFTER),
        java.util.Arrays.copyOf(HandFrames.v2Plain(payload), 200));
    CorruptRecordException t = assertThrows(CorruptRecordException.class,
        () -> PPRecordReader.readRecordAt(new MemoryChannel(torn), "mem", at, SMALL));
    assertEquals(CorruptRegion.Reason.TORN_TAIL, t.reason());
  }

  // ---- streams -------------------------------------------------------------------------------

  @Test
  void aWholeFileGzipStreamReadsLikeTheFile() throws IOException {
    TestData.Written w = TestData.mixedWithLarge(new Random(8), 40);
    Damage d = new Damage(w);
    d.insertGarbageBetweenFrames(new Random(9));
    d.flipBit((d.frames().get(10).offset + 45) * 8);
    d.truncate(d.bytes().length - 3);
    for (byte[] file : new byte[][] {w.bytes(), d.bytes()}) {
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write(file);
      }
      for (ReaderOptions options : new ReaderOptions[] {SMALL, ReaderOptions.defaults()}) {
        RangeReads.Result whole = RangeReads.readWhole(file, options);
        RangeReads.Result stream = new RangeReads.Result();
        try (PPRecordReader reader = PPRecordReader.open(Channels.newChannel(
            new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))), "mem", 0,
            Long.MAX_VALUE, options, stream.regions::add)) {
          assertEquals(-1, reader.inputSize());
          while (reader.advance()) {
            stream.records.add(new RangeReads.Rec(reader.offset(), reader.record()));
          }
        }
        assertEquals(whole.records, stream.records);
        assertEquals(Splits.withoutDetail(whole.regions, "mem"),
            Splits.withoutDetail(stream.regions, "mem"));
      }
    }
  }

  // ---- regressions ---------------------------------------------------------------------------

  /** The range [0, 0) holds no offset: it must not report the region owned by offset 0. */
  @Test
  void anEmptyRangeOwnsNothing() throws IOException {
    byte[] file = HandFrames.concat("leading garbage".getBytes(StandardCharsets.US_ASCII),
        HandFrames.v2Plain(AFTER));
    for (long at : new long[] {0, 3, 15, file.length}) {
      RangeReads.Result r = RangeReads.read(file, at, at, SMALL);
      assertEquals(List.of(), r.records, "empty range at " + at);
      assertEquals(List.of(), r.regions, "empty range at " + at);
    }
    RangeReads.Result whole = RangeReads.readWhole(file, SMALL);
    Splits.assertSameAsWhole(whole, RangeReads.readPartition(file, new long[] {0, 0, 15, 15},
        SMALL), () -> "empty ranges");
  }

  /**
   * A v1 frame larger than the read buffer whose checksum matches but whose gzip payload does not
   * decode, right after a corrupt region: the reader closes the region, comes back to the frame,
   * and must find its window where it left it (it once read the header from index -1).
   */
  @Test
  void undecodableLargeV1FrameAfterGarbage() throws IOException {
    byte[] notGzip = TestData.randomBytes(new Random(10), 5000);
    byte[] file = HandFrames.concat("xyz".getBytes(StandardCharsets.US_ASCII),
        HandFrames.v1(notGzip, HandFrames.crc32(notGzip), HandFrames.FLAG_GZIP),
        HandFrames.v1Plain(AFTER));
    RangeReads.Result whole = RangeReads.readWhole(file, SMALL);
    assertEquals(1, whole.records.size());
    assertArrayEquals(AFTER, whole.records.get(0).payload());
    assertEquals(2, whole.regions.size(), whole.regions::toString);
    assertEquals(CorruptRegion.Reason.UNRECOGNIZED_BYTES, whole.regions.get(0).reason());
    assertEquals(CorruptRegion.Reason.DECODE_FAILED, whole.regions.get(1).reason());
    assertEquals(3, whole.regions.get(1).offset());
    Splits.assertTiles(whole, file, () -> "undecodable");
    for (int c = 0; c <= file.length; c++) {
      int cut = c;
      Splits.assertSameAsWhole(whole, RangeReads.readPartition(file, new long[] {cut}, SMALL),
          () -> "cut " + cut);
    }
  }

  /**
   * A stream learns that a verified v2 header runs past its end only by reading it. When that
   * header sits inside a region (here: a torn frame, then a partial copy of a frame header, as
   * repeated crashes leave), the stream must report the same single torn tail a file read does,
   * not a corrupt region plus a torn tail.
   */
  @Test
  void aStreamReportsTheSameTornTailAsAFile() throws IOException {
    byte[] payload = TestData.randomBytes(new Random(11), 300);
    byte[] file = HandFrames.concat(HandFrames.v2Plain(AFTER),
        java.util.Arrays.copyOf(HandFrames.v1Plain(payload), 200),
        java.util.Arrays.copyOf(HandFrames.v2Plain(payload), 100));
    RangeReads.Result whole = RangeReads.readWhole(file, SMALL);
    RangeReads.Result stream = RangeReads.readStream(file, SMALL);
    assertEquals(1, whole.regions.size(), whole.regions::toString);
    assertTrue(whole.regions.get(0).isTornTail());
    assertEquals(Splits.withoutDetail(whole.regions, "mem"),
        Splits.withoutDetail(stream.regions, "mem"));
    assertEquals(0, stream.stats.corruptRegions(), stream.stats::toString);
  }
}
