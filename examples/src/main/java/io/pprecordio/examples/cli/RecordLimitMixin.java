package io.pprecordio.examples.cli;

import io.pprecordio.ReaderOptions;
import picocli.CommandLine.Option;

/**
 * {@code --max-record-bytes}: the one read option of the commands that read through a record
 * index ({@code index}, {@code get}), which have no corruption budget to set.
 */
final class RecordLimitMixin {
  @Option(names = "--max-record-bytes", paramLabel = "SIZE", converter = ByteSize.class,
      description = "Largest record to accept, e.g. 64m or 1g (default: 256m, the most a"
          + " record may take in memory).")
  long maxRecordBytes = ReaderOptions.DEFAULT_MAX_RECORD_BYTES;

  /** The options; core checks the value, and its message is prefixed with the option. */
  ReaderOptions readerOptions() {
    try {
      return ReaderOptions.defaults().withMaxRecordBytes(maxRecordBytes);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--max-record-bytes: " + e.getMessage());
    }
  }
}
