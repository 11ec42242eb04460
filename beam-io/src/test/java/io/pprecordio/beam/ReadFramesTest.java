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
  private static Restrictions damaged;
  private static Restrictions blocks;
  private static BlockFile blockFile;

  @BeforeAll
  static void files() throws IOException {
    DamagedFile damage = DamagedFile.build(new Random(70), 30, 6, 9, true);
    damaged = new Restrictions(TestFiles.write(dir.resolve("damaged.pp_recordio"), damage.bytes));
    assertTrue(damaged.regions.size() >= 5, damaged.regions.toString());
    assertEquals(damage.regions.size(), damaged.regions.size());
    blockFile = BlockFile.build(20, 16, true);
    blocks = new Restrictions(TestFiles.write(dir.resolve("blocks.pp_recordio"), blockFile.bytes));
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
    final List<CorruptRegion> found = new ArrayList<>();
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

  /**
   * The restrictions of one file, and what one whole-file read returns: the records (with their
   * addresses) and regions every way of splitting it must return too.
   */
  private static final class Restrictions {
    final Path file;
    final long size;
    final List<String> records;
    final List<String> regions;
    final int claims;

    Restrictions(Path file) throws IOException {
      this.file = file;
      this.size = Files.size(file);
      TestFiles.Whole whole = TestFiles.readWhole(file);
      List<String> located = new ArrayList<>();
      for (int i = 0; i < whole.records.size(); i++) {
        located.add(whole.addresses.get(i) + "=" + TestFiles.hex(whole.records.get(i)));
      }
      this.records = located;
      this.regions = keys(whole.regions);
      Piece all = read(new OffsetRange(0, size), 0, 0);
      this.claims = all.claims;
      assertEquals(records, all.records);
      assertEquals(regions, all.regions);
    }

    Piece read(OffsetRange range, int splitAfter, double fraction) throws IOException {
      SplittingTracker tracker = new SplittingTracker(range, splitAfter, fraction);
      Piece piece = new Piece();
      // Small buffers: thousands of tiny restrictions need not each allocate the default.
      ReadFrames.readRestriction(FileChannel.open(file), file.toString(), true, tracker,
          ReaderOptions.defaults().withBufferBytes(4096), piece.found::add,
          (r, address) -> piece.records.add(address + "=" + TestFiles.hex(r)));
      tracker.checkDone();
      piece.regions.addAll(keys(piece.found));
      piece.claims = tracker.successfulClaims;
      if (tracker.split != null) {
        assertEquals(tracker.currentRestriction(), tracker.split.getPrimary());
        piece.residual = tracker.split.getResidual();
      }
      return piece;
    }

    /** Splits after every claim; returns the regions the pieces reported, all splits together. */
    List<CorruptRegion> assertSplitAfterEveryClaimIsExact(double fraction) throws IOException {
      List<CorruptRegion> all = new ArrayList<>();
      for (int k = 1; k <= claims; k++) {
        Piece primary = read(new OffsetRange(0, size), k, fraction);
        List<String> gotRecords = new ArrayList<>(primary.records);
        List<String> gotRegions = new ArrayList<>(primary.regions);
        all.addAll(primary.found);
        if (primary.residual != null) {
          Piece residual = read(primary.residual, 0, 0);
          gotRecords.addAll(residual.records);
          gotRegions.addAll(residual.regions);
          all.addAll(residual.found);
        }
        assertEquals(records, gotRecords, "split after claim " + k + " of " + claims);
        assertEquals(regions, gotRegions, "split after claim " + k + " of " + claims);
      }
      return all;
    }

    void assertCutsAtEveryByteAreExact() throws IOException {
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
  }

  @Test
  void checkpointAfterEveryClaimReadsEverythingOnce() throws IOException {
    damaged.assertSplitAfterEveryClaimIsExact(0);
  }

  @Test
  void splitOfHalfTheRemainderAfterEveryClaimReadsEverythingOnce() throws IOException {
    damaged.assertSplitAfterEveryClaimIsExact(0.5);
  }

  @Test
  void restrictionsCutAtEveryByteReadEverythingOnce() throws IOException {
    damaged.assertCutsAtEveryByteAreExact();
  }

  /**
   * A block file: a claim is asked once per block frame and the rest of its records follow
   * without one, so a split arriving right after a block's claim must leave all of the block to
   * the primary. Every record once, with its address, and the damaged block once, as one region
   * that says how many records it cost.
   */
  @Test
  void blockFileSplitAfterEveryClaimAndCutAtEveryByteReadsEverythingOnce() throws IOException {
    assertEquals(TestFiles.hexAll(blockFile.intact), blocks.records.stream()
        .map(r -> r.substring(r.indexOf('=') + 1)).toList());
    List<String> injected = new ArrayList<>();
    for (DamagedFile.Expected e : blockFile.regions) {
      injected.add(e.offset() + "+" + e.length() + ":" + e.reason());
    }
    assertEquals(injected, blocks.regions);
    assertTrue(blocks.records.stream().anyMatch(r -> r.contains("#6=")), "no 7th record in a block");
    assertTrue(blocks.claims < blocks.records.size() / 2, blocks.claims + " claims");
    for (double fraction : new double[] {0, 0.5}) {
      for (CorruptRegion region : blocks.assertSplitAfterEveryClaimIsExact(fraction)) {
        if (region.offset() == blockFile.damagedBlockOffset) {
          assertTrue(region.detail().contains("a block of 7 records is lost"), region.detail());
        }
      }
    }
    blocks.assertCutsAtEveryByteAreExact();
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
      out.write(Files.readAllBytes(damaged.file));
    }
    RestrictionTracker<OffsetRange, Long> tracker =
        new ReadFrames.WholeStreamTracker(new OffsetRange(0, gz.size()));
    assertNull(tracker.trySplit(0));
    List<String> got = new ArrayList<>();
    List<CorruptRegion> found = new ArrayList<>();
    ReadFrames.readRestriction(Channels.newChannel(new GZIPInputStream(
            new java.io.ByteArrayInputStream(gz.toByteArray()))), "damaged.pp_recordio.gz", false,
        tracker, ReaderOptions.defaults(), found::add,
        (r, address) -> got.add(address + "=" + TestFiles.hex(r)));
    tracker.checkDone();
    assertNull(tracker.trySplit(0.5));
    assertEquals(damaged.records, got);
    assertEquals(damaged.regions, keys(found));
  }
}
