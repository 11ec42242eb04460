package io.pprecordio;

import java.util.OptionalLong;

/**
 * What a reader returned and skipped: an immutable snapshot. Counts cover only what the reader's
 * own range owns, so the stats of all splits of a file add up ({@link #plus}) to the stats of
 * reading it whole.
 *
 * <p>This is also where the rule "torn tail or corruption, and how many bytes" lives:
 * {@link #of(CorruptRegion)} is one region's contribution, which connectors add to their counters
 * instead of classifying regions themselves.
 *
 * @param records records returned
 * @param recordBytes bytes of the records returned, after decoding
 * @param corruptRegions corrupt regions skipped, not counting a torn tail
 * @param skippedBytes bytes inside corrupt regions, not counting a torn tail
 * @param tornTailOffset offset of the incomplete last frame, if the input ends inside one
 * @param tornTailBytes bytes of the incomplete last frame, or 0
 */
public record ReadStats(long records, long recordBytes, long corruptRegions, long skippedBytes,
    OptionalLong tornTailOffset, long tornTailBytes) {

  /** Nothing read, nothing skipped. */
  public static final ReadStats EMPTY = new ReadStats(0, 0, 0, 0, OptionalLong.empty(), 0);

  public ReadStats {
    if (tornTailOffset == null) {
      throw new IllegalArgumentException("tornTailOffset must not be null; use OptionalLong.empty()");
    }
  }

  /** One region's contribution: a torn tail, or one corrupt region of its length. */
  public static ReadStats of(CorruptRegion region) {
    return region.isTornTail()
        ? new ReadStats(0, 0, 0, 0, OptionalLong.of(region.offset()), region.length())
        : new ReadStats(0, 0, 1, region.length(), OptionalLong.empty(), 0);
  }

  /** Whether the input ended inside a frame. */
  public boolean tornTail() {
    return tornTailOffset.isPresent();
  }

  /** Torn tails counted: 0 or 1 per reader, summed by {@link #plus}. */
  public long tornTails() {
    return tornTail() ? 1 : 0;
  }

  /**
   * The sum of two disjoint readings, for example two splits of one file. A torn tail can only end
   * the last split, so at most one side has one; if both do, this side's is kept.
   */
  public ReadStats plus(ReadStats other) {
    boolean mine = tornTail();
    return new ReadStats(records + other.records, recordBytes + other.recordBytes,
        corruptRegions + other.corruptRegions, skippedBytes + other.skippedBytes,
        mine ? tornTailOffset : other.tornTailOffset,
        mine ? tornTailBytes : other.tornTailBytes);
  }

  @Override
  public String toString() {
    return "ReadStats{records=" + records + ", recordBytes=" + recordBytes + ", corruptRegions="
        + corruptRegions + ", skippedBytes=" + skippedBytes
        + (tornTail() ? ", tornTail@" + tornTailOffset.getAsLong() + "+" + tornTailBytes : "")
        + "}";
  }
}
