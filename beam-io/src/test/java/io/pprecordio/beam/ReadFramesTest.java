package io.pprecordio.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.CorruptRegion;
import io.pprecordio.ReaderOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The splittable read's claim and split logic, without a runner: a small damaged file is read as
 * a restriction that is split right after each of its claims (every frame boundary the tracker
 * sees, records and region owners alike), by a checkpoint or by a split of half the remainder,
 * and as two restrictions cut at every byte. Each way, the pieces together return exactly the
 * records and regions of one whole-file read, in order, and every tracker finishes cleanly.
 */
class ReadFramesTest {
  @TempDir static Path dir;
  private static Path file;
  private static long size;
  private static List<String> records;
  private static List<String> regions;
  private static int claims;

  @BeforeAll
  static void damagedFile() throws IOException {
    DamagedFile damaged = DamagedFile.build(new Random(70), 30, 6, 9, true);
    file = TestFiles.write(dir.resolve("damaged.pp_recordio"), damaged.bytes);
    size = Files.size(file);
    TestFiles.Whole whole = TestFiles.readWhole(file);
    records = TestFiles.hexAll(whole.records);
    regions = keys(whole.regions);
    assertTrue(whole.regions.size() >= 5, whole.regions.toString());
    assertEquals(damaged.regions.size(), whole.regions.size());
    Piece all = read(new OffsetRange(0, size), 0, 0);
    claims = all.claims;
    assertEquals(records, all.records);
    assertEquals(regions, all.regions);
  }

  private static List<String> keys(List<CorruptRegion> found) {
    List<String> keys = new ArrayList<>();
    for (CorruptRegion r : found) {
      keys.add(r.offset() + "+" + r.length() + ":" + r.reason());
    }
    return keys;
  }

  /** What one restriction returned, and the residual a split left, if any. */
  private static final class Piece {
    final List<String> records = new ArrayList<>();
    final List<String> regions = new ArrayList<>();
    int claims;
    @Nullable OffsetRange residual;
  }

  /**
   * An offset tracker that, right after its {@code splitAfter}-th successful claim, splits
   * {@code fraction} of the remainder off, as a runner's split would arrive between two claims.
   */
  private static final class SplittingTracker extends OffsetRangeTracker {
    private final int splitAfter;
    private final double fraction;
    int successfulClaims;
    @Nullable SplitResult<OffsetRange> split;

    SplittingTracker(OffsetRange range, int splitAfter, double fraction) {
      super(range);
      this.splitAfter = splitAfter;
      this.fraction = fraction;
    }

    @Override
    public boolean tryClaim(Long offset) {
      boolean claimed = super.tryClaim(offset);
      if (claimed && offset != Long.MAX_VALUE && ++successfulClaims == splitAfter) {
        split = trySplit(fraction);
      }
      return claimed;
    }
  }

  private static Piece read(OffsetRange range, int splitAfter, double fraction)
      throws IOException {
    SplittingTracker tracker = new SplittingTracker(range, splitAfter, fraction);
    Piece piece = new Piece();
    List<CorruptRegion> found = new ArrayList<>();
    ReadFrames.readRestriction(FileChannel.open(file), file.toString(), true, tracker,
        ReaderOptions.defaults(), found::add, (r, offset) -> piece.records.add(TestFiles.hex(r)));
    tracker.checkDone();
    piece.regions.addAll(keys(found));
    piece.claims = tracker.successfulClaims;
    if (tracker.split != null) {
      assertEquals(tracker.currentRestriction(), tracker.split.getPrimary());
      piece.residual = tracker.split.getResidual();
    }
    return piece;
  }

  private static void assertSplitAfterEveryClaimIsExact(double fraction) throws IOException {
    for (int k = 1; k <= claims; k++) {
      Piece primary = read(new OffsetRange(0, size), k, fraction);
      List<String> gotRecords = new ArrayList<>(primary.records);
      List<String> gotRegions = new ArrayList<>(primary.regions);
      if (primary.residual != null) {
        Piece residual = read(primary.residual, 0, 0);
        gotRecords.addAll(residual.records);
        gotRegions.addAll(residual.regions);
      }
      assertEquals(records, gotRecords, "split after claim " + k + " of " + claims);
      assertEquals(regions, gotRegions, "split after claim " + k + " of " + claims);
    }
  }

  @Test
  void checkpointAfterEveryClaimReadsEverythingOnce() throws IOException {
    assertSplitAfterEveryClaimIsExact(0);
  }

  @Test
  void splitOfHalfTheRemainderAfterEveryClaimReadsEverythingOnce() throws IOException {
    assertSplitAfterEveryClaimIsExact(0.5);
  }

  @Test
  void restrictionsCutAtEveryByteReadEverythingOnce() throws IOException {
    for (long cut = 0; cut <= size; cut++) {
      Piece first = read(new OffsetRange(0, cut), 0, 0);
      Piece second = read(new OffsetRange(cut, size), 0, 0);
      List<String> gotRecords = new ArrayList<>(first.records);
      gotRecords.addAll(second.records);
      List<String> gotRegions = new ArrayList<>(first.regions);
      gotRegions.addAll(second.regions);
      assertEquals(records, gotRecords, "cut at " + cut);
      assertEquals(regions, gotRegions, "cut at " + cut);
    }
  }

  @Test
  void initialSplitsCoverTheFileAtTheDesiredSizeAndNeverExceedTheCap() {
    for (long size : new long[] {0, 1, 999, 1000, 1001, 64L << 20, 13L << 40}) {
      for (long desired : new long[] {1, 1000, 64L << 20}) {
        List<OffsetRange> splits = ReadFrames.initialSplits(new OffsetRange(0, size), desired);
        String at = size + " bytes at " + desired;
        assertTrue(splits.size() <= ReadFrames.MAX_INITIAL_SPLITS_PER_FILE, at);
        long next = 0;
        for (OffsetRange split : splits) {
          assertEquals(next, split.getFrom(), at);
          assertTrue(split.getTo() > split.getFrom(), at);
          next = split.getTo();
        }
        assertEquals(size, splits.isEmpty() ? 0 : next, at);
        if (size > 0 && size / desired <= ReadFrames.MAX_INITIAL_SPLITS_PER_FILE) {
          // Small enough: pieces of the desired size (the last one may be up to 1.25x).
          assertEquals(Math.max(1, size / desired), splits.size(), at);
        }
      }
    }
  }

  @Test
  void wholeFileCompressedInputIsOneStreamThatNeverSplits() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(Files.readAllBytes(file));
    }
    RestrictionTracker<OffsetRange, Long> tracker =
        new ReadFrames.WholeStreamTracker(new OffsetRange(0, gz.size()));
    assertNull(tracker.trySplit(0));
    List<String> got = new ArrayList<>();
    List<CorruptRegion> found = new ArrayList<>();
    ReadFrames.readRestriction(Channels.newChannel(new GZIPInputStream(
            new java.io.ByteArrayInputStream(gz.toByteArray()))), "damaged.pp_recordio.gz", false,
        tracker, ReaderOptions.defaults(), found::add, (r, offset) -> got.add(TestFiles.hex(r)));
    tracker.checkDone();
    assertNull(tracker.trySplit(0.5));
    assertEquals(records, got);
    assertEquals(regions, keys(found));
  }
}
