package io.pprecordio.examples.cli;

import io.pprecordio.PPRecordIndex;
import io.pprecordio.RecordAddress;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints every record of the inputs, those one split would read, or a slice by record number. */
@Command(name = "cat",
    description = {
      "Prints the records of pp_recordio files, one per line.",
      "Corrupt regions are skipped and summed up on standard error; 'pprecordio verify' lists"
          + " them."
    })
final class CatCommand extends PrintRecordsCommand {
  private static final Pattern RANGE = Pattern.compile("([0-9]*):([0-9]*)");

  @Option(names = {"-r", "--range"}, paramLabel = "START:END",
      description = "Print only the records whose frames start in the byte range [START, END)"
          + " of a single file: the records one split of that range would get. START defaults"
          + " to 0 and END to the end of the file (e.g. 1048576: or :4096).")
  String range;

  @Option(names = "--records", paramLabel = "A:B",
      description = "Print only records A to B - 1 (numbered from 0, as a whole read returns"
          + " them) of a single file or standard input. A defaults to 0 and B to the end (e.g."
          + " 1000: or :10); numbers past the end print nothing. With a current record index"
          + " (FILE.ppidx, see 'pprecordio index') only those records are read; without one the"
          + " file is read from the start.")
  String records;

  @Override
  Plan plan(List<Input> inputs) throws IOException {
    RecordScan scan = new RecordScan(io(), read.readerOptions(), inputs)
        .progress("cat", true);
    if (range != null && records != null) {
      throw new UsageException("--range (bytes) and --records (record numbers) cannot be"
          + " combined; use one");
    }
    if (records != null) {
      return records(scan, inputs);
    }
    if (range == null) {
      return new Plan(scan, 0, Long.MAX_VALUE);
    }
    long[] se = parseRange("--range", "START:END with byte offsets", range);
    if (inputs.size() != 1 || inputs.get(0).isStdin()) {
      throw new UsageException("--range reads one file, but " + inputs.size()
          + (inputs.size() == 1 ? " stream was" : " files were") + " named");
    }
    return new Plan(scan.range(se[0], se[1]), 0, Long.MAX_VALUE);
  }

  /**
   * Records [a, b): through the index, the byte range from record a's frame to record b's (the
   * end of the file when b is past the last record; past the first byte of b's frame when b is
   * inside a block, whose records belong to the range that holds that byte), skipping the records
   * of a's block before a; otherwise the whole input, skipping the records before a.
   */
  private Plan records(RecordScan scan, List<Input> inputs) throws IOException {
    long[] ab = parseRange("--records", "A:B with record numbers", records);
    if (inputs.size() != 1) {
      throw new UsageException("--records reads one file, but " + inputs.size()
          + " files were named");
    }
    Optional<PPRecordIndex> opened = RecordIndexes.openIfUsable(inputs.get(0),
        read.readerOptions(), diagnostics(quiet.quiet));
    if (opened.isPresent()) {
      try (PPRecordIndex index = opened.get()) {
        // An index of no records may be of a file that is not pp_recordio at all: the scan
        // finds out and says so.
        long n = index.recordCount();
        if (n > 0) {
          long a = Math.min(ab[0], n);
          long b = Math.min(ab[1], n);
          if (a == b) {
            return new Plan(scan, 0, 0);
          }
          RecordAddress first = index.addressOf(a);
          long end = b == n ? index.dataLength() : index.addressOf(b).frameOffset()
              + (index.addressOf(b).indexInBlock() == 0 ? 0 : 1);
          return new Plan(scan.range(first.frameOffset(), end), first.indexInBlock(), b - a);
        }
      }
    }
    return new Plan(scan, ab[0], ab[1] - ab[0]);
  }

  /** START:END, each part optional; returns {start, end} with start <= end. */
  private static long[] parseRange(String option, String shape, String value) {
    Matcher m = RANGE.matcher(value);
    if (!m.matches()) {
      throw new UsageException(option + " must look like " + shape + " (0 or more),"
          + " either one left out for the file's start or end; got '" + value + "'");
    }
    long start = parse(m.group(1), 0);
    long end = parse(m.group(2), Long.MAX_VALUE);
    if (start > end) {
      throw new UsageException(option + " start " + start + " is after its end " + end);
    }
    return new long[] {start, end};
  }

  /**
   * An offset or record number; one beyond what a long holds is beyond the end of any file, so
   * it stands for Long.MAX_VALUE: as a start it makes the range empty, as an end it reads to the
   * end.
   */
  private static long parse(String digits, long fallback) {
    if (digits.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // the pattern admits only digits, so the number is too large
    }
  }
}
