package io.pprecordio.beam;

import io.pprecordio.CorruptRegion;
import io.pprecordio.ReadStats;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The Beam metrics every pp_recordio read reports, all counters in namespace {@value #NAMESPACE}.
 *
 * <ul>
 *   <li>{@value #RECORDS_READ}: records returned;
 *   <li>{@value #CORRUPT_REGIONS}: corrupt regions skipped (a damaged frame, or a run of bytes
 *       that held no frame), not counting torn tails;
 *   <li>{@value #SKIPPED_BYTES}: bytes inside those regions;
 *   <li>{@value #TORN_TAILS}: files that end inside a frame, the trace of an interrupted writer.
 * </ul>
 *
 * <p>Each record and each region is counted once however the runner splits the files, dynamic
 * splits included. {@link #of(PipelineResult)} sums them after a run:
 *
 * <pre>{@code
 * PipelineResult result = pipeline.run();
 * result.waitUntilFinish();
 * PPRecordMetrics.Summary read = PPRecordMetrics.of(result);
 * }</pre>
 */
public final class PPRecordMetrics {
  public static final String NAMESPACE = "pprecordio";
  public static final String RECORDS_READ = "records_read";
  public static final String CORRUPT_REGIONS = "corrupt_regions";
  public static final String SKIPPED_BYTES = "skipped_bytes";
  public static final String TORN_TAILS = "torn_tails";

  private final Counter records = Metrics.counter(NAMESPACE, RECORDS_READ);
  private final Counter regions = Metrics.counter(NAMESPACE, CORRUPT_REGIONS);
  private final Counter skippedBytes = Metrics.counter(NAMESPACE, SKIPPED_BYTES);
  private final Counter tornTails = Metrics.counter(NAMESPACE, TORN_TAILS);

  PPRecordMetrics() {}

  void recordRead() {
    records.inc();
  }

  void regionSkipped(CorruptRegion region) {
    // Core decides what a region counts as (a torn tail is not corruption).
    ReadStats counted = ReadStats.of(region);
    regions.inc(counted.corruptRegions());
    skippedBytes.inc(counted.skippedBytes());
    tornTails.inc(counted.tornTails());
  }

  /**
   * The pp_recordio counters of a finished pipeline, summed over all its steps. Uses committed
   * values where the runner reports them (they count each bundle once, whatever was retried),
   * attempted values elsewhere.
   */
  public static Summary of(PipelineResult result) {
    MetricQueryResults metrics = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(NAMESPACE)).build());
    long records = 0;
    long regions = 0;
    long skipped = 0;
    long torn = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      Long committed = counter.getCommittedOrNull();
      long value = committed != null ? committed : counter.getAttempted();
      switch (counter.getName().getName()) {
        case RECORDS_READ:
          records += value;
          break;
        case CORRUPT_REGIONS:
          regions += value;
          break;
        case SKIPPED_BYTES:
          skipped += value;
          break;
        case TORN_TAILS:
          torn += value;
          break;
        default:
          break;
      }
    }
    return new Summary(records, regions, skipped, torn);
  }

  /** Totals of the pp_recordio counters of one pipeline run. */
  public static final class Summary {
    private final long recordsRead;
    private final long corruptRegions;
    private final long skippedBytes;
    private final long tornTails;

    Summary(long recordsRead, long corruptRegions, long skippedBytes, long tornTails) {
      this.recordsRead = recordsRead;
      this.corruptRegions = corruptRegions;
      this.skippedBytes = skippedBytes;
      this.tornTails = tornTails;
    }

    public long recordsRead() {
      return recordsRead;
    }

    public long corruptRegions() {
      return corruptRegions;
    }

    public long skippedBytes() {
      return skippedBytes;
    }

    public long tornTails() {
      return tornTails;
    }

    @Override
    public String toString() {
      return "records read: " + recordsRead + ", corrupt regions: " + corruptRegions
          + ", bytes skipped: " + skippedBytes + ", torn tails: " + tornTails;
    }
  }
}
