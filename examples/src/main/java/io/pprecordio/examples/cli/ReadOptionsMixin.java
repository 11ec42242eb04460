package io.pprecordio.examples.cli;

import io.pprecordio.CorruptionBudget;
import io.pprecordio.ReaderOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command that reads pp_recordio files shares. */
final class ReadOptionsMixin {
  @Mixin
  RecordLimitMixin limit;

  @Option(names = "--max-corrupt-regions", paramLabel = "N",
      description = "Stop with an error (status 1) once a file has more than N corrupt regions,"
          + " rather than skip them all (default: no limit). A torn tail does not count.")
  Long maxCorruptRegions;

  @Option(names = "--max-skipped-bytes", paramLabel = "SIZE", converter = ByteSize.class,
      description = "Stop with an error (status 1) once more than SIZE bytes of a file were"
          + " skipped as corrupt, e.g. 1m (default: no limit).")
  Long maxSkippedBytes;

  /** The options; core checks the values, and its message is prefixed with the option. */
  ReaderOptions readerOptions() {
    ReaderOptions options = limit.readerOptions();
    if (maxCorruptRegions == null && maxSkippedBytes == null) {
      return options;
    }
    try {
      return options.withCorruptionBudget(
          maxCorruptRegions == null ? CorruptionBudget.UNLIMITED.maxRegions() : maxCorruptRegions,
          maxSkippedBytes == null ? CorruptionBudget.UNLIMITED.maxSkippedBytes()
              : maxSkippedBytes);
    } catch (IllegalArgumentException e) {
      throw new UsageException((maxCorruptRegions != null && maxCorruptRegions < 0
          ? "--max-corrupt-regions: " : "--max-skipped-bytes: ") + e.getMessage());
    }
  }
}
