package io.pprecordio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptRegion;
import io.pprecordio.ReaderOptions;
import io.pprecordio.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.SourceTestUtils;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PPRecordSource} against Beam's own source conformance checks, and its split accounting. */
class PPRecordSourceTest {
  private static final PipelineOptions OPTIONS = PipelineOptionsFactory.create();
  /** Small buffers, so that thousands of tiny splits do not each allocate the default 256 KiB. */
  private static final ReaderOptions SMALL_BUFFER = ReaderOptions.defaults().withBufferBytes(4096);

  @TempDir static Path dir;
  private static Path mixed;
  private static TestData.Written mixedWritten;
  private static Path mixedWithMegabyte;
  private static Path damaged;
  private static DamagedFile damage;
  private static Path blocks;
  private static BlockFile blockFile;

  @BeforeAll
  static void files() throws IOException {
    mixedWritten = TestData.mixed(new Random(1), 300, false);
    mixed = TestFiles.write(dir.resolve("mixed.pp_recordio"), mixedWritten.bytes());
    mixedWithMegabyte = TestFiles.write(dir.resolve("mixed-mb.pp_recordio"),
        TestData.mixed(new Random(2), 40, true).bytes());
    damage = DamagedFile.build(new Random(3), 80, 9, 13, true);
    damaged = TestFiles.write(dir.resolve("damaged.pp_recordio"), damage.bytes);
    blockFile = BlockFile.build(20, 16, true);
    blocks = TestFiles.write(dir.resolve("blocks.pp_recordio"), blockFile.bytes);
  }

  private static PPRecordSource wholeFile(Path file, ReaderOptions options) throws Exception {
    List<? extends BoundedSource<byte[]>> one = PPRecordSource.from(file.toString())
        .withMinBundleSize(1).withReaderOptions(options).split(Long.MAX_VALUE, OPTIONS);
    assertEquals(1, one.size());
    return (PPRecordSource) one.get(0);
  }

  @Test
  void readsWhatWasWritten() throws Exception {
    List<byte[]> read = SourceTestUtils.readFromSource(PPRecordSource.from(mixed.toString()),
        OPTIONS);
    assertEquals(TestFiles.hexAll(mixedWritten.records()), TestFiles.hexAll(read));
  }

  @Test
  void splitsAtManyBundleSizesReadEveryRecordOnce() throws Exception {
    PPRecordSource fine = PPRecordSource.from(mixed.toString()).withMinBundleSize(1)
        .withReaderOptions(SMALL_BUFFER);
    long size = Files.size(mixed);
    for (long bundle : new long[] {17, 40, 41, 97, 500, 1000, 4096, 10_000, 65_536, size - 1,
        size, Long.MAX_VALUE}) {
      List<? extends BoundedSource<byte[]>> splits = fine.split(bundle, OPTIONS);
      assertTrue(bundle > size / 2 || splits.size() > 1, "bundle " + bundle + " did not split");
      SourceTestUtils.assertSourcesEqualReferenceSource(fine, splits, OPTIONS);
    }
    PPRecordSource big = PPRecordSource.from(mixedWithMegabyte.toString()).withMinBundleSize(1);
    for (long bundle : new long[] {4096, 65_536, 300_000, 1 << 20, Long.MAX_VALUE}) {
      SourceTestUtils.assertSourcesEqualReferenceSource(big, big.split(bundle, OPTIONS), OPTIONS);
    }
  }

  @Test
  void defaultMinimumBundleSizeBoundsTheSplits() throws Exception {
    List<? extends BoundedSource<byte[]>> splits =
        PPRecordSource.from(mixed.toString()).split(1000, OPTIONS);
    assertTrue(splits.size() > 1);
    for (BoundedSource<byte[]> split : splits) {
      PPRecordSource range = (PPRecordSource) split;
      assertTrue(range.getEndOffset() - range.getStartOffset()
          >= PPRecordSource.DEFAULT_MIN_BUNDLE_SIZE, range.toString());
    }
  }

  @Test
  void splitAtFractionExhaustiveOnMixedRecords() throws Exception {
    Path small = TestFiles.write(dir.resolve("small.pp_recordio"),
        TestData.mixed(new Random(4), 40, false).bytes());
    SourceTestUtils.assertSplitAtFractionExhaustive(wholeFile(small, SMALL_BUFFER), OPTIONS);
  }

  @Test
  void splitAtFractionExhaustiveAroundAMegabyteRecord() throws Exception {
    Path megabyte = TestFiles.write(dir.resolve("small-mb.pp_recordio"),
        TestData.mixed(new Random(5), 8, true).bytes());
    SourceTestUtils.assertSplitAtFractionExhaustive(wholeFile(megabyte, ReaderOptions.defaults()),
        OPTIONS);
  }

  @Test
  void splitAtFractionExhaustiveOnDamagedFile() throws Exception {
    SourceTestUtils.assertSplitAtFractionExhaustive(wholeFile(damaged, SMALL_BUFFER), OPTIONS);
  }

  @Test
  void unstartedReaderReadsSameAsItsSource() throws Exception {
    for (Path file : List.of(mixed, mixedWithMegabyte, damaged)) {
      PPRecordSource source = PPRecordSource.from(file.toString()).withMinBundleSize(1);
      SourceTestUtils.assertUnstartedReaderReadsSameAsItsSource(source.createReader(OPTIONS),
          OPTIONS);
      for (BoundedSource<byte[]> split : source.split(5000, OPTIONS)) {
        SourceTestUtils.assertUnstartedReaderReadsSameAsItsSource(split.createReader(OPTIONS),
            OPTIONS);
      }
    }
  }

  @Test
  void fractionConsumedGrowsFromZeroToOne() throws Exception {
    for (BoundedSource<byte[]> range : PPRecordSource.from(mixedWithMegabyte.toString())
        .withMinBundleSize(1).split(200_000, OPTIONS)) {
      try (BoundedSource.BoundedReader<byte[]> reader = range.createReader(OPTIONS)) {
        assertEquals(0.0, reader.getFractionConsumed());
        double last = 0;
        int records = 0;
        for (boolean more = reader.start(); more; more = reader.advance()) {
          double fraction = reader.getFractionConsumed();
          assertTrue(fraction >= last && fraction < 1.0, fraction + " after " + last);
          last = fraction;
          records++;
        }
        assertEquals(1.0, reader.getFractionConsumed());
        if (records >= 2) {
          assertTrue(last > 0, range + " reported no progress over " + records + " records");
        }
      }
    }
  }

  @Test
  void refusesDynamicSplitsLeavingLessThanTwoMinimumBundles() throws Exception {
    long size = Files.size(mixed);
    PPRecordSource whole = (PPRecordSource) PPRecordSource.from(mixed.toString())
        .withMinBundleSize(size / 3).split(Long.MAX_VALUE, OPTIONS).get(0);
    try (BoundedSource.BoundedReader<byte[]> reader = whole.createReader(OPTIONS)) {
      assertTrue(reader.start());
      assertTrue(reader.splitAtFraction(0.6) != null, "a split of the whole file failed");
      // The range is now [0, 0.6 of the file): less than two minimum bundles are left.
      assertEquals(null, reader.splitAtFraction(0.5));
    }
  }

  /** What a reader and the residual of its one dynamic split returned and reported. */
  private static final class SplitRead {
    final List<byte[]> records = new ArrayList<>();
    final List<CorruptRegion> regions = new ArrayList<>();
    boolean split;
  }

  private static SplitRead readWithSplitAt(PPRecordSource source, int before, long position)
      throws IOException {
    SplitRead out = new SplitRead();
    BoundedSource<byte[]> residual;
    try (PPRecordSource.Reader reader = (PPRecordSource.Reader) source.createReader(OPTIONS)) {
      reader.observeRegions(out.regions::add);
      boolean more = reader.start();
      for (int i = 0; i < before && more; i++) {
        out.records.add(reader.getCurrent());
        more = reader.advance();
      }
      long end = source.getEndOffset();
      residual = more ? reader.splitAtFraction((position + 0.5) / end) : null;
      out.split = residual != null;
      while (more) {
        out.records.add(reader.getCurrent());
        more = reader.advance();
      }
    }
    if (residual != null) {
      try (PPRecordSource.Reader reader = (PPRecordSource.Reader) residual.createReader(OPTIONS)) {
        reader.observeRegions(out.regions::add);
        for (boolean more = reader.start(); more; more = reader.advance()) {
          out.records.add(reader.getCurrent());
        }
      }
    }
    return out;
  }

  /**
   * The hard case of dynamic splitting: core reports a region while looking for the next record,
   * and a split can then move the range's end below the region's owner. Splits at every offset
   * near a region or a record, after every number of records read, must still report each region
   * exactly once.
   */
  @Test
  void dynamicSplitsReportEachRegionOnce() throws Exception {
    TestFiles.Whole whole = TestFiles.readWhole(damaged);
    assertEquals(TestFiles.hexAll(damage.intact), TestFiles.hexAll(whole.records));
    assertTrue(assertDynamicSplitsExact(damaged) > 1000, "too few splits succeeded");
  }

  /**
   * Splits at every offset near a region or a frame, after every number of records read, and
   * checks that the reader and its residual return every record and report every region of a
   * whole read, once and in order. Returns how many splits succeeded.
   */
  private static int assertDynamicSplitsExact(Path file) throws Exception {
    TestFiles.Whole whole = TestFiles.readWhole(file);
    List<String> expectedRegions = new ArrayList<>();
    for (CorruptRegion r : whole.regions) {
      expectedRegions.add(r.describe());
    }
    TreeSet<Long> positions = new TreeSet<>();
    for (CorruptRegion r : whole.regions) {
      // A region's owner is the record before it (in the record offsets below) or its own start.
      for (long p : new long[] {r.offset(), r.offset() + r.length()}) {
        for (long d = -2; d <= 2; d++) {
          positions.add(p + d);
        }
      }
    }
    for (long offset : whole.offsets) {
      positions.add(offset);
      positions.add(offset + 1);
    }
    PPRecordSource source = wholeFile(file, SMALL_BUFFER);
    long size = Files.size(file);
    int splits = 0;
    for (int before = 0; before <= whole.records.size(); before++) {
      for (long position : positions) {
        if (position <= 0 || position >= size) {
          continue;
        }
        SplitRead read = readWithSplitAt(source, before, position);
        String at = "split at " + position + " after " + before + " records";
        assertEquals(TestFiles.hexAll(whole.records), TestFiles.hexAll(read.records), at);
        List<String> regions = new ArrayList<>();
        for (CorruptRegion r : read.regions) {
          regions.add(r.describe());
        }
        assertEquals(expectedRegions, regions, at);
        splits += read.split ? 1 : 0;
      }
    }
    return splits;
  }

  // ---- block files: many records in one frame, all at the frame's offset ----------------------

  @Test
  void blockFileReadsEveryIntactRecordAndLosesOnlyTheDamagedBlock() throws Exception {
    TestFiles.Whole whole = TestFiles.readWhole(blocks);
    assertEquals(TestFiles.hexAll(blockFile.intact), TestFiles.hexAll(whole.records));
    assertEquals(blockFile.regions.size(), whole.regions.size());
    CorruptRegion lost = whole.regions.get(0);
    assertEquals(blockFile.damagedBlockOffset, lost.offset());
    assertTrue(lost.detail().contains("a block of 7 records is lost"), lost.detail());
    List<byte[]> read = SourceTestUtils.readFromSource(PPRecordSource.from(blocks.toString()),
        OPTIONS);
    assertEquals(TestFiles.hexAll(blockFile.intact), TestFiles.hexAll(read));
  }

  @Test
  void blockFileSplitsAtEveryBundleSizeReadEveryRecordOnce() throws Exception {
    PPRecordSource fine = PPRecordSource.from(blocks.toString()).withMinBundleSize(1)
        .withReaderOptions(SMALL_BUFFER);
    long size = Files.size(blocks);
    for (long bundle : new long[] {7, 40, 97, 200, 333, 500, 1000, 2000, size / 2, size - 1, size,
        Long.MAX_VALUE}) {
      List<? extends BoundedSource<byte[]>> splits = fine.split(bundle, OPTIONS);
      assertTrue(bundle > size / 2 || splits.size() > 1, "bundle " + bundle + " did not split");
      SourceTestUtils.assertSourcesEqualReferenceSource(fine, splits, OPTIONS);
    }
  }

  @Test
  void blockFileSplitAtFractionExhaustive() throws Exception {
    SourceTestUtils.assertSplitAtFractionExhaustive(wholeFile(blocks, SMALL_BUFFER), OPTIONS);
  }

  @Test
  void blockFileDynamicSplitsKeepRecordsAndRegionsExact() throws Exception {
    assertTrue(assertDynamicSplitsExact(blocks) > 500, "too few splits succeeded");
  }

  @Test
  void blockFileMetricsCountRecordsNotFrames() throws Exception {
    MetricsContainerImpl container = readSplitsMetered(blocks, 300);
    assertEquals(blockFile.intact.size(), counter(container, PPRecordMetrics.RECORDS_READ));
    assertEquals(1, counter(container, PPRecordMetrics.CORRUPT_REGIONS));
    assertEquals(blockFile.regions.get(0).length(),
        counter(container, PPRecordMetrics.SKIPPED_BYTES));
    assertEquals(1, counter(container, PPRecordMetrics.TORN_TAILS));
  }

  /** Splits racing with the reading thread: records and regions still add up exactly. */
  @Test
  void concurrentDynamicSplitsKeepRecordsAndRegionsExact() throws Exception {
    TestFiles.Whole whole = TestFiles.readWhole(damaged);
    PPRecordSource source = wholeFile(damaged, SMALL_BUFFER);
    ExecutorService splitter = Executors.newSingleThreadExecutor();
    try {
      int succeeded = 0;
      for (int trial = 0; trial < 300; trial++) {
        List<byte[]> records = new ArrayList<>();
        List<CorruptRegion> regions = new ArrayList<>();
        BoundedSource<byte[]> residual;
        try (PPRecordSource.Reader reader =
            (PPRecordSource.Reader) source.createReader(OPTIONS)) {
          reader.observeRegions(regions::add);
          boolean more = reader.start();
          double fraction = ThreadLocalRandom.current().nextDouble(0.05, 0.95);
          CountDownLatch go = new CountDownLatch(1);
          Future<BoundedSource<byte[]>> split = splitter.submit(() -> {
            go.await();
            return reader.splitAtFraction(fraction);
          });
          go.countDown();
          while (more) {
            records.add(reader.getCurrent());
            more = reader.advance();
          }
          residual = split.get(10, TimeUnit.SECONDS);
        }
        if (residual != null) {
          succeeded++;
          try (PPRecordSource.Reader reader =
              (PPRecordSource.Reader) residual.createReader(OPTIONS)) {
            reader.observeRegions(regions::add);
            for (boolean more = reader.start(); more; more = reader.advance()) {
              records.add(reader.getCurrent());
            }
          }
        }
        assertEquals(TestFiles.hexAll(whole.records), TestFiles.hexAll(records), "trial " + trial);
        assertEquals(whole.regions.toString(), regions.toString(), "trial " + trial);
      }
      assertTrue(succeeded > 0, "no concurrent split succeeded");
    } finally {
      splitter.shutdownNow();
    }
  }

  @Test
  void metricsCountClaimedRecordsAndOwnedRegions() throws Exception {
    MetricsContainerImpl container = readSplitsMetered(damaged, 700);
    assertEquals(damage.intact.size(), counter(container, PPRecordMetrics.RECORDS_READ));
    assertEquals(damage.corruptRegions(), counter(container, PPRecordMetrics.CORRUPT_REGIONS));
    assertEquals(damage.skippedBytes(), counter(container, PPRecordMetrics.SKIPPED_BYTES));
    assertEquals(1, counter(container, PPRecordMetrics.TORN_TAILS));
  }

  /** Reads a file in splits of {@code bundle} bytes; returns the metrics the readers reported. */
  private static MetricsContainerImpl readSplitsMetered(Path file, long bundle) throws Exception {
    MetricsContainerImpl container = new MetricsContainerImpl("read");
    PPRecordSource source = PPRecordSource.from(file.toString()).withMinBundleSize(1);
    java.io.Closeable scope = MetricsEnvironment.scopedMetricsContainer(container);
    try {
      for (BoundedSource<byte[]> split : source.split(bundle, OPTIONS)) {
        SourceTestUtils.readFromSource(split, OPTIONS);
      }
    } finally {
      scope.close();
    }
    return container;
  }

  private static long counter(MetricsContainerImpl container, String name) {
    return container.getCounter(MetricName.named(PPRecordMetrics.NAMESPACE, name))
        .getCumulative();
  }

  @Test
  void shardSpecReadsEveryShardAndNamesAMissingOne() throws Exception {
    Path shards = dir.resolve("shards");
    List<byte[]> all = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestData.Written w = TestData.mixed(new Random(10 + i), 20, false);
      all.addAll(w.records());
      TestFiles.write(shards.resolve(String.format("part-%05d-of-00003.pp_recordio", i)),
          w.bytes());
    }
    // A file of the same prefix that is not a shard of the spec.
    TestFiles.write(shards.resolve("part-00000-of-00004.pp_recordio"), new byte[0]);
    String spec = shards.resolve("part@3.pp_recordio").toString();
    List<byte[]> read = SourceTestUtils.readFromSource(PPRecordSource.from(spec), OPTIONS);
    assertEquals(TestFiles.sortedHex(all), TestFiles.sortedHex(read));
    List<byte[]> split = SourceTestUtils.readFromSplitsOfSource(PPRecordSource.from(spec), 500,
        OPTIONS);
    assertEquals(TestFiles.sortedHex(all), TestFiles.sortedHex(split));

    Files.delete(shards.resolve("part-00001-of-00003.pp_recordio"));
    UncheckedIOException missing = assertThrows(UncheckedIOException.class,
        () -> PPRecordSource.from(spec).split(1000, OPTIONS));
    assertTrue(missing.getMessage().contains("part-00001-of-00003.pp_recordio"),
        missing.getMessage());
    assertThrows(UncheckedIOException.class,
        () -> PPRecordSource.from(spec).createReader(OPTIONS));
  }

  @Test
  void emptyMatchTreatment() throws Exception {
    String nothing = dir.resolve("none-*.pp_recordio").toString();
    assertThrows(IOException.class,
        () -> PPRecordSource.from(nothing).split(1000, OPTIONS));
    assertTrue(PPRecordSource.from(nothing).withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW)
        .split(1000, OPTIONS).isEmpty());
  }

  @Test
  void displayData() {
    DisplayData data = DisplayData.from(PPRecordSource.from("/data/in@4")
        .withMaxRecordBytes(1 << 20));
    assertTrue(data.toString().contains("maxRecordBytes"), data.toString());
    assertTrue(data.toString().contains("corruptionPolicy"), data.toString());
    assertTrue(data.toString().contains("/data/in"), data.toString());
    assertFalse(data.items().isEmpty());
  }
}
