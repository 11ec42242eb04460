package io.pprecordio.examples.mapreduce;

/** Counters of {@link RecordGrep}, beside Hadoop's task counters and the connector's group. */
public enum GrepCounter {
  /** Records the pattern selected (with {@code -v}, the records it did not match). */
  RECORDS_MATCHED
}
