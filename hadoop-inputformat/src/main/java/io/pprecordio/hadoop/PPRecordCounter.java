package io.pprecordio.hadoop;

/**
 * Hadoop counters of the pp_recordio readers, one group for both APIs. Each corrupt region and
 * torn tail of a file is counted by exactly one split, so a job's totals equal what one whole-file
 * read of its inputs would report.
 *
 * <pre>{@code
 * long skipped = job.getCounters().findCounter(PPRecordCounter.SKIPPED_BYTES).getValue();
 * }</pre>
 */
public enum PPRecordCounter {
  /** Runs of damaged bytes skipped (bad checksums, bad headers, garbage), torn tails excluded. */
  CORRUPT_REGIONS,
  /** Bytes inside those regions. */
  SKIPPED_BYTES,
  /** Inputs that end inside a frame: the trace of a writer that stopped mid-record. */
  TORN_TAILS,
  /** Bytes of those incomplete last frames. */
  TORN_TAIL_BYTES
}
