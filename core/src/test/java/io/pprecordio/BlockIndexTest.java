package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record index over files with block frames: every record by number, ranges, staleness. */
class BlockIndexTest {
  @TempDir Path dir;

  record Rec(RecordAddress address, byte[] bytes) {}

  static List<Rec> fullRead(Path file) throws IOException {
    List<Rec> out = new ArrayList<>();
    try (PPRecordReader reader = PPRecordReader.open(file)) {
      while (reader.advance()) {
        out.add(new Rec(reader.address(), reader.record()));
      }
    }
    return out;
  }

  static void assertMatchesFullRead(PPRecordIndex index, List<Rec> full, Random rnd)
      throws IOException {
    assertEquals(full.size(), index.recordCount());
    for (int n = 0; n < full.size(); n++) {
      assertEquals(full.get(n).address(), index.addressOf(n), "address of record " + n);
      assertArrayEquals(full.get(n).bytes(), index.readRecord(n), "record " + n);
    }
    long[] ns = new long[full.size() * 2];
    for (int i = 0; i < ns.length; i++) {
      ns[i] = rnd.nextInt(full.size());
    }
    List<byte[]> batch = index.readRecords(ns);
    for (int i = 0; i < ns.length; i++) {
      assertArrayEquals(full.get((int) ns[i]).bytes(), batch.get(i), "batch position " + i);
    }
    for (int k = 0; k < 20; k++) {
      int a = rnd.nextInt(full.size() + 1);
      int b = a + rnd.nextInt(full.size() - a + 1);
      List<Rec> got = new ArrayList<>();
      try (PPRecordReader r = index.openRecords(a, b)) {
        while (r.advance()) {
          got.add(new Rec(r.address(), r.record()));
        }
      }
      assertEquals(b - a, got.size(), "records [" + a + ", " + b + ")");
      for (int i = 0; i < got.size(); i++) {
        assertEquals(full.get(a + i).address(), got.get(i).address());
        assertArrayEquals(full.get(a + i).bytes(), got.get(i).bytes());
      }
    }
  }

  private static byte[] write(List<byte[]> records, WriterOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PPRecordWriter w = PPRecordWriter.to(out, options)) {
      for (byte[] r : records) {
        w.write(r);
      }
    }
    return out.toByteArray();
  }

  @Test
  void theWritersIndexOfABlockFileEqualsABuiltOne() throws IOException {
    Random rnd = new Random(1);
    Path p = dir.resolve("b.ppr");
    try (PPRecordWriter w = PPRecordWriter.create(p,
        WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(37, 4000).withIndex())) {
      for (int i = 0; i < 700; i++) {
        w.write(TestData.compressible(rnd, rnd.nextInt(300)));
        if (i % 250 == 0) {
          w.flush(); // a short block
        }
      }
    }
    byte[] fromWriter = Files.readAllBytes(PPRecordIndex.indexPath(p));
    List<Rec> full = fullRead(p);
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      assertMatchesFullRead(index, full, rnd);
    }
    PPRecordIndex.build(p).close();
    assertArrayEquals(fromWriter, Files.readAllBytes(PPRecordIndex.indexPath(p)));
  }

  /** Plain frames, blocks of every codec, a damaged block and a bad frame: every n is right. */
  @Test
  void everyRecordOfAMixedDamagedFileEqualsTheFullRead() throws IOException {
    for (int seed = 0; seed < 12; seed++) {
      Random rnd = new Random(seed);
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      WriterOptions[] kinds = {
        WriterOptions.defaults(), WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(9, 900),
        WriterOptions.defaults().withCodec(Codec.GZIP).withBlock(4, 500),
        WriterOptions.defaults().withBlock(6, 10_000),
        WriterOptions.defaults().withFormatVersion(FormatVersion.V1),
      };
      for (int part = 0; part < 6; part++) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 5 + rnd.nextInt(30); i++) {
          records.add(TestData.compressible(rnd, rnd.nextInt(200)));
        }
        byte[] bytes = write(records, kinds[rnd.nextInt(kinds.length)]);
        if (part == 2) {
          bytes[40 + rnd.nextInt(bytes.length - 40)] ^= 0x10; // damage inside the first frame
        }
        file.write(bytes);
      }
      Path p = dir.resolve("m" + seed);
      Files.write(p, file.toByteArray());
      List<Rec> full = fullRead(p);
      try (PPRecordIndex index = PPRecordIndex.build(p)) {
        assertTrue(index.damaged(), "seed " + seed);
        assertMatchesFullRead(index, full, rnd);
      }
      try (PPRecordIndex index = PPRecordIndex.open(p)) {
        assertMatchesFullRead(index, full, rnd);
      }
    }
  }

  @Test
  void anIndexIsExtendedOverAppendedBlocks() throws IOException {
    Random rnd = new Random(3);
    Path p = dir.resolve("grow.ppr");
    WriterOptions blocks = WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(10, 1 << 20);
    try (PPRecordWriter w = PPRecordWriter.create(p, blocks.withIndex())) {
      for (int i = 0; i < 25; i++) {
        w.write(TestData.compressible(rnd, 50));
      }
    }
    try (PPRecordWriter w = PPRecordWriter.append(p, blocks)) {
      for (int i = 0; i < 13; i++) {
        w.write(TestData.compressible(rnd, 50));
      }
    }
    List<Rec> full = fullRead(p);
    assertEquals(38, full.size());
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      assertMatchesFullRead(index, full, rnd);
    }
    assertEquals(38, IndexFile.read(PPRecordIndex.indexPath(p)).entries().size());
  }

  @Test
  void aBlockChangedInPlaceFailsTheReadInsteadOfReturningAnotherRecord() throws IOException {
    Path p = dir.resolve("c.ppr");
    try (PPRecordWriter w = PPRecordWriter.create(p,
        WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(5, 1 << 20).withIndex())) {
      for (int i = 0; i < 15; i++) {
        w.write(("record " + i).getBytes());
      }
    }
    List<Rec> full = fullRead(p);
    byte[] bytes = Files.readAllBytes(p);
    long second = full.get(5).address().frameOffset();
    bytes[(int) second + 41] ^= 1;
    Files.write(p, bytes);
    try (PPRecordIndex index = PPRecordIndex.open(p)) {
      assertArrayEquals(full.get(4).bytes(), index.readRecord(4));
      IOException e = assertThrows(IOException.class, () -> index.readRecord(7));
      assertTrue(e.getMessage().contains("changed since its record index"), e.getMessage());
      assertArrayEquals(full.get(12).bytes(), index.readRecord(12));
    }
  }

  @Test
  void openRecordsReadsExactlyTheCountAskedForFromAnyAddress() throws IOException {
    Path p = dir.resolve("o.ppr");
    try (PPRecordWriter w = PPRecordWriter.create(p,
        WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(4, 1 << 20))) {
      for (int i = 0; i < 10; i++) {
        w.write(("r" + i).getBytes());
      }
    }
    List<Rec> full = fullRead(p);
    for (int a = 0; a < full.size(); a++) {
      for (int count = 0; a + count <= full.size() + 1; count++) {
        List<String> got = new ArrayList<>();
        try (PPRecordReader r = PPRecordReader.openRecords(
            java.nio.channels.FileChannel.open(p), p.toString(), full.get(a).address(), count,
            ReaderOptions.defaults(), null)) {
          while (r.advance()) {
            got.add(new String(r.record()));
          }
        }
        List<String> expected = new ArrayList<>();
        for (int i = a; i < Math.min(full.size(), a + count); i++) {
          expected.add("r" + i);
        }
        assertEquals(expected, got, "from " + a + " count " + count);
      }
    }
    // An address that holds no record is refused, naming the file.
    RecordAddress nowhere = new RecordAddress(full.get(0).address().frameOffset(), 9);
    CorruptRecordException e = assertThrows(CorruptRecordException.class,
        () -> PPRecordReader.openRecords(java.nio.channels.FileChannel.open(p), p.toString(),
            nowhere, 1, ReaderOptions.defaults(), null));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
  }

  @Test
  void entriesInsideABlockMustFollowEachOther() throws IOException {
    Path p = dir.resolve("e.ppr");
    try (PPRecordWriter w = PPRecordWriter.create(p,
        WriterOptions.defaults().withBlock(4, 1 << 20).withIndex())) {
      for (int i = 0; i < 8; i++) {
        w.write(("r" + i).getBytes());
      }
    }
    byte[] good = Files.readAllBytes(PPRecordIndex.indexPath(p));
    // Entry 2's index within block: 2. Make it 3 (a skipped record), 0 (a second frame at the
    // same offset) and 7 (past the block); each is refused with the index file's name.
    for (int bad : new int[] {3, 0, 7}) {
      byte[] idx = good.clone();
      ByteBuffer.wrap(idx).putInt(IndexFile.HEADER_SIZE + 2 * IndexFile.ENTRY_SIZE + 12, bad);
      ByteBuffer.wrap(idx).putInt(idx.length - 4, (int) HandFrames.crc32(idx, 0, idx.length - 4));
      IOException e = assertThrows(IOException.class, () -> IndexFile.decode(idx, "x.ppidx"));
      assertTrue(e.getMessage().startsWith("x.ppidx: damaged record index"), e.getMessage());
    }
  }
}
