package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer fuzz tests of {@link PPRecordIndex#open}: arbitrary bytes as the index of a fixed,
 * damaged, mixed data file. In a normal build they replay the inputs under
 * src/test/resources/io/pprecordio/IndexFuzzTestInputs/; with {@code JAZZER_FUZZ=1} they fuzz
 * (see the README of that directory).
 *
 * <p>For every input: {@code open} fails with an {@link IOException}, or the index reads records
 * equal to a whole read of the data file. Precisely, reading records 0, 1, 2, ... each either
 * equals the whole read's record of that number or fails with an {@code IOException} (a frame
 * that is not the one indexed); if none fails, the index holds exactly the whole read's records.
 * A record after a failing one is not checked: an index crafted with valid checksums around a
 * frame that does not read can hide the records inside that frame's extent (FORMAT.md 10.5),
 * but never changes a record before it.
 */
class IndexFuzzTest {
  private static final Path DIR;
  private static final Path DATA;
  private static final List<byte[]> FULL = new ArrayList<>();

  static {
    try {
      DIR = Files.createTempDirectory("index-fuzz");
      DIR.toFile().deleteOnExit();
      DATA = DIR.resolve("data.ppr");
      Files.write(DATA, dataFile());
      DATA.toFile().deleteOnExit();
      PPRecordIndex.indexPath(DATA).toFile().deleteOnExit();
      try (PPRecordReader reader = PPRecordReader.open(DATA)) {
        while (reader.advance()) {
          FULL.add(reader.record());
        }
      }
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Mixed frames (v1, v2, gzip, zstd, blocks) with damage of every kind a gap can hold: garbage between
   * frames, a frame whose header is zeroed, a v2 frame whose payload fails its checksum, and a
   * torn tail.
   */
  static byte[] dataFile() throws IOException {
    Random rnd = new Random(2026);
    TestData.Written w = TestData.mixed(rnd, 24, false);
    Damage d = new Damage(w);
    d.zero(d.frames().get(8).offset, 40);
    d.insert(d.frames().get(15).offset, TestData.randomBytes(rnd, 70), "garbage");
    byte[] p = TestData.randomBytes(rnd, 20);
    d.insert(d.frames().get(20).offset,
        HandFrames.v2(p, 40 + p.length, HandFrames.crc32(p) ^ 1, 0, p.length), "bad payload");
    // Block frames (FORMAT.md 3.4), so that entries inside blocks are fuzzed too.
    java.io.ByteArrayOutputStream blocks = new java.io.ByteArrayOutputStream();
    for (WriterOptions o : new WriterOptions[] {
        WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(5, 1 << 20),
        WriterOptions.defaults().withBlock(3, 1 << 20)}) {
      try (PPRecordWriter writer = PPRecordWriter.to(blocks, o)) {
        for (int i = 0; i < 8; i++) {
          writer.write(TestData.compressible(rnd, rnd.nextInt(60)));
        }
      }
    }
    byte[] torn = HandFrames.v2Plain(TestData.randomBytes(rnd, 50));
    return HandFrames.concat(d.bytes(), blocks.toByteArray(), Arrays.copyOf(torn, 60));
  }

  /** The index of the data file, and of a prefix of it (which open extends): the seeds. */
  @Test
  void validIndexesPassTheCheck() throws IOException {
    PPRecordIndex.build(DATA).close();
    byte[] whole = Files.readAllBytes(PPRecordIndex.indexPath(DATA));
    assertOpens(whole, FULL.size());
    check(whole);
    byte[] data = Files.readAllBytes(DATA);
    Path prefix = DIR.resolve("prefix.ppr");
    Files.write(prefix, Arrays.copyOf(data, data.length / 2));
    PPRecordIndex.build(prefix).close();
    byte[] half = Files.readAllBytes(PPRecordIndex.indexPath(prefix));
    Files.delete(PPRecordIndex.indexPath(prefix));
    Files.delete(prefix);
    assertOpens(half, FULL.size());
    check(half);
    assertTrue(FULL.size() > 20, "the data file holds records");
  }

  private static void assertOpens(byte[] indexBytes, int records) throws IOException {
    Files.write(PPRecordIndex.indexPath(DATA), indexBytes);
    try (PPRecordIndex index = PPRecordIndex.open(DATA)) {
      assertEquals(records, index.recordCount());
    }
  }

  /** Arbitrary bytes as an index file. */
  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void arbitraryIndex(byte[] bytes) throws IOException {
    check(bytes);
  }

  /**
   * Arbitrary bytes with the index checksum set right, so that the fuzzer reaches the structural
   * checks, the staleness checks, the gap scans and the reads instead of stopping at the checksum.
   */
  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void checksummedIndex(byte[] bytes) throws IOException {
    byte[] b = bytes.clone();
    if (b.length >= 4) {
      CRC32 crc = new CRC32();
      crc.update(b, 0, b.length - 4);
      ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
    }
    check(b);
  }

  static void check(byte[] indexBytes) throws IOException {
    Path index = PPRecordIndex.indexPath(DATA);
    Files.write(index, indexBytes);
    PPRecordIndex opened;
    try {
      opened = PPRecordIndex.open(DATA);
    } catch (IOException refused) {
      assertTrue(refused.getMessage() != null && !refused.getMessage().contains("\n"),
          "one line: " + refused.getMessage());
      return;
    }
    try (PPRecordIndex idx = opened) {
      long count = idx.recordCount();
      boolean allRead = true;
      for (long n = 0; n < count; n++) {
        byte[] r;
        try {
          r = idx.readRecord(n);
        } catch (IOException notIndexedFrame) {
          allRead = false;
          break;
        }
        assertTrue(n < FULL.size(), "record " + n + " past the " + FULL.size() + " records");
        assertArrayEquals(FULL.get((int) n), r, "record " + n);
      }
      if (allRead) {
        assertEquals(FULL.size(), count, "record count");
        long[] ns = new long[(int) count];
        for (int i = 0; i < ns.length; i++) {
          ns[i] = count - 1 - i;
        }
        List<byte[]> batch = idx.readRecords(ns);
        for (int i = 0; i < ns.length; i++) {
          assertArrayEquals(FULL.get((int) ns[i]), batch.get(i), "batch record " + ns[i]);
        }
      }
    } catch (UncheckedIOException e) {
      throw new AssertionError("undocumented exception", e);
    }
  }
}
