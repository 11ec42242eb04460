package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block mode (FORMAT.md 3.4): records gathered into compressed block frames read back exactly,
 * from every cut point and every partition, through damage inside blocks and torn blocks, and
 * with records that hold pp_recordio files themselves.
 */
class BlockModeTest {
  private static final ReaderOptions SMALL = ReaderOptions.defaults().withBufferBytes(4096);
  private static final WriterOptions V2 = WriterOptions.defaults();

  static List<WriterOptions> blockOptions() {
    return List.of(
        V2.withCodec(Codec.ZSTD).withBlock(),
        V2.withCodec(Codec.ZSTD).withBlock(7, 1 << 20),
        V2.withCodec(Codec.GZIP).withBlock(5, 300),
        V2.withBlock(3, 100), // uncompressed blocks: only the headers are saved
        V2.withCodec(Codec.ZSTD).withBlock(1, 1),
        V2.withCodec(Codec.ZSTD).withBlock(50, 2000).withBufferBytes(1024));
  }

  /** Writes records with the real writer into memory. */
  static byte[] write(List<byte[]> records, WriterOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PPRecordWriter w = PPRecordWriter.to(out, options)) {
      for (byte[] r : records) {
        w.write(r);
      }
    }
    return out.toByteArray();
  }

  static List<byte[]> records(Random rnd, int count) {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int size = rnd.nextInt(6) == 0 ? 0 : rnd.nextInt(rnd.nextInt(8) == 0 ? 3000 : 150);
      records.add(rnd.nextBoolean() ? TestData.compressible(rnd, size)
          : TestData.randomBytes(rnd, size));
    }
    return records;
  }

  /** A record and its address, for comparing reads. */
  record Addressed(RecordAddress address, byte[] payload) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Addressed a && a.address.equals(address)
          && Arrays.equals(a.payload, payload);
    }

    @Override
    public int hashCode() {
      return address.hashCode();
    }
  }

  static List<Addressed> readAddressed(byte[] file, long start, long end, ReaderOptions o,
      List<CorruptRegion> regions) throws IOException {
    List<Addressed> out = new ArrayList<>();
    try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(file), "mem", start, end,
        o, regions == null ? null : regions::add)) {
      while (reader.advance()) {
        assertEquals(reader.offset(), reader.address().frameOffset());
        assertEquals(reader.indexInBlock(), reader.address().indexInBlock());
        byte[] viaCopy = new byte[reader.recordLength()];
        reader.copyRecordTo(viaCopy, 0);
        ByteBuffer view = reader.recordView();
        byte[] viaView = new byte[view.remaining()];
        view.get(viaView);
        byte[] r = reader.record();
        assertArrayEquals(r, viaCopy);
        assertArrayEquals(r, viaView);
        out.add(new Addressed(reader.address(), r));
      }
    }
    return out;
  }

  @Test
  void recordsComeBackInOrderWithTheirAddresses() throws IOException {
    Random rnd = new Random(1);
    for (WriterOptions options : blockOptions()) {
      List<byte[]> records = records(rnd, 120);
      byte[] file = write(records, options);
      for (ReaderOptions ro : List.of(ReaderOptions.defaults(), SMALL)) {
        List<Addressed> got = readAddressed(file, 0, Long.MAX_VALUE, ro, null);
        assertEquals(records.size(), got.size(), options.toString());
        long frames = got.stream().filter(a -> a.address.indexInBlock() == 0).count();
        for (int i = 0; i < records.size(); i++) {
          assertArrayEquals(records.get(i), got.get(i).payload(), options + " record " + i);
          if (i > 0) {
            assertTrue(got.get(i - 1).address().compareTo(got.get(i).address()) < 0);
          }
        }
        assertTrue(frames <= records.size(), options.toString());
        if (options.blockRecords() > 1) {
          assertTrue(frames < records.size(), options + ": no record shared a block");
        }
        // readRecordAt reaches every record by its address.
        try (MemoryChannel ch = new MemoryChannel(file)) {
          for (Addressed a : got) {
            assertArrayEquals(a.payload(), PPRecordReader.readRecordAt(ch, "mem", a.address(),
                ro));
          }
        }
      }
    }
  }

  /** FORMAT.md 3.4's worked example, byte for byte, from the writer. */
  @Test
  void formatMdWorkedExample() throws IOException {
    byte[] file = write(List.of("hello".getBytes("US-ASCII"), "hi".getBytes("US-ASCII")),
        V2.withBlock());
    String hex = "deadbeef00000000" + "0000003700000000" + "1ac6895800020004"
        + "5050523200000000" + "0000000fd7b1b4e2" + "0000000500000002" + "68656c6c6f6869";
    assertEquals(hex, java.util.HexFormat.of().formatHex(file));
  }

  @Test
  void theWriterReturnsTheOffsetOfTheBlockEachRecordJoins() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Long> offsets = new ArrayList<>();
    try (PPRecordWriter w = PPRecordWriter.to(out, V2.withCodec(Codec.ZSTD).withBlock(4, 1000))) {
      for (int i = 0; i < 10; i++) {
        offsets.add(w.write(("record " + i).getBytes()));
      }
      assertEquals(10, w.records());
    }
    List<Addressed> got = readAddressed(out.toByteArray(), 0, Long.MAX_VALUE,
        ReaderOptions.defaults(), null);
    for (int i = 0; i < 10; i++) {
      assertEquals(new RecordAddress(offsets.get(i), i % 4), got.get(i).address());
    }
  }

  @Test
  void everyCutPointReturnsEveryRecordOnce() throws IOException {
    Random rnd = new Random(2);
    for (WriterOptions options : blockOptions()) {
      byte[] file = write(records(rnd, 30), options);
      List<Addressed> whole = readAddressed(file, 0, Long.MAX_VALUE, SMALL, null);
      IntStream.rangeClosed(0, file.length).parallel().forEach(cut -> {
        try {
          List<Addressed> parts = new ArrayList<>(readAddressed(file, 0, cut, SMALL, null));
          parts.addAll(readAddressed(file, cut, file.length, SMALL, null));
          assertEquals(whole, parts, options + " cut " + cut);
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
    }
  }

  /** Damage inside blocks, torn blocks and random partitions, checked as for single records. */
  @Test
  void damagedBlocksCostThemselvesOnly() {
    IntStream.range(0, 600).parallel().forEach(seed -> {
      try {
        damagedFileProperty(seed);
      } catch (IOException e) {
        throw new AssertionError("seed " + seed, e);
      }
    });
  }

  private static void damagedFileProperty(int seed) throws IOException {
    Random rnd = new Random(seed);
    WriterOptions options = blockOptions().get(rnd.nextInt(blockOptions().size()));
    // Some files mix block frames with frames of one record.
    List<byte[]> records = records(rnd, 5 + rnd.nextInt(60));
    byte[] clean = rnd.nextInt(3) == 0
        ? concat(write(records.subList(0, records.size() / 2), options),
            write(records.subList(records.size() / 2, records.size()), V2.withCodec(Codec.ZSTD)))
        : write(records, options);
    List<Addressed> written = readAddressed(clean, 0, Long.MAX_VALUE, SMALL, null);
    assertEquals(records.size(), written.size());
    Map<RecordAddress, byte[]> byAddress = new HashMap<>();
    written.forEach(a -> byAddress.put(a.address(), a.payload()));
    long[] frameStarts = written.stream().filter(a -> a.address().indexInBlock() == 0)
        .mapToLong(a -> a.address().frameOffset()).toArray();

    byte[] file = clean.clone();
    StringBuilder log = new StringBuilder();
    int changes = 1 + rnd.nextInt(3);
    int length = file.length;
    for (int c = 0; c < changes; c++) {
      int kind = rnd.nextInt(4);
      if (kind == 0) {
        int bit = rnd.nextInt(length * 8);
        file[bit / 8] ^= (byte) (1 << (bit % 8));
        log.append(" flip bit ").append(bit);
      } else if (kind == 1) {
        int at = rnd.nextInt(length);
        int n = Math.min(length - at, 1 + rnd.nextInt(80));
        Arrays.fill(file, at, at + n, (byte) 0);
        log.append(" zero ").append(at).append('+').append(n);
      } else if (kind == 2 && frameStarts.length > 0) {
        // Flip inside a block's payload, away from its header.
        int f = rnd.nextInt(frameStarts.length);
        long start = frameStarts[f] + 40;
        long end = f + 1 < frameStarts.length ? frameStarts[f + 1] : length;
        if (end > start) {
          int at = (int) (start + rnd.nextInt((int) (end - start)));
          file[at] ^= (byte) (1 + rnd.nextInt(255));
          log.append(" payload byte ").append(at);
        }
      } else {
        length = rnd.nextInt(length + 1); // a torn block, or a clean cut
        log.append(" truncate to ").append(length);
      }
    }
    byte[] damaged = Arrays.copyOf(file, length);
    Supplier<String> ctx = () -> "seed " + seed + " " + options + log;

    List<CorruptRegion> regions = new ArrayList<>();
    List<Addressed> whole = readAddressed(damaged, 0, Long.MAX_VALUE, SMALL, regions);
    // Nothing comes back that was not written, where it was written.
    for (Addressed a : whole) {
      byte[] expected = byAddress.get(a.address());
      if (expected == null || !Arrays.equals(expected, a.payload())) {
        fail(ctx.get() + ": returned a record at " + a.address() + " that was not written there");
      }
    }
    // Every intact frame comes back whole: all of its records.
    for (int f = 0; f < frameStarts.length; f++) {
      long start = frameStarts[f];
      long end = f + 1 < frameStarts.length ? frameStarts[f + 1] : clean.length;
      if (end <= damaged.length && Arrays.equals(clean, (int) start, (int) end, damaged,
          (int) start, (int) end)) {
        long expected = written.stream().filter(a -> a.address().frameOffset() == start).count();
        long got = whole.stream().filter(a -> a.address().frameOffset() == start).count();
        assertEquals(expected, got, () -> ctx.get() + ": intact frame at " + start);
      }
    }
    // Partitions, including cuts inside blocks, return the same records and regions.
    for (int p = 0; p < 3; p++) {
      long[] cuts = Splits.random(rnd, damaged.length, 2 + rnd.nextInt(10), frameStarts);
      List<Addressed> parts = new ArrayList<>();
      List<CorruptRegion> partRegions = new ArrayList<>();
      long start = 0;
      for (int i = 0; i <= cuts.length; i++) {
        long end = i < cuts.length ? cuts[i] : damaged.length;
        parts.addAll(readAddressed(damaged, start, end, SMALL, partRegions));
        start = end;
      }
      long[] c = cuts;
      assertEquals(whole, parts, () -> ctx.get() + " cuts " + Arrays.toString(c));
      assertEquals(regions, partRegions, () -> ctx.get() + " cuts " + Arrays.toString(c));
    }
    // Records and regions tile the file.
    RangeReads.Result asResult = new RangeReads.Result();
    whole.forEach(a -> asResult.records.add(new RangeReads.Rec(a.address().frameOffset(),
        a.payload())));
    asResult.regions.addAll(regions);
    Splits.assertTiles(asResult, damaged, ctx);
    // A stream sees the same records.
    List<Addressed> stream = new ArrayList<>();
    try (PPRecordReader reader = PPRecordReader.open(java.nio.channels.Channels.newChannel(
        new java.io.ByteArrayInputStream(damaged)), "stream", 0, Long.MAX_VALUE, SMALL, null)) {
      while (reader.advance()) {
        stream.add(new Addressed(reader.address(), reader.record()));
      }
    }
    assertEquals(whole, stream, () -> ctx.get() + ": stream differs");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aCorruptBlockIsOneRegionThatSaysHowManyRecordsItHeld() throws IOException {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      records.add(("{\"id\":" + i + ",\"name\":\"record " + i + "\"}").getBytes());
    }
    byte[] file = write(records, V2.withCodec(Codec.ZSTD).withBlock(10, 1 << 20));
    List<Addressed> clean = readAddressed(file, 0, Long.MAX_VALUE, SMALL, null);
    long second = clean.get(10).address().frameOffset();
    file[(int) second + 45] ^= 0x40;
    List<CorruptRegion> regions = new ArrayList<>();
    List<Addressed> got = readAddressed(file, 0, Long.MAX_VALUE, SMALL, regions);
    assertEquals(20, got.size());
    assertEquals(1, regions.size());
    CorruptRegion region = regions.get(0);
    assertEquals(second, region.offset());
    assertEquals(clean.get(20).address().frameOffset() - second, region.length());
    assertEquals(CorruptRegion.Reason.PAYLOAD_CHECKSUM_MISMATCH, region.reason());
    assertTrue(region.detail().contains("a block of 10 records is lost"), region.detail());
    // Under the fail policy the error names the block too.
    CorruptRecordException e = assertThrows(CorruptRecordException.class,
        () -> readAddressed(file, 0, Long.MAX_VALUE,
            SMALL.withCorruptionPolicy(CorruptionPolicy.FAIL), null));
    assertEquals(second, e.offset());
    assertTrue(e.getMessage().contains("mem") && e.getMessage().contains("10 records"),
        e.getMessage());
  }

  @Test
  void aWellSealedButMalformedBlockIsRejectedWhole() throws IOException {
    // A block whose lengths do not add up, with checksums that match: a broken writer's output.
    byte[] content = new byte[4 * 2 + 5];
    FrameFormat.putInt(content, 0, 2);
    FrameFormat.putInt(content, 4, 2); // 2 + 2 != 5
    byte[] frame = new byte[40 + content.length];
    FrameFormat.encodeHeader(frame, 0, FormatVersion.V2, content.length,
        FrameFormat.crc32(content, 0, content.length), FrameFormat.blockFlags(Codec.NONE, 2),
        content.length);
    System.arraycopy(content, 0, frame, 40, content.length);
    byte[] good = write(List.of("after".getBytes()), V2);
    byte[] file = concat(frame, good);
    List<CorruptRegion> regions = new ArrayList<>();
    List<Addressed> got = readAddressed(file, 0, Long.MAX_VALUE, SMALL, regions);
    assertEquals(1, got.size());
    assertArrayEquals("after".getBytes(), got.get(0).payload());
    assertEquals(1, regions.size());
    assertEquals(CorruptRegion.Reason.DECODE_FAILED, regions.get(0).reason());
    assertEquals(0, regions.get(0).offset());
    assertEquals(frame.length, regions.get(0).length());
    assertTrue(regions.get(0).detail().contains("malformed block"), regions.get(0).detail());
  }

  @Test
  void nestedFilesInsideBlocksNeverSurfaceFromAnyOffset() throws IOException {
    // Records that are pp_recordio files themselves, in uncompressed blocks: the writer must
    // escape them, or a range starting inside the block would read the inner frames.
    byte[] inner = write(List.of("inner one".getBytes(), "inner two".getBytes()), V2);
    byte[] innerV1 = write(List.of("old".getBytes()), V2.withFormatVersion(FormatVersion.V1));
    byte[] innerBlock = write(List.of("a".getBytes(), "b".getBytes()),
        V2.withCodec(Codec.ZSTD).withBlock());
    List<byte[]> records = List.of(inner, "plain".getBytes(), innerV1, innerBlock,
        Arrays.copyOf(inner, inner.length - 1), concat(inner, innerV1));
    for (WriterOptions options : List.of(V2.withBlock(4, 1 << 20), V2.withBlock(),
        V2.withCodec(Codec.ZSTD).withBlock(2, 100), V2.withCodec(Codec.GZIP).withBlock())) {
      byte[] file = write(records, options);
      List<Addressed> whole = readAddressed(file, 0, Long.MAX_VALUE, SMALL, null);
      assertEquals(records.size(), whole.size());
      for (int i = 0; i < records.size(); i++) {
        assertArrayEquals(records.get(i), whole.get(i).payload());
      }
      for (int cut = 0; cut <= file.length; cut++) {
        List<CorruptRegion> regions = new ArrayList<>();
        List<Addressed> parts = new ArrayList<>(readAddressed(file, 0, cut, SMALL, regions));
        parts.addAll(readAddressed(file, cut, file.length, SMALL, regions));
        assertEquals(whole, parts, options + " cut " + cut);
        assertEquals(List.of(), regions, options + " cut " + cut);
      }
    }
  }

  @Test
  void flushClosesTheOpenBlockSoAReaderSeesEveryFlushedRecord(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("f.pprecordio");
    try (PPRecordWriter w = PPRecordWriter.create(file, V2.withCodec(Codec.ZSTD).withBlock())) {
      w.write("one".getBytes());
      w.write("two".getBytes());
      assertEquals(0, Files.size(file), "a block is not written before it is closed");
      w.flush();
      assertEquals(List.of("one", "two"), readAll(file));
      w.write("three".getBytes());
      w.sync();
      assertEquals(List.of("one", "two", "three"), readAll(file));
      w.write("four".getBytes());
    }
    assertEquals(List.of("one", "two", "three", "four"), readAll(file));
  }

  @Test
  void appendingAfterATornBlockKeepsEverythingElse(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.pprecordio");
    WriterOptions options = V2.withCodec(Codec.ZSTD).withBlock(3, 1 << 20);
    try (PPRecordWriter w = PPRecordWriter.create(file, options)) {
      for (int i = 0; i < 6; i++) {
        w.write(("r" + i).getBytes());
      }
    }
    long size = Files.size(file);
    // The second block loses its last bytes, as if the writer died mid-write.
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(size - 5);
    }
    try (PPRecordWriter w = PPRecordWriter.append(file, options)) {
      w.write("after".getBytes());
    }
    List<CorruptRegion> regions = new ArrayList<>();
    List<String> got = new ArrayList<>();
    try (PPRecordReader r = PPRecordReader.open(file, ReaderOptions.defaults(),
        regions::add)) {
      while (r.advance()) {
        got.add(new String(r.record()));
      }
    }
    assertEquals(List.of("r0", "r1", "r2", "after"), got);
    assertEquals(1, regions.size());
  }

  @Test
  void concurrentWritersNeverLoseOrMixRecords() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int threads = 4;
    int each = 2000;
    try (PPRecordWriter w = PPRecordWriter.to(out, V2.withCodec(Codec.ZSTD).withBlock(64, 4096))) {
      Thread[] ts = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int id = t;
        ts[t] = new Thread(() -> {
          try {
            for (int i = 0; i < each; i++) {
              w.write(("t" + id + "-" + i).getBytes());
              if (i % 500 == 0) {
                w.flush();
              }
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        ts[t].start();
      }
      for (Thread t : ts) {
        t.join();
      }
    }
    List<Addressed> got = readAddressed(out.toByteArray(), 0, Long.MAX_VALUE,
        ReaderOptions.defaults(), null);
    assertEquals(threads * each, got.size());
    int[] next = new int[threads];
    for (Addressed a : got) {
      String s = new String(a.payload());
      int t = s.charAt(1) - '0';
      assertEquals("t" + t + "-" + next[t], s, "each thread's records stay in its order");
      next[t]++;
    }
  }

  @Test
  void aRecordLargerThanTheBlockSizeGetsABlockOfItsOwn() throws IOException {
    byte[] big = TestData.randomBytes(new Random(3), 10_000);
    List<byte[]> records = List.of("a".getBytes(), big, "b".getBytes());
    byte[] file = write(records, V2.withCodec(Codec.ZSTD).withBlock(100, 1000));
    List<Addressed> got = readAddressed(file, 0, Long.MAX_VALUE, SMALL, null);
    assertEquals(3, got.size());
    assertEquals(0, got.get(1).address().indexInBlock());
    assertArrayEquals(big, got.get(1).payload());
    assertTrue(got.get(0).address().frameOffset() < got.get(1).address().frameOffset());
    assertTrue(got.get(1).address().frameOffset() < got.get(2).address().frameOffset());
  }

  @Test
  void blockSettingsAreValidatedInCore() {
    assertThrows(IllegalArgumentException.class, () -> V2.withBlock(0, 10));
    assertThrows(IllegalArgumentException.class, () -> V2.withBlock(10, 0));
    assertThrows(IllegalArgumentException.class,
        () -> V2.withBlock(WriterOptions.MAX_BLOCK_RECORDS + 1, 10));
    assertThrows(IllegalArgumentException.class,
        () -> V2.withBlock(10, WriterOptions.MAX_BLOCK_BYTES + 1));
    IllegalArgumentException v1 = assertThrows(IllegalArgumentException.class,
        () -> V2.withFormatVersion(FormatVersion.V1).withBlock());
    assertTrue(v1.getMessage().contains("original pp-recordio package"), v1.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> V2.withBlock().withFormatVersion(FormatVersion.V1));
    assertEquals(V2, V2.withBlock().withoutBlock());
  }

  @Test
  void aBlockAboveTheRecordLimitIsAnErrorNotASkip() throws IOException {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(new byte[100]);
    }
    byte[] file = write(records, V2.withCodec(Codec.ZSTD).withBlock(20, 1 << 20));
    ReaderOptions tight = ReaderOptions.defaults().withMaxRecordBytes(1000);
    RecordTooLargeException e = assertThrows(RecordTooLargeException.class,
        () -> readAddressed(file, 0, Long.MAX_VALUE, tight, null));
    assertTrue(e.getMessage().contains("mem"), e.getMessage());
    // Within the limit the same block reads.
    assertEquals(20, readAddressed(file, 0, Long.MAX_VALUE,
        ReaderOptions.defaults().withMaxRecordBytes(2000), null).size());
  }

  @Test
  void recordKeysAreUniqueAndReversible() {
    for (RecordAddress a : List.of(RecordAddress.of(0), RecordAddress.of(12345),
        new RecordAddress(12345, 1), new RecordAddress((1L << 48) - 1, 32767))) {
      if (a.indexInBlock() == 0) {
        assertEquals(a.frameOffset(), a.key(), "a record alone keeps its offset as its key");
      }
      assertEquals(a, RecordAddress.ofKey(a.key()));
      assertTrue(a.key() >= 0);
    }
    assertThrows(IllegalStateException.class, () -> new RecordAddress(1L << 48, 1).key());
    assertThrows(IllegalStateException.class, () -> RecordAddress.of(1L << 48).key());
    assertThrows(IllegalArgumentException.class, () -> new RecordAddress(0, 32768));
  }

  private static List<String> readAll(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (PPRecordReader r = PPRecordReader.open(file)) {
      while (r.advance()) {
        out.add(new String(r.record()));
      }
    }
    return out;
  }
}
