package io.pprecordio.flink;

import io.pprecordio.CorruptRegion;
import io.pprecordio.CorruptionListener;
import io.pprecordio.ReadStats;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counters of the regions a source's readers skip, in the metric group {@value #GROUP} of the
 * source operator. Each corrupt region and torn tail is counted by the one split that owns it.
 */
final class CorruptionMetrics implements CorruptionListener {
  /** Name of the metric group under the source operator's group. */
  static final String GROUP = "pprecordio";
  /**
   * Runs of damaged bytes skipped (bad checksums, bad headers, garbage), torn tails excluded. A
   * damaged block frame is one region, however many records it held.
   */
  static final String CORRUPT_REGIONS = "corruptRegions";
  /** Bytes inside those regions. */
  static final String SKIPPED_BYTES = "skippedBytes";
  /** Inputs that end inside a frame: the trace of a writer that stopped mid-record. */
  static final String TORN_TAILS = "tornTails";
  /** Bytes of those incomplete last frames. */
  static final String TORN_TAIL_BYTES = "tornTailBytes";

  private final Counter corruptRegions;
  private final Counter skippedBytes;
  private final Counter tornTails;
  private final Counter tornTailBytes;

  CorruptionMetrics(MetricGroup operatorGroup) {
    MetricGroup group = operatorGroup.addGroup(GROUP);
    this.corruptRegions = group.counter(CORRUPT_REGIONS);
    this.skippedBytes = group.counter(SKIPPED_BYTES);
    this.tornTails = group.counter(TORN_TAILS);
    this.tornTailBytes = group.counter(TORN_TAIL_BYTES);
  }

  @Override
  public void onCorruptRegion(CorruptRegion region) {
    ReadStats one = ReadStats.of(region);
    corruptRegions.inc(one.corruptRegions());
    skippedBytes.inc(one.skippedBytes());
    tornTails.inc(one.tornTails());
    tornTailBytes.inc(one.tornTailBytes());
  }
}
