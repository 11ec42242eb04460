package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record index: round trips, damaged data, stale and damaged indexes, batch reads. */
class PPRecordIndexTest {
  @TempDir Path dir;

  /** A record as a whole read returns it. */
  record Rec(long offset, byte[] bytes) {}

  static List<Rec> fullRead(Path file) throws IOException {
    List<Rec> out = new ArrayList<>();
    try (PPRecordReader reader = PPRecordReader.open(file)) {
      while (reader.advance()) {
        out.add(new Rec(reader.offset(), reader.record()));
      }
    }
    return out;
  }

  /** Every record by number, its offset, the split points, and one shuffled batch. */
  static void assertMatchesFullRead(PPRecordIndex index, List<Rec> full, Random rnd)
      throws IOException {
    assertEquals(full.size(), index.recordCount(), "record count");
    for (int n = 0; n < full.size(); n++) {
      assertEquals(full.get(n).offset(), index.offsetOf(n), "offset of record " + n);
      assertArrayEquals(full.get(n).bytes(), index.readRecord(n), "record " + n);
    }
    long[] ns = new long[full.size() * 2];
    for (int i = 0; i < ns.length; i++) {
      ns[i] = full.isEmpty() ? 0 : rnd.nextInt(full.size());
    }
    if (!full.isEmpty()) {
      List<byte[]> batch = index.readRecords(ns);
      assertEquals(ns.length, batch.size());
      for (int i = 0; i < ns.length; i++) {
        assertArrayEquals(full.get((int) ns[i]).bytes(), batch.get(i), "batch position " + i);
      }
    }
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void writerIndexRoundTripsAndEqualsABuiltOne() throws IOException {
    Random rnd = new Random(1);
    Path p = dir.resolve("w.ppr");
    List<byte[]> written = new ArrayList<>();
    try (PPRecordWriter w = PPRecordWriter.create(p,
        WriterOptions.defaults().withCodec(Codec.ZSTD).withIndex())) {
      for (int i = 0; i < 500; i++) {
        byte[] r = TestData.compressible(rnd, rnd.nextInt(2000));
        written.add(r);
        w.write(r);
      }
    }
    byte[] fromWriter = Files.readAllBytes(PPRecordIndex.indexPath(p));
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      assertEquals(500, index.recordCount());
      assertEquals(Files.size(p), index.dataLength());
      assertFalse(index.damaged());
      for (int n = 0; n < 500; n++) {
        assertArrayEquals(written.get(n), index.readRecord(n));
      }
    }
    PPRecordIndex.build(p).close();
    assertArrayEquals(fromWriter, Files.readAllBytes(PPRecordIndex.indexPath(p)),
        "the writer's index is the one a scan builds");
  }

  /** The worked example of FORMAT.md 10.6, byte for byte. */
  @Test
  void formatMdWorkedExample() throws IOException {
    Path p = file("hello", HandFrames.concat(HandFrames.v2Plain("hello".getBytes("US-ASCII")),
        HandFrames.v2Plain("hi".getBytes("US-ASCII"))));
    PPRecordIndex.build(p).close();
    String hex = "505049580000000100000000000000570000000000000002000000000000002d"
        + "8437467900000000000000000000000000000000000000000000000000000000"
        + "0000002d00000000b456e65a000000000000002d0000002a0000000084374679"
        + "4271ba8c";
    assertEquals(hex,
        java.util.HexFormat.of().formatHex(Files.readAllBytes(PPRecordIndex.indexPath(p))));
  }

  @Test
  void emptyFileAndWriterWithoutRecords() throws IOException {
    Path p = dir.resolve("empty.ppr");
    PPRecordWriter.create(p, WriterOptions.defaults().withIndex()).close();
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      assertEquals(0, index.recordCount());
      assertEquals(0, index.splitPoint(0));
      assertThrows(IndexOutOfBoundsException.class, () -> index.readRecord(0));
    }
    assertEquals(IndexFile.HEADER_SIZE + IndexFile.TRAILER_SIZE,
        Files.size(PPRecordIndex.indexPath(p)));
  }

  @Test
  void writersOnStreamsWriteNoIndex() throws IOException {
    Path p = dir.resolve("s.ppr");
    try (PPRecordWriter w = PPRecordWriter.to(Files.newOutputStream(p),
        WriterOptions.defaults().withIndex())) {
      w.write(new byte[] {1});
    }
    assertFalse(Files.exists(PPRecordIndex.indexPath(p)));
    assertThrows(NoSuchFileException.class, () -> PPRecordIndex.open(p));
  }

  /**
   * Mixed files (v1, v2, gzip, zstd, records above 1 MiB, v1 gzip with either CRC, a frame whose
   * payload fails its checksum) with random damage: every record by number equals the whole read.
   */
  @Test
  void everyRecordOfDamagedMixedFilesEqualsTheFullRead() throws IOException {
    for (int seed = 0; seed < 30; seed++) {
      Random rnd = new Random(seed);
      TestData.Written w = seed % 10 == 0 ? TestData.mixedWithLarge(rnd, 60)
          : TestData.mixed(rnd, 40 + rnd.nextInt(80), false);
      Damage d = new Damage(w);
      int changes = seed % 3 == 0 ? 0 : 1 + rnd.nextInt(4);
      for (int i = 0; i < changes; i++) {
        d.randomChange(rnd);
      }
      byte[] payload = TestData.randomBytes(rnd, 30);
      byte[] extra = HandFrames.concat(HandFrames.v1GzipCrcOfDecoded(payload),
          HandFrames.v2(payload, 40 + payload.length, HandFrames.crc32(payload) ^ 1, 0,
              payload.length),
          HandFrames.v1Plain(payload));
      Path p = file("m" + seed, HandFrames.concat(d.bytes(), extra));
      List<Rec> full = fullRead(p);
      ReadStats stats;
      try (PPRecordReader r = PPRecordReader.open(p)) {
        while (r.advance()) {
          // count
        }
        stats = r.stats();
      }
      String why = "seed " + seed + "\n" + d.log();
      try (PPRecordIndex index = PPRecordIndex.build(p)) {
        assertEquals(stats.corruptRegions(), index.corruptRegions(), why);
        assertEquals(stats.skippedBytes(), index.skippedBytes(), why);
        assertEquals(stats.corruptRegions() > 0, index.damaged(), why);
        assertEquals(stats.tornTail(), index.tornTail(), why);
        assertTrue(index.damaged(), "the bad-checksum frame is a corrupt region: " + why);
        assertMatchesFullRead(index, full, rnd);
      }
      try (PPRecordIndex index = PPRecordIndex.open(p)) {
        assertMatchesFullRead(index, full, rnd);
      }
    }
  }

  @Test
  void splitPointsReadEachRecordRangeWithTheRangeReader() throws IOException {
    Random rnd = new Random(3);
    Damage d = new Damage(TestData.mixed(rnd, 200, false));
    d.randomChange(rnd);
    d.insertGarbageBetweenFrames(rnd);
    Path p = file("split", d.bytes());
    List<Rec> full = fullRead(p);
    try (PPRecordIndex index = PPRecordIndex.build(p)) {
      int n = full.size();
      assertEquals(index.dataLength(), index.splitPoint(n));
      for (int t = 0; t < 200; t++) {
        int a = rnd.nextInt(n + 1);
        int b = a + rnd.nextInt(n - a + 1);
        List<Rec> got = new ArrayList<>();
        try (PPRecordReader r = PPRecordReader.open(p, index.splitPoint(a), index.splitPoint(b),
            ReaderOptions.defaults(), CorruptionListener.NONE)) {
          while (r.advance()) {
            got.add(new Rec(r.offset(), r.record()));
          }
        }
        assertEquals(b - a, got.size(), "records [" + a + ", " + b + ")");
        long[] offsets = index.offsets(a, b);
        for (int i = 0; i < got.size(); i++) {
          assertEquals(full.get(a + i).offset(), got.get(i).offset());
          assertEquals(full.get(a + i).offset(), offsets[i]);
          assertArrayEquals(full.get(a + i).bytes(), got.get(i).bytes());
        }
      }
    }
  }

  @Test
  void readRecordsInAnyOrderWithRepeatsAcrossSpans() throws IOException {
    Random rnd = new Random(4);
    // Records above 1 MiB and between them small ones: several coalesced spans and single reads.
    Path p = file("batch", TestData.mixedWithLarge(rnd, 300).bytes());
    List<Rec> full = fullRead(p);
    try (PPRecordIndex index = PPRecordIndex.build(p)) {
      for (int t = 0; t < 20; t++) {
        long[] ns = new long[1 + rnd.nextInt(3 * full.size())];
        for (int i = 0; i < ns.length; i++) {
          ns[i] = t % 2 == 0 ? rnd.nextInt(full.size()) : ns.length - 1 - i;
          ns[i] = Math.min(ns[i], full.size() - 1);
        }
        List<byte[]> got = index.readRecords(ns);
        for (int i = 0; i < ns.length; i++) {
          assertArrayEquals(full.get((int) ns[i]).bytes(), got.get(i), "position " + i);
        }
        // Repeats are arrays of their own.
        for (int i = 1; i < ns.length; i++) {
          if (ns[i] == ns[i - 1] && got.get(i).length > 0) {
            assertFalse(got.get(i) == got.get(i - 1));
          }
        }
      }
      assertEquals(0, index.readRecords(new long[0]).size());
      assertThrows(IndexOutOfBoundsException.class, () -> index.readRecords(new long[] {0, -1}));
      assertThrows(IndexOutOfBoundsException.class, () -> index.readRecord(full.size()));
    }
  }

  // ---- staleness -----------------------------------------------------------------------------

  @Test
  void anIndexIsExtendedOverAppendedRecordsAndSaved() throws IOException {
    Random rnd = new Random(5);
    Path p = dir.resolve("grow.ppr");
    try (PPRecordWriter w = PPRecordWriter.create(p, WriterOptions.defaults().withIndex())) {
      for (int i = 0; i < 100; i++) {
        w.write(TestData.randomBytes(rnd, rnd.nextInt(300)));
      }
    }
    try (PPRecordWriter w = PPRecordWriter.append(p,
        WriterOptions.defaults().withCodec(Codec.GZIP))) {
      for (int i = 0; i < 50; i++) {
        w.write(TestData.compressible(rnd, rnd.nextInt(300)));
      }
    }
    List<Rec> full = fullRead(p);
    assertEquals(150, full.size());
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      assertEquals(Files.size(p), index.dataLength());
      assertMatchesFullRead(index, full, rnd);
    }
    IndexFile.Contents saved = IndexFile.read(PPRecordIndex.indexPath(p));
    assertEquals(Files.size(p), saved.dataLength(), "the extended index was saved");
    assertEquals(150, saved.entries().size());
  }

  /** A torn tail, then frames appended after it: the extension finds them and counts the tail. */
  @Test
  void anIndexOfATornFileIsExtendedAfterAnAppend() throws IOException {
    Random rnd = new Random(6);
    TestData.Written w = TestData.mixed(rnd, 60, false);
    long cut = w.offsets().get(59) + 20;
    Path p = file("torn", Arrays.copyOf(w.bytes(), (int) cut));
    try (PPRecordIndex index = PPRecordIndex.build(p)) {
      assertTrue(index.tornTail());
      assertFalse(index.damaged());
      assertEquals(59, index.recordCount());
    }
    try (PPRecordWriter a = PPRecordWriter.append(p, WriterOptions.defaults().withIndex())) {
      for (int i = 0; i < 10; i++) {
        a.write(TestData.randomBytes(rnd, 100));
      }
    }
    List<Rec> full = fullRead(p);
    assertEquals(69, full.size());
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      assertFalse(index.tornTail());
      assertTrue(index.damaged(), "the torn frame is now a corrupt region");
      assertEquals(1, index.corruptRegions());
      assertMatchesFullRead(index, full, rnd);
    }
  }

  @Test
  void aWriterAppendingWithAnIndexExtendsOrBuildsIt() throws IOException {
    Random rnd = new Random(7);
    Path p = file("app", TestData.mixed(rnd, 30, false).bytes());
    // No index yet: the appending writer builds one.
    try (PPRecordWriter a = PPRecordWriter.append(p, WriterOptions.defaults().withIndex())) {
      a.write(new byte[] {1, 2, 3});
    }
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      assertMatchesFullRead(index, fullRead(p), rnd);
    }
    try (PPRecordWriter a = PPRecordWriter.append(p, WriterOptions.defaults().withIndex())) {
      a.write(new byte[] {4});
    }
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      assertEquals(32, index.recordCount());
      assertMatchesFullRead(index, fullRead(p), rnd);
    }
  }

  @Test
  void aDataFileChangedOtherThanByGrowingIsRefused() throws IOException {
    Random rnd = new Random(8);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(TestData.randomBytes(rnd, 50));
    }
    byte[] original = TestData.write(records, WriterOptions.defaults()).bytes();
    Path p = file("changed", original);
    PPRecordIndex.build(p).close();

    // The last record rewritten, same length.
    List<byte[]> other = new ArrayList<>(records);
    other.set(19, TestData.randomBytes(rnd, 50));
    Files.write(p, TestData.write(other, WriterOptions.defaults()).bytes());
    assertRefused(p, "is not the last one indexed");

    // Rewritten and longer: the old last frame is gone from its offset.
    other.add(0, new byte[] {9});
    Files.write(p, TestData.write(other, WriterOptions.defaults()).bytes());
    assertRefused(p, "is not the last one indexed");

    // Grown, with the last indexed frame's header intact but its payload changed.
    byte[] grown = HandFrames.concat(original, HandFrames.v2Plain(new byte[] {7}));
    grown[original.length - 1] ^= 1;
    Files.write(p, grown);
    assertRefused(p, "no longer reads the same");

    // Shorter.
    Files.write(p, Arrays.copyOf(original, original.length - 1));
    assertRefused(p, "fewer than the");
  }

  private static void assertRefused(Path p, String why) {
    IOException e = assertThrows(IOException.class, () -> PPRecordIndex.open(p).close());
    assertTrue(e.getMessage().startsWith(p + " changed since its record index"), e.getMessage());
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  /** A record in the middle changed in place: that read fails, the others still read. */
  @Test
  void aRecordChangedInPlaceFailsItsReadInsteadOfReturningAnother() throws IOException {
    Random rnd = new Random(9);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(TestData.randomBytes(rnd, 50));
    }
    Path p = file("inplace", TestData.write(records, WriterOptions.defaults()).bytes());
    PPRecordIndex.build(p).close();
    // Record 5 replaced by another valid frame of the same length; record 9's payload flipped.
    List<byte[]> other = new ArrayList<>(records);
    other.set(5, TestData.randomBytes(rnd, 50));
    byte[] changed = TestData.write(other, WriterOptions.defaults()).bytes();
    TestData.Written w = TestData.write(records, WriterOptions.defaults());
    changed[(int) (w.offsets().get(9) + 45)] ^= 1;
    Files.write(p, changed);
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      for (int n = 0; n < 20; n++) {
        if (n == 5 || n == 9) {
          int k = n;
          IOException e = assertThrows(IOException.class, () -> index.readRecord(k));
          assertTrue(e.getMessage().contains("changed since its record index"), e.getMessage());
          assertThrows(IOException.class, () -> index.readRecords(new long[] {0, k, 1}));
        } else {
          assertArrayEquals(records.get(n), index.readRecord(n));
        }
      }
    }
  }

  /** An index that leaves out a record between two others is refused, not misnumbered. */
  @Test
  void anIndexMissingARecordIsRefused() throws IOException {
    Random rnd = new Random(10);
    Damage d = new Damage(TestData.mixed(rnd, 30, false));
    d.zero(d.frames().get(10).offset, 40);
    Path p = file("missing", d.bytes());
    IndexFile.Contents c;
    try (PPRecordIndex index = PPRecordIndex.build(p)) {
      c = IndexFile.read(PPRecordIndex.indexPath(p));
      assertEquals(29, index.recordCount());
    }
    for (int drop : new int[] {0, 9, 10, 28}) {
      IndexEntries fewer = new IndexEntries(30);
      for (int i = 0; i < c.entries().size(); i++) {
        if (i != drop) {
          fewer.add(c.entries().offset(i), c.entries().frameLength(i),
              c.entries().fingerprint(i));
        }
      }
      Files.write(PPRecordIndex.indexPath(p), IndexFile.encode(new IndexFile.Contents(
          c.dataLength(), c.flags(), c.corruptRegions(), c.skippedBytes(), fewer)));
      assertRefused(p, "that the index does not list");
    }
  }

  // ---- damaged index files -------------------------------------------------------------------

  /** Every single-bit flip of an index file, and every truncation, is refused in one line. */
  @Test
  void everyBitFlipAndTruncationOfAnIndexIsRefused() throws IOException {
    Random rnd = new Random(11);
    Damage d = new Damage(TestData.mixed(rnd, 8, false));
    d.insertGarbageBetweenFrames(rnd);
    Path p = file("flip", d.bytes());
    PPRecordIndex.build(p).close();
    Path idx = PPRecordIndex.indexPath(p);
    byte[] good = Files.readAllBytes(idx);
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] bad = good.clone();
      bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
      Files.write(idx, bad);
      assertDamagedIndex(p, idx);
    }
    for (int len = 0; len < good.length; len++) {
      Files.write(idx, Arrays.copyOf(good, len));
      assertDamagedIndex(p, idx);
    }
    Files.write(idx, HandFrames.concat(good, new byte[] {0}));
    assertDamagedIndex(p, idx);
    Files.write(idx, good);
    PPRecordIndex.open(p).close();
  }

  private static void assertDamagedIndex(Path data, Path idx) {
    IOException e = assertThrows(IOException.class, () -> PPRecordIndex.open(data).close());
    assertTrue(e.getMessage().startsWith(idx + ": damaged record index: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  @Test
  void aMissingIndexSaysHowToBuildOne() {
    Path p = dir.resolve("none.ppr");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> PPRecordIndex.open(p));
    assertTrue(e.getMessage().contains("none.ppr.ppidx"), e.getMessage());
  }

  /** Writers on several threads: the index still lists each frame, in file order. */
  @Test
  void concurrentWritersProduceAnExactIndex() throws Exception {
    Path p = dir.resolve("threads.ppr");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (PPRecordWriter w = PPRecordWriter.create(p,
        WriterOptions.defaults().withCodec(Codec.GZIP).withBufferBytes(4096).withIndex())) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        done.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          for (int i = 0; i < 300; i++) {
            w.write(TestData.compressible(rnd, rnd.nextInt(500)));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    byte[] fromWriter = Files.readAllBytes(PPRecordIndex.indexPath(p));
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      assertMatchesFullRead(index, fullRead(p), new Random(12));
    }
    PPRecordIndex.build(p).close();
    assertArrayEquals(fromWriter, Files.readAllBytes(PPRecordIndex.indexPath(p)));
  }
}
