package io.pprecordio;

import java.util.OptionalLong;

/**
 * A corrupt region whose end is not known yet: where it starts, who owns it (FORMAT.md 7.4), why
 * (taken from its first bytes), and the first torn-tail candidate inside it, if any.
 *
 * @param tornAt the first position in the region that only failed because the input ends inside
 *     it, or -1; if no frame start follows, the region ends in a torn tail from there
 */
record OpenRegion(long start, long owner, CorruptRegion.Reason reason, String detail,
    OptionalLong expectedCrc, OptionalLong actualCrc, long tornAt, String tornDetail) {

  static OpenRegion at(long start, long owner, CorruptRegion.Reason reason, String detail,
      OptionalLong expectedCrc, OptionalLong actualCrc) {
    return new OpenRegion(start, owner, reason, detail, expectedCrc, actualCrc, -1, null);
  }

  /** This region, noting a torn-tail candidate at {@code p} unless an earlier one is noted. */
  OpenRegion withTornCandidate(long p, String why) {
    return tornAt >= 0 ? this
        : new OpenRegion(start, owner, reason, detail, expectedCrc, actualCrc, p, why);
  }

  /** The region from its start up to {@code end}. */
  ScanEvent.Region closeAt(String source, long end) {
    return new ScanEvent.Region(
        new CorruptRegion(source, start, end - start, reason, detail, expectedCrc, actualCrc),
        owner);
  }

  /** The torn tail from the candidate to the end of the input. */
  ScanEvent.Region tornTail(String source, long eof) {
    return new ScanEvent.Region(CorruptRegion.of(source, tornAt, eof - tornAt,
        CorruptRegion.Reason.TORN_TAIL, tornDetail), owner);
  }
}
