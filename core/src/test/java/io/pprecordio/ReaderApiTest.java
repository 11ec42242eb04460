package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's public API: record access, any-channel open, claims, budget, listener, parsing. */
class ReaderApiTest {
  @TempDir Path dir;

  private static TestData.Written damagedMixed(long seed) throws IOException {
    Random rnd = new Random(seed);
    TestData.Written written = TestData.mixed(rnd, 60, false);
    Damage damage = new Damage(written);
    for (int i = 0; i < 4; i++) {
      damage.randomChange(rnd);
    }
    return new TestData.Written(damage.bytes(), written.records(), written.offsets());
  }

  @Test
  void viewCopyAndArrayGiveTheSameBytes() throws IOException {
    TestData.Written written = TestData.mixedWithLarge(new Random(7), 40);
    byte[] reused = new byte[16];
    int n = 0;
    try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(written.bytes()), "mem", 0,
        Long.MAX_VALUE, ReaderOptions.defaults().withBufferBytes(4096), null)) {
      while (reader.advance()) {
        byte[] expected = written.records().get(n++);
        assertEquals(expected.length, reader.recordLength());
        ByteBuffer view = reader.recordView();
        assertTrue(view.isReadOnly());
        assertEquals(expected.length, view.remaining());
        byte[] fromView = new byte[view.remaining()];
        view.get(fromView);
        assertArrayEquals(expected, fromView);
        if (reused.length < reader.recordLength() + 3) {
          reused = new byte[reader.recordLength() + 3];
        }
        reader.copyRecordTo(reused, 3);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(reused, 3, 3 + expected.length));
        assertArrayEquals(expected, reader.record());
      }
    }
    assertEquals(written.records().size(), n);
  }

  @Test
  void aViewIsInvalidatedByAdvance() throws IOException {
    TestData.Written written = TestData.write(
        List.of("first".getBytes(), "second".getBytes()), WriterOptions.defaults());
    try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(written.bytes()), "mem", 0,
        Long.MAX_VALUE, ReaderOptions.defaults(), null)) {
      assertTrue(reader.advance());
      ByteBuffer first = reader.recordView();
      assertThrows(ReadOnlyBufferException.class, () -> first.put(0, (byte) 1));
      byte[] kept = reader.record();
      assertTrue(reader.advance());
      assertEquals(0, first.remaining(), "a view from before advance() is emptied");
      assertThrows(RuntimeException.class, () -> first.get(0));
      assertEquals("first", new String(kept), "record() arrays stay the caller's");
      assertEquals("second", utf8(reader.recordView()));
      assertFalse(reader.advance());
      assertThrows(IllegalStateException.class, reader::recordView);
      assertThrows(IllegalStateException.class, reader::recordLength);
    }
  }

  @Test
  void copyRecordToRefusesABufferTooSmall() throws IOException {
    TestData.Written written = TestData.write(List.of(new byte[100]), WriterOptions.defaults());
    try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(written.bytes()), "mem", 0,
        Long.MAX_VALUE, ReaderOptions.defaults(), null)) {
      assertTrue(reader.advance());
      assertThrows(IndexOutOfBoundsException.class, () -> reader.copyRecordTo(new byte[99], 0));
      assertThrows(IndexOutOfBoundsException.class, () -> reader.copyRecordTo(new byte[100], 1));
    }
  }

  /**
   * A claim that refuses at {@code cut} must make a whole-range reader deliver exactly what the
   * fixed range {@code [start, cut)} delivers: every record and region, none more, for every cut.
   */
  @Test
  void aClaimEndsTheRangeExactlyLikeAFixedEnd() throws IOException {
    for (long seed = 1; seed <= 3; seed++) {
      TestData.Written written = damagedMixed(seed);
      byte[] file = written.bytes();
      ReaderOptions options = ReaderOptions.defaults().withBufferBytes(4096);
      for (long start : new long[] {0, 1, file.length / 3}) {
        for (long cut = start; cut <= file.length; cut += 1 + cut % 53) {
          RangeReads.Result fixed = RangeReads.read(file, start, cut, options);
          RangeReads.Result claimed = new RangeReads.Result();
          long end = cut;
          List<Long> claims = new ArrayList<>();
          try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(file), "mem", start,
              Long.MAX_VALUE, options, claimed.regions::add, offset -> {
                claims.add(offset);
                return offset < end;
              })) {
            while (reader.advance()) {
              claimed.records.add(new RangeReads.Rec(reader.offset(), reader.record()));
            }
          }
          String ctx = "seed " + seed + ", range [" + start + ", " + cut + ")";
          assertEquals(fixed.records, claimed.records, ctx);
          assertEquals(fixed.regions, claimed.regions, ctx);
          for (int i = 1; i < claims.size(); i++) {
            assertTrue(claims.get(i - 1) < claims.get(i), ctx + ": claims increase " + claims);
          }
        }
      }
    }
  }

  @Test
  void aBudgetSkipsUpToItsLimitThenFailsNamingFileOffsetAndBudget() throws IOException {
    TestData.Written written = TestData.write(List.of(
        "a".getBytes(), "b".getBytes(), "c".getBytes(), "d".getBytes()), WriterOptions.defaults());
    Damage damage = new Damage(written);
    damage.flipBit(40 * 8);                                          // payload of record 0
    damage.flipBit((written.offsets().get(2) + 40) * 8);             // payload of record 2
    byte[] file = damage.bytes();
    RangeReads.Result within = RangeReads.readWhole(file,
        ReaderOptions.defaults().withCorruptionBudget(2, 82));
    assertEquals(2, within.regions.size());
    assertEquals(2, within.records.size());
    assertEquals(2, within.stats.corruptRegions());

    for (ReaderOptions over : new ReaderOptions[] {
        ReaderOptions.defaults().withCorruptionBudget(1, Long.MAX_VALUE),
        ReaderOptions.defaults().withCorruptionBudget(Long.MAX_VALUE, 81)}) {
      List<CorruptRegion> reported = new ArrayList<>();
      List<byte[]> records = new ArrayList<>();
      CorruptionBudgetExceededException e = assertThrows(
          CorruptionBudgetExceededException.class, () -> {
            try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(file), "data.ppr",
                0, Long.MAX_VALUE, over, reported::add)) {
              while (reader.advance()) {
                records.add(reader.record());
              }
            }
          });
      assertEquals(written.offsets().get(2), e.offset());
      assertEquals("data.ppr", e.file());
      assertEquals(over.corruptionBudget(), e.budget());
      assertTrue(e.getMessage().contains("data.ppr") && e.getMessage().contains(
          "offset " + written.offsets().get(2)) && e.getMessage().contains("budget"),
          e.getMessage());
      assertEquals(1, reported.size(), "the region over the budget is not reported");
      assertEquals(1, records.size());
    }
  }

  @Test
  void aTornTailNeverCountsAgainstTheBudget() throws IOException {
    TestData.Written written = TestData.write(List.of(new byte[50], new byte[50]),
        WriterOptions.defaults());
    byte[] file = java.util.Arrays.copyOf(written.bytes(), written.bytes().length - 10);
    RangeReads.Result r = RangeReads.readWhole(file,
        ReaderOptions.defaults().withCorruptionBudget(0, 0));
    assertEquals(1, r.records.size());
    assertTrue(r.stats.tornTail());
  }

  @Test
  void aThrowingListenerEndsTheReadWithItsException() throws IOException {
    TestData.Written written = TestData.write(List.of("a".getBytes(), "b".getBytes()),
        WriterOptions.defaults());
    Damage damage = new Damage(written);
    damage.flipBit(40 * 8);
    IOException thrown = assertThrows(IOException.class, () -> {
      try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(damage.bytes()), "mem",
          0, Long.MAX_VALUE, ReaderOptions.defaults(), region -> {
            throw new IOException("dead-letter file is full");
          })) {
        while (reader.advance()) {
          // The damaged first record's region comes first, so nothing is returned.
          throw new AssertionError("a record was returned before the region");
        }
      }
    });
    assertEquals("dead-letter file is full", thrown.getMessage());
    UncheckedIOException unchecked = assertThrows(UncheckedIOException.class, () -> {
      try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(damage.bytes()), "mem",
          0, Long.MAX_VALUE, ReaderOptions.defaults(), region -> {
            throw new UncheckedIOException(new IOException("unchecked"));
          })) {
        reader.advance();
      }
    });
    assertEquals("unchecked", unchecked.getCause().getMessage());
  }

  @Test
  void aFileChannelOverAFifoIsReadAsAStreamEvenWhenItsWriterOpensLate() throws Exception {
    TestData.Written written = TestData.mixed(new Random(3), 50, false);
    Path fifo = mkfifo("late.fifo");
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(300);
        Files.write(fifo, written.bytes());
      } catch (IOException | InterruptedException e) {
        throw new RuntimeException(e);
      }
    });
    List<byte[]> got = new ArrayList<>();
    // FileChannel.open blocks until the writer opens, as cat does; the channel then claims to
    // be seekable but cannot seek.
    try (PPRecordReader reader = PPRecordReader.open(FileChannel.open(fifo,
        StandardOpenOption.READ), fifo.toString(), 0, Long.MAX_VALUE, ReaderOptions.defaults(),
        null)) {
      assertEquals(-1, reader.inputSize());
      while (reader.advance()) {
        got.add(reader.record());
      }
    }
    writer.get(10, TimeUnit.SECONDS);
    assertRecords(written.records(), got);
  }

  @Test
  void aFifoPathIsReadAsAStream() throws Exception {
    TestData.Written written = TestData.mixed(new Random(4), 30, true);
    Path fifo = mkfifo("path.fifo");
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        Files.write(fifo, written.bytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    List<byte[]> got = new ArrayList<>();
    try (PPRecordReader reader = PPRecordReader.open(fifo)) {
      while (reader.advance()) {
        got.add(reader.record());
      }
    }
    writer.get(10, TimeUnit.SECONDS);
    assertRecords(written.records(), got);
  }

  @Test
  void aStreamCannotStartPastZero() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PPRecordReader.open(java.nio.channels.Channels.newChannel(
            new java.io.ByteArrayInputStream(new byte[100])), "stdin", 10, 20,
            ReaderOptions.defaults(), null));
    assertTrue(e.getMessage().contains("stdin") && e.getMessage().contains("10"),
        e.getMessage());
  }

  @Test
  void aDirectoryIsRefusedWithItsName() {
    IOException e = assertThrows(IOException.class, () -> PPRecordReader.open(dir));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void aRangePastTheEndIsEmpty() throws IOException {
    TestData.Written written = TestData.write(List.of("x".getBytes()), WriterOptions.defaults());
    Path file = dir.resolve("one.ppr");
    Files.write(file, written.bytes());
    for (long start : new long[] {written.bytes().length, 99_999_999_999_999L,
        Long.MAX_VALUE}) {
      try (PPRecordReader reader = PPRecordReader.open(file, start, Long.MAX_VALUE,
          ReaderOptions.defaults(), null)) {
        assertFalse(reader.advance(), "start " + start);
        assertEquals(ReadStats.EMPTY, reader.stats());
      }
    }
  }

  @Test
  void statsAreImmutableSnapshotsThatAddUp() throws IOException {
    TestData.Written written = damagedMixed(11);
    byte[] file = written.bytes();
    RangeReads.Result whole = RangeReads.readWhole(file, ReaderOptions.defaults());
    ReadStats sum = ReadStats.EMPTY;
    long cut = file.length / 2;
    for (long[] range : new long[][] {{0, cut}, {cut, file.length}}) {
      try (PPRecordReader reader = PPRecordReader.open(new MemoryChannel(file), "mem", range[0],
          range[1], ReaderOptions.defaults(), null)) {
        ReadStats before = reader.stats();
        while (reader.advance()) {
          // Read everything.
        }
        assertEquals(ReadStats.EMPTY, before, "a snapshot does not change as the reader reads");
        sum = sum.plus(reader.stats());
      }
    }
    assertEquals(whole.stats, sum);
    ReadStats fromRegions = ReadStats.EMPTY;
    for (CorruptRegion region : whole.regions) {
      fromRegions = fromRegions.plus(ReadStats.of(region));
    }
    assertEquals(whole.stats.corruptRegions(), fromRegions.corruptRegions());
    assertEquals(whole.stats.skippedBytes(), fromRegions.skippedBytes());
    assertEquals(whole.stats.tornTailOffset(), fromRegions.tornTailOffset());
  }

  @Test
  void policiesParseOneSpellingEverywhere() {
    assertSame(CorruptionPolicy.SKIP_AND_REPORT, CorruptionPolicy.parse("skip"));
    assertSame(CorruptionPolicy.SKIP_AND_REPORT, CorruptionPolicy.parse(" SKIP_AND_REPORT "));
    assertSame(CorruptionPolicy.SKIP_AND_REPORT, CorruptionPolicy.parse("skip-and-report"));
    assertSame(CorruptionPolicy.FAIL, CorruptionPolicy.parse("Fail"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CorruptionPolicy.parse("ignore"));
    assertEquals("unknown corruption policy 'ignore'; expected skip or fail", e.getMessage());
  }

  @Test
  void compressionLevelsAreCheckedInCore() {
    WriterOptions gzip = WriterOptions.defaults().withCodec(Codec.GZIP);
    assertEquals(9, gzip.withCompressionLevel(9).compressionLevel());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> gzip.withCompressionLevel(10));
    assertEquals("gzip levels run from 0 to 9, got 10", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> gzip.withCompressionLevel(-2));
    WriterOptions zstd = WriterOptions.defaults().withCodec(Codec.ZSTD);
    assertEquals(22, zstd.withCompressionLevel(22).compressionLevel());
    e = assertThrows(IllegalArgumentException.class, () -> zstd.withCompressionLevel(0));
    assertEquals("zstd levels run from 1 to 22, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> WriterOptions.defaults().withCompressionLevel(30).withCodec(Codec.GZIP));
    assertEquals(WriterOptions.DEFAULT_LEVEL,
        gzip.withCompressionLevel(WriterOptions.DEFAULT_LEVEL).compressionLevel());
    e = assertThrows(IllegalArgumentException.class,
        () -> WriterOptions.defaults().withFormatVersion(FormatVersion.V1).withCodec(Codec.ZSTD));
    assertTrue(e.getMessage().startsWith("v1 frames cannot hold zstd records"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ReaderOptions.defaults().withMaxRecordBytes(-1));
    assertTrue(e.getMessage().startsWith("the max record size must be in [0, "), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ReaderOptions.defaults().withCorruptionBudget(-1, 0));
  }

  private Path mkfifo(String name) throws IOException, InterruptedException {
    Path fifo = dir.resolve(name);
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, p.waitFor());
    return fifo;
  }

  private static void assertRecords(List<byte[]> expected, List<byte[]> got) {
    assertEquals(expected.size(), got.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), got.get(i), "record " + i);
    }
  }

  private static String utf8(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
