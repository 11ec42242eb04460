package io.pprecordio.beam;

import static io.pprecordio.beam.Pipelines.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptRegion;
import io.pprecordio.CorruptionPolicy;
import io.pprecordio.PPRecordIndex;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.ReaderOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PPRecordIO.Read#withRecordRange}: records {@code [a, b)} of a block file with damage
 * equal the same slice of a whole read, with and without a record index, however the range is
 * cut into slices, and each corrupt region between the range's first and last record is
 * reported once.
 */
class RecordRangeTest {
  @TempDir static Path dir;
  private static BlockFile blockFile;
  private static Path indexed;
  private static Path plain;
  private static Path gzipped;
  private static List<String> all;
  /** The damaged block lies between intact records {@code lostAfter} and {@code lostAfter + 1}. */
  private static int lostAfter;

  @BeforeAll
  static void files() throws IOException {
    blockFile = BlockFile.build(60, 45, true);
    indexed = TestFiles.write(dir.resolve("indexed/data.pp_recordio"), blockFile.bytes);
    plain = TestFiles.write(dir.resolve("plain/data.pp_recordio"), blockFile.bytes);
    try (PPRecordIndex index = PPRecordIndex.build(indexed)) {
      assertEquals(blockFile.intact.size(), index.recordCount());
      assertTrue(index.damaged());
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(blockFile.bytes);
    }
    gzipped = TestFiles.write(dir.resolve("gzipped/data.pp_recordio.gz"), gz.toByteArray());
    all = TestFiles.hexAll(blockFile.intact);
    lostAfter = 60 + 5 - 1;
  }

  /** The records of {@code [a, b)}, as a slice of a list: past the end there are none. */
  private static List<String> slice(long a, long b) {
    int n = all.size();
    return all.subList((int) Math.min(a, n), (int) Math.min(b, n));
  }

  /**
   * The region keys a read of {@code [a, b)} must report: those it passes from record {@code a}
   * on to record {@code b} or the end of the file. The damaged block lies after record
   * {@code lostAfter}, the torn tail after the last record.
   */
  private static List<String> regions(String file, long a, long b) {
    List<String> keys = new ArrayList<>();
    int n = all.size();
    if (a >= b || a >= n) {
      return keys;
    }
    for (DamagedFile.Expected e : blockFile.regions) {
      long after = e.reason() == CorruptRegion.Reason.TORN_TAIL ? n - 1 : lostAfter;
      if (a <= after && b > after) {
        keys.add(CorruptionTest.key(file, e.offset(), e.length(), e.reason()));
      }
    }
    return keys;
  }

  /** What reading a list of slices returned. */
  private static final class Got {
    final List<String> records = new ArrayList<>();
    final List<String> regions = new ArrayList<>();
  }

  private static Got read(Path file, List<ReadRecordRange.Slice> slices) throws IOException {
    Got got = new Got();
    boolean stream = file.toString().endsWith(".gz");
    for (ReadRecordRange.Slice slice : slices) {
      ReadRecordRange.readSlice(file.toString(), !stream, () -> stream
              ? Channels.newChannel(new GZIPInputStream(Files.newInputStream(file)))
              : FileChannel.open(file, StandardOpenOption.READ), slice,
          ReaderOptions.defaults().withBufferBytes(4096),
          r -> got.regions.add(CorruptionTest.key(r.source(), r.offset(), r.length(),
              r.reason())),
          r -> got.records.add(TestFiles.hex(r)));
    }
    return got;
  }

  /**
   * Without a runner: every start {@code a} (in and out of blocks, before and after the damaged
   * block, past the end), with ends near and far, read as the index cuts it (into slices of one
   * record, and of a few hundred bytes) and as one slice found without an index.
   */
  @Test
  void everyRangeReadsTheSliceOfAWholeRead() throws IOException {
    int n = all.size();
    int multiSlice = 0;
    int startsInsideABlock = 0;
    try (PPRecordIndex index = PPRecordIndex.open(indexed)) {
      for (long a = 0; a <= n + 1; a++) {
        for (long b : new long[] {a, a + 1, a + 2, a + 8, a + 30, n, n + 5}) {
          if (b < a) {
            continue;
          }
          String at = "[" + a + ", " + b + ")";
          List<String> want = slice(a, b);
          for (long bundle : new long[] {1, 300, Long.MAX_VALUE}) {
            List<ReadRecordRange.Slice> slices =
                ReadRecordRange.PlanFn.slices(index, new OffsetRange(a, b), bundle);
            multiSlice += slices.size() > 1 ? 1 : 0;
            for (ReadRecordRange.Slice s : slices) {
              startsInsideABlock += s.start().indexInBlock() > 0 ? 1 : 0;
            }
            Got got = read(indexed, slices);
            assertEquals(want, got.records, at + " in slices of " + bundle + " bytes");
            assertEquals(regions(indexed.toString(), a, b), got.regions, at + " by " + bundle);
          }
          if (b > a) {
            for (Path file : List.of(plain, gzipped)) {
              Got got = read(file, List.of(new ReadRecordRange.Slice(a, b - a, null)));
              assertEquals(want, got.records, at + " of " + file);
              assertEquals(regions(file.toString(), a, b), got.regions, at + " of " + file);
            }
          }
        }
      }
    }
    assertTrue(multiSlice > 100, multiSlice + " ranges in more than one slice");
    assertTrue(startsInsideABlock > 100, startsInsideABlock + " slices start inside a block");
  }

  private static PCollection<String> hex(PCollection<byte[]> records, String label) {
    return records.apply(label + " hex", MapElements.into(TypeDescriptors.strings())
        .via(TestFiles::hex));
  }

  private static PCollection<String> keys(PCollection<CorruptionReport> reports, String label) {
    return reports.apply(label + " keys", MapElements.into(TypeDescriptors.strings())
        .via(r -> CorruptionTest.key(r.getFile(), r.getOffset(), r.getLength(), r.getReason())));
  }

  /**
   * Ranges of the three files in one DirectRunner pipeline: the indexed one in many slices, the
   * others read sequentially, the compressed one as a stream.
   */
  @Test
  void pipelineReadsRangesWithAndWithoutAnIndex() {
    int n = all.size();
    long[][] ranges = {{0, 0}, {0, n + 100}, {3, 4}, {8, 23}, {40, 90}, {n - 1, n}, {n, n + 5}};
    Pipeline p = Pipelines.direct();
    long records = 0;
    long regions = 0;
    long tornTails = 0;
    long[][] few = {{0, n + 100}, {8, 23}, {n - 1, n}};
    for (Path file : List.of(indexed, plain, gzipped)) {
      for (long[] r : file == indexed ? ranges : few) {
        String label = file.getParent().getFileName() + " [" + r[0] + ", " + r[1] + ")";
        PPRecordIO.ReadResult result = p.apply(label, PPRecordIO.read().from(file.toString())
            .withDesiredBundleSizeBytes(500).withRecordRange(r[0], r[1]).withCorruptionReports());
        PAssert.that(label + " records", hex(result.getRecords(), label))
            .containsInAnyOrder(slice(r[0], r[1]));
        PAssert.that(label + " regions", keys(result.getCorruptionReports(), label))
            .containsInAnyOrder(regions(file.toString(), r[0], r[1]));
        records += slice(r[0], r[1]).size();
        for (String key : regions(file.toString(), r[0], r[1])) {
          if (key.endsWith(":TORN_TAIL")) {
            tornTails++;
          } else {
            regions++;
          }
        }
      }
    }
    PPRecordMetrics.Summary metrics = PPRecordMetrics.of(Pipelines.run(p));
    assertEquals(records, metrics.recordsRead(), metrics.toString());
    assertEquals(regions, metrics.corruptRegions(), metrics.toString());
    assertEquals(tornTails, metrics.tornTails(), metrics.toString());
  }

  @Test
  void failPolicyFailsOnlyAtDamageInsideTheRange() {
    for (Path file : List.of(indexed, plain)) {
      Pipeline clean = Pipelines.direct();
      Pipelines.assertRecords("before the damage", clean.apply("Before", PPRecordIO.read()
          .from(file.toString()).withCorruptionPolicy(CorruptionPolicy.FAIL)
          .withRecordRange(0, lostAfter)), blockFile.intact.subList(0, lostAfter));
      Pipelines.assertRecords("after the damage", clean.apply("After", PPRecordIO.read()
          .from(file.toString()).withCorruptionPolicy(CorruptionPolicy.FAIL)
          .withRecordRange(lostAfter + 1, all.size() + 1)),
          blockFile.intact.subList(lostAfter + 1, all.size()));
      Pipelines.run(clean);

      Pipeline across = Pipelines.direct();
      across.apply(PPRecordIO.read().from(file.toString())
          .withCorruptionPolicy(CorruptionPolicy.FAIL).withRecordRange(lostAfter, lostAfter + 1));
      assertContains(Pipelines.runExpectingFailure(across), "corrupt pp_recordio data in "
          + file, "at offset " + blockFile.damagedBlockOffset, "a block of 7 records is lost");
    }
  }

  @Test
  void staleIndexAfterAnAppendStillReadsTheRightRecords() throws IOException {
    Path file = TestFiles.write(dir.resolve("appended/data.pp_recordio"),
        BlockFile.build(20, 10, false).bytes);
    List<byte[]> before = TestFiles.readWhole(file).records;
    PPRecordIndex.build(file).close();
    try (PPRecordWriter w = PPRecordWriter.append(file, BlockFile.BLOCKS)) {
      for (int i = 0; i < 30; i++) {
        w.write(Records.record(1000 + i));
      }
    }
    List<byte[]> whole = TestFiles.readWhole(file).records;
    assertEquals(before.size() + 30, whole.size());
    Pipeline p = Pipelines.direct();
    Pipelines.assertRecords("appended", p.apply(PPRecordIO.read().from(file.toString())
        .withDesiredBundleSizeBytes(300).withRecordRange(before.size() - 3, whole.size())),
        whole.subList(before.size() - 3, whole.size()));
    Pipelines.run(p);
    try (PPRecordIndex index = PPRecordIndex.open(file)) {
      assertEquals(whole.size(), index.recordCount(), "core extended the index");
    }
  }

  @Test
  void indexOfAnotherFileIsNotUsed() throws IOException {
    // The data changed in place: the index no longer describes it. The read does not use it,
    // and returns the records of the file as it is now.
    Path file = TestFiles.write(dir.resolve("changed/data.pp_recordio"),
        BlockFile.build(20, 10, false).bytes);
    PPRecordIndex.build(file).close();
    BlockFile other = BlockFile.build(35, 4, false);
    Files.write(file, other.bytes);
    Pipeline p = Pipelines.direct();
    Pipelines.assertRecords("changed", p.apply(PPRecordIO.read().from(file.toString())
        .withRecordRange(5, 40)), other.intact.subList(5, 40));
    Pipelines.run(p);

    // A damaged index file is not used either.
    PPRecordIndex.build(file).close();
    Path index = PPRecordIndex.indexPath(file);
    byte[] bytes = Files.readAllBytes(index);
    bytes[bytes.length / 2] ^= 0x11;
    Files.write(index, bytes);
    Pipeline q = Pipelines.direct();
    Pipelines.assertRecords("damaged index", q.apply(PPRecordIO.read().from(file.toString())
        .withRecordRange(2, 9)), other.intact.subList(2, 9));
    Pipelines.run(q);
  }

  @Test
  void patternMatchingManyFilesIsRefusedNamingThem() {
    Pipeline p = Pipelines.direct();
    String pattern = dir.resolve("*/data.pp_recordio").toString();
    p.apply(PPRecordIO.read().from(pattern).withRecordRange(0, 10));
    String failure = Pipelines.runExpectingFailure(p);
    assertContains(failure, "withRecordRange(0, 10) reads records of one file, but " + pattern
        + " matched ", " files (" + dir, "/data.pp_recordio, ", "name a single file");
  }

  @Test
  void invalidRangesAndWatchingAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PPRecordIO.read().withRecordRange(-1, 3));
    assertThrows(IllegalArgumentException.class, () -> PPRecordIO.read().withRecordRange(5, 4));
    Pipeline p = Pipelines.direct();
    IllegalStateException watching = assertThrows(IllegalStateException.class, () -> p.apply(
        PPRecordIO.read().from(plain.toString()).withRecordRange(0, 5).watchForNewFiles(
            org.joda.time.Duration.standardSeconds(1),
            org.apache.beam.sdk.transforms.Watch.Growth.never())));
    assertContains(watching.getMessage(), "withRecordRange", "watch");
    DisplayData data = DisplayData.from(PPRecordIO.read().from("x").withRecordRange(3, 9));
    assertTrue(data.items().stream().anyMatch(i -> i.getKey().equals("recordRange")
        && i.getValue().equals("[3, 9)")), data.toString());
  }

  @Test
  void regionsBetweenSlicesAreReportedOnce() throws IOException {
    // Every cut of [0, n) into two slices at k: each region, the damaged block and the torn tail,
    // is reported by one of them, once, as by a whole read.
    int n = all.size();
    try (PPRecordIndex index = PPRecordIndex.open(indexed)) {
      for (int k = 1; k < n; k++) {
        Got got = read(indexed, List.of(
            new ReadRecordRange.Slice(0, k, index.addressOf(0)),
            new ReadRecordRange.Slice(k, n - k, index.addressOf(k))));
        assertEquals(all, got.records, "cut at " + k);
        assertEquals(regions(indexed.toString(), 0, n), got.regions, "cut at " + k);
      }
    }
    assertEquals(2, regions(indexed.toString(), 0, n).size());
  }
}
