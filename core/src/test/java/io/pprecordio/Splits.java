package io.pprecordio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Partitions of a file into consecutive ranges, and the exactly-once check: reading the ranges in
 * order must give what reading the whole file gives. Shared by tests (core's test-jar).
 */
public final class Splits {
  private Splits() {}

  /** Cuts of the strided partition {@code phase}: phase, phase+stride, ... (below length). */
  public static long[] strided(long length, int stride, int phase) {
    if (phase >= length) {
      return new long[0];
    }
    int n = (int) ((length - 1 - phase) / stride) + 1;
    long[] cuts = new long[n];
    for (int i = 0; i < n; i++) {
      cuts[i] = phase + (long) i * stride;
    }
    return cuts;
  }

  /**
   * Sorted cuts for a random partition into {@code ranges} ranges. Cuts are drawn from [0, length],
   * may repeat (empty ranges), and lean towards interesting offsets when {@code hints} are given
   * (frame starts: a cut there or one byte beside it is where off-by-one errors live).
   */
  public static long[] random(Random rnd, long length, int ranges, long[] hints) {
    long[] cuts = new long[ranges - 1];
    for (int i = 0; i < cuts.length; i++) {
      int kind = rnd.nextInt(10);
      if (hints != null && hints.length > 0 && kind < 4) {
        long h = hints[rnd.nextInt(hints.length)] + rnd.nextInt(3) - 1;
        cuts[i] = Math.max(0, Math.min(length, h));
      } else if (kind == 4) {
        cuts[i] = rnd.nextBoolean() ? 0 : length;
      } else {
        cuts[i] = (long) (rnd.nextDouble() * (length + 1));
      }
    }
    Arrays.sort(cuts);
    return cuts;
  }

  /** Offsets of the given records, as hints for {@link #random}. */
  public static long[] hints(List<Long> offsets) {
    return offsets.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Asserts that a partition's concatenated output equals the whole-file read: the same records
   * in the same order, the same corrupt regions in the same order, and range stats that add up to
   * the whole file's stats.
   */
  public static void assertSameAsWhole(RangeReads.Result whole, RangeReads.Result parts,
      Supplier<String> context) {
    if (!whole.records.equals(parts.records)) {
      fail(context.get() + ": records differ\n whole: " + firstDifference(whole.records,
          parts.records));
    }
    if (!whole.regions.equals(parts.regions)) {
      fail(context.get() + ": corrupt regions differ\n whole: " + whole.regions
          + "\n parts: " + parts.regions);
    }
    if (whole.stats != null) {
      assertStatsAddUp(whole.stats, parts.rangeStats, context);
    }
  }

  public static void assertStatsAddUp(ReadStats whole, List<ReadStats> parts,
      Supplier<String> context) {
    long records = 0;
    long recordBytes = 0;
    long regions = 0;
    long skipped = 0;
    long tornOffset = -1;
    long tornBytes = 0;
    int torn = 0;
    for (ReadStats s : parts) {
      records += s.records();
      recordBytes += s.recordBytes();
      regions += s.corruptRegions();
      skipped += s.skippedBytes();
      if (s.tornTail()) {
        torn++;
        tornOffset = s.tornTailOffset().getAsLong();
        tornBytes = s.tornTailBytes();
      }
    }
    String ctx = context.get();
    assertEquals(whole.records(), records, ctx + ": records per range do not add up");
    assertEquals(whole.recordBytes(), recordBytes, ctx + ": record bytes do not add up");
    assertEquals(whole.corruptRegions(), regions, ctx + ": corrupt regions do not add up");
    assertEquals(whole.skippedBytes(), skipped, ctx + ": skipped bytes do not add up");
    assertEquals(whole.tornTail() ? 1 : 0, torn, ctx + ": torn tail reported by " + torn
        + " ranges");
    assertEquals(whole.tornTailOffset().orElse(-1), tornOffset, ctx + ": torn tail offset");
    assertEquals(whole.tornTailBytes(), tornBytes, ctx + ": torn tail bytes");
  }

  /**
   * Asserts the whole-file invariant: returned frames and reported regions tile the file, in
   * order, from 0 to its end. Nothing is skipped silently and nothing is reported twice.
   */
  public static void assertTiles(RangeReads.Result whole, byte[] file,
      Supplier<String> context) {
    long fileLength = file.length;
    // Records and regions are each in file order; merge them by offset.
    int r = 0;
    int g = 0;
    long at = 0;
    while (r < whole.records.size() || g < whole.regions.size()) {
      boolean takeRecord = g >= whole.regions.size()
          || (r < whole.records.size()
              && whole.records.get(r).offset() < whole.regions.get(g).offset());
      if (takeRecord) {
        RangeReads.Rec rec = whole.records.get(r);
        if (r > 0 && rec.offset() == whole.records.get(r - 1).offset()) {
          r++; // another record of the same block frame
          continue;
        }
        if (rec.offset() != at) {
          fail(context.get() + ": record at " + rec.offset() + " but coverage reached " + at
              + "; regions " + whole.regions);
        }
        // A returned frame is trusted, so its length field says where it ends.
        at = rec.offset() + java.nio.ByteBuffer.wrap(file, (int) rec.offset() + 4, 8).getLong();
        r++;
      } else {
        CorruptRegion reg = whole.regions.get(g);
        if (reg.offset() != at) {
          fail(context.get() + ": region " + reg + " but coverage reached " + at
              + "; regions " + whole.regions);
        }
        if (reg.length() <= 0) {
          fail(context.get() + ": empty region " + reg);
        }
        at = reg.offset() + reg.length();
        g++;
      }
    }
    if (at != fileLength) {
      fail(context.get() + ": records and regions cover [0, " + at + ") of " + fileLength
          + " bytes; regions " + whole.regions);
    }
  }

  private static String firstDifference(List<RangeReads.Rec> a, List<RangeReads.Rec> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      if (!a.get(i).equals(b.get(i))) {
        return "first difference at index " + i + ": whole " + a.get(i) + ", parts " + b.get(i)
            + " (sizes " + a.size() + " vs " + b.size() + ")";
      }
    }
    return "sizes " + a.size() + " vs " + b.size() + "; whole tail "
        + a.subList(n, a.size()) + ", parts tail " + b.subList(n, b.size());
  }

  /**
   * Regions without their human-readable detail, under one source name: what a stream read and a
   * file read must agree on (a stream learns only by reading that a frame runs past its end, so
   * its detail says so differently).
   */
  public static List<CorruptRegion> withoutDetail(List<CorruptRegion> regions, String source) {
    List<CorruptRegion> out = new java.util.ArrayList<>();
    for (CorruptRegion r : regions) {
      out.add(new CorruptRegion(source, r.offset(), r.length(), r.reason(), "",
          r.expectedCrc(), r.actualCrc()));
    }
    return out;
  }
}
