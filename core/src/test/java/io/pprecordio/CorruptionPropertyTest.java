package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Random damage, reproducible from the seed printed in every failure: bit flips, zeroed ranges,
 * inserted and deleted bytes, truncation, garbage between frames and hostile length fields, in
 * headers and payloads, in v1, v2 and mixed files. For each damaged file: every frame whose bytes
 * are intact comes back, nothing comes back that was not written, records and regions come back
 * exactly once across random partitions, the stats add up, a stream read agrees with a seekable
 * one, and the fail policy stops exactly at the first corrupt region.
 */
class CorruptionPropertyTest {
  private static final int ITERATIONS = 4000;
  /** Damage that happened to leave a valid v1 frame; must stay rare, or the excuse hides bugs. */
  private static final java.util.concurrent.atomic.AtomicInteger V1_UNDETECTABLE =
      new java.util.concurrent.atomic.AtomicInteger();
  /**
   * Above every record written here. The default 256 MiB would be as correct, but a stream cannot
   * know where it ends, so for a damaged v1 length below the limit it grows its window to the
   * declared frame length before it finds out: 256 MiB per such read.
   */
  private static final ReaderOptions OPTIONS =
      ReaderOptions.defaults().withMaxRecordBytes(8 << 20);
  private static final ReaderOptions SMALL_BUFFER = OPTIONS.withBufferBytes(4096);

  @Test
  void randomDamageNeverLosesIntactFramesNorInventsRecords() {
    // Seeds are independent: spread them over the cores.
    IntStream.range(0, ITERATIONS).parallel().forEach(seed -> {
      try {
        Random rnd = new Random(seed);
        TestData.Written written = randomFile(rnd, seed);
        Damage damage = new Damage(written);
        int changes = 1 + rnd.nextInt(5);
        for (int c = 0; c < changes; c++) {
          damage.randomChange(rnd);
        }
        checkDamagedFile(damage, rnd, 4, () -> "seed " + seed + " (" + written.records().size()
            + " records, " + written.bytes().length + " bytes), damage:\n" + damage.log());
      } catch (IOException e) {
        throw new AssertionError("seed " + seed, e);
      }
    });
    assertTrue(V1_UNDETECTABLE.get() < ITERATIONS / 100,
        V1_UNDETECTABLE + " damaged v1 frames read as valid frames");
  }

  /**
   * The original package's known weakness: it trusted the v1 length field, so one corrupted length
   * swallowed every valid record after it. Here every other record must survive, whatever the
   * length becomes.
   */
  @Test
  void corruptedV1LengthDoesNotSwallowTheRecordsAfterIt() throws IOException {
    Random rnd = new Random(42);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(TestData.compressible(rnd, rnd.nextInt(600)));
    }
    WriterOptions v1 = WriterOptions.defaults().withFormatVersion(FormatVersion.V1);
    for (WriterOptions options : new WriterOptions[] {v1, v1.withCodec(Codec.GZIP)}) {
      TestData.Written written = TestData.write(records, options);
      long fileLength = written.bytes().length;
      for (int victim : new int[] {0, 1, 17, 38, 39}) {
        long at = written.offsets().get(victim);
        long[] lengths = {
          -1L, Long.MAX_VALUE, Long.MIN_VALUE, fileLength - at, fileLength - at - 40,
          fileLength - at + 1, 1L << 32, 0, 39, 41,
          written.offsets().get(Math.min(victim + 3, 39)) - at + 40, // swallows the next frames
          (8 << 20) + 40, (8 << 20) + 41 // at and past the reader's limit
        };
        for (long length : lengths) {
          if (length == written.offsets().stream().filter(o -> o > at).findFirst()
              .orElse(fileLength) - at) {
            continue; // the frame's own length: no damage
          }
          Damage damage = new Damage(written);
          damage.setLengthField(damage.frames().get(victim), length);
          Supplier<String> ctx = () -> options + " victim " + victim + " length "
              + Long.toUnsignedString(length);
          RangeReads.Result whole = checkDamagedFile(damage, new Random(length ^ victim), 4, ctx);
          // Stronger than "intact frames come back": exactly the victim is missing.
          assertEquals(records.size() - 1, whole.records.size(), ctx.get());
          assertEquals(1, whole.regions.size(), () -> ctx.get() + ": " + whole.regions);
        }
      }
    }
  }

  /** Damage confined to one v2 header: the header checksum catches it, the rest survives. */
  @Test
  void everySingleBitFlipInAHeaderLosesAtMostThatFrame() {
    Random rnd = new Random(7);
    List<byte[]> records = new ArrayList<>();
    List<WriterOptions> options = new ArrayList<>();
    WriterOptions[] kinds = {
      WriterOptions.defaults(),
      WriterOptions.defaults().withCodec(Codec.GZIP),
      WriterOptions.defaults().withCodec(Codec.ZSTD),
      WriterOptions.defaults().withFormatVersion(FormatVersion.V1),
      WriterOptions.defaults().withFormatVersion(FormatVersion.V1).withCodec(Codec.GZIP),
    };
    for (int i = 0; i < 7; i++) {
      records.add(TestData.compressible(rnd, 20 + rnd.nextInt(200)));
      options.add(kinds[i % kinds.length]);
    }
    TestData.Written written = uncheckedWrite(records, options);
    // Victims 1..5: one frame of each kind, each between two others.
    IntStream.range(1, 6).boxed()
        .flatMap(victim -> IntStream.range(0, 40 * 8).mapToObj(bit -> new int[] {victim, bit}))
        .parallel()
        .forEach(vb -> {
          int v = vb[0];
          int b = vb[1];
          Damage damage = new Damage(written);
          damage.flipBit(written.offsets().get(v) * 8 + b);
          try {
            RangeReads.Result whole = checkDamagedFile(damage, new Random(b), 2,
                () -> "victim " + v + " (" + options.get(v) + ") header bit " + b);
            assertTrue(whole.records.size() >= records.size() - 1, "victim " + v + " bit " + b);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  private static TestData.Written uncheckedWrite(List<byte[]> records,
      List<WriterOptions> options) {
    try {
      return TestData.write(records, options);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static TestData.Written randomFile(Random rnd, int seed) throws IOException {
    int style = rnd.nextInt(4);
    int count = rnd.nextInt(4) == 0 ? rnd.nextInt(4) : 5 + rnd.nextInt(40);
    List<byte[]> records = new ArrayList<>();
    List<WriterOptions> options = new ArrayList<>();
    WriterOptions v1 = WriterOptions.defaults().withFormatVersion(FormatVersion.V1);
    WriterOptions v2 = WriterOptions.defaults();
    WriterOptions[] kinds;
    switch (style) {
      case 0: kinds = new WriterOptions[] {v1, v1.withCodec(Codec.GZIP)}; break;
      case 1: kinds = new WriterOptions[] {v2, v2.withCodec(Codec.GZIP), v2.withCodec(Codec.ZSTD)};
        break;
      case 2: kinds = new WriterOptions[] {v1}; break;
      default: kinds = new WriterOptions[] {v1, v1.withCodec(Codec.GZIP), v2,
          v2.withCodec(Codec.GZIP), v2.withCodec(Codec.ZSTD)};
    }
    for (int i = 0; i < count; i++) {
      int size = rnd.nextInt(5) == 0 ? rnd.nextInt(4) : rnd.nextInt(rnd.nextBoolean() ? 200 : 3000);
      records.add(rnd.nextBoolean() ? TestData.randomBytes(rnd, size)
          : TestData.compressible(rnd, size));
      options.add(kinds[rnd.nextInt(kinds.length)]);
    }
    // One file in forty holds a record larger than the read buffers, read without the window.
    if (seed % 40 == 7 && count > 0) {
      int at = rnd.nextInt(count);
      records.set(at, TestData.randomBytes(rnd, (1 << 20) + rnd.nextInt(1000)));
    }
    return TestData.write(records, options);
  }

  /** All the checks for one damaged file; returns the whole-file read. */
  static RangeReads.Result checkDamagedFile(Damage damage, Random rnd, int partitions,
      Supplier<String> ctx) throws IOException {
    byte[] file = damage.bytes();
    // Mostly small buffers: they make frames outgrow the window (the direct read path), and they
    // keep the many short reads of this test cheap.
    int b = rnd.nextInt(8);
    ReaderOptions options = b == 0 ? OPTIONS : b == 1 ? OPTIONS.withBufferBytes(16 << 10)
        : SMALL_BUFFER;
    RangeReads.Result whole = RangeReads.readWhole(file, options);

    // Nothing comes back that was not written, where it was written.
    for (RangeReads.Rec rec : whole.records) {
      Damage.Frame f = damage.frameAt(rec.offset());
      if (f == null) {
        fail(ctx.get() + "\nreturned a record at " + rec.offset() + " where no frame was written;"
            + " frames " + damage.frames());
      }
      if (!java.util.Arrays.equals(f.record, rec.payload())) {
        if (!selfConsistentV1(file, rec.offset(), rec.payload())) {
          fail(ctx.get() + "\nreturned altered content for " + f);
        }
        V1_UNDETECTABLE.incrementAndGet();
      }
    }
    // Every intact frame comes back.
    java.util.Set<Long> returned = new java.util.HashSet<>();
    whole.records.forEach(r -> returned.add(r.offset()));
    for (Damage.Frame f : damage.intactFrames()) {
      if (!returned.contains(f.offset)) {
        fail(ctx.get() + "\nlost intact " + f + "; regions " + whole.regions);
      }
    }
    Splits.assertTiles(whole, file, ctx);

    // Exactly once across partitions, including empty ranges and cuts at 0 and at the end.
    long[] hints = damage.frames().stream().mapToLong(f -> f.offset).toArray();
    for (int p = 0; p < partitions; p++) {
      long[] cuts = Splits.random(rnd, file.length, 2 + rnd.nextInt(15), hints);
      int maxRead = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(5000) : Integer.MAX_VALUE;
      RangeReads.Result parts = RangeReads.readPartition(file, cuts, options, maxRead);
      Splits.assertSameAsWhole(whole, parts,
          () -> ctx.get() + "\ncuts " + java.util.Arrays.toString(cuts) + " maxRead " + maxRead);
    }

    // A stream that cannot seek (say, a gunzipped file) sees the same.
    RangeReads.Result stream = RangeReads.readStream(file, options);
    assertEquals(whole.records, stream.records, () -> ctx.get() + "\nstream read differs");
    // Only the details may differ: a stream learns that a frame runs past its end by reading it.
    assertEquals(Splits.withoutDetail(whole.regions, "mem"),
        Splits.withoutDetail(stream.regions, "mem"),
        () -> ctx.get() + "\nstream regions differ");

    checkFailPolicy(file, options, whole, ctx);
    return whole;
  }

  /**
   * What the v1 format cannot detect: its header has no checksum of its own, so damage that leaves
   * a self-consistent v1 frame (magic, zero reserved bytes, and a CRC that matches the payload the
   * damaged length now frames) is a valid frame to any v1 reader. Two ways the random damage gets
   * there: a v1 gzip frame (CRC over the stored bytes) whose gzip bit is lost reads as an
   * uncompressed record holding the compressed bytes; a zeroed header with length 40 is an empty
   * record. v2 headers are checksummed, so this never excuses a v2 frame.
   */
  static boolean selfConsistentV1(byte[] file, long offset, byte[] payload) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file);
    int at = (int) offset;
    return b.getInt(at) == HandFrames.MAGIC && b.getLong(at + 4) == 40L + payload.length
        && b.getLong(at + 12) == HandFrames.crc32(payload) && b.getInt(at + 20) == 0
        && b.getLong(at + 24) == 0 && b.getLong(at + 32) == 0
        && java.util.Arrays.equals(payload,
            java.util.Arrays.copyOfRange(file, at + 40, at + 40 + payload.length));
  }

  /** Fail fast: the records before the first corrupt region, then an exception naming it. */
  private static void checkFailPolicy(byte[] file, ReaderOptions options,
      RangeReads.Result whole, Supplier<String> ctx) throws IOException {
    CorruptRegion first = whole.regions.stream().filter(r -> !r.isTornTail()).findFirst()
        .orElse(null);
    List<RangeReads.Rec> got = new ArrayList<>();
    CorruptRecordException thrown = null;
    try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(file), "mem", 0,
        Long.MAX_VALUE, options.withCorruptionPolicy(CorruptionPolicy.FAIL), null)) {
      while (reader.advance()) {
        got.add(new RangeReads.Rec(reader.offset(), reader.record()));
      }
    } catch (CorruptRecordException e) {
      thrown = e;
    }
    if (first == null) {
      assertEquals(null, thrown, ctx);
      assertEquals(whole.records, got, ctx);
      return;
    }
    assertNotNull(thrown, () -> ctx.get() + "\nfail policy did not fail on " + first);
    List<RangeReads.Rec> before = new ArrayList<>();
    for (RangeReads.Rec r : whole.records) {
      if (r.offset() < first.offset()) {
        before.add(r);
      }
    }
    assertEquals(before, got, ctx);
    assertEquals(first.offset(), thrown.offset(), ctx);
    assertEquals("mem", thrown.file(), ctx);
    assertEquals(first.reason(), thrown.reason(), ctx);
    assertEquals(first.expectedCrc().orElse(-1), thrown.expectedCrc(), ctx);
    assertEquals(first.actualCrc().orElse(-1), thrown.actualCrc(), ctx);
    assertTrue(thrown.getMessage().contains("mem") && thrown.getMessage().contains(
        "offset " + first.offset()), thrown.getMessage());
  }

  @Test
  void aDamagedPayloadIsReportedWithBothChecksums() throws IOException {
    byte[] payload = "the quick brown fox".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    TestData.Written written = TestData.write(List.of(payload, payload),
        WriterOptions.defaults());
    Damage damage = new Damage(written);
    damage.flipBit((40 + 3) * 8);
    RangeReads.Result whole = RangeReads.readWhole(damage.bytes(), ReaderOptions.defaults());
    assertEquals(1, whole.records.size());
    CorruptRegion r = whole.regions.get(0);
    assertEquals(CorruptRegion.Reason.PAYLOAD_CHECKSUM_MISMATCH, r.reason());
    assertEquals(HandFrames.crc32(payload), r.expectedCrc().getAsLong());
    byte[] damaged = payload.clone();
    damaged[3] ^= 1;
    assertEquals(HandFrames.crc32(damaged), r.actualCrc().getAsLong());
    assertEquals(0, r.offset());
    assertEquals(written.offsets().get(1), r.length());
    assertArrayEquals(payload, whole.records.get(0).payload());
  }
}
